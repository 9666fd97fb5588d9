"""Hypothesis strategies for scraped news text: realistic pages and hostile Unicode.

A realistic document is a sequence of blocks, as extractors produce them: body paragraphs
(one line each), chrome blocks (share rows, credits, agency lines, dates, notices), teaser
lists under a section heading (headline / teaser / headline), menus, paragraphs garbled
into mojibake, and the odd line of arbitrary Unicode; joined by every kind of line break.
The chrome vocabulary comes from the shipped language files, so the strategies follow the
data as it grows.

>>> from hypothesis import find
>>> page = find(documents(), lambda d: any(heading in d for heading in HEADINGS))
>>> any(heading in page for heading in HEADINGS)
True
"""

from __future__ import annotations

import random

from hypothesis import strategies as st

from newsclean import Config, available_filters, available_languages
from newsclean.langdata import compile_markers

__all__ = [
    "any_text",
    "configs",
    "documents",
    "hostile_text",
    "mojibake",
    "sample_documents",
]

_MARKERS = compile_markers(available_languages())
HEADINGS = sorted(_MARKERS.headings.values())
CHROME_LINES = sorted(marker for _, marker in _MARKERS.lines.values())
CHROME_SHAPES = [
    "Foto: dpa/Bernd Weißbrod",
    "Foto: dpa / ",
    "Bild: imago images/Sven Simon",
    "(Foto: Archiv)",
    "Photo: Getty Images",
    "John Smith/AFP via Getty Images",
    "dpa/AFP",
    "(dpa)",
    "Mit Material von dpa und AFP",
    "12.03.2016, 14:35 Uhr",
    "Mo., 12. September 2016, 14:35 Uhr",
    "Aktualisiert am 12.09.2016",
    "Published: Sept. 12, 2016 at 2:35 p.m. ET",
    "vor 3 Stunden",
    "Von Anna Maria Schmidt und Peter Müller",
    "By John Smith, Political Correspondent",
    "1 / 12",
    "+",
    "‹ ›",
    "© 2016 Verlag GmbH",
    "@spiegelonline",
    "#Aleppo #Syrien #Waffenruhe",
    "Diese Website verwendet Cookies. Mit der Nutzung stimmen Sie zu.",
    "We use cookies to improve your experience. Accept all",
    "Jetzt den Newsletter abonnieren",
    "Lesezeit: 3 Min.",
    "5 min read",
    "23 Kommentare",
    "Kommentare (23)",
]
WORDS_DE = [
    "die",
    "der",
    "und",
    "in",
    "zu",
    "den",
    "das",
    "nicht",
    "von",
    "sie",
    "ist",
    "des",
    "sich",
    "mit",
    "dem",
    "dass",
    "er",
    "es",
    "ein",
    "ich",
    "auf",
    "so",
    "eine",
    "auch",
    "als",
    "an",
    "nach",
    "wie",
    "im",
    "für",
    "man",
    "aber",
    "aus",
    "durch",
    "wenn",
    "nur",
    "war",
    "noch",
    "werden",
    "bei",
    "hat",
    "wir",
    "Regierung",
    "Stadt",
    "Ministerin",
    "Opposition",
    "Gesetz",
    "Verhandlungen",
    "Bürger",
    "Polizei",
    "Gericht",
    "Woche",
    "Jahr",
    "Haushalt",
    "Kritik",
    "Bahnhof",
    "Schule",
    "Zukunft",
    "Wahl",
    "Partei",
    "Straße",
    "Größe",
    "über",
    "für",
    "schön",
    "beschlossen",
    "erklärte",
    "sagte",
    "forderte",
    "kündigte",
    "gestern",
    "Mittwoch",
    "Berlin",
    "München",
    "Brüssel",
]
WORDS_EN = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "was",
    "that",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "it",
    "an",
    "be",
    "are",
    "were",
    "has",
    "had",
    "have",
    "government",
    "council",
    "minister",
    "police",
    "court",
    "week",
    "year",
    "budget",
    "report",
    "election",
    "party",
    "city",
    "said",
    "announced",
    "told",
    "warned",
    "agreed",
    "Tuesday",
    "London",
    "Washington",
    "voters",
    "officials",
    "plans",
]
NAV_WORDS = ["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Home", "News", "World"]
HOSTILE_CHARS = (
    "\x00\x01\x08\x0b\x0c\x0e\x1b\x1c\x1d\x1e\x1f\x7f\x80\x85\x9f\xa0\xad"
    "\u00df\u0130\u0131\u0301\u0345\u200b\u200c\u200d\u200e\u202e\u2028\u2029\u2060"
    "\ufeff\ufffd\ufb01\ufdfa\uff21\u2163\u00bd\u2026\u201e\u201c\u00ab\u00bb"
    "\U0001f600\U0001f1e9\U0001f1ea\U0001f3fd\U000e0001\U0010ffff"
    "\ud800\udc00\udfff"  # lone surrogates: a str may hold them, UTF-8 cannot
)
BREAKS = ["\n", "\n", "\n", "\n\n", "\r\n", "\r", "\u2028", "\x85", "\n \n", "\n\t\n"]


def _pool(count: int, words: list[str], low: int, high: int, end: str) -> list[str]:
    """``count`` sentences drawn with a fixed seed.

    Drawing sentences from a pool costs hypothesis one choice instead of one per word,
    which makes generating a page about 20 times cheaper (CI runs hundreds of them).
    """
    rng = random.Random(f"{low}-{high}-{end}-{words[0]}")
    return [
        " ".join(rng.choices(words, k=rng.randint(low, high))).capitalize() + end
        for _ in range(count)
    ]


_SENTENCES = _pool(150, WORDS_DE, 12, 30, ".") + _pool(100, WORDS_EN, 12, 30, ".")
_SHORT = _pool(50, WORDS_DE, 8, 20, ".")

#: One body paragraph: one to three sentences of 12+ words, on one line.
body_paragraphs = st.one_of(
    st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=3).map(" ".join),
    st.sampled_from(_pool(50, WORDS_DE, 12, 25, "?")),
    st.sampled_from(_SHORT).map(lambda s: f"„{s}“, sagte die Ministerin."),
)
headlines = st.sampled_from(_pool(100, WORDS_DE, 3, 9, "") + _pool(60, WORDS_EN, 3, 9, ""))
teasers = st.sampled_from(_pool(100, WORDS_DE, 6, 20, " …"))
chrome_lines = st.one_of(
    st.sampled_from(CHROME_LINES), st.sampled_from(CHROME_SHAPES), st.sampled_from(HEADINGS)
)


@st.composite
def teaser_lists(draw: st.DrawFn) -> list[str]:
    """A section heading and teasers: headline / cut-off teaser / headline (or variants)."""
    lines = [draw(st.sampled_from(HEADINGS))]
    for _ in range(draw(st.integers(1, 5))):
        headline = draw(headlines)
        teaser = draw(teasers)
        layout = draw(st.sampled_from(["hth", "ht", "h", "h…"]))
        if layout == "hth":
            lines += [headline, teaser, headline]
        elif layout == "ht":
            lines += [headline, teaser]
        elif layout == "h":
            lines.append(headline)
        else:
            lines += [headline, headline[: max(1, len(headline) // 2)] + " …"]
    return lines


menus = st.one_of(
    st.lists(st.sampled_from(NAV_WORDS), min_size=3, max_size=10),
    st.lists(st.sampled_from(NAV_WORDS), min_size=3, max_size=10).map(lambda ws: [" | ".join(ws)]),
)


def mojibake(text: str, *, layers: int = 1, codec: str = "cp1252") -> str:
    """``text`` encoded as UTF-8 and decoded as ``codec`` ``layers`` times (the web's mojibake).

    >>> mojibake("Größe")
    'GrÃ¶ÃŸe'
    """
    for _ in range(layers):
        text = text.encode("utf-8", "surrogatepass").decode(codec, errors="replace")
    return text


mojibake_paragraphs = st.builds(
    mojibake,
    body_paragraphs,
    layers=st.integers(1, 2),
    codec=st.sampled_from(["cp1252", "latin-1"]),
)

#: Arbitrary Unicode with the characters that break text tools mixed in generously.
hostile_text = st.text(
    alphabet=st.one_of(
        st.characters(codec=None, exclude_categories=()),
        st.sampled_from(HOSTILE_CHARS),
        st.sampled_from(" \t.,:;!?…-/|+*#@"),
    ),
    max_size=80,
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A scraped news page as extractors produce it (see the module docstring)."""
    blocks: list[list[str]] = []
    if draw(st.booleans()):
        blocks.append(draw(st.lists(chrome_lines, min_size=1, max_size=6)))
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(
            st.sampled_from(
                ["body", "body", "body", "chrome", "teasers", "menu", "mojibake", "hostile"]
            )
        )
        if kind == "body":
            blocks.append(draw(st.lists(body_paragraphs, min_size=1, max_size=3)))
        elif kind == "chrome":
            blocks.append(draw(st.lists(chrome_lines, min_size=1, max_size=6)))
        elif kind == "teasers":
            blocks.append(draw(teaser_lists()))
        elif kind == "menu":
            blocks.append(draw(menus))
        elif kind == "mojibake":
            blocks.append([draw(mojibake_paragraphs)])
        else:
            blocks.append([draw(hostile_text)])
    if blocks and draw(st.booleans()):  # a block repeated: sites repeat teasers and footers
        blocks.append(draw(st.sampled_from(blocks)))
    lines = [line for block in blocks for line in [*block, ""]]
    if lines and draw(st.booleans()):
        lines[0] = f"datum 2016-09-12 {lines[0]}"  # metadata glued before the first sentence
    out = []
    for line in lines:
        out += [line, draw(st.sampled_from(BREAKS))]
    return "".join(out)


#: Everything clean() may be given: realistic pages, hostile Unicode, and mixtures.
any_text = st.one_of(
    documents(),
    hostile_text,
    st.lists(st.one_of(chrome_lines, body_paragraphs, hostile_text), max_size=12).map("\n".join),
)


@st.composite
def configs(draw: st.DrawFn) -> Config:
    """Valid configurations: filter subsets in any order, every mode, edge thresholds."""
    filters = draw(st.lists(st.sampled_from(available_filters()), unique=True, max_size=3))
    return Config(
        filters=tuple(filters),
        languages=draw(st.sampled_from([None, ("de",), ("en",), ("en", "de")])),
        repair=draw(st.sampled_from(["auto", "always", "never"])),
        strip_leading_metadata=draw(st.booleans()),
        near_duplicate_window=draw(st.integers(0, 12)),
        near_duplicate_score=draw(st.floats(50, 100)),
        max_pattern_length=draw(st.integers(1, 500)),
        min_body_words=draw(st.integers(1, 30)),
        if_emptied=draw(st.sampled_from(["best_block", "original", "empty"])),
    )


def sample_documents(count: int, seed: int = 0) -> list[str]:
    """``count`` pages drawn with :mod:`random` (not hypothesis): the same list every run.

    For tests that compare runs (other processes, hash seeds, worker counts) and need the
    same inputs in each without a hypothesis engine.

    >>> sample_documents(3) == sample_documents(3) != sample_documents(3, seed=1)
    True
    """
    rng = random.Random(seed)

    def sentence(words: list[str], low: int, high: int, end: str) -> str:
        return " ".join(rng.choices(words, k=rng.randint(low, high))).capitalize() + end

    pages = []
    for _ in range(count):
        lines: list[str] = []
        for _ in range(rng.randint(1, 8)):
            kind = rng.choice(["body", "body", "chrome", "teasers", "menu", "mojibake"])
            words = rng.choice([WORDS_DE, WORDS_EN])
            if kind == "body":
                lines += [sentence(words, 12, 30, ".") for _ in range(rng.randint(1, 3))]
            elif kind == "chrome":
                pool = rng.choice([CHROME_LINES, CHROME_SHAPES, HEADINGS])
                lines += rng.choices(pool, k=rng.randint(1, 5))
            elif kind == "teasers":
                lines.append(rng.choice(HEADINGS))
                for _ in range(rng.randint(1, 4)):
                    headline = sentence(words, 3, 8, "")
                    lines += [headline, sentence(words, 6, 18, " …"), headline]
            elif kind == "menu":
                lines += rng.choices(NAV_WORDS, k=rng.randint(3, 8))
            else:
                lines.append(mojibake(sentence(WORDS_DE, 12, 20, ".")))
            lines.append("")
        pages.append(rng.choice(["\n", "\r\n"]).join(lines))
    return pages
