"""Run record work over inputs on a process pool: in order, bounded, nothing lost.

The unit of work is a *chunk* of a few megabytes of input:

* an uncompressed file is cut into byte ranges (:func:`newsclean.io.plan_tapering_ranges`:
  smaller toward the end, so the workers finish together), and each
  worker reads its own range from disk: the parent sends a path and two offsets, not the
  data, so it never becomes the bottleneck (measured: 1.80x on 2 cores on a 100 MB
  dump, see docs/benchmarks.md; feeding records through ``Pool.imap`` reached 1.5x);
* stdin and compressed files are read by the parent in blobs of whole lines;
* plain-text documents (whole files or parts between a delimiter) are batched.

At most ``2 * workers`` chunks are in flight, and results are taken in submission order,
so memory stays bounded whatever the input size and the output keeps the input's order.
A worker returns the chunk's output bytes, its rejects and its counts; the parent writes
them and merges the counts.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from .config import Config
from .errors import WorkerError
from .io import (
    DEFAULT_CHUNK_BYTES,
    Source,
    iter_lines,
    plan_ranges,
    plan_tapering_ranges,
    read_blobs,
    read_documents,
)
from .io import read_range as _read_range
from .pipeline import Pipeline
from .records import (
    CleanedRecord,
    Position,
    RecordFormat,
    Reject,
    clean_record,
    dump_json,
    parse_document,
)
from .report import Report

__all__ = [
    "Chunk",
    "ChunkResult",
    "CleanJob",
    "LearnJob",
    "SampleJob",
    "chunks_of",
    "default_workers",
    "run_chunks",
]

OutputFormat = Literal["jsonl", "text"]


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Chunk(NamedTuple):
    """One unit of work. Exactly one of ``path`` (a byte range to read), ``blob`` (JSONL
    lines read by the parent) or ``docs`` (plain-text documents) is set.

    Attributes:
        source: the input's name, for positions.
        path: the file to read ``[start, end)`` of.
        start: first byte of the range, or the offset of ``blob``.
        end: end of the range.
        blob: JSONL lines read by the parent.
        docs: ``(offset, document)`` pairs of plain text.
        progress: input bytes (as stored on disk) this chunk accounts for.
    """

    source: str
    path: str | None = None
    start: int = 0
    end: int = 0
    blob: bytes | None = None
    docs: tuple[tuple[int, bytes], ...] | None = None
    progress: int = 0

    def records(self) -> Iterator[tuple[int, int, bytes]]:
        """``(index in chunk, offset, raw)`` for every line or document of the chunk.

        Blank JSONL lines are yielded too (they take a line number); callers skip them.
        """
        if self.docs is not None:
            for index, (offset, doc) in enumerate(self.docs):
                yield index, offset, doc
            return
        lines = (
            _read_range(self.path, self.start, self.end)
            if self.path is not None
            else iter_lines(self.blob or b"", self.start)
        )
        for index, (offset, line) in enumerate(lines):
            yield index, offset, line


class ChunkResult(NamedTuple):
    """What a worker returns for one chunk.

    Attributes:
        source: the input's name.
        spans: index positions the chunk covered (so the parent can number the next one).
        pieces: the output of each cleaned record, in order (a JSON line or a text).
        rejects: the rejected records; their ``position.index`` is relative to the chunk.
        report: the chunk's counts.
        progress: input bytes the chunk accounts for.
        extra: mode-specific data (the line counts of ``learn``).
        cpu: ``(process id, CPU seconds)`` the chunk took in its worker, set by
            :func:`run_chunks` (to see how evenly work spreads).
    """

    source: str
    spans: int
    pieces: list[bytes]
    rejects: list[Reject]
    report: Report
    progress: int
    extra: Any = None
    cpu: tuple[int, float] = (0, 0.0)


@dataclass(frozen=True)
class CleanJob:
    """Everything a worker needs to clean chunks; pickled once per worker.

    Attributes:
        pipeline: the filters (with the corpus model first, if any).
        fmt: field names and limits.
        output: ``"jsonl"`` (records) or ``"text"`` (cleaned texts only).
    """

    pipeline: Pipeline
    fmt: RecordFormat
    output: OutputFormat = "jsonl"

    def __call__(self, chunk: Chunk) -> ChunkResult:
        """Clean every record of ``chunk``."""
        report = Report()
        pieces: list[bytes] = []
        rejects: list[Reject] = []
        spans = 0
        jsonl = chunk.docs is None
        for index, offset, raw in chunk.records():
            spans = index + 1
            if jsonl and (not raw or raw.isspace()):
                continue  # a blank line is no record (as in most JSONL readers)
            report.bytes_in += len(raw)
            # The report counts removals by filter; it never reads their reasons.
            result = clean_record(
                raw, self.pipeline, self.fmt, Position(chunk.source, index, offset), details=False
            )
            if isinstance(result, Reject):
                report.reject(result.reason)
                rejects.append(result)
                continue
            report.add(result.cleaned)
            if result.encoding != "utf-8":
                report.reencoded += 1
            pieces.append(self._render(result, chunk.source))
        return ChunkResult(chunk.source, spans, pieces, rejects, report, chunk.progress)

    def _render(self, result: CleanedRecord, source: str) -> bytes:
        if self.output == "text":
            return result.cleaned.text.encode("utf-8", "surrogatepass")
        if result.record is not None:
            return result.to_json()
        return dump_json(
            {
                "source": source,
                "index": result.position.index,
                self.fmt.text_field: result.cleaned.text,
            }
        )


def chunks_of(
    source: Source,
    kind: Literal["jsonl", "text"],
    *,
    workers: int,
    delimiter: bytes | None = None,
    chunk_bytes: int | None = None,
) -> Iterator[Chunk]:
    """Cut one input into chunks, lazily (a stream is read as the chunks are taken)."""
    if kind == "jsonl" and source.seekable:
        size = source.size or 0
        # Several chunks per worker even for small files, so both cores get work, and
        # smaller ones toward the end, so they finish together.
        ranges = (
            plan_ranges(size, chunk_bytes) if chunk_bytes else plan_tapering_ranges(size, workers)
        )
        for start, end in ranges:
            yield Chunk(source.name, path=source.name, start=start, end=end, progress=end - start)
        return
    stream, raw_pos = source.open_counted()
    try:
        done = 0
        if kind == "jsonl":
            for offset, blob in read_blobs(stream, chunk_bytes or DEFAULT_CHUNK_BYTES):
                now = raw_pos() if raw_pos is not None else offset + len(blob)
                yield Chunk(source.name, start=offset, blob=blob, progress=now - done)
                done = now
            return
        batch: list[tuple[int, bytes]] = []
        size = 0
        limit = chunk_bytes or DEFAULT_CHUNK_BYTES
        for offset, doc in read_documents(stream, delimiter, limit):
            batch.append((offset, doc))
            size += len(doc)
            if size >= limit:
                now = raw_pos() if raw_pos is not None else offset + len(doc)
                yield Chunk(source.name, docs=tuple(batch), progress=now - done)
                done, batch, size = now, [], 0
        end = source.size if source.size is not None else done + size
        if batch or done == 0:
            yield Chunk(source.name, docs=tuple(batch), progress=max(0, end - done))
    finally:
        if source.name != "-":
            stream.close()


_WORKER_JOB: Callable[[Chunk], ChunkResult] | None = None


def _init_worker(job: Callable[[Chunk], ChunkResult]) -> None:
    global _WORKER_JOB  # noqa: PLW0603  # the per-process job, set once by the pool initializer
    _WORKER_JOB = job
    # The job (its pipeline, the language data) lives as long as the worker: out of the
    # cyclic collector's sight, as are the objects the worker started with (see run_chunks).
    gc.freeze()


def _work(chunk: Chunk) -> ChunkResult:
    assert _WORKER_JOB is not None
    return _timed(_WORKER_JOB, chunk)


def _timed(job: Callable[[Chunk], ChunkResult], chunk: Chunk) -> ChunkResult:
    start = time.process_time()
    result = job(chunk)
    return result._replace(cpu=(os.getpid(), time.process_time() - start))


def run_chunks(
    chunks: Iterable[Chunk],
    job: Callable[[Chunk], ChunkResult],
    workers: int,
    on_result: Callable[[ChunkResult], None],
) -> None:
    """Run ``job`` on every chunk and hand each result to ``on_result`` in input order.

    With ``workers <= 1`` everything runs in this process. Otherwise a pool of ``workers``
    processes gets the job once (pickled), and at most ``2 * workers`` chunks are in flight.
    """
    if workers <= 1:
        # The objects alive now (the job's pipeline, the language data, the modules) outlive
        # the run: the cyclic collector's full passes, which documents' objects set off
        # now and then, need not walk them again each time (measured: ~4% of the CPU time of
        # `newsclean clean -w 1` on the dump pages). Unfrozen after the run, unless the
        # caller had frozen objects of its own (gc.unfreeze would thaw those too).
        thawed = gc.get_freeze_count() == 0
        gc.freeze()
        try:
            for chunk in chunks:
                on_result(_timed(job, chunk))
        finally:
            if thawed:
                gc.unfreeze()
        return
    # concurrent.futures rather than multiprocessing.Pool: when a worker dies (killed, out
    # of memory, a crash in an extension module), the Pool starts another one and waits for
    # the lost chunk forever; the executor reports it, and the run stops with an error.
    context = multiprocessing.get_context()
    executor = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(job,)
    )
    try:
        with executor as pool:
            window: deque[Future[ChunkResult]] = deque()
            for chunk in chunks:
                window.append(pool.submit(_work, chunk))
                if len(window) >= 2 * workers:
                    on_result(window.popleft().result())
            while window:
                on_result(window.popleft().result())
    except BrokenProcessPool as exc:
        raise WorkerError(
            "a worker process died before it finished its part of the input "
            "(killed, out of memory, or a crash in an extension module); "
            "no output was completed"
        ) from exc


def _documents(
    chunk: Chunk, fmt: RecordFormat
) -> tuple[list[tuple[str, str | None]], list[Reject], Report, int]:
    """The ``(text, site)`` pairs of a chunk's usable records, its rejects, counts, spans."""
    report = Report()
    rejects: list[Reject] = []
    pairs: list[tuple[str, str | None]] = []
    spans = 0
    jsonl = chunk.docs is None
    for index, offset, raw in chunk.records():
        spans = index + 1
        if jsonl and (not raw or raw.isspace()):
            continue
        report.bytes_in += len(raw)
        parsed = parse_document(raw, fmt, Position(chunk.source, index, offset))
        if isinstance(parsed, Reject):
            report.reject(parsed.reason)
            rejects.append(parsed)
            continue
        text, site, encoding = parsed
        report.documents += 1
        report.reencoded += encoding != "utf-8"
        pairs.append((text, site))
    return pairs, rejects, report, spans


@dataclass(frozen=True)
class LearnJob:
    """Count lines per site for a corpus model; one ``LineCounts`` per chunk, merged by the
    parent (counting is additive, so the order of merging does not matter).

    Attributes:
        fmt: field names and limits.
        config: settings; texts are prepared exactly as cleaning prepares them.
    """

    fmt: RecordFormat
    config: Config

    def __call__(self, chunk: Chunk) -> ChunkResult:
        """Count the lines of every record of ``chunk``."""
        corpus = importlib.import_module("newsclean.corpus")
        pairs, rejects, report, spans = _documents(chunk, self.fmt)
        counts = corpus.count(pairs, config=self.config)
        return ChunkResult(chunk.source, spans, [], rejects, report, chunk.progress, counts)


@dataclass(frozen=True)
class SampleJob:
    """Find one sample text per learned line in a chunk, and where the learned lines
    stand on its pages (the second pass of ``learn``), for
    ``BoilerplateModel.with_samples``; results combine in any order.

    Attributes:
        fmt: field names and limits.
        config: settings, as for counting.
        model: the thresholded model whose lines need samples.
    """

    fmt: RecordFormat
    config: Config
    model: Any

    def __call__(self, chunk: Chunk) -> ChunkResult:
        """Collect samples from every record of ``chunk``."""
        pairs, _, report, spans = _documents(chunk, self.fmt)
        found = self.model.find_samples(pairs, self.config)
        return ChunkResult(chunk.source, spans, [], [], report, chunk.progress, found)
