"""The article filter: every line scored by a linear model over named line features.

Which line of a page is article text and which is chrome shows in its shape (length,
function words, sentence punctuation), in its neighbourhood (body paragraphs around it,
lines that earlier filters removed next to it, a run of menu entries) and in its place on
the page (before the first paragraph, after the last one, outside the article's core
span). :func:`line_matrix` computes these signals for every line of a document as named
columns (:data:`FEATURES`); :class:`LineModel` weighs them; :class:`ArticleLines` removes
the lines the model scores as chrome and names, for each, the features that weighed most.

The weights are data (``newsclean/data/article_model.json``), fitted by
``benchmarks/train_article.py`` on the dev pages' gold labels. Scores are integers: the
features are rounded to fixed point and multiplied by integer weights, so a score is exact
and the same on every machine, whatever the order of the additions.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import _kernel_py
from .._accel import kernel
from ..errors import ConfigError
from ..langdata import Markers
from ..lines import NORMS, TEXT_ONLY, Doc, Line
from .base import Mark
from .features import features, view_arrays
from .span import ArticleSpan, SpanPlan

__all__ = ["FEATURES", "ArticleLines", "LineModel", "line_matrix"]

Matrix = npt.NDArray[np.float64]

#: Feature name -> what it measures. The order is the column order of :func:`line_matrix`.
FEATURES: Mapping[str, str] = {
    "chars": "length (square root of the characters, capped)",
    "words": "number of words (square root, capped)",
    "very_short": "at most 20 characters",
    "short": "at most 50 characters",
    "long": "at least 150 characters",
    "few_words": "at most 3 words",
    "many_words": "at least 12 words",
    "density": "share of the words that are function words (stopwords)",
    "no_stopwords": "4 words or more and not one function word",
    "sentence_end": "ends with . ! ? or ; (closing quotes aside)",
    "colon_end": "ends with a colon",
    "ellipsis_end": "ends with an ellipsis (a cut-off teaser)",
    "upper_start": "starts with a capital, a digit or a quote",
    "lower_start": "starts with a lower-case letter",
    "digits": "share of digits (short lines)",
    "notice": "holds a word of cookie, newsletter, licence or author notices",
    "self_words": "holds a first-person word (ich, wir, my): an author's own box",
    "bio_words": "holds a word of careers (studierte, Volontärin, freelance): an author bio",
    "promo_words": "holds a word of offers and subscriptions (kostenlos, Abo, Rabatt)",
    "caption_words": "holds a word of picture credits (Symbolbild, Getty, iStock)",
    "reader_words": "holds a word that addresses the reader (du, dein, bitte, please)",
    "code": "looks like program code",
    "body": "a paragraph of running text",
    "menu": "menu-like: at most 3 words, no function word, no sentence",
    "short_sentence": "a short sentence (4+ words), not a paragraph",
    "removed_before": "lines removed by earlier filters right above (up to 10)",
    "removed_after": "lines removed by earlier filters right below (up to 10)",
    "gap_before": "a removed line right above",
    "gap_after": "a removed line right below",
    "position": "place in the document (0 first line, 1 last line)",
    "top": "in the first tenth of the document",
    "bottom": "in the last tenth of the document",
    "body_before": "share of the document's body text above the line",
    "body_after": "share of the document's body text below the line",
    "before_body": "no body text above the line",
    "after_body": "no body text below the line",
    "in_span": "inside the article's core span",
    "before_span": "above the article's core span",
    "after_span": "below the article's core span",
    "span_distance": "distance from the core span, in lines (square root, capped)",
    "teaser": "a line of a teaser list: an item's text, or the kicker and headline before it",
    "span_removes": "the span filter's rules remove it",
    "capitals": "share of the letters that are capitals",
    "punctuation": "share of the characters that are punctuation or symbols",
    "separators": "holds a separator of menus and breadcrumbs (| » › • ·)",
    "address": "holds a web or mail address, a handle or a hashtag",
    "menu_run": "length of the run of menu-like lines it stands in (square root, capped)",
    "local_body": "share of body lines among the 11 lines around it",
    "body_above": "lines up to the nearest body line above (square root, capped)",
    "body_below": "lines up to the nearest body line below (square root, capped)",
    "block_size": "lines in its block (blank-line separated; square root, capped)",
    "block_first": "first line of its block",
    "block_last": "last line of its block",
    "block_body": "share of body lines in its block",
    "doc_body": "share of body lines in the document",
    "doc_chrome": "share of the document's lines that are menu-like or were removed before",
    "clean_doc": "under a fifth of the lines are menu-like or removed (an extractor's output)",
    "clean_outside": "in a clean document, and outside the core span",
    "doc_lines": "lines in the document (square root, capped)",
    **{
        f"{side}{step}_{name}": f"{name} of the {'previous' if side == 'prev' else 'next'} "
        f"line{'' if step == 1 else ' but one'}"
        for side in ("prev", "next")
        for step in (1, 2)
        for name in ("body", "menu", "chars", "density", "sentence_end", "missing")
    },
}

if tuple(FEATURES) != kernel.ARTICLE_FEATURES:  # pragma: no cover - a programming error
    raise ImportError("article FEATURES and the kernel's ARTICLE_FEATURES differ")

#: The core span must score at least this much (about a hundred characters of body text
#: per unit) for the model to judge a document; below it the span rules decide.
MIN_MASS = 5.0


def line_matrix(
    doc: Doc, markers: Markers, span: ArticleSpan | None = None, plan: SpanPlan | None = None
) -> tuple[list[Line], Matrix]:
    """The non-blank lines of ``doc`` and their features, one row per line.

    Columns follow :data:`FEATURES`. Every value is computed with comparisons, the four
    arithmetic operations and square roots only, which IEEE 754 rounds the same way on
    every machine. ``plan`` is the span filter's plan of ``doc``, if already made.
    """
    span = ArticleSpan(markers) if span is None else span
    plan = span.plan(doc) if plan is None else plan
    return _matrix(
        doc,
        markers,
        span,
        teasers=plan.teasers,
        scores=plan.scores,
        removed=plan.removed,
        core=plan.core,
    )


def _matrix(
    doc: Doc,
    markers: Markers,
    span: ArticleSpan,
    *,
    teasers: set[int],
    scores: list[float],
    removed: Iterable[int],
    core: tuple[int, int] | None,
) -> tuple[list[Line], Matrix]:
    """:func:`line_matrix` of the parts of a span plan it reads (``removed``: the
    positions the span filter removes)."""
    lines, ints, flags, digits = view_arrays(doc, markers)
    n = len(lines)
    if not n:
        return lines, np.zeros((0, len(FEATURES)))
    matrix = kernel.article_matrix(
        ints,
        flags,
        digits,
        _teaser_lists(teasers, scores),
        removed,
        stopwords=bool(features(doc, markers).language),
        total=_total_lines(doc),
        view_lines=len(doc.lines),
        core=core if core is not None else (-1, -1),
        min_words=span.min_words,
        min_density=span.min_density,
        clean_share=span.clean_share,
    )
    return lines, matrix


def _teaser_lists(teasers: set[int], scores: list[float]) -> set[int]:
    """The positions of the teaser lists: each teaser text (``teasers``, in a run of three
    or more) with the lines that frame it, the kicker and headline before it (lines that
    score no more than zero, at most two) and those between it and the next teaser text.

    >>> sorted(_teaser_lists({3, 6, 9}, [2.0, 1.0, -0.3, 0.5, -0.3, -0.3, 0.5, -0.3, -0.3, 0.5]))
    [2, 3, 4, 5, 6, 7, 8, 9]
    """
    out = set(teasers)
    for pos in teasers:
        for step in (1, 2):
            before = pos - step
            if before < 0 or before in teasers or scores[before] > 0:
                break
            out.add(before)
    return out


def _total_lines(doc: Doc) -> int:
    """Lines of the whole prepared document (a view may lack removed ones at the end)."""
    norms = doc.cache.get(NORMS)
    if norms is not None:
        return len(norms)
    return (doc.lines[-1].index + 1) if doc.lines else 0


# Fixed point of the features and the weights: 2^12 steps per unit.
_SCALE = 4096


@dataclass(frozen=True)
class LineModel:
    """A linear model over :data:`FEATURES`: a line's score is the sum of its weighted,
    standardised features plus a bias; a score below ``threshold`` means chrome.

    Attributes:
        names: the feature names, in column order.
        center: subtracted from each feature before weighing.
        scale: each feature is divided by this after centring.
        weights: the weight of each standardised feature.
        bias: added to every score.
        reference: the features of a typical article line (the mean of the article lines
            the model was fitted on); explanations say how a line differs from it.
        threshold: lines scoring below it are removed (0 is even odds).
        about: provenance: how and on what the model was fitted.
    """

    names: tuple[str, ...]
    center: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.0
    switch: float = 0.0
    reference: tuple[float, ...] | None = None
    about: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        sizes = {len(self.names), len(self.center), len(self.scale), len(self.weights)}
        if self.reference is not None:
            sizes.add(len(self.reference))
        if len(sizes) != 1:
            raise ConfigError(
                "a line model needs as many centres, scales, weights and references as names"
            )
        unknown = [name for name in self.names if name not in FEATURES]
        if unknown:
            raise ConfigError(f"unknown line features in the model: {', '.join(unknown)}")

    @functools.cached_property
    def columns(self) -> npt.NDArray[np.int64]:
        """The column of :func:`line_matrix` that each of the model's features is."""
        order = list(FEATURES)
        return np.array([order.index(name) for name in self.names], dtype=np.int64)

    @functools.cached_property
    def _fixed(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], int, int]:
        columns = self.columns
        # score = sum(w * (x - c) / s) + b = sum((w / s) * x) + (b - sum(w * c / s))
        per_unit = np.array(self.weights) / np.array(self.scale)
        weights = np.rint(per_unit * _SCALE).astype(np.int64)
        # math.fsum: the correctly rounded sum, the same on every machine and numpy version
        # (np.sum's pairwise order depends on the build).
        offset = self.bias - math.fsum((per_unit * np.array(self.center)).tolist())
        return columns, weights, round(offset * _SCALE * _SCALE), round(self.threshold * _SCALE)

    def scores(self, matrix: Matrix) -> npt.NDArray[np.int64]:
        """The score of each row, in units of ``1/_SCALE`` (exact integers)."""
        columns, weights, offset, _ = self._fixed
        try:
            return kernel.model_scores(matrix, columns, weights, offset=offset, scale=_SCALE)
        except OverflowError:  # a value that is not finite: numpy's way with it
            return _kernel_py.model_scores(matrix, columns, weights, offset=offset, scale=_SCALE)

    def differences(self, matrix: Matrix) -> Matrix:
        """How much each feature moves each row's score away from a typical article line's
        (the model's ``reference``; the average line without one)."""
        reference, scale, weights = self.pulls
        moved: Matrix = (matrix - reference) / scale
        out: Matrix = moved * weights
        return out

    @functools.cached_property
    def pulls(self) -> tuple[Matrix, Matrix, Matrix]:
        """What :meth:`differences` takes: the reference, scale and weight of each feature,
        as arrays."""
        reference = self.center if self.reference is None else self.reference
        return np.array(reference), np.array(self.scale), np.array(self.weights)

    def is_chrome(self, scores: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """Which lines are chrome: scores below the threshold, or, with a ``switch`` cost,
        the labelling of the lines with the best total (see
        :func:`newsclean._kernel_py.segment`)."""
        threshold = self._fixed[3]
        if self.switch <= 0:
            return scores < threshold
        return kernel.segment(scores - threshold, round(self.switch * _SCALE))

    def chrome_rows(self, scores: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The positions of the chrome lines (:meth:`is_chrome`)."""
        return kernel.chrome_rows(scores, self._fixed[3], self._switch)

    @functools.cached_property
    def _switch(self) -> int:
        return round(self.switch * _SCALE) if self.switch > 0 else -1

    def to_json(self) -> dict[str, Any]:
        """The model as plain data (what :meth:`from_json` reads)."""
        return {
            "format": "newsclean line model",
            "version": 1,
            "threshold": self.threshold,
            "switch": self.switch,
            "bias": self.bias,
            "features": [
                {
                    "name": name,
                    "center": center,
                    "scale": scale,
                    "weight": weight,
                    **({} if reference is None else {"reference": reference}),
                }
                for name, center, scale, weight, reference in zip(
                    self.names,
                    self.center,
                    self.scale,
                    self.weights,
                    self.reference or [None] * len(self.names),
                    strict=True,
                )
            ],
            "about": dict(self.about or {}),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, source: str = "line model") -> LineModel:
        """Read a model written by :meth:`to_json`.

        Raises:
            ConfigError: the data is not a line model of a version this code reads.
        """
        if data.get("format") != "newsclean line model" or data.get("version") != 1:
            raise ConfigError(f"{source} is not a version 1 newsclean line model")
        try:
            rows = data["features"]
            return cls(
                names=tuple(str(row["name"]) for row in rows),
                center=tuple(float(row["center"]) for row in rows),
                scale=tuple(float(row["scale"]) for row in rows),
                weights=tuple(float(row["weight"]) for row in rows),
                bias=float(data["bias"]),
                threshold=float(data.get("threshold", 0.0)),
                switch=float(data.get("switch", 0.0)),
                reference=(
                    tuple(float(row["reference"]) for row in rows)
                    if all("reference" in row for row in rows)
                    else None
                ),
                about=data.get("about"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{source} is not a valid line model: {exc}") from exc

    @classmethod
    def load(cls, path: str | Path | None = None) -> LineModel:
        """Load a model file; without a path, the model shipped with newsclean."""
        if path is None:
            return _shipped_model()
        try:
            text = Path(path).read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read line model {path}: {exc}") from exc
        return cls.from_json(data, source=str(path))


@functools.lru_cache(maxsize=1)
def _shipped_model() -> LineModel:
    entry = resources.files("newsclean").joinpath("data/article_model.json")
    return LineModel.from_json(json.loads(entry.read_text(encoding="utf-8")), source=str(entry))


class ArticleLines:
    """Remove the lines a linear model over line features scores as chrome.

    The features (:data:`FEATURES`) describe a line's shape, its neighbours, the lines
    earlier filters removed around it, and its place relative to the article's body text
    and core span (see :class:`~newsclean.filters.span.ArticleSpan`). The model's weights
    come from the shipped data file unless ``model`` is given. Each removal names the
    score and the features that pulled it down most.
    """

    name = "article"
    strong = False  # a model of shape and position is a weak signal: the guards apply

    def __init__(
        self, markers: Markers, *, model: LineModel | None = None, min_mass: float = MIN_MASS
    ) -> None:
        self.markers = markers
        self.min_mass = min_mass
        self.model = LineModel.load() if model is None else model
        self._span = ArticleSpan(markers)

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        # The marks made at once, as a list (one mark at a time from a generator costs
        # a resumption each).
        return iter(self._marks(doc))

    def _marks(self, doc: Doc) -> list[Mark]:
        span = self._span
        # The span plan without its reasons (read only when the span rules decide).
        outline = span._outline(doc)
        _, span_scores, teasers, core, mass, before, after, _, _, _ = outline
        # A subclass's own judges() is asked with the whole plan.
        plan = None if type(self).judges is ArticleLines.judges else span._plan_of(outline)
        if not (self._judges(core, mass) if plan is None else self.judges(plan)):
            # No paragraph of running text, or too little to tell the article from the
            # chrome (a short post, a snippet): the span filter's cautious rule decides
            # (only runs of menu-like lines at the edges go).
            if plan is None:
                if not before and not after and type(span)._plan_of is ArticleSpan._plan_of:
                    # The plan removes nothing (it removes only lines of these edge runs):
                    # no reasons to write. A span of a subclass plans as it says.
                    return []
                plan = span._plan_of(outline)
            return [Mark(plan.lines[pos].index, plan.removed[pos]) for pos in sorted(plan.removed)]
        lines, matrix = _matrix(
            doc,
            self.markers,
            span,
            teasers=teasers,
            scores=span_scores,
            removed=[*before, *after],
            core=core,
        )
        model = self.model
        scores = model.scores(matrix)
        chrome = model.chrome_rows(scores)

        if not len(chrome):
            return []
        if doc.cache.get(TEXT_ONLY) and not getattr(self, "strong_reasons", None):
            # Only the cleaned text is read (Pipeline.clean), or the removals are counted
            # and not read (explain(details=False), the command line). The details of this filter's
            # marks decide nothing there: it is a weak filter without strong reasons, so
            # the body-sentence guard never reads them (it reads the filter's name), and
            # the other readers of details (warnings, explanations) are dropped by clean()
            # or give the placeholder.
            # tests/test_article.py checks clean() against explain().text on real pages.
            details = [_UNEXPLAINED] * len(chrome)
            marks: list[Mark] = kernel.make_marks(lines, chrome.tolist(), details, Mark)
            return marks
        reference, scale, weights = model.pulls
        # Why: the score and the three features that pull it down most against a typical
        # article line (ties: the earlier feature).
        reasons = kernel.line_reasons(
            matrix,
            chrome,
            scores,
            columns=model.columns,
            reference=reference,
            scale=scale,
            weights=weights,
            unit=_SCALE,
            names=model.names,
            threshold=model.threshold,
            count=3,
        )
        explained: list[Mark] = kernel.make_marks(lines, chrome.tolist(), reasons, Mark)
        return explained

    def judges(self, plan: SpanPlan) -> bool:
        """Whether the model judges a document with this span plan: it needs a core span
        of at least ``min_mass`` (else the span rules decide)."""
        return self._judges(plan.core, plan.mass)

    def _judges(self, core: tuple[int, int] | None, mass: float) -> bool:
        return core is not None and mass >= self.min_mass

    def __repr__(self) -> str:
        return f"ArticleLines({len(self.model.names)} features)"


# The detail of the line model's marks when only the cleaned text is read (Pipeline.clean).
_UNEXPLAINED = "line model (details not asked for)"
