"""Hypothesis properties of clean() over realistic and arbitrary text."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from newsclean import Pipeline, clean, clean_and_explain, replay

PIPELINE = Pipeline.from_config()

BODY = [
    "Die Opposition kritisierte vor allem die geplanten Kürzungen bei den Zuschüssen für Vereine.",
    "Nach drei Jahren Bauzeit ist die neue Stadtbahnlinie am Freitagmorgen in Betrieb gegangen.",
    "„Wir haben lange auf diesen Tag hingearbeitet“, sagte die Oberbürgermeisterin am Freitag.",
    "The council approved the new budget on Tuesday after a four-hour debate in the chamber.",
    "Kritik an den Mehrkosten",
]
CHROME = [
    "Teilen",
    "Drucken",
    "dpa",
    "+",
    "1 / 12",
    "Foto: dpa/Bernd Weißbrod",
    "Anzeige",
    "Auch interessant",
    "Meistgelesene Artikel",
    "Kommentare",
    "Lesen Sie auch",
    "EU verlängert Sanktionen gegen Russland",
    "Trotz Verlusten hält die EU fest. Zum …",
    "Share this page",
    "Related stories",
    "StraÃŸe gesperrt",
    "",
]

documents = st.lists(st.sampled_from(BODY + CHROME), max_size=30).map("\n".join)
any_text = st.one_of(
    documents,
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(BODY + CHROME), st.text(max_size=40)), max_size=20).map(
        "\n".join
    ),
)


@given(any_text)
def test_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


@given(any_text)
def test_output_lines_are_a_subsequence_of_prepared_lines(text: str) -> None:
    prepared = [line for line in PIPELINE.prepare(text).texts if line]
    out = [line for line in clean(text).split("\n") if line]
    it = iter(prepared)
    assert all(any(line == candidate for candidate in it) for line in out)


@given(any_text)
def test_replaying_the_explanation_gives_the_output(text: str) -> None:
    result = clean_and_explain(text)
    assert replay(result.lines, result.removed) == result.text
    assert result.lines == tuple(PIPELINE.prepare(text).texts)
    assert all(r.filter and r.detail and r.text == result.lines[r.index] for r in result.removed)
    assert result.lines_out + len(result.removed) == result.lines_in


@given(st.text())
def test_never_crashes_on_any_string(text: str) -> None:
    assert isinstance(clean(text), str)


def test_identical_across_hash_seeds() -> None:
    code = (
        "import sys, newsclean; "
        "sys.stdout.write(repr(newsclean.clean_and_explain(sys.stdin.read())))"
    )
    text = "\n".join(BODY + CHROME + BODY[::-1] + CHROME[::-1])
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            input=text,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "7", "4242")
    }
    assert len(outputs) == 1
