"""Streaming readers and writers for the CLI; no cleaning logic lives here.

* :class:`Source` names one input (a file or ``-`` for stdin), sniffs its compression
  (gzip, zstd, none: by magic bytes, not by name) and its kind (JSONL or plain text).
* :func:`read_range` reads the JSONL lines that *start* in a byte range of an uncompressed
  file, so worker processes can each read their own share of one file
  (:func:`plan_ranges` cuts the file; no line is read twice or lost).
* :func:`read_blobs` cuts a stream into blobs of whole lines, for inputs that cannot be
  seeked into (stdin, compressed files).
* :func:`read_documents` yields plain-text documents: a whole file, or the parts between
  a delimiter.
* :class:`AtomicOutput` writes to a temporary file beside the target and renames it into
  place only on :meth:`~AtomicOutput.commit`, so an interrupted run never leaves a file that
  looks complete; ``.gz`` and ``.zst`` targets are compressed.

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "dump.jsonl")
>>> with open(path, "wb") as f:
...     _ = f.write(b'{"text": "a"}\\n{"text": "bb"}\\n{"text": "ccc"}\\n')
>>> plan_ranges(os.path.getsize(path), 20)
[(0, 20), (20, 40), (40, 45)]
>>> [list(read_range(path, start, end)) for start, end in plan_ranges(45, 20)]
[[(0, b'{"text": "a"}'), (14, b'{"text": "bb"}')], [(29, b'{"text": "ccc"}')], []]
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal

from .errors import InputError

__all__ = [
    "DEFAULT_CHUNK_BYTES",
    "AtomicOutput",
    "Source",
    "iter_lines",
    "plan_ranges",
    "read_blobs",
    "read_documents",
    "read_range",
]

#: Bytes of input per unit of work: large enough that per-chunk overhead (pickling,
#: scheduling) is small, small enough that a few chunks per worker keep memory bounded.
DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024

Compression = Literal["gzip", "zstd"] | None
Kind = Literal["jsonl", "text"]

_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_BOM = b"\xef\xbb\xbf"
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonlines")
_COMPRESSED_SUFFIXES = (".gz", ".zst", ".zstd")


def _zstandard() -> Any:
    try:
        import zstandard  # noqa: PLC0415  # optional: only .zst input and output need it
    except ImportError:
        raise InputError(
            "reading or writing .zst needs the zstandard package: pip install 'newsclean[zstd]'"
        ) from None
    return zstandard


@dataclass
class Source:
    """One input: a file path or ``-`` (stdin).

    Attributes:
        name: the name as given (``-`` for stdin).
        compression: ``"gzip"``, ``"zstd"`` or ``None``, sniffed from the first bytes.
        size: the size of the file on disk (compressed), or ``None`` for stdin.
    """

    name: str
    compression: Compression = None
    size: int | None = None
    _stdin: BinaryIO | None = None
    _stdin_stream: BinaryIO | None = None

    @classmethod
    def open(cls, name: str, stdin: BinaryIO | None = None) -> Source:
        """Check that ``name`` can be read and sniff its compression.

        Raises:
            InputError: the file is missing, a directory, or unreadable.
        """
        if name == "-":
            stream: Any = stdin if stdin is not None else sys.stdin.buffer
            if not hasattr(stream, "peek"):  # sniffing must not consume bytes
                stream = io.BufferedReader(stream)
            head = stream.peek(4)[:4]
            return cls(name, _sniff_compression(head), None, stream)
        path = Path(name)
        try:
            with path.open("rb") as f:
                head = f.read(4)
            size = path.stat().st_size
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory") from None
        except OSError as exc:
            raise InputError(f"{name}: {exc.strerror or exc}") from None
        return cls(name, _sniff_compression(head), size)

    @property
    def seekable(self) -> bool:
        """Whether workers can read byte ranges of this input themselves."""
        return self._stdin is None and self.compression is None

    def kind(self) -> Kind:
        """``"jsonl"`` or ``"text"``: by the name, else by the first non-blank byte."""
        name = self.name.lower()
        for suffix in _COMPRESSED_SUFFIXES:
            name = name.removesuffix(suffix)
        if name.endswith(_JSONL_SUFFIXES):
            return "jsonl"
        if name.endswith(".txt"):
            return "text"
        stream = self.stream()
        try:
            head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
        finally:
            if self._stdin is None:  # stdin's stream is shared: the run reads it next
                stream.close()
        return "jsonl" if head.removeprefix(_BOM).lstrip()[:1] == b"{" else "text"

    def stream(self) -> BinaryIO:
        """A binary stream of the decompressed content.

        For stdin this is one shared stream (sniffing the kind must not lose bytes), and
        closing it leaves stdin open.
        """
        return self.open_counted()[0]

    def open_counted(self) -> tuple[BinaryIO, Callable[[], int] | None]:
        """:meth:`stream`, and a function telling how many bytes of the file on disk
        (compressed, if it is) have been read; ``None`` for stdin."""
        if self._stdin is not None:
            if self._stdin_stream is None:
                self._stdin_stream = self._decompress(_Unclosable(self._stdin))  # type: ignore[arg-type]
            return self._stdin_stream, None
        raw = open(self.name, "rb")  # noqa: SIM115  # the caller closes the stream over it
        return self._decompress(raw), raw.tell

    def _decompress(self, raw: BinaryIO) -> BinaryIO:
        if self.compression is None:
            return raw
        return io.BufferedReader(_Decompressed(self.name, raw, self.compression))


class _Decompressed(io.RawIOBase):
    """Decompress gzip or zstd; a truncated or corrupt stream raises :class:`InputError`.

    gzip raises a bare ``EOFError`` for a cut-off file, and zstandard's stream reader ends
    silently inside a cut-off frame, so a partial dump would clean "successfully" and its
    output would look complete. Closing this closes the file it reads from.
    """

    # zstd input is fed this many bytes at a time: one call's output is bounded by the
    # format's largest ratio (an RLE block: 128 KiB from 4 bytes) times this, i.e. 128 MiB.
    _ZSTD_FEED = 4096

    def __init__(self, name: str, raw: BinaryIO, compression: str) -> None:
        self._name = name
        self._raw = raw
        self._gzip: gzip.GzipFile | None = None
        if compression == "gzip":
            self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
            return
        zstandard = _zstandard()
        self._dctx = zstandard.ZstdDecompressor()
        self._frame = self._dctx.decompressobj()
        self._in_frame = False
        self._pending = memoryview(b"")
        self._errors: tuple[type[Exception], ...] = (zstandard.ZstdError,)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            if self._gzip is not None:
                return self._gzip.readinto(buffer)
            return self._zstd_readinto(buffer)
        except EOFError:
            raise InputError(f"{self._name}: truncated: the compressed data ends early") from None
        except (gzip.BadGzipFile, zlib.error) as exc:
            raise InputError(f"{self._name}: corrupt gzip data: {exc}") from None
        except Exception as exc:
            if isinstance(exc, self._errors):
                raise InputError(f"{self._name}: corrupt zstd data: {exc}") from None
            raise

    def _zstd_readinto(self, buffer: Any) -> int:
        while not self._pending:
            data = self._raw.read(self._ZSTD_FEED)
            if not data:
                if self._in_frame:
                    raise EOFError
                return 0
            self._pending = memoryview(self._zstd_feed(data))
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _zstd_feed(self, data: bytes) -> bytes:
        out = []
        while data:
            self._in_frame = True
            out.append(self._frame.decompress(data))
            if not self._frame.eof:
                break
            data = self._frame.unused_data  # the next frame (zstd files may hold several)
            self._frame = self._dctx.decompressobj()
            self._in_frame = False
        return b"".join(out)

    def close(self) -> None:
        try:
            if self._gzip is not None:
                self._gzip.close()
        finally:
            self._raw.close()
            super().close()


class _Unclosable(io.BufferedIOBase):
    """Wrap stdin so that closing the wrapper leaves stdin open."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def read(self, size: int | None = -1) -> bytes:
        return self._stream.read(-1 if size is None else size)

    def read1(self, size: int = -1) -> bytes:
        return self._stream.read1(size) if hasattr(self._stream, "read1") else self.read(size)

    def readline(self, size: int | None = -1) -> bytes:
        return self._stream.readline(-1 if size is None else size)

    def peek(self, size: int = 0) -> bytes:
        return self._stream.peek(size)  # type: ignore[attr-defined,no-any-return]

    def readable(self) -> bool:
        return True


def _sniff_compression(head: bytes) -> Compression:
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    if head.startswith(_ZSTD_MAGIC):
        return "zstd"
    return None


def plan_ranges(size: int, chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> list[tuple[int, int]]:
    """Cut ``size`` bytes into consecutive ``(start, end)`` ranges of ``chunk_bytes``."""
    if chunk_bytes < 1:
        raise ValueError("chunk_bytes must be >= 1")
    return [(start, min(start + chunk_bytes, size)) for start in range(0, size, chunk_bytes)]


def plan_tapering_ranges(
    size: int,
    workers: int,
    *,
    largest: int = DEFAULT_CHUNK_BYTES,
    smallest: int = 64 * 1024,
) -> list[tuple[int, int]]:
    """Cut ``size`` bytes into consecutive ranges that shrink toward the end.

    Each range is a quarter of what is left per worker (between ``smallest`` and
    ``largest``): few ranges in all, and small ones at the end, so the workers finish
    together instead of one waiting for the other's last large range.

    >>> [end - start for start, end in plan_tapering_ranges(1000, 2, largest=200, smallest=50)]
    [125, 109, 95, 83, 73, 64, 56, 50, 50, 50, 50, 50, 50, 50, 45]
    """
    if workers < 1 or smallest < 1 or largest < smallest:
        raise ValueError("workers and smallest must be >= 1, largest >= smallest")
    ranges: list[tuple[int, int]] = []
    start = 0
    while start < size:
        step = min(largest, max(smallest, (size - start) // (workers * 4)))
        end = min(start + step, size)
        ranges.append((start, end))
        start = end
    return ranges


def read_range(path: str | os.PathLike[str], start: int, end: int) -> Iterator[tuple[int, bytes]]:
    """Yield ``(offset, line)`` for every line of ``path`` whose first byte is in
    ``[start, end)``, without its line break.

    A line belongs to the range its first byte falls in, so consecutive ranges together
    yield every line exactly once. A UTF-8 byte-order mark at the start of the file is
    dropped; a final line without a line break is yielded too.
    """
    with open(path, "rb") as f:
        if start > 0:
            f.seek(start - 1)
            # Skip the line that started before the range, reading at most the range: a
            # line longer than the range has no line break in it, and reading each long line
            # to its end once per range it spans was quadratic in the line's length.
            skipped = f.readline(end - start + 1)
            if not skipped.endswith(b"\n"):
                return
        pos = f.tell()
        if pos >= end:
            return
        data = f.read(end - pos)
        if data and not data.endswith(b"\n"):
            data += f.readline()  # finish the line that starts inside the range
    if pos == 0 and data.startswith(_BOM):
        data, pos = data[len(_BOM) :], len(_BOM)
    yield from iter_lines(data, pos)


def iter_lines(data: bytes, offset: int = 0) -> Iterator[tuple[int, bytes]]:
    r"""Yield ``(offset, line)`` for each line of a blob (``\n`` or ``\r\n`` breaks).

    >>> list(iter_lines(b"a\r\nbb\n\nc", 10))
    [(10, b'a'), (13, b'bb'), (16, b''), (17, b'c')]
    """
    if not data:
        return
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    for line in lines:
        yield offset, line.removesuffix(b"\r")
        offset += len(line) + 1


def read_blobs(
    stream: IO[bytes], chunk_bytes: int = DEFAULT_CHUNK_BYTES
) -> Iterator[tuple[int, bytes]]:
    """Yield ``(offset, blob)``: the stream cut into blobs of whole lines.

    Each blob holds about ``chunk_bytes`` bytes and ends after a line break (or at the end
    of the stream). A UTF-8 byte-order mark at the start is dropped.
    """
    offset = 0
    first = True
    while True:
        blob = stream.read(chunk_bytes)
        if not blob:
            return
        if not blob.endswith(b"\n"):
            blob += stream.readline()
        if first and blob.startswith(_BOM):
            blob, offset = blob[len(_BOM) :], len(_BOM)
        first = False
        yield offset, blob
        offset += len(blob)


def read_documents(
    stream: IO[bytes], delimiter: bytes | None = None, chunk_bytes: int = DEFAULT_CHUNK_BYTES
) -> Iterator[tuple[int, bytes]]:
    """Yield ``(offset, document)`` for plain text: the whole stream, or its parts between
    ``delimiter``.

    With a delimiter, an empty part after the last delimiter (a file that ends with one)
    is not a document; every other part is, even an empty one.

    >>> list(read_documents(io.BytesIO(b"eins\\f\\fzwei\\f"), b"\\f"))
    [(0, b'eins'), (5, b''), (6, b'zwei')]
    """
    if delimiter is None:
        data = stream.read()
        yield 0, data.removeprefix(_BOM) if data.startswith(_BOM) else data
        return
    if not delimiter:
        raise ValueError("the document delimiter must not be empty")
    carry = b""
    offset = 0
    first = True
    while True:
        data = stream.read(chunk_bytes)
        if first and data.startswith(_BOM):
            data, offset = data[len(_BOM) :], len(_BOM)
        first = False
        if not data:
            if carry:
                yield offset, carry
            return
        parts = (carry + data).split(delimiter)
        carry = parts.pop()
        for part in parts:
            yield offset, part
            offset += len(part) + len(delimiter)


class AtomicOutput:
    """A binary output that appears under its name only once it is complete.

    ``-`` writes to stdout directly. A file name gets a temporary file in the same
    folder, renamed into place by :meth:`commit`; :meth:`discard` (or leaving a ``with``
    block by an exception) removes it. Names ending in ``.gz`` or ``.zst`` are compressed.
    """

    def __init__(self, name: str, stdout: BinaryIO | None = None) -> None:
        self.name = name
        self._tmp: str | None = None
        self._raw: BinaryIO | None = None
        if name == "-":
            self.stream: BinaryIO = stdout if stdout is not None else sys.stdout.buffer
            return
        target = Path(name)
        if target.is_dir():
            raise InputError(f"{name}: is a directory")
        try:
            fd, self._tmp = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".part", dir=target.parent or "."
            )
        except OSError as exc:
            raise InputError(f"{name}: cannot write here: {exc.strerror or exc}") from None
        raw = os.fdopen(fd, "wb")
        self._raw = raw
        lower = name.lower()
        if lower.endswith(".gz"):
            self.stream = gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6)  # type: ignore[assignment]
        elif lower.endswith((".zst", ".zstd")):
            # With a content checksum a reader can tell a corrupt file from a good one.
            compressor = _zstandard().ZstdCompressor(level=3, write_checksum=True)
            self.stream = compressor.stream_writer(raw, closefd=False)
        else:
            self.stream = raw

    def write(self, data: bytes) -> None:
        """Write bytes."""
        self.stream.write(data)

    def commit(self) -> None:
        """Finish the file and move it into place (flush stdout)."""
        if self._tmp is None:
            self.stream.flush()
            return
        if self.stream is not self._raw:
            self.stream.close()  # ends the compressed frame
        assert self._raw is not None
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        mode = 0o666 & ~_umask()
        os.chmod(self._tmp, mode)  # mkstemp made it 0600; give it the mode a new file gets
        os.replace(self._tmp, self.name)
        self._tmp = None

    def discard(self) -> None:
        """Drop what was written (nothing happens for stdout or after commit)."""
        if self._tmp is None:
            return
        try:
            if self.stream is not self._raw:
                self.stream.close()
            if self._raw is not None:
                self._raw.close()
        except OSError:
            pass  # best effort: the file is removed next
        Path(self._tmp).unlink(missing_ok=True)
        self._tmp = None

    def __enter__(self) -> AtomicOutput:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
