"""Shared test helpers: where the seeds and the dev data live (beside the repository)."""

from __future__ import annotations

import functools
import gzip
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSCLEAN_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
DEV_DATA = SHARED / "data" / "newsclean_dev.jsonl.gz"

# Bounded example counts keep the property tests within seconds in CI.
settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=40, deadline=None)
# Long runs to hunt bugs (docs/robustness.md): HYPOTHESIS_PROFILE=fuzz pytest tests/test_robust*.py
settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def seed_text(name: str) -> str:
    """The text of a seed file, or skip the test with a clear message."""
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed {path} is absent (../shared/seeds beside the repository)")
    return path.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def dev_texts() -> list[str]:
    """Every input of every dev page (full, main, residue), or skip the test."""
    if not DEV_DATA.is_file():
        pytest.skip(f"{DEV_DATA} is absent (../shared/data beside the repository)")
    with gzip.open(DEV_DATA, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return [row[field] or "" for row in rows for field in ("full", "main", "residue")]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-large",
        action="store_true",
        help="also run the tests marked large (1 MB adversarial inputs, 100 MB files)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Large-input checks take tens of seconds and hundreds of MB: opt-in, not in every run.
    if config.getoption("--run-large") or os.environ.get("NEWSCLEAN_LARGE") == "1":
        return
    skip = pytest.mark.skip(reason="large input: run with --run-large or NEWSCLEAN_LARGE=1")
    for item in items:
        if "large" in item.keywords:
            item.add_marker(skip)
