"""benchmarks/throughput.py: its reference cleaners do what their rows say, and the script
runs on a user's own dump (no dev data) and prints a figure for every in-process row."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "throughput.py"
EXAMPLE = ROOT / "examples" / "stadtbahn.txt"


@pytest.fixture(scope="module")
def throughput() -> ModuleType:
    spec = importlib.util.spec_from_file_location("throughput", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bare_dedup_drops_repeats_within_a_document_only(throughput: ModuleType) -> None:
    first = "Teilen\nDer Stadtrat tagt am Montag.\n\nTEILEN \nDer Stadtrat tagt am Montag."
    second = "Teilen\nEin anderer Artikel."
    cleaned = throughput.bare_dedup([first, second])
    # Case and whitespace do not matter; the first occurrence stays, in order; the second
    # document keeps its own "Teilen" (the dedup is per document).
    assert cleaned == ["Teilen\nDer Stadtrat tagt am Montag.\n", "Teilen\nEin anderer Artikel."]


def test_ccnet_dedup_drops_lines_shared_by_documents(throughput: ModuleType) -> None:
    texts = [
        "Meistgelesen\nDie Brücke wird 2027 fertig.",
        "MEISTGELESEN!\nDer Bahnhof schließt früher.",
        "Ein Text ohne Chrome.",
    ]
    assert throughput.ccnet_dedup(texts) == [
        "Die Brücke wird 2027 fertig.",
        "Der Bahnhof schließt früher.",
        "Ein Text ohne Chrome.",
    ]


def test_script_runs_on_a_users_dump(tmp_path: Path) -> None:
    page = EXAMPLE.read_text(encoding="utf-8")
    dump = tmp_path / "mine.jsonl"
    with dump.open("w", encoding="utf-8") as f:
        for n in range(40):
            text = page.replace("Stadtbahn", f"Stadtbahn {n}", 1)
            f.write(json.dumps({"body": text, "link": f"https://a.example/{n}"}) + "\n")
    proc = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            str(dump),
            "--text-field",
            "body",
            "--url-field",
            "link",
            "--runs",
            "1",
            "--sample-mb",
            "0.05",
            "--justext-mb",
            "0.01",
            "--skip-cli",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert re.search(r"reads the dump at \d+\.\d\d GB/s, orjson\.loads at \d+\.\d\d GB/s", out)
    for label in (
        "clean() default filters, repair=never",
        "clean() default filters, repair=auto",
        "ccnet-style line-hash dedup (ref.)",
        "bare in-document line dedup (ref.)",
    ):
        line = next(line for line in out.splitlines() if line.startswith(label))
        figures = line[len(label) :].split()
        assert float(figures[0]) > 0, line  # MB/s per core
        assert int(figures[2]) > 0, line  # docs/s
