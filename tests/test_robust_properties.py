"""Fuzzing clean() with realistic pages and hostile Unicode (see tests/strategies.py).

Properties that must hold for every input and every valid configuration: never raises,
idempotent, output lines are input lines in order, the explanation accounts for every
removed line, a pickled pipeline cleans identically, and no call depends on an earlier one.
Example counts come from the hypothesis profile (``ci`` in CI, see tests/conftest.py).
"""

from __future__ import annotations

import itertools
import pickle
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsclean import Cleaned, Config, Pipeline, clean, clean_and_explain, replay
from newsclean.lines import Edit

from .strategies import any_text, configs, documents

DEFAULT = Pipeline.from_config()
# The tests that vary the configuration or clean two documents per example cost more:
# they get a quarter of the profile's examples (``ci``: 37), which keeps the file at seconds.
FEWER = settings(max_examples=max(10, settings.default.max_examples // 4))


def _pipeline(config: Config) -> Pipeline:
    return Pipeline.from_config(config)


def _without_controls(text: str) -> str:
    """``text`` without control characters (prepare() deletes some; line breaks split)."""
    return "".join(
        "\ufffd" if unicodedata.category(char) == "Cs" else char
        for char in text
        if unicodedata.category(char) != "Cc" and char != "\ufeff"
    )


def _check_accounting(text: str, result: Cleaned, pipeline: Pipeline) -> None:
    """Every non-blank prepared line is either kept or removed with a reason, never both."""
    names = {item.name for item in pipeline.filters}
    removed = {r.index: r for r in result.removed}
    assert len(removed) == len(result.removed), "a line was removed twice"
    for r in result.removed:
        assert r.text, "a blank line was reported as removed"
        assert r.text == result.lines[r.index]
        assert r.filter in names, f"unknown filter {r.filter!r}"
        assert r.detail
    kept = [line for i, line in enumerate(result.lines) if line and i not in removed]
    assert [line for line in result.text.split("\n") if line] == kept
    assert replay(result.lines, result.removed) == result.text
    assert result.lines_out + len(result.removed) == result.lines_in
    assert result.lines == tuple(pipeline.prepare(text).texts)


def _check_lines_come_from_input(text: str, result: Cleaned) -> None:
    """Unedited prepared lines occur in the input, in order; output lines are among them."""
    edited = {edit.index for edit in result.edits}
    source = _without_controls(text)
    position = 0
    for index, line in enumerate(result.lines):
        if not line or index in edited:
            continue
        visible = _without_controls(line)
        found = source.find(visible, position)
        assert found >= 0, f"line {index} {line!r} is not in the input (after {position})"
        position = found + len(visible)
    chains: dict[int, list[Edit]] = {}
    for edit in result.edits:
        chains.setdefault(edit.index, []).append(edit)
    for index, chain in chains.items():  # prepare() may edit a line twice (repair, metadata)
        assert all(a.after == b.before for a, b in itertools.pairwise(chain))
        assert result.lines[index] == chain[-1].after


@given(any_text, st.sampled_from([None, "https://www.example.de/politik/a.html", "example.de"]))
def test_explanation_accounts_for_every_line(text: str, site: str | None) -> None:
    result = clean_and_explain(text, site=site)
    _check_accounting(text, result, DEFAULT)
    _check_lines_come_from_input(text, result)
    assert not result.text.startswith("\n")
    assert not result.text.endswith("\n")
    assert "\n\n\n" not in result.text


@FEWER
@given(any_text, configs())
def test_every_config_cleans_any_text(text: str, config: Config) -> None:
    pipeline = _pipeline(config)
    result = pipeline.explain(text)
    _check_accounting(text, result, pipeline)
    _check_lines_come_from_input(text, result)


@given(any_text)
@example(
    "A\nB\nA\nC\nD\n\nC".replace(
        "A", "Nach drei Jahren Bauzeit ist die neue Stadtbahn am Freitag in Betrieb gegangen."
    )
    .replace("B", "The council approved the new budget on Tuesday after a long debate.")
    .replace("C", "„Wir haben lange auf diesen Tag hingearbeitet“, sagte die Oberbürgermeisterin.")
    .replace("D", "Die Opposition kritisierte vor allem die geplanten Kürzungen bei den Vereinen.")
)
def test_idempotent(text: str) -> None:
    # The @example was found by hypothesis: every line went, and the emptied-document guard
    # kept a block that the filters would clean again.
    once = clean(text)
    assert clean(once) == once


@FEWER
@given(documents(), configs())
def test_idempotent_under_any_config(text: str, config: Config) -> None:
    pipeline = _pipeline(config)
    once = pipeline.clean(text)
    assert pipeline.clean(once) == once


@FEWER
@given(any_text, configs())
def test_a_pickled_pipeline_cleans_identically(text: str, config: Config) -> None:
    pipeline = _pipeline(config)
    clone = pickle.loads(pickle.dumps(pipeline))
    assert clone.explain(text) == pipeline.explain(text)


@FEWER
@given(documents(), documents())
def test_no_call_depends_on_an_earlier_one(first: str, second: str) -> None:
    before = clean_and_explain(second)
    clean_and_explain(first)
    assert clean_and_explain(second) == before
