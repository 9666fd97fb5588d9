"""Show what cleaning did: a document with every removed line marked, as text or HTML.

:func:`render_text` is for a terminal (ANSI colour optional); :func:`render_html` makes one
self-contained page (no external files, no scripts) for one or many documents: removed
lines struck through and coloured by filter, with per-filter counts. Everything from the
input is escaped.

>>> from newsclean import clean_and_explain
>>> result = clean_and_explain("Der Rat stimmte am Dienstag zu.\\nTeilen")
>>> print(render_text(result, color=False))
         │ Der Rat stimmte am Dienstag zu.
patterns │ Teilen  ← share: 'Teilen'
<BLANKLINE>
1 of 2 lines removed: patterns 1
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence

from .pipeline import Cleaned

__all__ = ["render_html", "render_text"]

# Distinct, colour-blind-friendly hues (Okabe–Ito), assigned to filters in order of
# first appearance so one filter keeps one colour across a page.
_PALETTE = ("#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c6d31", "#666")
_ANSI = ("31", "34", "32", "35", "33", "36", "90", "37")
_RESET = "\x1b[0m"


def _counts_line(cleaned: Cleaned) -> str:
    total = sum(1 for line in cleaned.lines if line)
    by_filter = Counter(removal.filter for removal in cleaned.removed)
    parts = ", ".join(f"{name} {count}" for name, count in sorted(by_filter.items()))
    line = f"{len(cleaned.removed)} of {total} lines removed"
    return f"{line}: {parts}" if parts else line


def render_text(cleaned: Cleaned, *, color: bool = False) -> str:
    """The document, one line per input line: the removing filter in a left column,
    kept lines with an empty one, and the filter's detail after each removed line.

    Blank input lines are shown blank; repairs, warnings and counts follow the text.
    """
    removed = {removal.index: removal for removal in cleaned.removed}
    names = sorted({removal.filter for removal in cleaned.removed})
    colours = {name: _ANSI[i % len(_ANSI)] for i, name in enumerate(names)}
    width = max((len(name) for name in names), default=0)
    out: list[str] = []
    for index, line in enumerate(cleaned.lines):
        removal = removed.get(index)
        text = _printable(line)
        if removal is None:
            out.append(f"{'':{width}} │ {text}".rstrip() if text else f"{'':{width}} │")
            continue
        why = f"← {_printable(removal.detail)}"
        if color:
            code = colours[removal.filter]
            out.append(
                f"\x1b[{code}m{removal.filter:{width}}{_RESET} │ "
                f"\x1b[9;2m{text}{_RESET}  \x1b[{code}m{why}{_RESET}"
            )
        else:
            out.append(f"{removal.filter:{width}} │ {text}  {why}")
    out.append("")
    for edit in cleaned.edits:
        out.append(
            f"line {edit.index} changed by {edit.step}: "
            f"{_printable(edit.before)!r} -> {_printable(edit.after)!r}"
        )
    out.extend(f"warning: {warning}" for warning in cleaned.warnings)
    out.append(_counts_line(cleaned))
    return "\n".join(out)


def _printable(text: str) -> str:
    # Terminal control sequences in scraped text must not reach the terminal.
    return "".join(ch if ch.isprintable() or ch == "\t" else f"\\x{ord(ch):02x}" for ch in text)


_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#222}
h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:2.5rem;word-break:break-all}
table.counts{border-collapse:collapse;margin:.5rem 0 1rem}
table.counts td,table.counts th{padding:.15rem .6rem;border-bottom:1px solid #ddd;text-align:left}
.doc{border-left:3px solid #ddd;padding-left:.8rem}
.line{white-space:pre-wrap;word-wrap:break-word;min-height:1.2em;display:flex;gap:.8rem}
.line .text{flex:1}
.line.removed .text{text-decoration:line-through;opacity:.75}
.line .why{flex:0 0 16rem;font-size:.8rem;color:#555;text-align:right}
.chip{display:inline-block;padding:0 .4rem;border-radius:.3rem;color:#fff;font-size:.8rem}
.note{color:#555;font-size:.9rem}
"""


def render_html(
    documents: Sequence[tuple[str, Cleaned]], *, title: str = "newsclean explain"
) -> str:
    """One self-contained HTML page for ``(name, explanation)`` pairs.

    >>> from newsclean import clean_and_explain
    >>> page = render_html([("<b>a.txt</b>", clean_and_explain("Ein Satz.\\n<i>Teilen</i>"))])
    >>> "&lt;b&gt;a.txt&lt;/b&gt;" in page and "<i>" not in page
    True
    """
    filters: list[str] = []
    totals: Counter[str] = Counter()
    for _, cleaned in documents:
        for removal in cleaned.removed:
            if removal.filter not in filters:
                filters.append(removal.filter)
            totals[removal.filter] += 1
    classes = {name: f"f{i}" for i, name in enumerate(filters)}
    css = _CSS + "".join(
        f".{cls} .text{{color:{_PALETTE[i % len(_PALETTE)]}}}"
        f".{cls}.chip{{background:{_PALETTE[i % len(_PALETTE)]}}}"
        for i, cls in enumerate(classes.values())
    )
    esc = html.escape
    lines_in = sum(cleaned.lines_in for _, cleaned in documents)
    removed = sum(len(cleaned.removed) for _, cleaned in documents)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{css}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="note">{len(documents)} document(s); {removed} of {lines_in} lines '
        "removed. Struck-through lines are removed; the filter and its reason stand beside "
        "each.</p>",
        _counts_table(totals, classes),
    ]
    for number, (name, cleaned) in enumerate(documents, 1):
        parts.append(f'<h2 id="doc{number}">{number}. {esc(name)}</h2>')
        parts.append(_counts_table(Counter(r.filter for r in cleaned.removed), classes))
        removals = {removal.index: removal for removal in cleaned.removed}
        parts.append('<div class="doc">')
        for index, text in enumerate(cleaned.lines):
            found = removals.get(index)
            if found is None:
                parts.append(f'<div class="line"><span class="text">{esc(text)}</span></div>')
                continue
            why = f"{found.filter}: {found.detail}"
            parts.append(
                f'<div class="line removed {classes[found.filter]}" title="{esc(why)}">'
                f'<span class="text">{esc(text)}</span><span class="why">{esc(why)}</span></div>'
            )
        parts.append("</div>")
        parts.extend(
            f'<p class="note">line {edit.index} changed by {esc(edit.step)}: '
            f"{esc(edit.before)} → {esc(edit.after)}</p>"
            for edit in cleaned.edits
        )
        parts.extend(f'<p class="note">warning: {esc(w)}</p>' for w in cleaned.warnings)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _counts_table(counts: Counter[str], classes: dict[str, str]) -> str:
    if not counts:
        return '<p class="note">No line removed.</p>'
    rows = "".join(
        f'<tr><td><span class="chip {classes[name]}">{html.escape(name)}</span></td>'
        f"<td>{count}</td></tr>"
        for name, count in counts.most_common()
    )
    return f'<table class="counts"><tr><th>filter</th><th>lines removed</th></tr>{rows}</table>'
