"""Fit the article filter's line model on the dev pages' gold labels.

    python benchmarks/train_article.py              # cross-validate, fit, print the figures
    python benchmarks/train_article.py --write      # ... and write the shipped model file

Each dev page is cleaned by the filters that run before ``article`` (patterns,
duplicates, sections), in each of its three inputs; every line they leave gets the
features of :func:`newsclean.filters.article.line_matrix`. A line is labelled

* **article** when it holds (part of) a ``gold_with`` string, or, on the gold-body pages,
  when it is at least 15 characters long and stands verbatim in the gold body;
* **chrome** when it holds a ``gold_without`` string and no ``gold_with`` one, or, on the
  gold-body pages, when it does not stand in the gold body;

and stays unlabelled otherwise. An L2-regularised logistic regression (Newton's method;
numpy only) is fitted on the labelled lines. Pages are grouped by site into five folds,
and every figure printed under "cross-validated" comes from models that never saw the
page's site: that is the estimate for sites the model has not seen (the benchmark's
held-out half is other sites). The regularisation and the threshold are chosen by those
figures; the shipped model is then fitted on all dev pages.

The model file records the settings, the label counts and the cross-validated figures.
The dev data is read from ``../shared/data`` and never copied.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import sys
import time
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from newsclean import Config, Pipeline  # noqa: E402
from newsclean.filters.article import FEATURES, ArticleLines, LineModel, line_matrix  # noqa: E402
from newsclean.filters.span import ArticleSpan  # noqa: E402
from quality import (  # noqa: E402
    DEV_DATA,
    DataMissingError,
    Page,
    collapse,
    load_pages,
)

MODEL_FILE = ROOT / "src" / "newsclean" / "data" / "article_model.json"
BEFORE = ("patterns", "duplicates", "sections")
INPUTS = ("full", "main", "residue")
FOLDS = 5
# Gold-body pages label every line; weigh each such page like a page with this many
# labelled lines, so that two sites do not outweigh 500.
BODY_PAGE_WEIGHT = 12.0
# Lines of the residue input (an extractor's article text, nearly clean) weigh more: a
# text that is already clean must stay untouched.
INPUT_WEIGHT = {"residue": 3.0}
# The no-op's German present-F1 on the residue input (newspaper4k's article text).
RESIDUE_FLOOR = 0.972

Vector = npt.NDArray[np.float64]


@dataclass
class Rows:
    """Labelled feature rows of every page and input."""

    matrix: Vector
    labels: Vector
    weights: Vector
    folds: npt.NDArray[np.int64]


def fold_of(site: str, seed: int = 0) -> int:
    """A site's fold: a stable hash, so the folds do not depend on the page order.

    ``seed`` 0 gives the folds the shipped figures come from; another seed gives another
    assignment of the sites to folds (to tell a real gain from a lucky split).
    """
    key = site if seed == 0 else f"{seed}:{site}"
    return zlib.crc32(key.encode("utf-8")) % FOLDS


def _spans(lines: Sequence[str]) -> tuple[str, list[int], list[tuple[int, int, int]]]:
    """The collapsed text of the non-blank lines, joined by spaces, with each line's span."""
    parts: list[str] = []
    spans: list[tuple[int, int, int]] = []
    pos = 0
    for index, text in enumerate(lines):
        part = collapse(text).strip()
        if not part:
            continue
        if parts:
            pos += 1
        spans.append((pos, pos + len(part), index))
        parts.append(part)
        pos += len(part)
    return " ".join(parts), [start for start, _, _ in spans], spans


def lines_holding(lines: Sequence[str], strings: Sequence[str]) -> set[int]:
    """Indices of the lines that hold part of an occurrence of any of ``strings``."""
    joined, starts, spans = _spans(lines)
    out: set[int] = set()
    for raw in strings:
        gold = collapse(raw)
        if not gold.strip():
            continue
        found = joined.find(gold)
        while found >= 0:
            end = found + len(gold)
            pos = max(bisect.bisect_right(starts, found) - 1, 0)
            while pos < len(spans) and spans[pos][0] < end:
                if spans[pos][1] > found:
                    out.add(spans[pos][2])
                pos += 1
            found = joined.find(gold, found + 1)
    return out


def label_lines(page: Page, lines: Sequence[str]) -> dict[int, int]:
    """Line index -> 1 (article) or 0 (chrome), for the lines the gold labels decide."""
    if page.gold_body is not None:
        body = collapse(page.gold_body)
        out = {}
        for index, text in enumerate(lines):
            part = collapse(text).strip()
            if not part:
                continue
            if part not in body:
                out[index] = 0
            elif len(part) >= 15:
                out[index] = 1
        return out
    keep = lines_holding(lines, page.gold_with)
    drop = lines_holding(lines, page.gold_without) - keep
    return {**dict.fromkeys(drop, 0), **dict.fromkeys(keep, 1)}


def collect(pages: Sequence[Page], fold_seed: int = 0) -> Rows:
    """Feature rows of the lines the article filter sees, with labels, weights and folds
    (:func:`fold_of` with ``fold_seed``)."""
    before = Pipeline.from_config(Config(filters=BEFORE))
    markers = before._markers
    span = ArticleSpan(markers)
    judge = ArticleLines(markers, model=LineModel((), (), (), (), 0.0))
    matrices, labels, weights, folds = [], [], [], []
    for page in pages:
        fold = fold_of(page.site or page.id, fold_seed)
        for name in INPUTS:
            doc = before.prepare(page.inputs[name])
            removed = before._run_filters(doc)
            view = doc.view([line for line in doc.lines if line.index not in removed])
            plan = span.plan(view)
            if not judge.judges(plan):
                continue  # the article filter leaves such a page to the span rules
            lines, matrix = line_matrix(view, markers, span, plan)
            gold = label_lines(page, [line.text for line in doc.lines])
            rows = [pos for pos, line in enumerate(lines) if line.index in gold]
            if not rows:
                continue
            weight = BODY_PAGE_WEIGHT / len(rows) if page.gold_body is not None else 1.0
            weight *= INPUT_WEIGHT.get(name, 1.0)
            matrices.append(matrix[rows])
            labels.extend(gold[lines[pos].index] for pos in rows)
            weights.extend([weight] * len(rows))
            folds.extend([fold] * len(rows))
    return Rows(
        np.vstack(matrices),
        np.array(labels, dtype=np.float64),
        np.array(weights),
        np.array(folds, dtype=np.int64),
    )


def fit(matrix: Vector, labels: Vector, weights: Vector, strength: float) -> LineModel:
    """L2-regularised logistic regression on standardised features (Newton's method).

    ``strength`` is the penalty on the squared weights, per unit of sample weight.
    """
    center = matrix.mean(axis=0)
    scale = matrix.std(axis=0)
    scale[scale == 0] = 1.0
    x = np.hstack([(matrix - center) / scale, np.ones((len(matrix), 1))])
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], strength * weights.sum())
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        gradient = x.T @ (weights * (p - labels)) + penalty * beta
        hessian = (x.T * (weights * p * (1 - p))) @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    names = tuple(FEATURES)
    article = labels == 1
    reference = np.average(matrix[article], axis=0, weights=weights[article])
    return LineModel(
        names=names,
        reference=tuple(round(float(v), 6) for v in reference),
        center=tuple(round(float(v), 6) for v in center),
        scale=tuple(round(float(v), 6) for v in scale),
        weights=tuple(round(float(v), 6) for v in beta[:-1]),
        bias=round(float(beta[-1]), 6),
    )


def with_threshold(
    model: LineModel, threshold: float, about: dict[str, object], switch: float = 0.0
) -> LineModel:
    return LineModel(
        switch=switch,
        reference=model.reference,
        names=model.names,
        center=model.center,
        scale=model.scale,
        weights=model.weights,
        bias=model.bias,
        threshold=threshold,
        about=about,
    )


def end_to_end(
    pages: Sequence[Page],
    models: dict[int, LineModel],
    inputs: Sequence[str] = INPUTS,
    fold_seed: int = 0,
) -> dict[str, dict[str, float]]:
    """Clean each page with the default pipeline and the model of its fold (:func:`fold_of`
    with ``fold_seed``); score it.

    Returns input -> figure -> value: F1, P and R for German (``de``) and the other
    languages (``other``), and the gold-body token F1 (``tokF1``).
    """
    from quality import score_outputs  # noqa: PLC0415

    before = Pipeline.from_config(Config(filters=BEFORE))
    pipelines = {
        fold: Pipeline([*before.filters, ArticleLines(before._markers, model=model)])
        for fold, model in models.items()
    }
    out: dict[str, dict[str, float]] = {}
    for name in inputs:
        outputs = [
            pipelines[fold_of(page.site or page.id, fold_seed) if len(models) > 1 else 0].clean(
                page.inputs[name]
            )
            for page in pages
        ]
        scores = score_outputs(pages, outputs, name)
        figures = scores.figures()
        out[name] = {
            key: round(value, 4)
            for key, value in figures.items()
            if key.split("/")[0] in ("de", "other", "cpe") and not key.endswith("token_p")
        }
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEV_DATA)
    # 0.001: the best mean goal over five fold splits (--fold-seed 0 to 4) once the line
    # model had its cue-word features (rare features need a lighter penalty).
    parser.add_argument(
        "--strengths", default="0.001", help="L2 penalties to try (comma-separated)"
    )
    parser.add_argument("--thresholds", default="-0.75", help="score thresholds to try")
    parser.add_argument("--switches", default="1", help="switch costs to try")
    parser.add_argument(
        "--fold-seed",
        type=int,
        default=0,
        help="another assignment of the sites to the folds (0: the shipped figures' folds)",
    )
    parser.add_argument("--write", action="store_true", help="write the shipped model file")
    args = parser.parse_args(argv)
    try:
        pages = load_pages(args.data)
    except DataMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    rows = collect(pages, args.fold_seed)
    counts = Counter(rows.labels.tolist())
    print(
        f"{len(rows.labels)} labelled lines ({int(counts[1.0])} article, {int(counts[0.0])} "
        f"chrome) in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    best: tuple[float, float, float, float, dict[str, dict[str, float]]] | None = None
    for strength in (float(s) for s in args.strengths.split(",")):
        folds = {
            fold: fit(
                rows.matrix[rows.folds != fold],
                rows.labels[rows.folds != fold],
                rows.weights[rows.folds != fold],
                strength,
            )
            for fold in range(FOLDS)
        }
        for threshold, switch in itertools.product(
            (float(t) for t in args.thresholds.split(",")),
            [float(s) for s in args.switches.split(",")],
        ):
            models = {f: with_threshold(m, threshold, {}, switch) for f, m in folds.items()}
            figures = end_to_end(pages, models, fold_seed=args.fold_seed)
            goal = _goal(figures)
            print(
                f"strength {strength:g} threshold {threshold:+.2f} switch {switch:g}: "
                f"goal {goal:.4f}",
                flush=True,
            )
            print("  " + _summary(figures), flush=True)
            if best is None or goal > best[0]:
                best = (goal, strength, threshold, switch, figures)
    assert best is not None
    goal, strength, threshold, switch, cv = best
    print(
        f"chosen: strength {strength:g}, threshold {threshold:+.2f}, switch {switch:g} "
        f"(goal {goal:.4f})"
    )
    about = {
        "fitted_by": "benchmarks/train_article.py",
        "data": "newsclean dev pages (../shared/data/newsclean_dev.jsonl.gz)",
        "labelled_lines": {"article": int(counts[1.0]), "chrome": int(counts[0.0])},
        "l2_strength": strength,
        "cross_validated": cv,
    }
    fitted = fit(rows.matrix, rows.labels, rows.weights, strength)
    model = with_threshold(fitted, threshold, about, switch)
    print("in-sample: " + _summary(end_to_end(pages, {0: model})))
    if args.write:
        MODEL_FILE.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_FILE.relative_to(ROOT)}", file=sys.stderr)
    return 0


def _goal(figures: dict[str, dict[str, float]]) -> float:
    """What the choice maximises: German F1 on full and main, other languages on main and
    half the gold-body token F1; a present-F1 on the residue below the no-op's
    (:data:`RESIDUE_FLOOR`: a clean text must stay clean) costs ten times its shortfall."""
    shortfall = max(0.0, RESIDUE_FLOOR - figures["residue"]["de/present_f1"])
    return (
        figures["full"]["de/f1"]
        + figures["main"]["de/f1"]
        + figures["main"]["other/f1"]
        + 0.5 * figures["full"]["cpe/token_f1"]
        - 10 * shortfall
    )


def _summary(figures: dict[str, dict[str, float]]) -> str:
    return " | ".join(
        f"{name}: de F1 {f['de/f1']:.3f} (P {f['de/p']:.3f} R {f['de/r']:.3f}) "
        f"other F1 {f['other/f1']:.3f} de pF1 {f['de/present_f1']:.3f}"
        + (f" tokF1 {f['cpe/token_f1']:.3f}" if "cpe/token_f1" in f else "")
        for name, f in figures.items()
    )


if __name__ == "__main__":
    raise SystemExit(main())
