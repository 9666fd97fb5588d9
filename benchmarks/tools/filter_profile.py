"""CPU time of each step of ``clean()`` (prepare, every filter, the rest), as MB/s.

    python benchmarks/tools/filter_profile.py                   # full-page texts of the dev pages
    python benchmarks/tools/filter_profile.py --field main --repeat 5
    python benchmarks/tools/filter_profile.py --repair always
    python benchmarks/tools/filter_profile.py --data dump.jsonl --field text --limit 1000

Each filter of the default pipeline is wrapped so the CPU time (``time.thread_time``) of
running it, marks consumed, is added up; ``prepare`` is timed the same way, and what is
left of the whole ``explain()`` call (views, guards, joining) is "pipeline". The line
features that the shape filters share are computed in a step of their own ("features"),
so the filters' figures are their own work. The figures
are MB/s of input text (UTF-8 bytes) per step, the median of ``--repeat`` passes: the
steps add up, so a step at 100 MB/s costs a quarter of a 25 MB/s budget. CPU time, not
wall time, so other work on the machine disturbs the figures less.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import statistics
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from newsclean import Config  # noqa: E402
from newsclean.filters import Filter, Mark  # noqa: E402
from newsclean.filters.features import features  # noqa: E402
from newsclean.langdata import Markers  # noqa: E402
from newsclean.lines import Doc  # noqa: E402
from newsclean.pipeline import Pipeline  # noqa: E402

DEV_DATA = ROOT.parent / "shared" / "data" / "newsclean_dev.jsonl.gz"


class Timed:
    """A filter that runs ``inner`` and adds the CPU time it took to ``spent``."""

    def __init__(self, inner: Filter, spent: dict[str, float]) -> None:
        self.inner = inner
        self.name = inner.name
        self.strong = getattr(inner, "strong", True)
        self.spent = spent

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        start = time.thread_time()
        marks = list(self.inner(doc))
        self.spent[self.name] = self.spent.get(self.name, 0.0) + time.thread_time() - start
        return iter(marks)


class Features:
    """A step that computes the shared line features (which the first shape filter would)."""

    name = "features"
    strong = False

    def __init__(self, markers: Markers) -> None:
        self.markers = markers

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        features(doc, self.markers)
        return iter(())


def load_texts(path: Path, field: str, limit: int | None) -> list[str]:
    texts: list[str] = []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as stream:
        for raw in stream:
            value = json.loads(raw).get(field)
            if isinstance(value, str):
                texts.append(value)
            if limit is not None and len(texts) >= limit:
                break
    return texts


def one_pass(pipeline: Pipeline, texts: Iterable[str], spent: dict[str, float]) -> None:
    prepare = pipeline.prepare

    def timed_prepare(text: str, *, site: str | None = None) -> Doc:
        start = time.thread_time()
        doc = prepare(text, site=site)
        spent["prepare"] = spent.get("prepare", 0.0) + time.thread_time() - start
        return doc

    pipeline.prepare = timed_prepare  # type: ignore[method-assign]
    start = time.thread_time()
    for text in texts:
        pipeline.explain(text)
    spent["total"] = time.thread_time() - start
    del pipeline.prepare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEV_DATA)
    parser.add_argument("--field", default="full")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repair", choices=("auto", "always", "never"), default="auto")
    args = parser.parse_args(argv)
    texts = load_texts(args.data, args.field, args.limit)
    size = sum(len(text.encode("utf-8", "surrogatepass")) for text in texts) / 1e6
    config = dataclasses.replace(Config(), repair=args.repair)
    base = Pipeline.from_config(config)
    runs: list[dict[str, float]] = []
    for _ in range(args.repeat):
        # Each pass starts with empty memos: repeating the same pages must not count as the
        # repeated chrome lines of one site.
        base._forget()
        spent: dict[str, float] = {}
        steps = [Features(base._markers), *base.filters]
        pipeline = Pipeline([Timed(item, spent) for item in steps], config)
        one_pass(pipeline, texts, spent)
        named = sum(value for key, value in spent.items() if key != "total")
        spent["pipeline"] = spent["total"] - named
        runs.append(spent)
    print(
        f"{len(texts)} texts ({args.field}), {size:.1f} MB, repair={args.repair}, "
        f"median of {args.repeat} passes, CPU time"
    )
    print(f"{'step':12} {'seconds':>8} {'share':>6} {'MB/s':>8}")
    total = statistics.median(run["total"] for run in runs)
    for step in ("prepare", "features", *(f.name for f in base.filters), "pipeline", "total"):
        seconds = statistics.median(run.get(step, 0.0) for run in runs)
        rate = size / seconds if seconds else float("inf")
        print(f"{step:12} {seconds:8.3f} {seconds / total:6.1%} {rate:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
