"""Memory bounds: the CLI streams, so its peak memory does not grow with the input.

Each run is a fresh ``newsclean clean`` process (with its worker processes); its peak
resident set size is read from ``getrusage`` of a wrapper that waits for it. A run on an
input four or five times larger must not need more memory: holding the input, the
parsed records or the output would add at least as many megabytes as the input grew.
The ``large`` variant compares 16 MB with 256 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Prints the peak RSS (KiB) of the CLI and its workers: RUSAGE_CHILDREN of this wrapper.
_WRAPPER = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True)
sys.stderr.buffer.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

_LINE = ("Die Stadtverwaltung hat am Dienstag die Pläne für den Umbau vorgestellt, " * 150)[:-2]


def _write_dump(path: Path, megabytes: int) -> None:
    """Records with one long body line each: cheap to clean, so the run is about I/O."""
    with path.open("w", encoding="utf-8") as f:
        written = index = 0
        while written < megabytes * 1_000_000:
            text = f"{_LINE} {index}.\nTeilen\nFoto: dpa"
            line = json.dumps({"id": index, "text": text}, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            index += 1


def _peak_rss_mb(tmp_path: Path, megabytes: int, *extra: str) -> float:
    source = tmp_path / f"in{megabytes}.jsonl"
    _write_dump(source, megabytes)
    argv = [sys.executable, "-m", "newsclean", "clean", "-q", "-w", "2", *extra, str(source)]
    argv += ["-o", str(tmp_path / "out.jsonl")]
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *argv], capture_output=True, text=True, check=True
    )
    code, rss = done.stdout.split()
    assert code == "0", done.stderr
    source.unlink()
    return int(rss) / 1024


@pytest.mark.parametrize(
    ("small", "large"),
    [(1, 6), pytest.param(16, 256, marks=pytest.mark.large)],
    ids=["1MB-6MB", "16MB-256MB"],
)
def test_peak_memory_does_not_grow_with_the_input(tmp_path: Path, small: int, large: int) -> None:
    # Small chunks, so even the small input is many chunks and the pool is in steady state.
    chunks = ("--chunk-bytes", "262144") if small < 16 else ()
    base = _peak_rss_mb(tmp_path, small, *chunks)
    peak = _peak_rss_mb(tmp_path, large, *chunks)
    grew = peak - base
    print(f"peak RSS {base:.1f} MB for {small} MB, {peak:.1f} MB for {large} MB")
    assert grew < (large - small) / 2, f"{base:.1f} MB -> {peak:.1f} MB"


def test_the_measurement_sees_memory_that_is_held(tmp_path: Path) -> None:
    # The wrapper must notice a child that holds its input: read 10 MB and keep it.
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(1024) * 10_240)
    holder = f"data = open({str(big)!r}, 'rb').read(); print(len(data))"
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, sys.executable, "-c", holder],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(done.stdout.split()[1]) / 1024 > 10 + 5  # the interpreter itself: ~10 MB
