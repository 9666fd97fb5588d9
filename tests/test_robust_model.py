"""Hostile model files: loading never executes code, never allocates what a header claims,
and every bad file is one ModelError (one line from the CLI), never a traceback.

tests/test_model.py covers the format's own checks (magic, version, hash, checksum,
announced sizes); this file attacks them: every truncation and every flipped byte, crafted
headers with valid checksums (nested JSON, absurd sizes), a pickle with a payload, foreign
files of every kind, and a huge file passed by mistake.
"""

from __future__ import annotations

import gzip
import io
import json
import pickle
import struct
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
import xxhash

from newsclean import BoilerplateModel, ModelError, learn
from newsclean.cli import main

from .test_corpus import STORIES, site_pages

MB = 1 << 20


@pytest.fixture(scope="module")
def model_bytes() -> bytes:
    other = [(f"{STORIES[i][2]}\nAlle Rechte vorbehalten.", f"s{i}.example") for i in range(6)]
    return learn([*site_pages(), *other]).to_bytes()


def _header(data: bytes) -> dict[str, object]:
    _, _, size = struct.unpack_from("<8sII", data)
    header: dict[str, object] = json.loads(data[16 : 16 + size])
    return header


def _with_header(data: bytes, head: bytes, *, declared: int | None = None) -> bytes:
    """``data`` with another header (length field ``declared`` or the true one), resealed."""
    _, version, size = struct.unpack_from("<8sII", data)
    length = len(head) if declared is None else declared
    body = data[:8] + struct.pack("<II", version, length) + head + data[16 + size : -8]
    return body + struct.pack("<Q", xxhash.xxh3_64_intdigest(body))


def _tables(data: bytes, **change: object) -> bytes:
    header = _header(data)
    tables = [dict(table) for table in header["tables"]]  # type: ignore[attr-defined]
    tables[-1].update(change)
    return _with_header(data, json.dumps({**header, "tables": tables}).encode())


def test_every_truncation_is_refused(model_bytes: bytes) -> None:
    for cut in range(len(model_bytes)):
        with pytest.raises(ModelError):
            BoilerplateModel.from_bytes(model_bytes[:cut])


def test_every_flipped_byte_is_refused(model_bytes: bytes) -> None:
    for position in range(len(model_bytes)):
        broken = bytearray(model_bytes)
        broken[position] ^= 0x20
        with pytest.raises(ModelError):
            BoilerplateModel.from_bytes(bytes(broken))


#: Crafted files that pass the checksum: name -> (make from a good file, message).
CRAFTED: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "nested JSON array": (
        lambda d: _with_header(d, b"[" * 100_000 + b"]" * 100_000),
        "corrupt header",
    ),
    "nested JSON object": (
        lambda d: _with_header(d, b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
        "corrupt header",
    ),
    "header not JSON": (lambda d: _with_header(d, b"\xff\xfe{"), "corrupt header"),
    "header length 4 GiB": (
        lambda d: _with_header(d, b"{}", declared=2**32 - 1),
        "header is longer",
    ),
    "2**60 keys": (lambda d: _tables(d, keys=2**60), "truncated"),
    "2**62 sample bytes": (lambda d: _tables(d, sample_bytes=2**62), "truncated"),
    "negative keys": (lambda d: _tables(d, keys=-1), "bad sizes"),
    "keys as a string": (lambda d: _tables(d, keys="10"), "bad sizes"),
    "site as a number": (lambda d: _tables(d, site=7), "bad site name"),
    "second table without site": (lambda d: _tables(d, site=None), "bad site name"),
}


@pytest.mark.parametrize("case", sorted(CRAFTED))
def test_crafted_headers_are_refused_without_allocating(model_bytes: bytes, case: str) -> None:
    make, message = CRAFTED[case]
    data = make(model_bytes)
    tracemalloc.start()
    try:
        with pytest.raises(ModelError, match=message):
            BoilerplateModel.from_bytes(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Parsing the (at most 500 kB) header is all it may cost: never what the sizes claim.
    assert peak < 16 * MB, f"{peak / MB:.0f} MB allocated for a {len(data)}-byte file"


def test_a_pickle_is_refused_and_never_run(tmp_path: Path, model_bytes: bytes) -> None:
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str, str]]:
            return (Path.write_text, (marker, "code ran"))  # type: ignore[return-value]

    evil = tmp_path / "model.ncm"
    evil.write_bytes(pickle.dumps(Payload()))
    with pytest.raises(ModelError, match="wrong magic"):
        BoilerplateModel.load(evil)
    # A pickle behind the right magic bytes is refused too.
    evil.write_bytes(model_bytes[:8] + pickle.dumps(Payload()))
    with pytest.raises(ModelError):
        BoilerplateModel.load(evil)
    assert not marker.exists()


def test_a_huge_file_passed_by_mistake_is_not_read_into_memory(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    with dump.open("wb") as f:
        f.truncate(256 * MB)  # sparse: no disk space, but reading it would take 256 MB
    tracemalloc.start()
    try:
        with pytest.raises(ModelError, match="wrong magic"):
            BoilerplateModel.load(dump)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MB


def _foreign(model_bytes: bytes) -> dict[str, bytes]:
    return {
        "empty": b"",
        "magic only": model_bytes[:8],
        "half a model": model_bytes[: len(model_bytes) // 2],
        "gzipped model": gzip.compress(model_bytes),
        "JSONL dump": b'{"text": "Impressum"}\n' * 10,
        "text": b"Impressum\nDatenschutz\n",
        "PNG": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "zeros": bytes(4096),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "empty",
        "magic only",
        "half a model",
        "gzipped model",
        "JSONL dump",
        "text",
        "PNG",
        "zeros",
        "directory",
        "missing",
    ],
)
@pytest.mark.parametrize("command", ["clean", "model show"])
def test_bad_model_files_are_one_line_errors_in_the_cli(
    tmp_path: Path, model_bytes: bytes, kind: str, command: str
) -> None:
    path = tmp_path / "model.ncm"
    if kind == "directory":
        path.mkdir()
    elif kind != "missing":
        path.write_bytes(_foreign(model_bytes)[kind])
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"text": "Ein Satz.\\nTeilen"}\n')
    out = tmp_path / "out.jsonl"
    argv = ["clean", "--model", str(path), str(source), "-o", str(out)]
    if command == "model show":
        argv = ["model", "show", str(path)]
    err = io.StringIO()
    code = main(argv, stdin=io.BytesIO(), stdout=io.BytesIO(), stderr=err)
    lines = err.getvalue().strip().splitlines()
    assert code == 1
    assert len(lines) == 1, err.getvalue()
    assert lines[0].startswith("newsclean: ")
    assert "model" in lines[0]
    assert not out.exists()


def test_the_good_model_loads_from_the_cli(tmp_path: Path, model_bytes: bytes) -> None:
    # The counterpart of the test above: the same commands succeed with an intact file.
    path = tmp_path / "model.ncm"
    path.write_bytes(model_bytes)
    out = io.BytesIO()
    code = main(["model", "show", str(path)], stdout=out, stderr=io.StringIO())
    assert code == 0
    assert b"rundschau.example" in out.getvalue()
