"""Bad files: each gives one clear line on stderr and exit 1, or a reject record.

Never a traceback from deep inside, and never an output file that looks complete when the
run failed: the output appears only when every record was read (no ``*.part`` is left).
The cases here are the classes of bad input listed in docs/robustness.md.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

from newsclean.cli import main
from newsclean.errors import InputError
from newsclean.io import Source, read_range

from .robust_timing import assert_linear

TEXT = "Der Gemeinderat hat am Dienstag mit großer Mehrheit für den Ausbau der Stadtbahn gestimmt."


def dump(n: int = 300) -> bytes:
    """``n`` JSONL records of a short article with chrome."""
    return b"".join(
        json.dumps({"id": i, "text": f"{TEXT} ({i})\nTeilen\nFoto: dpa"}).encode() + b"\n"
        for i in range(n)
    )


def run(*argv: str | Path, stdout: io.BytesIO | None = None) -> tuple[int, str]:
    """Run the CLI in this process; return (exit status, stderr)."""
    err = io.StringIO()
    code = main(
        [str(a) for a in argv], stdin=io.BytesIO(b""), stdout=stdout or io.BytesIO(), stderr=err
    )
    return code, err.getvalue()


def assert_one_line_error(code: int, stderr: str, *fragments: str) -> None:
    assert code == 1, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got:\n{stderr}"
    assert lines[0].startswith("newsclean"), lines[0]
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def _zstd(data: bytes) -> bytes:
    return zstandard.ZstdCompressor(write_checksum=True).compress(data)


def _flip(data: bytes, where: float) -> bytes:
    out = bytearray(data)
    out[int(len(out) * where)] ^= 0x55
    return bytes(out)


#: name -> (file name, bytes, what the one-line message must say)
BROKEN_INPUTS: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "truncated gzip": ("in.jsonl.gz", lambda: gzip.compress(dump())[:-200], "truncated"),
    "gzip header only": ("in.jsonl.gz", lambda: b"\x1f\x8b", "truncated"),
    "corrupt gzip": ("in.jsonl.gz", lambda: _flip(gzip.compress(dump()), 0.5), "corrupt gzip"),
    "truncated zstd": ("in.jsonl.zst", lambda: _zstd(dump())[:-200], "truncated"),
    "zstd magic only": ("in.jsonl.zst", lambda: b"\x28\xb5\x2f\xfd", "truncated"),
    "corrupt zstd": ("in.jsonl.zst", lambda: _flip(_zstd(dump()), 0.5), "corrupt zstd"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_INPUTS))
@pytest.mark.parametrize("workers", ["1", "2"])
def test_broken_compressed_input_fails_in_one_line_without_output(
    tmp_path: Path, case: str, workers: str
) -> None:
    name, make, message = BROKEN_INPUTS[case]
    good = tmp_path / "good.jsonl"
    good.write_bytes(dump())
    broken = tmp_path / name
    broken.write_bytes(make())
    out = tmp_path / "out.jsonl"
    # The good file comes first: its records are cleaned before the broken one fails.
    code, stderr = run(
        "clean", "-q", "-w", workers, good, broken, "-o", out, "--rejects", tmp_path / "rej.jsonl"
    )
    assert_one_line_error(code, stderr, str(broken), message)
    assert not out.exists(), "a failed run left an output that looks complete"
    assert not (tmp_path / "rej.jsonl").exists()
    assert leftovers(tmp_path) == []


def test_a_truncated_zstd_stream_raises_instead_of_ending_quietly(tmp_path: Path) -> None:
    # The regression this guards: zstandard's stream reader ends quietly inside a cut-off
    # frame, so half a dump cleaned "successfully". Reading must raise instead.
    path = tmp_path / "cut.jsonl.zst"
    path.write_bytes(_zstd(dump())[:-200])
    stream = Source.open(str(path)).stream()
    with pytest.raises(InputError, match="truncated"):
        stream.read()
    stream.close()


def test_multi_frame_zstd_reads_completely(tmp_path: Path) -> None:
    data = dump()
    half = len(data) // 2
    path = tmp_path / "in.jsonl.zst"
    path.write_bytes(_zstd(data[:half]) + _zstd(data[half:]) + _zstd(b""))
    out = io.BytesIO()
    code, stderr = run("clean", "-q", "-w", "1", path, stdout=out)
    assert code == 0, stderr
    assert out.getvalue().count(b"\n") == 300


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (["clean", "{dir}"], ["is a directory"]),
        (["clean", "{missing}"], ["No such file"]),
        (["clean", "{good}", "-o", "{dir}"], ["is a directory"]),
        # Tests run as root, where a read-only folder is still writable: a path under a
        # regular file cannot be created by anyone.
        (["clean", "{good}", "-o", "{file}/out.jsonl"], ["cannot write here"]),
        (
            ["clean", "{good}", "-o", "{out}", "--rejects", "{file}/rej.jsonl"],
            ["cannot write here"],
        ),
        (["clean", "{good}", "-o", "{good}"], ["overwrite an input"]),
        (["explain", "{dir}"], ["is a directory"]),
    ],
)
def test_unusable_paths_fail_in_one_line(
    tmp_path: Path, argv: list[str], fragments: list[str]
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "good.jsonl").write_bytes(dump(5))
    (tmp_path / "plain").write_text("just a file")
    paths = {
        "dir": tmp_path / "folder",
        "missing": tmp_path / "missing.jsonl",
        "good": tmp_path / "good.jsonl",
        "file": tmp_path / "plain",
        "out": tmp_path / "out.jsonl",
    }
    code, stderr = run(*(arg.format(**paths) for arg in argv))
    assert_one_line_error(code, stderr, *fragments)
    assert not (tmp_path / "out.jsonl").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_read_only_output_folder_fails_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "good.jsonl").write_bytes(dump(5))
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, stderr = run("clean", tmp_path / "good.jsonl", "-o", locked / "out.jsonl")
    finally:
        locked.chmod(0o700)
    assert_one_line_error(code, stderr, "cannot write here")


def test_a_full_disk_on_stdout_fails_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "good.jsonl").write_bytes(dump(50))
    with open("/dev/full", "wb") as full:
        err = io.StringIO()
        code = main(
            ["clean", "-q", "-w", "1", str(tmp_path / "good.jsonl")], stdout=full, stderr=err
        )  # type: ignore[arg-type]
    assert_one_line_error(code, err.getvalue(), "No space left")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"id": 1, "text": "kaputt', "invalid_json"),
        (b"\x00\x00\x00", "invalid_json"),
        (b'["not", "an object"]', "not_object"),
        (b'{"id": 1, "body": "no text field"}', "missing_text"),
        (b'{"id": 1, "text": null}', "text_not_string"),
        ('{"id": 1, "text": "Größe"}'.encode("cp1252"), "undecodable"),
        (b'{"id": 1, "text": "' + b"x" * 5000 + b'"}', "too_large"),
    ],
)
def test_bad_records_become_rejects_and_the_rest_is_kept(
    tmp_path: Path, raw: bytes, reason: str
) -> None:
    good = dump(3).splitlines(keepends=True)
    path = tmp_path / "in.jsonl"
    path.write_bytes(good[0] + raw + b"\n" + good[1] + good[2])
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    code, stderr = run(
        "clean", "-q", "-w", "1", "--max-doc-bytes", "4096", path, "-o", out, "--rejects", rejects
    )
    assert code == 0, stderr
    assert [json.loads(line)["id"] for line in out.read_bytes().splitlines()] == [0, 1, 2]
    (reject,) = [json.loads(line) for line in rejects.read_bytes().splitlines()]
    assert reject["reason"] == reason
    assert reject["index"] == 1


def test_empty_and_blank_inputs_give_empty_output(tmp_path: Path) -> None:
    for content in (b"", b"\n\n\n", b"\xef\xbb\xbf"):
        path = tmp_path / "in.jsonl"
        path.write_bytes(content)
        out = io.BytesIO()
        code, stderr = run("clean", "-q", "-w", "1", path, stdout=out)
        assert (code, out.getvalue()) == (0, b""), stderr


def test_binary_garbage_as_text_is_rejected_as_undecodable(tmp_path: Path) -> None:
    path = tmp_path / "garbage.bin"
    path.write_bytes(bytes(range(256)) * 64)
    rejects = tmp_path / "rej.jsonl"
    code, stderr = run("clean", "-q", "-w", "1", path, "--rejects", rejects)
    assert code == 0, stderr
    assert json.loads(rejects.read_bytes())["reason"] == "undecodable"


def _long_line_file(tmp_path: Path, size: int) -> Path:
    path = tmp_path / f"long{size}.jsonl"
    path.write_bytes(b'{"text": "' + b"a" * size + b'"}\n{"text": "kurz"}\n')
    return path


def test_reading_ranges_across_a_long_line_is_linear(tmp_path: Path) -> None:
    # Every range inside a long line used to read the rest of the line to skip it: with
    # 4 KiB ranges a 2 MB line cost 500 reads of ~1 MB.
    def read_all(path: Path) -> int:
        size = path.stat().st_size
        return sum(
            1 for start in range(0, size, 4096) for _ in read_range(path, start, start + 4096)
        )

    files: dict[int, Path] = {}

    def make(n: int) -> Path:
        if n not in files:
            files[n] = _long_line_file(tmp_path, n)
        return files[n]

    assert read_all(make(100_000)) == 2
    assert_linear(
        read_all, make, start=262_144, max_size=1 << 22, what="read_range over a long line"
    )


@pytest.mark.parametrize(
    "size",
    [5_000_000, pytest.param(100_000_000, marks=pytest.mark.large)],
    ids=["5MB", "100MB"],
)
def test_one_huge_jsonl_line_is_rejected_by_max_doc_bytes(tmp_path: Path, size: int) -> None:
    # The documented limit: --max-doc-bytes rejects a record as too_large, and the records
    # around it are cleaned. Small chunks make the huge line span many byte ranges.
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as f:
        f.write(dump(1))
        f.write(b'{"id": "huge", "text": "')
        block = (TEXT + "\\n").encode() * 1000
        for _ in range(size // len(block)):
            f.write(block)
        f.write(b'"}\n')
        f.write(dump(2).splitlines(keepends=True)[1])
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    code, stderr = run(
        "clean", "-q", "-w", "2", "--chunk-bytes", "1048576", "--max-doc-bytes", "1000000",
        path, "-o", out, "--rejects", rejects,
    )  # fmt: skip
    assert code == 0, stderr
    assert [json.loads(line)["id"] for line in out.read_bytes().splitlines()] == [0, 1]
    reject = json.loads(rejects.read_bytes())
    assert (reject["reason"], reject["index"]) == ("too_large", 1)
    assert "--max-doc-bytes 1000000" in reject["detail"]


def test_zstd_output_carries_a_checksum(tmp_path: Path) -> None:
    # Without a content checksum a flipped byte in a .zst dump goes unnoticed downstream.
    source = tmp_path / "in.jsonl"
    source.write_bytes(dump(20))
    out = tmp_path / "out.jsonl.zst"
    code, stderr = run("clean", "-q", "-w", "1", source, "-o", out)
    assert code == 0, stderr
    assert zstandard.get_frame_parameters(out.read_bytes()).has_checksum
