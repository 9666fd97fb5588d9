"""Throughput of newsclean and of reference cleaners on the same dump, in one run.

    python benchmarks/throughput.py                      # generates a dump (needs the dev data)
    python benchmarks/throughput.py my-dump.jsonl.gz     # your own dump; no dev data needed
    python benchmarks/throughput.py dump.jsonl --runs 5 --workers 2 --text-field body

Rows (each the median of ``--runs`` runs, each engine in a fresh process so peak RSS is its
own):

* ``clean()`` alone on a sample of the texts (default filters; ``repair=never`` and the
  default ``repair=auto``), one core;
* the CLI, ``newsclean clean`` on the whole dump (JSON in and out, atomic output), with 1
  and with N workers; MB/s per core divides by the workers;
* learn + apply: ``newsclean learn`` then ``newsclean clean --model`` (when the corpus
  module is installed);
* references on the same sample: a CCNet-style line-hash dedup (two passes: count each
  normalised line's documents, then drop lines seen in more than one), written plainly
  here; a bare in-document line dedup (each line lower-cased, its whitespace collapsed,
  hashed with xxh3; a line whose hash came earlier in the document goes), the floor of
  what any line-hash cleaner costs in Python; and jusText (``pip install justext``) on
  each line as a paragraph.

Before the table, the speed of this machine: reading the dump (from the page cache) and
``orjson.loads`` on its lines, so figures measured elsewhere can be scaled (the speed
targets in ``docs/benchmarks.md`` were set on a machine reading at ~1.7 GB/s, with
``orjson.loads`` at ~0.7 GB/s).

MB are 10^6 bytes of UTF-8 text (for the CLI: of the input file). Timings on a shared
machine are noisy: compare rows of one run, not across runs.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def read_records(
    path: Path, text_field: str, limit_bytes: int | None = None
) -> Iterator[dict[str, Any]]:
    """Records of a JSONL dump (plain, .gz or .zst), up to about ``limit_bytes`` of text."""
    opened: Any
    if path.suffix == ".gz":
        opened = gzip.open(path, "rb")  # noqa: SIM115  # closed by the with below
    elif path.suffix in (".zst", ".zstd"):
        import io  # noqa: PLC0415

        import zstandard  # noqa: PLC0415

        opened = io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(path.open("rb")))
    else:
        opened = path.open("rb")
    total = 0
    with opened as f:
        for line in f:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict) or not isinstance(record.get(text_field), str):
                continue
            yield record
            total += len(record[text_field].encode("utf-8"))
            if limit_bytes is not None and total >= limit_bytes:
                return


# --- the engines, each run in its own process ---------------------------------------------

_PUNCT = re.compile(r"[^\w\s]|_")
_DIGIT = re.compile(r"\d")


def ccnet_normalize(line: str) -> str:
    """CCNet's line normalisation: lower case, accents and punctuation removed, digits 0."""
    line = line.strip().lower()
    line = unicodedata.normalize("NFD", line)
    line = "".join(ch for ch in line if unicodedata.category(ch) != "Mn")
    line = _DIGIT.sub("0", line)
    return " ".join(_PUNCT.sub(" ", line).split())


def ccnet_dedup(texts: list[str]) -> list[str]:
    """Two passes, as CCNet's hash collector and remover: count in how many documents each
    normalised line occurs, then drop every line that occurs in more than one."""
    seen: Counter[bytes] = Counter()
    hashed = []
    for text in texts:
        keys = [
            hashlib.sha1(ccnet_normalize(line).encode()).digest()[:8] for line in text.split("\n")
        ]
        hashed.append(keys)
        seen.update(set(keys))
    return [
        "\n".join(line for line, key in zip(text.split("\n"), keys, strict=True) if seen[key] <= 1)
        for text, keys in zip(texts, hashed, strict=True)
    ]


def bare_dedup(texts: list[str]) -> list[str]:
    """A bare in-document line dedup: each line normalised (lower case, whitespace
    collapsed) and hashed to 64 bits; a line whose hash came earlier in its document goes."""
    import xxhash  # noqa: PLC0415

    digest = xxhash.xxh3_64_intdigest
    out = []
    for text in texts:
        seen: set[int] = set()
        kept = []
        for line in text.split("\n"):
            key = digest(" ".join(line.lower().split()).encode())
            if key not in seen:
                seen.add(key)
                kept.append(line)
        out.append("\n".join(kept))
    return out


def machine_speed(dump: Path, runs: int = 5) -> str:
    """Reading ``dump`` (a plain file; cached after the first pass) and ``orjson.loads`` on
    its lines, in GB/s (medians of ``runs``), up to 200 MB of it."""
    import orjson  # noqa: PLC0415

    limit = 200_000_000
    read: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        with dump.open("rb") as f:
            size = len(f.read(limit))
        read.append(size / 1e9 / (time.perf_counter() - start))
    with dump.open("rb") as f:
        lines = f.read(limit).splitlines()
    size = sum(map(len, lines))
    loads: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        for line in lines:
            orjson.loads(line)
        loads.append(size / 1e9 / (time.perf_counter() - start))
    return (
        f"this machine: reads the dump at {statistics.median(read):.2f} GB/s, "
        f"orjson.loads at {statistics.median(loads):.2f} GB/s"
    )


def engine(name: str, texts: list[str], sites: list[str | None]) -> Callable[[], object]:
    """A function that processes all ``texts`` once."""
    if name.startswith("clean"):
        sys.path.insert(0, str(ROOT / "src"))
        from newsclean import Config, Pipeline  # noqa: PLC0415

        repair = name.split("=", 1)[1] if "=" in name else "auto"
        pipeline = Pipeline.from_config(Config(repair=repair))  # type: ignore[arg-type]

        def run_clean() -> list[str]:
            # Each run starts with empty memos of line results: cleaning the same sample
            # again must not count its pages as the repeated chrome lines of one site.
            pipeline._forget()
            return [pipeline.clean(text) for text in texts]

        return run_clean
    if name == "ccnet":
        return lambda: ccnet_dedup(texts)
    if name == "bare":
        return lambda: bare_dedup(texts)
    if name == "justext":
        import justext  # noqa: PLC0415

        stoplist = justext.get_stoplist("German") | justext.get_stoplist("English")

        def run_justext() -> list[str]:
            out = []
            for text in texts:
                page = (
                    "<html><body>"
                    + "".join(
                        f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip()
                    )
                    + "</body></html>"
                )
                paragraphs = justext.justext(page.encode("utf-8"), stoplist, encoding="utf-8")
                out.append("\n".join(p.text for p in paragraphs if not p.is_boilerplate))
            return out

        return run_justext
    raise ValueError(f"unknown engine {name!r}")


def run_engine(name: str, sample: Path, runs: int) -> dict[str, Any]:
    texts: list[str] = []
    sites: list[str | None] = []
    with sample.open("rb") as f:
        for line in f:
            record = json.loads(line)
            texts.append(record["text"])
            sites.append(record.get("site"))
    work = engine(name, texts, sites)
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return {
        "seconds": seconds,
        "mb": sum(len(text.encode("utf-8")) for text in texts) / 1e6,
        "docs": len(texts),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# --- the driver ----------------------------------------------------------------------------


def in_process(name: str, sample: Path, runs: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--engine", name, "--sample", str(sample), "--runs", str(runs)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def cli(argv: list[str], size_mb: float, runs: int, workers: int, docs: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    seconds: list[float] = []
    rss: list[float] = []
    chunk_cpu: list[list[float]] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "report.json"
            start = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "newsclean", *argv, "-q", "--report", str(report)],
                cwd=tmp,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            seconds.append(time.perf_counter() - start)
            if proc.returncode != 0:
                return {"error": proc.stderr.strip().splitlines()[-1]}
            data = json.loads(report.read_text())
            rss.append(max(data.get("peak_rss_mb", 0), data.get("peak_rss_worker_mb", 0)))
            chunk_cpu.append(data.get("chunk_cpu_seconds_per_worker", []))
    return {
        "seconds": seconds,
        "mb": size_mb,
        "docs": docs,
        "peak_rss_mb": max(rss),
        "cores": workers,
        "chunk_cpu": chunk_cpu,
    }


def scaling(one: dict[str, Any], many: dict[str, Any], workers: int) -> str:
    """Wall-clock speedup of N workers over 1, and the speedup the CPU split allows: the
    1-worker chunk CPU over the busiest worker's chunk CPU (what N free cores would give)."""
    if "error" in one or "error" in many:
        return "scaling: n/a"
    wall = statistics.median(one["seconds"]) / statistics.median(many["seconds"])
    ideal = statistics.median(
        sum(a) / max(b) for a, b in zip(one["chunk_cpu"], many["chunk_cpu"], strict=True) if b
    )
    return (
        f"scaling {workers} workers vs 1: wall {wall:.2f}x (machine shared, load "
        f"{os.getloadavg()[0]:.1f}); by CPU split (busiest worker) {ideal:.2f}x"
    )


def row(label: str, result: dict[str, Any], cores: int = 1) -> str:
    if "error" in result:
        return f"{label:<38} {'error: ' + result['error']}"
    median = statistics.median(result["seconds"])
    mb_s = result["mb"] / median
    runs = " ".join(f"{s:.1f}" for s in result["seconds"])
    return (
        f"{label:<38} {mb_s / cores:>9.2f} {mb_s:>8.2f} {result['docs'] / median:>8.0f} "
        f"{result['peak_rss_mb']:>8.0f}   {runs}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dump", nargs="?", help="a JSONL dump (.gz/.zst too); default: generate")
    parser.add_argument(
        "--size-mb", type=float, default=200, help="size of a generated dump, in MB (default 200)"
    )
    parser.add_argument(
        "--sample-mb",
        type=float,
        default=20,
        help="MB of text for the clean() and reference rows, from the start of the dump",
    )
    parser.add_argument(
        "--justext-mb", type=float, default=3, help="MB of text for jusText (slow; default 3)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of each row; the table shows their median"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="workers of the multi-worker command-line rows (default: all cores)",
    )
    parser.add_argument("--text-field", default="text", help="the records' text field")
    parser.add_argument("--url-field", default="url", help="the records' URL field (for learn)")
    parser.add_argument(
        "--skip-cli", action="store_true", help="only the in-process rows (no command-line runs)"
    )
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--machine-speed", help=argparse.SUPPRESS)
    parser.add_argument("--sample", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.machine_speed:
        print(machine_speed(Path(args.machine_speed)))
        return 0
    if args.engine:
        print(json.dumps(run_engine(args.engine, Path(args.sample), args.runs)))
        return 0

    if args.dump:
        dump = Path(args.dump)
    else:
        dump = OUT / f"dump-{args.size_mb:g}mb.jsonl"
        if not dump.is_file():
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "benchmarks" / "make_dump.py"),
                    "--size-mb",
                    str(args.size_mb),
                    "-o",
                    str(dump),
                ],
                check=True,
            )
    if not dump.is_file():
        print(f"throughput: {dump}: no such file", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        small = Path(tmp) / "small.jsonl"
        with sample.open("w") as big_f, small.open("w") as small_f:
            total = 0
            for record in read_records(dump, args.text_field, int(args.sample_mb * 1e6)):
                line = json.dumps(
                    {"text": record[args.text_field], "site": record.get(args.url_field)}
                )
                big_f.write(line + "\n")
                if total < args.justext_mb * 1e6:
                    small_f.write(line + "\n")
                total += len(record[args.text_field].encode("utf-8"))
        docs = sum(1 for _ in read_records(dump, args.text_field))
        size_mb = dump.stat().st_size / 1e6
        print(
            f"dump: {dump.name}, {size_mb:.1f} MB, {docs} records; "
            f"sample {args.sample_mb:g} MB of text; {args.runs} runs; "
            f"{os.cpu_count()} cores (shared: figures are noisy)"
        )
        if dump.suffix not in (".gz", ".zst", ".zstd"):
            # In a process of its own: the engines' processes would inherit this one's
            # peak memory (ru_maxrss counts the parent's pages at the fork).
            speed = subprocess.run(
                [sys.executable, __file__, "--machine-speed", str(dump)],
                capture_output=True,
                text=True,
                check=False,
            )
            print(speed.stdout.strip() or "this machine: n/a", flush=True)
        print(f"{'engine':<38} {'MB/s/core':>9} {'MB/s':>8} {'docs/s':>8} {'RSS MB':>8}   runs (s)")
        for label, name, path in (
            ("clean() default filters, repair=never", "clean=never", sample),
            ("clean() default filters, repair=auto", "clean=auto", sample),
            ("ccnet-style line-hash dedup (ref.)", "ccnet", sample),
            ("bare in-document line dedup (ref.)", "bare", sample),
            (f"jusText ({args.justext_mb:g} MB sample)", "justext", small),
        ):
            print(row(label, in_process(name, path, args.runs)), flush=True)
        if args.skip_cli:
            return 0
        fields = ["--text-field", args.text_field, "--url-field", args.url_field]
        with tempfile.TemporaryDirectory() as work:
            out = str(Path(work) / "out.jsonl")
            results = {}
            for workers in sorted({1, args.workers}):
                result = results[workers] = cli(
                    ["clean", str(dump.resolve()), "-o", out, "-w", str(workers), *fields],
                    size_mb,
                    args.runs,
                    workers,
                    docs,
                )
                print(row(f"CLI clean, {workers} worker(s)", result, workers), flush=True)
            if args.workers > 1:
                print(scaling(results[1], results[args.workers], args.workers), flush=True)
            model = str(Path(work) / "model.bin")
            learn = cli(
                ["learn", str(dump.resolve()), "-o", model, "-w", str(args.workers), *fields],
                size_mb,
                args.runs,
                args.workers,
                docs,
            )
            print(row(f"CLI learn, {args.workers} worker(s)", learn, args.workers), flush=True)
            if "error" not in learn:
                apply = cli(
                    [
                        "clean",
                        str(dump.resolve()),
                        "-o",
                        out,
                        "--model",
                        model,
                        "-w",
                        str(args.workers),
                        *fields,
                    ],
                    size_mb,
                    args.runs,
                    args.workers,
                    docs,
                )
                print(row(f"CLI clean --model, {args.workers} worker(s)", apply, args.workers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
