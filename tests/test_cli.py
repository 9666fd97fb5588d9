"""The command line: lossless, ordered, atomic, honest about errors."""

from __future__ import annotations

import base64
import gzip
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from newsclean import clean, runner
from newsclean.cli import EXIT_BROKEN_PIPE, main
from newsclean.records import REJECT_REASONS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "stadtbahn.txt"

BODY = [
    "Der Gemeinderat hat am Dienstag mit großer Mehrheit für den Ausbau der Stadtbahn gestimmt.",
    "Die neue Linie soll ab 2030 den Norden der Stadt mit dem Hauptbahnhof verbinden.",
    "Kritiker bemängeln die Kosten von rund 400 Millionen Euro und den langen Bauzeitraum.",
]
CHROME = ["Teilen", "Foto: dpa", "Drucken"]


def article(n: int) -> str:
    lines = [f"Meldung {n}: {BODY[n % 3]}", CHROME[n % 3], BODY[(n + 1) % 3], CHROME[(n + 1) % 3]]
    return "\n".join(lines)


# Every tenth record position holds one kind of bad record: (reason, raw line for id i).
BAD_RECORDS: dict[int, tuple[str, Callable[[int], bytes]]] = {
    3: ("invalid_json", lambda i: b'{"id": %d, "text": "kaputt' % i),
    5: ("not_object", lambda i: b'["id", %d]' % i),
    6: ("missing_text", lambda i: b'{"id": %d, "body": "kein Textfeld"}' % i),
    7: ("text_not_string", lambda i: b'{"id": %d, "text": 42}' % i),
    8: ("undecodable", lambda i: f'{{"id": {i}, "text": "Größe"}}'.encode("cp1252")),
    9: ("too_large", lambda i: orjson.dumps({"id": i, "text": "Lang. " * 400})),
}


def make_dump(path: Path, n: int = 60) -> tuple[list[int], dict[str, list[int]]]:
    """Write a dump of good records with bad ones mixed in (and blank lines, which are no
    records); return the good ids in order and the line indices of each kind of bad record."""
    good: list[int] = []
    bad: dict[str, list[int]] = {reason: [] for reason in REJECT_REASONS}
    lines: list[bytes] = []
    for i in range(n):
        if i % 10 in BAD_RECORDS:
            reason, make = BAD_RECORDS[i % 10]
            bad[reason].append(len(lines))
            lines.append(make(i))
        else:
            record = {"id": i, "url": f"https://www.example.de/{i}", "text": article(i), "x": [i]}
            lines.append(orjson.dumps(record))
            good.append(i)
        if i % 17 == 0:
            lines.append(b"")
    path.write_bytes(b"\n".join(lines) + b"\n")
    return good, bad


def run(*argv: str | Path, stdin: bytes = b"") -> tuple[int, bytes, str]:
    out = io.BytesIO()
    err = io.StringIO()
    code = main([str(a) for a in argv], stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def read_jsonl(data: bytes) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in data.splitlines()]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_nothing_is_lost_and_order_is_kept(tmp_path: Path, workers: str) -> None:
    dump = tmp_path / "dump.jsonl"
    good, bad = make_dump(dump)
    raw_lines = dump.read_bytes().split(b"\n")
    out, rejects, report = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl", tmp_path / "r.json"
    code, _, err = run(
        "clean", dump, "-o", out, "--rejects", rejects, "--report", report,
        "--workers", workers, "--chunk-bytes", "700", "--max-doc-bytes", "2000",
    )  # fmt: skip
    assert code == 0, err
    cleaned = read_jsonl(out.read_bytes())
    rejected = read_jsonl(rejects.read_bytes())
    records = sum(1 for line in raw_lines if line)
    assert len(cleaned) + len(rejected) == records
    assert [r["id"] for r in cleaned] == good
    for record in cleaned:
        n = int(record["id"])  # type: ignore[call-overload]
        assert record["text"] == clean(article(n))
        assert record["url"] == f"https://www.example.de/{n}"
        assert record["x"] == [n]
        assert list(record) == ["id", "url", "text", "x"]
    by_reason = {reason: [r["index"] for r in rejected if r["reason"] == reason] for reason in bad}
    assert by_reason == bad
    for reject in rejected:  # the position points at the raw line, which is kept whole
        index, offset = int(reject["index"]), int(reject["offset"])  # type: ignore[call-overload]
        raw = raw_lines[index]
        assert dump.read_bytes()[offset : offset + len(raw)] == raw
        if "raw" in reject:
            assert str(reject["raw"]).encode() == raw
        else:
            assert base64.b64decode(str(reject["raw_base64"])) == raw
    counts = json.loads(report.read_text())
    assert counts["records"] == records
    assert counts["documents"] == len(good)
    assert counts["rejected_by_reason"] == {k: len(v) for k, v in bad.items() if v}
    assert f"{len(good)} documents cleaned, {records - len(good)} rejected" in err


def test_compressed_inputs_and_stdin_give_the_same_output(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard")
    dump = tmp_path / "dump.jsonl"
    make_dump(dump, 30)
    data = dump.read_bytes()
    (tmp_path / "dump.jsonl.gz").write_bytes(gzip.compress(data))
    (tmp_path / "dump.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    (tmp_path / "no-suffix").write_bytes(gzip.compress(data))
    expected = run("clean", dump, "-q", "--chunk-bytes", "500")[1]
    assert len(expected.splitlines()) > 10
    for name in ("dump.jsonl.gz", "dump.jsonl.zst", "no-suffix"):
        assert run("clean", tmp_path / name, "-q", "--chunk-bytes", "500", "-w", "2")[1] == expected
    assert run("clean", "-", "-q", "--chunk-bytes", "500", stdin=data)[1] == expected
    gz_stdin = gzip.compress(data)
    assert run("clean", "-", "-q", "-w", "2", "--chunk-bytes", "500", stdin=gz_stdin)[1] == expected


def test_compressed_output(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    make_dump(dump, 20)
    expected = run("clean", dump, "-q")[1]
    assert run("clean", dump, "-q", "-o", tmp_path / "out.jsonl.gz")[0] == 0
    assert gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()) == expected


def test_custom_field_names(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text(
        json.dumps({"body": article(1), "text": "Teilen", "link": "https://a.de"}) + "\n",
        encoding="utf-8",
    )
    code, out, _ = run("clean", dump, "-q", "--text-field", "body", "--url-field", "link")
    assert code == 0
    assert read_jsonl(out) == [
        {"body": clean(article(1)), "text": "Teilen", "link": "https://a.de"}
    ]


def test_readme_example_prints_the_cleaned_text() -> None:
    code, out, _ = run("clean", EXAMPLE, "-q")
    assert code == 0
    assert out.decode("utf-8") == clean(EXAMPLE.read_text(encoding="utf-8")) + "\n"


def test_plain_text_with_delimiter_and_to_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "docs.txt"
    path.write_text("\f".join(article(i) for i in range(5)) + "\f", encoding="utf-8")
    code, out, _ = run("clean", path, "-q", "--delimiter", "\\f", "--chunk-bytes", "200", "-w", "2")
    assert code == 0
    assert out.decode().split("\f") == [clean(article(i)) for i in range(4)] + [
        clean(article(4)) + "\n"
    ]
    code, out, _ = run("clean", path, "-q", "--delimiter", "\\f", "--output-format", "jsonl")
    assert read_jsonl(out) == [
        {"source": str(path), "index": i, "text": clean(article(i))} for i in range(5)
    ]


def test_several_text_files_are_separated_by_a_blank_line(tmp_path: Path) -> None:
    names = []
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(article(i), encoding="utf-8")
        names.append(tmp_path / f"{i}.txt")
    code, out, _ = run("clean", *names, "-q", "-w", "2")
    assert code == 0
    assert out.decode() == "\n\n".join(clean(article(i)) for i in range(3)) + "\n"


def test_jsonl_to_text(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text("".join(json.dumps({"text": article(i)}) + "\n" for i in range(3)))
    code, out, _ = run("clean", dump, "-q", "--output-format", "text", "--delimiter", "\\n---\\n")
    assert code == 0
    assert out.decode() == "\n---\n".join(clean(article(i)) for i in range(3)) + "\n"


def test_legacy_encoding_with_fallback(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_bytes(
        '{"text": "Die Größe überrascht die Fahrgäste am Bahnhof."}\n'.encode("cp1252")
    )
    code, out, err = run("clean", dump, "--fallback-encoding", "cp1252")
    assert code == 0
    assert read_jsonl(out) == [{"text": "Die Größe überrascht die Fahrgäste am Bahnhof."}]
    assert "fallback encoding: 1" in err
    code, out, err = run("clean", dump)
    assert (code, out) == (0, b"")
    assert "undecodable 1" in err
    assert "--rejects" in err


def test_config_file_and_filters_option(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Ein Satz über den Haushalt der Stadt.\nTeilen", encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text('filters = ["duplicates"]\nrepair = "never"\n')
    kept = "Ein Satz über den Haushalt der Stadt.\nTeilen\n".encode()
    assert run("clean", text, "-q")[1] != kept
    assert run("clean", text, "-q", "--config", config)[1] == kept
    assert run("clean", text, "-q", "--config", config, "--filters", "patterns")[1] == (
        "Ein Satz über den Haushalt der Stadt.\n".encode()
    )
    config.write_text('filtres = ["duplicates"]\n')
    code, _, err = run("clean", text, "--config", config)
    assert code == 1
    assert "unknown setting(s) filtres" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["clean", "missing.jsonl"], "missing.jsonl: No such file or directory"),
        (["clean", "."], ".: is a directory"),
        (["clean", "EXAMPLE", "--filters", "nope"], "unknown filter 'nope'"),
        (["clean", "EXAMPLE", "--workers", "0"], "must be at least 1"),
        (["clean"], "the following arguments are required"),
        (["frobnicate"], "invalid choice"),
        (["clean", "EXAMPLE", "--fallback-encoding", "klingon"], "unknown encoding"),
        (["clean", "EXAMPLE", "--model", "no-model.bin"], "no-model.bin"),
        (["clean", "-", "-"], "stdin (-) can be read only once"),
    ],
)
def test_errors_are_one_line_and_exit_1(argv: list[str], message: str) -> None:
    argv = [str(EXAMPLE) if a == "EXAMPLE" else a for a in argv]
    code, out, err = run(*argv)
    assert code == 1
    assert out == b""
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_help_and_version_exit_0() -> None:
    code, _, _ = run("--version")
    assert code == 0


def test_an_interrupted_run_leaves_no_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = tmp_path / "dump.jsonl"
    make_dump(dump, 40)
    calls = []
    original = runner.CleanJob.__call__

    def failing(self: runner.CleanJob, chunk: runner.Chunk) -> runner.ChunkResult:
        calls.append(chunk)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(self, chunk)

    monkeypatch.setattr(runner.CleanJob, "__call__", failing)
    out = tmp_path / "out.jsonl"
    code, _, err = run(
        "clean",
        dump,
        "-o",
        out,
        "--rejects",
        tmp_path / "rej.jsonl",
        "-w",
        "1",
        "--chunk-bytes",
        "300",
    )
    assert code == 130
    assert "interrupted" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump.jsonl"]


def test_output_may_not_overwrite_an_input(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    make_dump(dump, 5)
    before = dump.read_bytes()
    code, _, err = run("clean", dump, "-o", dump)
    assert code == 1
    assert "overwrite" in err
    assert dump.read_bytes() == before


def test_broken_pipe_exits_quietly(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps({"text": article(i)}) + "\n" for i in range(3000)))
    script = (
        f"{sys.executable} -m newsclean clean {dump} -w 2 --chunk-bytes 20000 | head -n 1; "
        "echo ${PIPESTATUS[0]} >&2"
    )
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        ["bash", "-c", script], capture_output=True, env=env, timeout=120, check=False
    )
    assert len(proc.stdout.splitlines()) == 1
    assert proc.stderr.decode().strip() == str(EXIT_BROKEN_PIPE)


def test_explain_text_and_html(tmp_path: Path) -> None:
    code, out, _ = run("explain", EXAMPLE, "--color", "never")
    assert code == 0
    text = out.decode()
    assert re.search(r"^patterns +│ Teilen  ← share", text, re.MULTILINE)
    assert re.search(r"^ +│ Nach drei Jahren Bauzeit", text, re.MULTILINE)
    page = tmp_path / "x.html"
    dump = tmp_path / "d.jsonl"
    dump.write_text(
        json.dumps({"url": "https://a.de/<script>", "text": "Ein Satz <b>fett</b>.\nTeilen"}) + "\n"
        + json.dumps({"id": 2, "text": article(2)}) + "\n"
    )  # fmt: skip
    code, _, _ = run("explain", dump, "--html", page)
    assert code == 0
    html = page.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "<b>" not in html
    assert "https://a.de/&lt;script&gt;" in html
    assert "Ein Satz &lt;b&gt;fett&lt;/b&gt;." in html
    # "Teilen" of the first record; "Drucken" and "Teilen" of the second.
    assert html.count('class="line removed') == 3
    code, out, _ = run("explain", dump, "--limit", "1", "--color", "always")
    assert b"\x1b[" in out
    assert b"== https://a.de/<script> ==" in out
    assert b"Meldung 2" not in out


def test_learn_keeps_rejects_and_refuses_stdin(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    good, bad = make_dump(dump, 40)
    model, rejects = tmp_path / "m.ncm", tmp_path / "rejects.jsonl"
    code, _, err = run(
        "learn", dump, "-o", model, "--rejects", rejects, "-w", "2", "--chunk-bytes", "500",
        "--max-doc-bytes", "2000",
    )  # fmt: skip
    assert code == 0, err
    assert model.is_file()
    assert sorted(int(r["index"]) for r in read_jsonl(rejects.read_bytes())) == sorted(  # type: ignore[call-overload]
        index for indices in bad.values() for index in indices
    )
    assert f"{len(good)} documents counted" in err
    code, _, err = run("learn", "-", "-o", model, stdin=dump.read_bytes())
    assert code == 1
    assert "stdin" in err
