"""benchmarks/train_article.py: labels from gold strings, the fit, and the shipped model."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import numpy as np
import pytest

from newsclean.filters.article import FEATURES, LineModel

from .conftest import DEV_DATA, ROOT


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


train = _load("train_article")

LINES = [
    "Startseite",
    "",
    "Der Rat tagte am Montag.",
    "Er beschloss den Haushalt",
    "für das kommende Jahr.",
    "Impressum",
]


def test_a_gold_string_labels_every_line_it_touches() -> None:
    assert train.lines_holding(LINES, ["Der Rat tagte"]) == {2}
    # Across a line break (the scorer collapses whitespace, so it matches there too).
    assert train.lines_holding(LINES, ["den Haushalt für das"]) == {3, 4}
    assert train.lines_holding(LINES, ["Impressum", "nirgends"]) == {5}


def test_labels_of_a_page_with_strings() -> None:
    page = train.Page(
        id="t",
        lang="de",
        site="example.de",
        url=None,
        inputs={},
        gold_with=("Der Rat tagte am Montag.",),
        gold_without=("Startseite", "Impressum", "Montag"),
    )
    # "Montag" stands in a line that also holds a must-keep string: article wins.
    assert train.label_lines(page, LINES) == {0: 0, 2: 1, 5: 0}


def test_labels_of_a_page_with_a_gold_body() -> None:
    page = train.Page(
        id="t",
        lang="de",
        site="example.de",
        url=None,
        inputs={},
        gold_body="Der Rat tagte am Montag. Er beschloss den Haushalt für das kommende Jahr.",
    )
    labels = train.label_lines(page, LINES)
    assert labels == {0: 0, 2: 1, 3: 1, 4: 1, 5: 0}


def test_fit_finds_the_sign_of_a_signal() -> None:
    rng = np.random.default_rng(0)
    # Ten rows a feature or more, so that no noise column fits the labels by chance.
    rows = 10 * len(FEATURES)
    matrix = rng.random((rows, len(FEATURES)))
    body = list(FEATURES).index("body")
    signal = matrix[:, body] > 0.5
    noise = rng.random(rows) < 0.1  # a tenth of the labels wrong: no perfect separation
    labels = (signal ^ noise).astype(np.float64)
    model = train.fit(matrix, labels, np.ones(rows), 0.001)
    weights = dict(zip(model.names, model.weights, strict=True))
    assert weights["body"] > 1.0
    assert max(abs(w) for name, w in weights.items() if name != "body") < weights["body"] / 4
    assert ((model.scores(matrix) > 0) == signal).mean() > 0.85


def test_folds_follow_the_site_not_the_page_order() -> None:
    assert train.fold_of("example.de") == train.fold_of("example.de")
    assert {train.fold_of(f"site{n}.de") for n in range(50)} == set(range(train.FOLDS))


def test_a_fold_seed_deals_the_sites_anew() -> None:
    sites = [f"site{n}.de" for n in range(50)]
    assert [train.fold_of(site, 0) for site in sites] == [train.fold_of(site) for site in sites]
    for seed in (1, 2):
        dealt = [train.fold_of(site, seed) for site in sites]
        assert set(dealt) == set(range(train.FOLDS))
        assert dealt != [train.fold_of(site) for site in sites]


def test_the_shipped_model_is_what_the_script_fits() -> None:
    if not DEV_DATA.is_file():
        pytest.skip(f"dev data {DEV_DATA} is absent (../shared/data beside the repository)")
    shipped = LineModel.load()
    assert shipped.about is not None
    rows = train.collect(train.load_pages(DEV_DATA))
    fitted = train.fit(rows.matrix, rows.labels, rows.weights, shipped.about["l2_strength"])
    assert fitted.names == shipped.names
    assert np.allclose(fitted.weights, shipped.weights, atol=1e-4)
    assert fitted.bias == pytest.approx(shipped.bias, abs=1e-4)
