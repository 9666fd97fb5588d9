"""Golden cases kept as data (tests/golden/cases.json); known failures run as strict xfail.

Each case has an ``input`` (or an ``input_path`` below ../shared), the ``expected`` output,
optionally ``removed_by`` (line -> the filter that must remove it) and ``expect``:
``pass`` or ``fail`` (a known failure, tracked until a filter fixes it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsclean import clean, clean_and_explain

from .conftest import SHARED

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "golden" / "cases.json").read_text(encoding="utf-8")
)


def _input(case: dict[str, Any]) -> str:
    if "input" in case:
        return str(case["input"])
    path = SHARED / case["input_path"]
    if not path.is_file():
        pytest.skip(f"{path} is absent (../shared beside the repository)")
    return path.read_text(encoding="utf-8")


def _params() -> list[Any]:
    params = []
    for case in CASES:
        marks = []
        if case["expect"] == "fail":
            marks.append(pytest.mark.xfail(reason=case["why"], strict=True))
        params.append(pytest.param(case, id=case["name"], marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_golden(case: dict[str, Any]) -> None:
    text = _input(case)
    result = clean_and_explain(text)
    if "expected" in case:
        assert result.text == case["expected"]
    if "expected_first_line_starts" in case:
        assert result.text.startswith(case["expected_first_line_starts"])
    if "expected_kept_lines" in case:
        assert result.lines_out == case["expected_kept_lines"]
    removed = {removal.text: removal.filter for removal in result.removed}
    for line, name in case.get("removed_by", {}).items():
        assert removed.get(line) == name, f"{line!r} should be removed by {name}"
    assert clean(result.text) == result.text, "cleaning is idempotent"
