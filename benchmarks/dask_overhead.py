"""Both corpus passes with plain processes (the CLI's pool) and on a Dask LocalCluster.

    PYTHONPATH=src:benchmarks python benchmarks/dask_overhead.py --mb 20 --repeat 3
    PYTHONPATH=src:benchmarks python benchmarks/dask_overhead.py --mb 200 --repeat 1

Generates a sharded JSONL dump of synthetic news pages (site templates + fresh lines), then
times, on the same files and 2 workers each:

* plain: ``newsclean learn -w 2`` + ``newsclean clean --model -w 2`` (in-process ``main``);
* dask: ``newsclean.dask.learn`` (count + sample pass, as the CLI's learn) + ``clean`` +
  ``write`` on a ``LocalCluster`` of 2 single-threaded worker processes.

The cluster's start-up is timed apart. Medians over ``--repeat`` runs; the ratio is
dask / plain. Both write the same model file (checked).
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from distributed import Client, LocalCluster

import newsclean.dask as nd
from corpus_memory import text_pages
from newsclean.cli import main as cli_main


def make_dump(directory: Path, megabytes: float, shards: int) -> int:
    """Write about ``megabytes`` of JSONL in ``shards`` files; return the record count."""
    rng = np.random.default_rng(7)
    handles = [(directory / f"shard-{i:03d}.jsonl").open("w") for i in range(shards)]
    size = n = 0
    lines_per_page = 48
    for text, site in text_pages(10**12, lines_per_page, 200, rng):
        line = json.dumps({"id": n, "text": text, "url": f"https://www.{site}/{n}"}) + "\n"
        handles[n % shards].write(line)
        size += len(line)
        n += 1
        if size >= megabytes * 1e6:
            break
    for handle in handles:
        handle.close()
    return n


def cli(*argv: str | Path) -> None:
    err = io.StringIO()
    argv_ = [str(a) for a in argv]
    if cli_main(argv_, stdin=io.BytesIO(), stdout=io.BytesIO(), stderr=err) != 0:
        raise SystemExit(err.getvalue())


def plain(dump: list[Path], work: Path) -> float:
    started = time.perf_counter()
    cli("learn", *dump, "-o", work / "plain.ncm", "-w", "2", "-q")
    cli("clean", "--model", work / "plain.ncm", *dump, "-o", work / "plain.jsonl", "-w", "2", "-q")
    return time.perf_counter() - started


def on_dask(dump: list[Path], work: Path) -> float:
    started = time.perf_counter()
    bag = nd.read_jsonl([str(path) for path in dump])
    model = nd.learn(bag)
    model.save(work / "dask.ncm")
    shutil.rmtree(work / "dask-out", ignore_errors=True)
    nd.write(nd.clean(bag, model), work / "dask-out")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the generated dump")
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsclean-dask-bench-") as tmp:
        work = Path(tmp)
        (work / "dump").mkdir()
        records = make_dump(work / "dump", args.mb, args.shards)
        dump = sorted((work / "dump").iterdir())
        print(f"dump: {records:,} records, {args.mb:g} MB in {args.shards} shards")
        started = time.perf_counter()
        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster,
            Client(cluster),
        ):
            startup = time.perf_counter() - started
            plain_times, dask_times = [], []
            for _ in range(args.repeat):  # interleaved, so load changes hit both
                plain_times.append(plain(dump, work))
                dask_times.append(on_dask(dump, work))
        same = (work / "plain.ncm").read_bytes() == (work / "dask.ncm").read_bytes()
    p, d = statistics.median(plain_times), statistics.median(dask_times)
    print(f"plain processes (CLI, -w 2): {p:6.1f} s  runs {[round(t, 1) for t in plain_times]}")
    print(f"dask LocalCluster(2 workers): {d:6.1f} s  runs {[round(t, 1) for t in dask_times]}")
    print(f"cluster start-up (not included): {startup:.1f} s")
    print(f"overhead: dask / plain = {d / p:.2f}x; same model file: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
