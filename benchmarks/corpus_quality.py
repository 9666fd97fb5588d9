"""Corpus mode on the dev data: token F1 on the multi-page sites, with/without on all pages.

Run from the repository root (the dev data is read from ../shared/data)::

    PYTHONPATH=src python benchmarks/corpus_quality.py
    PYTHONPATH=src python benchmarks/corpus_quality.py --grid   # threshold sweep

Part 1 learns a model from the 26 CleanPortalEval dev pages (two sites, ``full`` input) and
scores token P/R/F1 against ``gold_body`` (lower-cased ``\\w+`` tokens with multiplicity,
per page, macro-averaged; pages without a gold body are learned from but not scored).
Part 2 learns one model from all dev pages (each input separately) and scores the
with/without strings (trafilatura's evaluation, micro-averaged) against the
single-document cleaner. Both parts run a CCNet-style baseline in the same run: drop every
line whose key occurs more than once in the corpus.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import regex

import newsclean
from newsclean import BoilerplateModel, Config, clean, learn, prepare
from newsclean.pipeline import join_lines

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "newsclean_dev.jsonl.gz"
_TOKEN = regex.compile(r"\w+")
_SPACE = regex.compile(r"\s+")

Record = dict[str, Any]
Cleaner = Callable[[Record, str], str]


def load(path: Path) -> list[Record]:
    if not path.is_file():
        sys.exit(f"dev data {path} is absent (../shared/data beside the repository)")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def site_hint(record: Record) -> str | None:
    """What a user has: the page URL, else the host the data names."""
    url = record.get("url")
    return url if isinstance(url, str) else record.get("domain")


# -- scoring -----------------------------------------------------------------------------


def token_prf(output: str, gold: str) -> tuple[float, float, float]:
    got = Counter(token.lower() for token in _TOKEN.findall(output))
    want = Counter(token.lower() for token in _TOKEN.findall(gold))
    hit = sum((got & want).values())
    p = hit / sum(got.values()) if got else 0.0
    r = hit / sum(want.values()) if want else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def with_without(pages: Sequence[Record], outputs: Sequence[str], field: str) -> dict[str, float]:
    tp = fn = fp = tn = 0
    for record, output in zip(pages, outputs, strict=True):
        have = _SPACE.sub(" ", output).lower()
        source = _SPACE.sub(" ", record[field] or "").lower()
        for text in record["gold_with"] or ():
            gold = _SPACE.sub(" ", text).lower()
            if gold not in source:
                continue  # "present" scoring: a cleaner cannot recover what is not there
            tp, fn = (tp + 1, fn) if gold in have else (tp, fn + 1)
        for text in record["gold_without"] or ():
            gold = _SPACE.sub(" ", text).lower()
            if gold not in source:
                continue
            fp, tn = (fp + 1, tn) if gold in have else (fp, tn + 1)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


# -- cleaners ----------------------------------------------------------------------------


def ccnet_style(pages: Sequence[Record], field: str) -> Cleaner:
    """Drop every line whose key occurs more than once in the corpus (CCNet's dedup)."""
    occurrences: Counter[int] = Counter()
    for record in pages:
        occurrences.update(line.key for line in prepare(record[field] or "") if line.key)

    def run(record: Record, field: str) -> str:
        doc = prepare(record[field] or "")
        return join_lines(line.text for line in doc if not line.key or occurrences[line.key] <= 1)

    return run


def single(record: Record, field: str) -> str:
    return clean(record[field] or "")


def identity(record: Record, field: str) -> str:
    return join_lines(prepare(record[field] or "").texts)


def corpus_mode(model: BoilerplateModel, config: Config | None = None) -> Cleaner:
    def run(record: Record, field: str) -> str:
        return clean(record[field] or "", site=site_hint(record), model=model, config=config)

    return run


def learn_from(pages: Sequence[Record], field: str, **thresholds: Any) -> BoilerplateModel:
    pairs = [(record[field] or "", site_hint(record)) for record in pages]
    return learn(pairs, **thresholds)


# -- the two parts -----------------------------------------------------------------------


def part_sites(records: list[Record], thresholds: dict[str, Any]) -> dict[str, dict[str, float]]:
    pages = [r for r in records if r["source"] == "cleanportaleval"]
    scored = [r for r in pages if r["gold_body"]]
    model = learn_from(pages, "full", **thresholds)
    cleaners: dict[str, Cleaner] = {
        "no-op": identity,
        "ccnet-style (key >1x in corpus)": ccnet_style(pages, "full"),
        "single-document clean()": single,
        "corpus model only": corpus_mode(model, Config(filters=())),
        "corpus mode (model + filters)": corpus_mode(model),
    }
    table = {}
    for name, cleaner in cleaners.items():
        scores = [token_prf(cleaner(r, "full"), r["gold_body"]) for r in scored]
        table[name] = {
            key: statistics.fmean(s[i] for s in scores) for i, key in enumerate(("p", "r", "f1"))
        }
    table["_pages"] = {"learned": len(pages), "scored": len(scored), "lines": len(model)}
    return table


def part_all(
    records: list[Record], thresholds: dict[str, Any], fields: Sequence[str]
) -> dict[str, dict[str, dict[str, float]]]:
    out: dict[str, dict[str, dict[str, float]]] = {}
    judged = [r for r in records if r["gold_with"]]
    german = [r for r in judged if r["is_german"]]
    for field in fields:
        model = learn_from(records, field, **thresholds)
        cleaners: dict[str, Cleaner] = {
            "no-op": identity,
            "ccnet-style (key >1x in corpus)": ccnet_style(records, field),
            "single-document clean()": single,
            "corpus mode (model + filters)": corpus_mode(model),
        }
        for name, cleaner in cleaners.items():
            outputs = {r["id"]: cleaner(r, field) for r in judged}
            for label, subset in (("all", judged), ("de", german)):
                score = with_without(subset, [outputs[r["id"]] for r in subset], field)
                out.setdefault(f"{field}/{label}", {})[name] = score
        out.setdefault(f"{field}/model", {})["lines"] = {"n": float(len(model))}
    return out


def show_sites(table: dict[str, dict[str, float]]) -> None:
    info = table.pop("_pages")
    print(
        f"CleanPortalEval dev sites (bbc.co.uk, blogs.wsj.com), `full` input: learned from "
        f"{info['learned']} pages, scored on the {info['scored']} with a gold body; "
        f"model has {info['lines']} lines"
    )
    print(f"{'cleaner':34} {'P':>6} {'R':>6} {'F1':>6}")
    for name, s in table.items():
        print(f"{name:34} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEV)
    parser.add_argument("--min-docs", type=int, default=newsclean.corpus.DEFAULT_MIN_DOCS)
    parser.add_argument("--min-share", type=float, default=newsclean.corpus.DEFAULT_MIN_SHARE)
    parser.add_argument("--min-sites", type=int, default=newsclean.corpus.DEFAULT_MIN_SITES)
    parser.add_argument("--fields", default="full,main,residue")
    parser.add_argument("--grid", action="store_true", help="sweep the thresholds (part 1)")
    args = parser.parse_args(argv)
    records = load(args.data)
    started = time.perf_counter()
    if args.grid:
        for min_docs in (2, 3, 4, 5):
            for min_share in (0.1, 0.2, 0.3, 0.5, 0.7):
                t = part_sites(records, {"min_docs": min_docs, "min_share": min_share})
                s = t["corpus mode (model + filters)"]
                o = t["corpus model only"]
                print(
                    f"min_docs={min_docs} min_share={min_share}: corpus mode F1 {s['f1']:.3f} "
                    f"(P {s['p']:.3f} R {s['r']:.3f}); model only F1 {o['f1']:.3f}"
                )
        return 0
    thresholds = {
        "min_docs": args.min_docs,
        "min_share": args.min_share,
        "min_sites": args.min_sites,
    }
    print(f"thresholds: {thresholds}\n")
    show_sites(part_sites(records, thresholds))
    fields = [f for f in args.fields.split(",") if f]
    results = part_all(records, thresholds, fields)
    print("\nAll dev pages as one corpus, with/without strings (present scoring, micro):")
    print(f"{'input/pages':14} {'cleaner':34} {'P':>6} {'R':>6} {'F1':>6}")
    for group, rows in results.items():
        if group.endswith("/model"):
            print(f"{group:14} model lines: {int(rows['lines']['n'])}")
            continue
        for name, s in rows.items():
            print(f"{group:14} {name:34} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f}")
    print(f"\n({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
