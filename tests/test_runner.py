"""The chunk runner: results in input order, and a bounded number of chunks in flight."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator

import pytest

from newsclean.errors import WorkerError
from newsclean.report import Report
from newsclean.runner import Chunk, ChunkResult, run_chunks


class SlowEcho:
    """A picklable job whose chunks take uneven time, so results finish out of order."""

    def __call__(self, chunk: Chunk) -> ChunkResult:
        time.sleep(0.002 * (chunk.start % 3))
        return ChunkResult(chunk.source, 1, [str(chunk.start).encode()], [], Report(), 1)


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_in_order_with_few_chunks_in_flight(workers: int) -> None:
    taken: list[int] = []
    delivered: list[int] = []
    ahead: list[int] = []

    def chunks() -> Iterator[Chunk]:
        for number in range(40):
            taken.append(number)
            ahead.append(len(taken) - len(delivered))
            yield Chunk("s", start=number, blob=b"")

    def on_result(result: ChunkResult) -> None:
        delivered.append(int(result.pieces[0]))

    run_chunks(chunks(), SlowEcho(), workers, on_result)
    assert delivered == list(range(40))
    # The reader never runs more than 2 chunks per worker ahead of the writer.
    assert max(ahead) <= 2 * workers + 1


class DiesOnChunk:
    """A picklable job whose worker process dies on one chunk, as after a crash in an
    extension module or a kill by the out-of-memory killer."""

    def __init__(self, fatal: int) -> None:
        self.fatal = fatal

    def __call__(self, chunk: Chunk) -> ChunkResult:
        if chunk.start == self.fatal:
            os._exit(70)
        return ChunkResult(chunk.source, 1, [str(chunk.start).encode()], [], Report(), 1)


def test_a_worker_that_dies_stops_the_run_with_an_error() -> None:
    # multiprocessing.Pool would start another worker and wait for the lost chunk forever.
    delivered: list[int] = []
    chunks = (Chunk("s", start=number, blob=b"") for number in range(20))
    started = time.monotonic()
    with pytest.raises(WorkerError, match="a worker process died"):
        run_chunks(chunks, DiesOnChunk(7), 2, lambda r: delivered.append(int(r.pieces[0])))
    assert time.monotonic() - started < 60
    assert delivered == list(range(len(delivered)))  # what came out came in order
    assert 7 not in delivered


class Frozen:
    """A job that says how many objects the cyclic collector leaves alone (gc.freeze)."""

    def __call__(self, chunk: Chunk) -> ChunkResult:
        frozen = str(gc.get_freeze_count()).encode()
        return ChunkResult(chunk.source, 1, [frozen], [], Report(), 1)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_objects_alive_before_a_run_are_frozen_during_it_only(workers: int) -> None:
    assert gc.get_freeze_count() == 0
    seen: list[int] = []
    chunks = (Chunk("s", start=number, blob=b"") for number in range(3))
    run_chunks(chunks, Frozen(), workers, lambda result: seen.append(int(result.pieces[0])))
    assert min(seen) > 0  # in this process, or in each worker
    assert gc.get_freeze_count() == 0  # unfrozen after an in-process run


def test_a_run_leaves_the_objects_its_caller_froze_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        chunks = (Chunk("s", start=number, blob=b"") for number in range(2))
        run_chunks(chunks, Frozen(), 1, lambda result: None)
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
