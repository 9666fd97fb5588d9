"""The quality gate: newsclean's figures on the dev data stay at or above the pinned floors.

The floors live in ``benchmarks/quality_floors.json``; ``python benchmarks/quality.py
--update-floors`` raises them (lowering needs ``--allow-lower``). The test skips with a
clear message where ``../shared/data`` is absent.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import DEV_DATA, ROOT


def _load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quality", ROOT / "benchmarks" / "quality.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["quality"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


quality = _load_benchmark()


@pytest.fixture(scope="module")
def pages() -> list[object]:
    if not DEV_DATA.is_file():
        pytest.skip(f"quality gate skipped: dev data {DEV_DATA} is absent (../shared/data)")
    return list(quality.load_pages(DEV_DATA))


@pytest.fixture(scope="module")
def figures(pages: list[object]) -> dict[str, float]:
    results = quality.score_pages(["newsclean"], pages)
    results |= quality.score_pages(["corpus"], pages, quality.GATED_CORPUS_INPUTS)
    return dict(quality.flat_figures(results))


def test_figures_stay_above_their_floors(figures: dict[str, float]) -> None:
    floors = quality.read_floors()
    assert floors, "benchmarks/quality_floors.json pins no floor"
    failures = quality.below_floors(figures, floors)
    assert not failures, "below the quality floors:\n" + "\n".join(failures)


def test_corpus_mode_loses_nothing_on_german_pages(figures: dict[str, float]) -> None:
    # Issue 4: a model learned from the pages must not cost the single-document cleaner
    # German F1 on the with/without pages (most of their sites have a single page).
    for name in quality.GATED_CORPUS_INPUTS:
        corpus, single = figures[f"corpus/{name}/de/f1"], figures[f"newsclean/{name}/de/f1"]
        assert corpus >= single, f"{name}: corpus mode {corpus:.4f} < single-document {single:.4f}"


def test_the_scorer_reproduces_the_reference_figures(pages: list[object]) -> None:
    # The dev data's README gives these for the identity (no-op) cleaner.
    figures = quality.flat_figures(quality.score_pages(["noop"], pages))
    assert round(figures["noop/full/de/p"], 3) == 0.539
    assert round(figures["noop/full/de/f1"], 3) == 0.698
    assert round(figures["noop/main/de/f1"], 3) == 0.853
    assert round(figures["noop/residue/de/present_f1"], 3) == 0.972
    assert round(figures["noop/full/cpe/token_f1"], 3) == 0.584


class TestFloors:
    def test_floors_only_rise_without_the_flag(self) -> None:
        floors = {"newsclean/full/de/f1": 0.9, "newsclean/main/de/f1": 0.93}
        figures = {"newsclean/full/de/f1": 0.8512, "newsclean/main/de/f1": 0.9456}
        new, changes = quality.updated_floors(figures, floors, figures, allow_lower=False)
        assert new == {"newsclean/full/de/f1": 0.9, "newsclean/main/de/f1": 0.945}
        assert any("kept 0.900" in change for change in changes)

    def test_lowering_needs_the_flag(self) -> None:
        floors = {"newsclean/full/de/f1": 0.9}
        figures = {"newsclean/full/de/f1": 0.8512}
        new, _ = quality.updated_floors(figures, floors, figures, allow_lower=True)
        assert new == {"newsclean/full/de/f1": 0.851}

    def test_a_figure_below_its_floor_is_reported(self) -> None:
        failures = quality.below_floors(
            {"a/f1": 0.5, "b/f1": 0.9}, {"a/f1": 0.6, "b/f1": 0.9, "c/f1": 0.1}
        )
        assert failures == ["a/f1: 0.5000 < floor 0.600", "c/f1: no figure (floor 0.100)"]

    def test_the_floors_file_is_well_formed(self) -> None:
        data = json.loads(Path(quality.FLOORS).read_text(encoding="utf-8"))
        assert all(key.startswith(("newsclean/", "corpus/")) for key in data["floors"])
        assert data["floors"] == {
            key: value for key, value in data["floors"].items() if key in quality.gated_keys([key])
        }
        assert all(0 < value <= 1 for value in data["floors"].values())


def test_missing_data_exits_non_zero_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert quality.main(["--data", str(tmp_path / "absent.jsonl.gz")]) == 2
    assert "dev data not found" in capsys.readouterr().err
