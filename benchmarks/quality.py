"""Cleaning quality on the dev data: newsclean against a no-op and a line-dedup baseline.

Scores cleaners on ``../shared/data/newsclean_dev.jsonl.gz`` (beside the repository) the
way that data's README says:

* pages with ``gold_with`` / ``gold_without`` strings (trafilatura's own evaluation):
  whitespace runs collapse to one space in the output and in every gold string, then each
  gold string is a substring test: a ``with`` string found is a TP, missing an FN; a
  ``without`` string found is an FP, absent a TN. Counts are pooled over pages (micro
  P/R/F1). The *present* scores count only gold strings that occur in the input, which is
  what a text cleaner can reach at best.
* pages with a ``gold_body`` (CleanPortalEval): token P/R/F1 on lower-cased ``\\w+``
  tokens counted with multiplicity, per page, averaged over pages (macro).

Every cleaner runs on each of the three inputs (``full``, ``main``, ``residue``) and is
scored for German pages, for the other languages and for all of them, with its speed in
MB/s (UTF-8 bytes of input per second of cleaning, setup excluded).

Usage::

    python benchmarks/quality.py                      # the table
    python benchmarks/quality.py --cleaners newsclean --json
    python benchmarks/quality.py --update-floors      # raise the CI floors to today's figures
    python benchmarks/quality.py --update-floors --allow-lower

The scoring is importable (``score_pages``, ``evaluate``, ``load_pages``); other benchmarks
add rows with :func:`register_cleaner` (a corpus-mode cleaner learns from the pages of an
input in its factory, and is timed only on cleaning).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_DATA = ROOT.parent / "shared" / "data" / "newsclean_dev.jsonl.gz"
FLOORS = Path(__file__).resolve().parent / "quality_floors.json"
INPUTS: tuple[str, ...] = ("full", "main", "residue")
GROUPS: tuple[str, ...] = ("de", "other", "all")

_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")


class DataMissingError(RuntimeError):
    """The dev data is not where it should be."""


@dataclass(frozen=True)
class Page:
    """One dev page: its three inputs and its gold labels."""

    id: str
    lang: str
    site: str | None
    url: str | None
    inputs: Mapping[str, str]
    gold_with: tuple[str, ...] = ()
    gold_without: tuple[str, ...] = ()
    gold_body: str | None = None

    @property
    def is_german(self) -> bool:
        return self.lang == "de"


def load_pages(path: Path = DEV_DATA) -> list[Page]:
    """Read the dev pages.

    Raises:
        DataMissingError: the file is absent (the message says where it was looked for).
    """
    if not path.is_file():
        raise DataMissingError(
            f"dev data not found at {path}: the quality benchmark reads "
            "../shared/data/newsclean_dev.jsonl.gz beside the repository "
            "(it is never copied into the repository)"
        )
    pages = []
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for raw in stream:
            row = json.loads(raw)
            pages.append(
                Page(
                    id=row["id"],
                    lang=row.get("lang") or "und",
                    site=row.get("site"),
                    url=row.get("url"),
                    inputs={name: row.get(name) or "" for name in INPUTS},
                    gold_with=tuple(row.get("gold_with") or ()),
                    gold_without=tuple(row.get("gold_without") or ()),
                    gold_body=row.get("gold_body"),
                )
            )
    return pages


# --------------------------------------------------------------------------- scoring


def collapse(text: str) -> str:
    """Whitespace runs to one space, as trafilatura's evaluation does."""
    return _SPACE.sub(" ", text)


@dataclass
class Counts:
    """Confusion counts of the with/without string test, pooled over pages."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def string_counts(output: str, page: Page, *, present_in: str | None = None) -> Counts:
    """Score one output with the page's gold strings.

    With ``present_in`` (the input text), only gold strings found in that input count.
    """
    out = collapse(output)
    source = None if present_in is None else collapse(present_in)
    counts = Counts()
    for raw in page.gold_with:
        gold = collapse(raw)
        if source is not None and gold not in source:
            continue
        if gold in out:
            counts.tp += 1
        else:
            counts.fn += 1
    for raw in page.gold_without:
        gold = collapse(raw)
        if source is not None and gold not in source:
            continue
        if gold in out:
            counts.fp += 1
        else:
            counts.tn += 1
    return counts


def token_counts(output: str, gold: str) -> tuple[int, int, int]:
    """Token (TP, FP, FN) of one page: lower-cased ``\\w+`` tokens, with multiplicity.

    An empty output for an empty gold body counts as one correct token, as in the
    scrapinghub article-extraction benchmark.
    """
    got = Counter(_TOKEN.findall(output.lower()))
    want = Counter(_TOKEN.findall(gold.lower()))
    tp = sum((got & want).values())
    fp, fn = sum(got.values()) - tp, sum(want.values()) - tp
    return (1, 0, 0) if tp + fp + fn == 0 else (tp, fp, fn)


def token_prf(rows: Sequence[tuple[int, int, int]]) -> tuple[float, float, float]:
    """Macro token P/R/F1 over pages, the scrapinghub article-extraction way.

    Precision is averaged over the pages with output tokens, recall over the pages with
    gold tokens, and F1 is taken of the two averages.
    """
    precisions = [tp / (tp + fp) for tp, fp, _ in rows if tp + fp]
    recalls = [tp / (tp + fn) for tp, _, fn in rows if tp + fn]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return p, r, _f1(p, r)


@dataclass
class Scores:
    """The figures of one cleaner on one input.

    Attributes:
        strings: group -> with/without counts over all gold strings.
        present: group -> counts over the gold strings found in the input.
        tokens: macro token (P, R, F1) over the gold-body pages, or ``None``.
        seconds: time spent cleaning (setup excluded).
        megabytes: UTF-8 megabytes of input cleaned.
        pages: group -> number of string-scored pages.
    """

    strings: dict[str, Counts] = field(default_factory=dict)
    present: dict[str, Counts] = field(default_factory=dict)
    tokens: tuple[float, float, float] | None = None
    seconds: float = 0.0
    megabytes: float = 0.0
    pages: dict[str, int] = field(default_factory=dict)

    @property
    def mb_per_s(self) -> float:
        return _ratio(self.megabytes, self.seconds)

    def figures(self) -> dict[str, float]:
        """Flat ``group/metric -> value`` figures (the keys the floors file uses)."""
        out: dict[str, float] = {}
        for group, counts in self.strings.items():
            out[f"{group}/p"] = counts.precision
            out[f"{group}/r"] = counts.recall
            out[f"{group}/f1"] = counts.f1
        for group, counts in self.present.items():
            out[f"{group}/present_f1"] = counts.f1
        if self.tokens is not None:
            out["cpe/token_p"], out["cpe/token_r"], out["cpe/token_f1"] = self.tokens
        return out


def groups_of(page: Page) -> tuple[str, ...]:
    return ("de", "all") if page.is_german else ("other", "all")


def score_outputs(pages: Sequence[Page], outputs: Sequence[str], input_name: str) -> Scores:
    """Score cleaned ``outputs`` (one per page, same order) of input ``input_name``."""
    scores = Scores(
        strings={g: Counts() for g in GROUPS},
        present={g: Counts() for g in GROUPS},
        pages=dict.fromkeys(GROUPS, 0),
    )
    token_rows = []
    for page, output in zip(pages, outputs, strict=True):
        if page.gold_body is not None:
            token_rows.append(token_counts(output, page.gold_body))
        if not (page.gold_with or page.gold_without):
            continue
        every = string_counts(output, page)
        present = string_counts(output, page, present_in=page.inputs[input_name])
        for group in groups_of(page):
            scores.strings[group].add(every)
            scores.present[group].add(present)
            scores.pages[group] += 1
    if token_rows:
        scores.tokens = token_prf(token_rows)
    return scores


# --------------------------------------------------------------------------- cleaners

#: A cleaner for one input: page -> cleaned text of that input.
Clean = Callable[[Page], str]
#: Builds a cleaner for one input from the pages (corpus-mode cleaners learn here; the
#: build is not timed). Arguments: the pages, the input name.
CleanerFactory = Callable[[Sequence[Page], str], Clean]

CLEANERS: dict[str, CleanerFactory] = {}


def register_cleaner(name: str, factory: CleanerFactory) -> None:
    """Add a cleaner to the table (other benchmarks call this before :func:`main`)."""
    CLEANERS[name] = factory


# Cleaners import newsclean when built, so that this module imports (and says that the data
# is missing) without the package installed; run as a script, ``src/`` is put on the path.


def _noop(pages: Sequence[Page], input_name: str) -> Clean:
    return lambda page: page.inputs[input_name]


def _line_dedup(pages: Sequence[Page], input_name: str) -> Clean:
    """CCNet-style: drop every line whose normalised key occurs in 2+ pages of the set."""
    from newsclean.lines import line_key  # noqa: PLC0415 (see _package)

    def keys(text: str) -> set[int]:
        return {line_key(line) for line in text.split("\n") if line.strip()}

    df: Counter[int] = Counter()
    for page in pages:
        df.update(keys(page.inputs[input_name]))

    def clean(page: Page) -> str:
        lines = page.inputs[input_name].split("\n")
        return "\n".join(line for line in lines if not line.strip() or df[line_key(line)] < 2)

    return clean


def _newsclean(pages: Sequence[Page], input_name: str) -> Clean:
    from newsclean import Pipeline  # noqa: PLC0415 (see _package)

    pipeline = Pipeline.from_config()
    return lambda page: pipeline.clean(page.inputs[input_name])


def _newsclean_corpus(pages: Sequence[Page], input_name: str) -> Clean:
    """Corpus mode: one model learned from every page of this input, then clean() with it.

    A page's site is its URL, else the host the data names; the model reduces either to
    its site key. Learning is not timed (the MB/s column is cleaning only). On the dev
    data most sites have one page, so the multi-page sites (the gold-body pages: the
    ``tokF1`` column) are where a model can learn anything.
    """
    from newsclean import Pipeline, learn  # noqa: PLC0415 (see _package)

    def site(page: Page) -> str | None:
        return page.url or page.site

    model = learn([(page.inputs[input_name], site(page)) for page in pages])
    pipeline = Pipeline.from_config(model=model)
    return lambda page: pipeline.clean(page.inputs[input_name], site=model.site_of(site(page)))


register_cleaner("noop", _noop)
register_cleaner("line_dedup", _line_dedup)
register_cleaner("newsclean", _newsclean)
register_cleaner("corpus", _newsclean_corpus)

DEFAULT_CLEANERS: tuple[str, ...] = ("noop", "line_dedup", "newsclean", "corpus")


def evaluate(
    factory: CleanerFactory,
    pages: Sequence[Page],
    inputs: Iterable[str] = INPUTS,
) -> dict[str, Scores]:
    """Run one cleaner on each input of ``pages`` and score it: input -> :class:`Scores`."""
    result = {}
    for input_name in inputs:
        clean = factory(pages, input_name)
        outputs = []
        megabytes = 0.0
        start = time.perf_counter()
        for page in pages:
            outputs.append(clean(page))
        seconds = time.perf_counter() - start
        megabytes = sum(len(page.inputs[input_name].encode("utf-8")) for page in pages) / 1e6
        scores = score_outputs(pages, outputs, input_name)
        scores.seconds, scores.megabytes = seconds, megabytes
        result[input_name] = scores
    return result


def score_pages(
    cleaners: Sequence[str] = DEFAULT_CLEANERS,
    pages: Sequence[Page] | None = None,
    inputs: Iterable[str] = INPUTS,
) -> dict[str, dict[str, Scores]]:
    """Score the named cleaners: cleaner -> input -> :class:`Scores`.

    Raises:
        DataMissingError: ``pages`` is ``None`` and the dev data is absent.
        KeyError: an unknown cleaner name.
    """
    pages = load_pages() if pages is None else pages
    inputs = tuple(inputs)
    return {name: evaluate(CLEANERS[name], pages, inputs) for name in cleaners}


def flat_figures(results: Mapping[str, Mapping[str, Scores]]) -> dict[str, float]:
    """``cleaner/input/group/metric -> value`` for every figure of ``results``."""
    out = {}
    for cleaner, by_input in results.items():
        for input_name, scores in by_input.items():
            for key, value in scores.figures().items():
                out[f"{cleaner}/{input_name}/{key}"] = value
    return out


# --------------------------------------------------------------------------- table


def format_table(results: Mapping[str, Mapping[str, Scores]]) -> str:
    """The results as a fixed-width text table, one row per cleaner and input."""
    head = (
        f"{'cleaner':<12} {'input':<8} "
        f"{'de P':>6} {'de R':>6} {'de F1':>6} {'de pF1':>6} "
        f"{'oth F1':>6} {'oth pF1':>7} {'all P':>6} {'all R':>6} {'all F1':>6} {'all pF1':>7} "
        f"{'tokF1':>6} {'MB/s':>7}"
    )
    rows = [head, "-" * len(head)]
    for input_name in INPUTS:
        for cleaner, by_input in results.items():
            scores = by_input.get(input_name)
            if scores is None:
                continue
            de, other, every = (scores.strings[g] for g in GROUPS)
            pde, pother, pall = (scores.present[g] for g in GROUPS)
            tok = f"{scores.tokens[2]:.3f}" if scores.tokens else "-"
            rows.append(
                f"{cleaner:<12} {input_name:<8} "
                f"{de.precision:6.3f} {de.recall:6.3f} {de.f1:6.3f} {pde.f1:6.3f} "
                f"{other.f1:6.3f} {pother.f1:7.3f} "
                f"{every.precision:6.3f} {every.recall:6.3f} {every.f1:6.3f} {pall.f1:7.3f} "
                f"{tok:>6} {scores.mb_per_s:7.1f}"
            )
    return "\n".join(rows)


def format_by_language(
    cleaners: Sequence[str], pages: Sequence[Page], *, min_pages: int = 10
) -> str:
    """Micro P/R/F1 per language (languages with at least ``min_pages`` pages)."""
    counts = Counter(page.lang for page in pages if page.gold_with or page.gold_without)
    languages = sorted(code for code, n in counts.items() if n >= min_pages)
    rows = [f"{'cleaner':<12} {'input':<8} " + " ".join(f"{code + ' F1':>7}" for code in languages)]
    rows.append("-" * len(rows[0]))
    for input_name in INPUTS:
        for name in cleaners:
            clean = CLEANERS[name](pages, input_name)
            by_lang: dict[str, Counts] = {code: Counts() for code in languages}
            for page in pages:
                if page.lang in by_lang:
                    by_lang[page.lang].add(string_counts(clean(page), page))
            cells = " ".join(f"{by_lang[code].f1:7.3f}" for code in languages)
            rows.append(f"{name:<12} {input_name:<8} {cells}")
    pages_row = " ".join(f"{counts[code]:>7}" for code in languages)
    rows.append(f"{'pages':<21} {pages_row}")
    return "\n".join(rows)


# --------------------------------------------------------------------------- floors


def read_floors(path: Path = FLOORS) -> dict[str, float]:
    """The pinned floors: ``cleaner/input/group/metric -> minimum``."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in data["floors"].items()}


def below_floors(figures: Mapping[str, float], floors: Mapping[str, float]) -> list[str]:
    """One message per figure below its floor (a missing figure counts as below)."""
    failures = []
    for key, floor in sorted(floors.items()):
        value = figures.get(key)
        if value is None:
            failures.append(f"{key}: no figure (floor {floor:.3f})")
        elif value < floor:
            failures.append(f"{key}: {value:.4f} < floor {floor:.3f}")
    return failures


def updated_floors(
    figures: Mapping[str, float],
    floors: Mapping[str, float],
    keys: Iterable[str],
    *,
    allow_lower: bool,
) -> tuple[dict[str, float], list[str]]:
    """New floors for ``keys`` (rounded down to 3 decimals), and what changed.

    Without ``allow_lower`` a floor only rises: a figure below its floor keeps the floor.
    """
    new = dict(floors)
    changes = []
    for key in keys:
        value = math.floor(figures[key] * 1000) / 1000
        old = floors.get(key)
        if old is None or value > old or (allow_lower and value < old):
            new[key] = value
            changes.append(f"{key}: {old if old is not None else '-'} -> {value:.3f}")
        elif value < old:
            changes.append(f"{key}: kept {old:.3f} (figure {value:.3f}; --allow-lower to lower)")
    return new, changes


def write_floors(floors: Mapping[str, float], path: Path = FLOORS) -> None:
    data = {
        "about": (
            "Quality floors of the CI gate (tests/test_quality_gate.py): each figure of "
            "benchmarks/quality.py must stay at or above its floor. Raise them with "
            "`python benchmarks/quality.py --update-floors`; lowering needs --allow-lower."
        ),
        "floors": dict(sorted(floors.items())),
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def gated_keys(figures: Iterable[str]) -> list[str]:
    """The figures the gate pins: newsclean's P, R and F1 per input and group, its
    present-F1 (on ``residue``: a clean page must stay untouched) and its token F1; and
    corpus mode's F1 and token F1 on ``full`` input (:data:`GATED_CORPUS_INPUTS`)."""
    ends = ("/p", "/r", "/f1", "/present_f1", "/token_f1")
    corpus = tuple(f"corpus/{name}/" for name in GATED_CORPUS_INPUTS)
    return sorted(
        key
        for key in figures
        if (key.startswith("newsclean/") and key.endswith(ends))
        or (key.startswith(corpus) and key.endswith(("/f1", "/token_f1")))
    )


#: The inputs on which the gate checks corpus mode (learning costs as much as cleaning).
GATED_CORPUS_INPUTS: tuple[str, ...] = ("full",)


# --------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--cleaners",
        default=",".join(DEFAULT_CLEANERS),
        help=f"comma-separated cleaners (available: {', '.join(CLEANERS)})",
    )
    parser.add_argument("--inputs", default=",".join(INPUTS), help="comma-separated inputs")
    parser.add_argument("--data", type=Path, default=DEV_DATA, help="the dev data file")
    parser.add_argument("--json", action="store_true", help="print flat figures as JSON")
    parser.add_argument(
        "--by-language", action="store_true", help="also print F1 per language (10+ pages)"
    )
    parser.add_argument(
        "--update-floors", action="store_true", help="raise the CI floors to today's figures"
    )
    parser.add_argument(
        "--allow-lower", action="store_true", help="with --update-floors: floors may drop"
    )
    args = parser.parse_args(argv)
    names = [name for name in args.cleaners.split(",") if name]
    unknown = [name for name in names if name not in CLEANERS]
    if unknown:
        parser.error(f"unknown cleaner(s) {', '.join(unknown)}; available: {', '.join(CLEANERS)}")
    try:
        pages = load_pages(args.data)
    except DataMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.update_floors:
        names.extend(name for name in ("newsclean", "corpus") if name not in names)
    results = score_pages(names, pages, args.inputs.split(","))
    figures = flat_figures(results)
    if args.json:
        print(json.dumps(figures, indent=1, sort_keys=True))
    else:
        print(format_table(results))
    if args.by_language:
        print()
        print(format_by_language(names, pages))
    if args.update_floors:
        floors = read_floors()
        new, changes = updated_floors(
            figures, floors, gated_keys(figures), allow_lower=args.allow_lower
        )
        write_floors(new)
        print("\n".join(changes) or "floors unchanged", file=sys.stderr)
    failures = below_floors(figures, {k: v for k, v in read_floors().items() if k in figures})
    if failures:
        print("below the quality floors:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
