"""What every cleaning result must satisfy; shared by the property tests and the fuzz targets."""

from __future__ import annotations

import itertools
import unicodedata

from newsclean import Cleaned, Pipeline, replay
from newsclean.lines import Edit

__all__ = ["check_accounting", "check_lines_come_from_input"]


def _without_controls(text: str) -> str:
    """``text`` without control characters (prepare() deletes some; line breaks split)."""
    return "".join(
        "\ufffd" if unicodedata.category(char) == "Cs" else char
        for char in text
        if unicodedata.category(char) != "Cc" and char != "\ufeff"
    )


def check_accounting(text: str, result: Cleaned, pipeline: Pipeline) -> None:
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


def check_lines_come_from_input(text: str, result: Cleaned) -> None:
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


def check_idempotent(pipeline: Pipeline, once: str) -> None:
    """Cleaning the output again changes nothing: no edit, no removal, the same text."""
    again = pipeline.explain(once)
    assert again.edits == (), f"a second clean edited lines: {again.edits}"
    assert again.removed == (), f"a second clean removed more: {list(again.removed)}"
    assert again.text == once
