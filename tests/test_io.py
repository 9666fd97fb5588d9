"""Readers and writers: ranges partition a file exactly; outputs appear only when complete."""

from __future__ import annotations

import gzip
import io
import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean.errors import InputError
from newsclean.io import (
    AtomicOutput,
    Source,
    plan_ranges,
    plan_tapering_ranges,
    read_blobs,
    read_documents,
    read_range,
)

LINES = st.lists(
    st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"")), min_size=0, max_size=40
)


@given(lines=LINES, chunk=st.integers(1, 64), final_newline=st.booleans())
def test_ranges_yield_every_line_once_in_order(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes], chunk: int, final_newline: bool
) -> None:
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    path = tmp_path_factory.mktemp("r") / "f.jsonl"
    path.write_bytes(data)
    got = [
        item
        for start, end in plan_ranges(len(data), chunk)
        for item in read_range(path, start, end)
    ]
    body = data.removeprefix(b"\xef\xbb\xbf")  # a BOM at the start of the file is dropped
    expected_lines = body.split(b"\n") if body else []
    if expected_lines and expected_lines[-1] == b"":
        expected_lines.pop()
    assert [line for _, line in got] == [line.removesuffix(b"\r") for line in expected_lines]
    for offset, line in got:
        assert data[offset : offset + len(line)] == line


@given(lines=LINES, chunk=st.integers(1, 64))
def test_blobs_are_whole_lines(lines: list[bytes], chunk: int) -> None:
    data = b"".join(line + b"\n" for line in lines)
    blobs = list(read_blobs(io.BytesIO(data), chunk))
    assert b"".join(blob for _, blob in blobs) == data.removeprefix(b"\xef\xbb\xbf")
    for offset, blob in blobs:
        assert blob.endswith(b"\n")
        assert data[offset : offset + len(blob)] == blob


@given(
    parts=st.lists(
        st.binary(max_size=20).map(lambda b: b.replace(b"\f", b"")), min_size=1, max_size=20
    ),
    chunk=st.integers(1, 32),
)
def test_documents_split_on_the_delimiter(parts: list[bytes], chunk: int) -> None:
    data = b"\f".join(parts)
    docs = list(read_documents(io.BytesIO(data), b"\f", chunk))
    expected = parts if parts[-1] else parts[:-1]
    if data.startswith(b"\xef\xbb\xbf"):
        return  # a BOM at the start is dropped; covered below
    assert [doc for _, doc in docs] == expected
    for offset, doc in docs:
        assert data[offset : offset + len(doc)] == doc


def test_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "a"}\n{"text": "b"}\n')
    assert list(read_range(path, 0, path.stat().st_size)) == [
        (3, b'{"text": "a"}'),
        (17, b'{"text": "b"}'),
    ]
    assert next(read_blobs(io.BytesIO(path.read_bytes())))[0] == 3


def test_source_sniffs_compression_and_kind(tmp_path: Path) -> None:
    (tmp_path / "a.data").write_bytes(gzip.compress(b'  {"text": "x"}\n'))
    (tmp_path / "b.data").write_bytes(b"Ein Text.\n")
    (tmp_path / "c.txt").write_bytes(b'{"text": "x"}\n')
    gz = Source.open(str(tmp_path / "a.data"))
    assert (gz.compression, gz.kind(), gz.seekable) == ("gzip", "jsonl", False)
    assert Source.open(str(tmp_path / "b.data")).kind() == "text"
    assert Source.open(str(tmp_path / "c.txt")).kind() == "text"  # the name wins
    stdin = Source.open("-", io.BytesIO(gzip.compress(b'{"text": "x"}\n')))
    assert stdin.kind() == "jsonl"
    assert stdin.stream().read() == b'{"text": "x"}\n'  # sniffing lost nothing
    with pytest.raises(InputError, match="is a directory"):
        Source.open(str(tmp_path))


def test_atomic_output_appears_only_on_commit(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    out = AtomicOutput(str(target))
    out.write(b"half")
    assert not target.exists()
    out.discard()
    assert list(tmp_path.iterdir()) == []
    with AtomicOutput(str(target)) as out:
        out.write(b"whole\n")
    assert target.read_bytes() == b"whole\n"
    out = AtomicOutput(str(target))
    out.write(b"new but broken")
    out.__exit__(RuntimeError, RuntimeError(), None)  # leaving a with block by an error
    assert target.read_bytes() == b"whole\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


@pytest.mark.parametrize(("size", "workers"), [(0, 1), (1, 2), (999, 3), (20_000_000, 2)])
def test_tapering_ranges_cover_every_byte_once_and_shrink(size: int, workers: int) -> None:
    ranges = plan_tapering_ranges(size, workers)
    covered = [offset for start, end in ranges for offset in (start, end)]
    assert covered == sorted(covered)  # in order, without gaps or overlaps:
    assert [start for start, _ in ranges[1:]] == [end for _, end in ranges[:-1]]
    assert (ranges[0][0], ranges[-1][1]) == (0, size) if size else ranges == []
    lengths = [end - start for start, end in ranges[:-1]]  # the last one is what is left
    assert all(a >= b for a, b in itertools.pairwise(lengths))
    assert all(64 * 1024 <= length <= 4 * 1024 * 1024 for length in lengths)
