"""List the errors behind the quality figures, to find general causes (not in the hot path).

For each input (``full``, ``main``, ``residue``) of the dev pages, print:

* kept ``gold_without`` strings (false positives), with the line that holds them and its
  neighbours in the cleaned output;
* lost ``gold_with`` strings (false negatives), with the removed input line(s) that held
  them and the filter and reason that removed each (from ``clean_and_explain``).

Run from the repository root::

    PYTHONPATH=src python benchmarks/tools/quality_errors.py --input full --lang de --kind fp

The output is for reading: it quotes dev pages, so never paste it into rules or tests
(the held-out half of the benchmark is other sites).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent / "src"))

from newsclean import Pipeline
from newsclean.pipeline import Cleaned
from quality import INPUTS, Page, collapse, load_pages


def _line_of(lines: Sequence[str], needle: str) -> int | None:
    """Index of the first line whose collapsed text holds ``needle`` (or its start)."""
    for pos, line in enumerate(lines):
        if needle in collapse(line):
            return pos
    head = needle[:30]
    for pos, line in enumerate(lines):
        if head and head in collapse(line):
            return pos
    return None


def false_positives(page: Page, cleaned: Cleaned, context: int) -> list[str]:
    """Kept ``gold_without`` strings, each with its line and neighbours."""
    out_lines = cleaned.text.split("\n")
    output = collapse(cleaned.text)
    rows = []
    for gold in page.gold_without:
        needle = collapse(gold)
        if needle not in output:
            continue
        pos = _line_of(out_lines, needle)
        rows.append(f"  FP {gold!r}")
        if pos is None:
            rows.append("     (spans several lines)")
            continue
        for near in range(max(0, pos - context), min(len(out_lines), pos + context + 1)):
            mark = ">>" if near == pos else "  "
            rows.append(f"     {mark} {out_lines[near][:160]}")
    return rows


def false_negatives(page: Page, cleaned: Cleaned, reasons: Counter[str]) -> list[str]:
    """Lost ``gold_with`` strings (present in the input), with filter and reason."""
    source = collapse(page.inputs_text)
    output = collapse(cleaned.text)
    rows = []
    for gold in page.gold_with:
        needle = collapse(gold)
        if needle in output or needle not in source:
            continue
        rows.append(f"  FN {gold[:120]!r}")
        hits = [r for r in cleaned.removed if needle[:40] in collapse(r.text)]
        if not hits:
            rows.append("     (not removed whole: spans lines or edited)")
        for removal in hits[:3]:
            reasons[f"{removal.filter}: {removal.detail.split(' (')[0][:60]}"] += 1
            rows.append(f"     [{removal.filter}] {removal.detail[:100]}")
            rows.append(f"        {removal.text[:160]}")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", choices=INPUTS, default="full")
    parser.add_argument("--lang", default="de", help="language code, or 'all', or 'other'")
    parser.add_argument("--kind", choices=("fp", "fn", "both"), default="both")
    parser.add_argument("--context", type=int, default=1)
    args = parser.parse_args(argv)
    pipeline = Pipeline.from_config()
    reasons: Counter[str] = Counter()
    n_fp = n_fn = 0
    for page in load_pages():
        if not (page.gold_with or page.gold_without):
            continue
        if args.lang == "other" and page.is_german:
            continue
        if args.lang not in ("all", "other") and page.lang != args.lang:
            continue
        text = page.inputs[args.input]
        object.__setattr__(page, "inputs_text", text)
        cleaned = pipeline.explain(text)
        rows = []
        if args.kind in ("fp", "both"):
            fps = false_positives(page, cleaned, args.context)
            n_fp += sum(row.startswith("  FP") for row in fps)
            rows += fps
        if args.kind in ("fn", "both"):
            fns = false_negatives(page, cleaned, reasons)
            n_fn += sum(row.startswith("  FN") for row in fns)
            rows += fns
        if rows:
            print(f"== {page.id} ({page.lang}, {page.site})")
            print("\n".join(rows))
    print(f"\n{n_fp} kept without-strings, {n_fn} lost with-strings (present in the input)")
    for reason, count in reasons.most_common(25):
        print(f"{count:5d}  {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
