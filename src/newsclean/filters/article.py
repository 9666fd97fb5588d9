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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import regex

from ..errors import ConfigError
from ..langdata import Markers
from ..lines import NORMS, Doc, Line
from .base import Mark
from .features import LineFeatures, features
from .span import ArticleSpan, SpanPlan, _menu_like

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
    "teaser": "a paragraph in the shape of a teaser list",
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

#: The core span must score at least this much (about a hundred characters of body text
#: per unit) for the model to judge a document; below it the span rules decide.
MIN_MASS = 5.0

_CLOSERS = "\"'“”‘’»«)]"
# Per-line character counts are taken on the whole document at once: delete every
# character of no interest (line breaks kept), then measure each line that is left.
_NOT_LETTER = regex.compile(r"[^\p{L}\n]++")
_NOT_CAPITAL = regex.compile(r"[^\p{Lu}\n]++")
_NOT_PUNCTUATION = regex.compile(r"[^\p{P}\p{S}\n]++")
_NOT_SEPARATOR = regex.compile(r"[^|»›•·\n]++")
_ADDRESS = regex.compile(r"https?:|www\.|@|#\w")


def _ends_with_ellipsis(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(("…", ".."))


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
    lines = [line for line in doc.lines if line.text]
    if not lines:
        return lines, np.zeros((0, len(FEATURES)))
    feats = features(doc, markers).of
    shape = _shape(lines, [feats[line.index] for line in lines], span)
    columns = {
        **shape,
        **_characters([line.text for line in lines]),
        **_gaps(doc, lines),
        **_place(shape, plan),
    }
    columns.update(_neighbours(columns))
    columns.update(_document(columns, span))
    matrix = np.column_stack([np.asarray(columns[name], dtype=np.float64) for name in FEATURES])
    return lines, matrix


Columns = dict[str, npt.NDArray[Any]]


def _root(values: npt.NDArray[Any], cap: float) -> Matrix:
    """``sqrt(min(values, cap)) / sqrt(cap)``: 0 to 1, finer for small values."""
    out: Matrix = np.sqrt(np.minimum(values, cap)) / np.sqrt(cap)
    return out


def _shape(lines: list[Line], items: list[LineFeatures], span: ArticleSpan) -> Columns:
    """Features of each line on its own: length, words, punctuation, body or menu."""
    n = len(lines)
    chars, words, stop, send, colon, upper, digits, notice, code = np.array(
        [
            (
                f.chars,
                f.words,
                f.stopwords,
                f.sentence_end,
                f.colon_end,
                f.upper_start,
                f.digits,
                f.notice,
                f.code,
            )
            for f in items
        ],
        dtype=np.float64,
    ).T
    texts = [line.text for line in lines]
    density = stop / np.maximum(words, 1)
    body = (
        (words >= span.min_words)
        & (density >= span.min_density)
        & ((send > 0) | (chars >= 100) | (colon > 0))
    )
    return {
        "chars": _root(chars, 1600),
        "words": _root(words, 400),
        "very_short": chars <= 20,
        "short": chars <= 50,
        "long": chars >= 150,
        "few_words": words <= 3,
        "many_words": words >= 12,
        "density": density,
        "no_stopwords": (words >= 4) & (stop == 0),
        "sentence_end": send,
        "colon_end": colon,
        "ellipsis_end": np.fromiter(map(_ends_with_ellipsis, texts), dtype=bool, count=n),
        "upper_start": upper,
        "lower_start": np.fromiter((text[0].islower() for text in texts), dtype=bool, count=n),
        "digits": digits,
        "notice": notice,
        "code": code,
        "body": body,
        "menu": np.fromiter(map(_menu_like, items), dtype=bool, count=n),
        "short_sentence": (send > 0) & (words >= 4) & ~body,
        "_body_chars": chars * body,
    }


def _characters(texts: list[str]) -> Columns:
    """Shares of capitals and punctuation, separators and addresses in each line."""
    n = len(texts)
    joined = "\n".join(texts)
    chars = np.fromiter(map(len, texts), dtype=np.float64, count=n)
    letters = _per_line(_NOT_LETTER, joined, n)
    return {
        "capitals": _per_line(_NOT_CAPITAL, joined, n) / np.maximum(letters, 1),
        "punctuation": _per_line(_NOT_PUNCTUATION, joined, n) / chars,
        "separators": _per_line(_NOT_SEPARATOR, joined, n) > 0,
        "address": _lines_matching(_ADDRESS, joined, n),
    }


def _gaps(doc: Doc, lines: list[Line]) -> Columns:
    """Where each line stands in the whole document, and what earlier filters removed.

    Lines earlier filters removed between two kept lines: the difference of the line
    numbers, less the blank lines (which no filter removes) between them.
    """
    n = len(lines)
    index = np.fromiter((line.index for line in lines), dtype=np.int64, count=n)
    where = {line.index: pos for pos, line in enumerate(doc.lines)}
    place = np.fromiter((where[i] for i in index), dtype=np.int64, count=n)
    total = _total_lines(doc)
    between = np.diff(index) - np.diff(place)
    head = index[0] - place[0]
    tail = max(0, (total - 1 - index[-1]) - (len(doc.lines) - 1 - place[-1]))
    before = np.concatenate(([head], between)).astype(np.float64)
    after = np.concatenate((between, [tail])).astype(np.float64)
    position = index / max(total - 1, 1)
    # Blocks: runs of kept lines without a blank line between them.
    new_block = np.concatenate(([True], np.diff(place) > 1))
    return {
        "removed_before": np.minimum(before, 10) / 10,
        "removed_after": np.minimum(after, 10) / 10,
        "gap_before": before > 0,
        "gap_after": after > 0,
        "position": position,
        "top": position < 0.1,
        "bottom": position > 0.9,
        "block_first": new_block,
        "block_last": np.concatenate((new_block[1:], [True])),
        "_block": np.cumsum(new_block) - 1,
        "_removed": np.array(float(before.sum() + tail)),
    }


def _place(shape: Columns, plan: SpanPlan) -> Columns:
    """Each line's place relative to the body text and to the span filter's core span."""
    body = shape["body"]
    n = len(body)
    body_chars = shape["_body_chars"]
    body_total = float(body_chars.sum()) or 1.0
    cum = np.cumsum(body_chars)
    body_before = (cum - body_chars) / body_total
    body_after = (body_total - cum) / body_total if body_chars.any() else np.zeros(n)
    pos = np.arange(n)
    if plan.core is None:
        start, end = n, -1  # nothing is inside; everything is "distant"
        distance = np.full(n, 100.0)
    else:
        start, end = plan.core
        distance = np.maximum(np.maximum(start - pos, pos - end), 0).astype(np.float64)
    teaser = np.zeros(n, dtype=bool)
    teaser[list(plan.teasers)] = True
    removes = np.zeros(n, dtype=bool)
    removes[list(plan.removed)] = True
    window = 5
    padded = np.concatenate((np.zeros(window + 1), np.cumsum(body, dtype=np.float64)))
    padded = np.concatenate((padded, np.full(window, padded[-1])))
    local_count = np.minimum(pos + window, n - 1) - np.maximum(pos - window, 0) + 1
    return {
        "body_before": body_before,
        "body_after": body_after,
        "before_body": body_before == 0,
        "after_body": body_after == 0,
        "in_span": (pos >= start) & (pos <= end),
        "before_span": (pos < start) & (plan.core is not None),
        "after_span": pos > end if plan.core is not None else np.zeros(n, dtype=bool),
        "span_distance": _root(distance, 100),
        "teaser": teaser,
        "span_removes": removes,
        "menu_run": _root(_run_lengths(shape["menu"]), 25),
        "local_body": (padded[pos + 2 * window + 1] - padded[pos]) / local_count,
        "body_above": _root(_distance_to(body, pos, -1), 25),
        "body_below": _root(_distance_to(body, pos, 1), 25),
    }


def _neighbours(columns: Columns) -> Columns:
    """Features of the lines one and two above and below."""
    present = np.ones(len(columns["body"]), dtype=bool)
    out: Columns = {}
    for side, sign in (("prev", -1), ("next", 1)):
        for step in (1, 2):
            for name, values in (
                ("body", columns["body"]),
                ("menu", columns["menu"]),
                ("chars", columns["chars"]),
                ("density", columns["density"]),
                ("sentence_end", columns["sentence_end"]),
            ):
                out[f"{side}{step}_{name}"] = _shifted(values, sign * step)
            out[f"{side}{step}_missing"] = 1.0 - _shifted(present, sign * step)
    return out


def _document(columns: Columns, span: ArticleSpan) -> Columns:
    """Features of the whole document, the same on each of its lines."""
    body = columns["body"]
    n = len(body)
    block = columns["_block"]
    block_size = np.bincount(block).astype(np.float64)
    removed = float(columns["_removed"])
    chrome = (float(columns["menu"].sum()) + removed) / (n + removed)
    clean = chrome < span.clean_share
    return {
        "block_size": _root(block_size[block], 25),
        "block_body": (np.bincount(block, weights=body.astype(np.float64)) / block_size)[block],
        "doc_body": np.full(n, body.mean()),
        "doc_chrome": np.full(n, chrome),
        "clean_doc": np.full(n, clean),
        "clean_outside": clean & ~columns["in_span"],
        "doc_lines": np.full(n, _root(np.array(n), 2500)),
    }


def _per_line(deleted: regex.Pattern[str], joined: str, n: int) -> Matrix:
    """How many characters of each line ``deleted`` leaves (lines joined by ``\\n``)."""
    kept = deleted.sub("", joined).split("\n")
    return np.fromiter(map(len, kept), dtype=np.float64, count=n)


def _lines_matching(pattern: regex.Pattern[str], joined: str, n: int) -> Matrix:
    """1 for each line (of ``joined``) where ``pattern`` matches, else 0."""
    out = np.zeros(n)
    starts = [match.start() for match in pattern.finditer(joined)]
    if starts:
        breaks = np.flatnonzero(np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32) == 10)
        out[np.searchsorted(breaks, starts)] = 1.0
    return out


def _shifted(values: npt.ArrayLike, shift: int) -> Matrix:
    """``values`` moved by ``shift`` places (the previous line's value at -1), 0 outside."""
    array = np.asarray(values, dtype=np.float64)
    out = np.zeros_like(array)
    if shift < 0 and -shift < len(array):
        out[-shift:] = array[:shift]
    elif shift > 0 and shift < len(array):
        out[:-shift] = array[shift:]
    return out


def _distance_to(flags: npt.NDArray[np.bool_], pos: npt.NDArray[np.int64], side: int) -> Matrix:
    """Lines from each position to the nearest flagged one above (-1) or below (1), not
    counting the position itself; 25 where there is none."""
    marked = np.flatnonzero(flags)
    out = np.full(len(flags), 25.0)
    if not len(marked):
        return out
    if side < 0:
        at = np.searchsorted(marked, pos, side="left") - 1
        ok = at >= 0
        out[ok] = pos[ok] - marked[at[ok]]
    else:
        at = np.searchsorted(marked, pos, side="right")
        ok = at < len(marked)
        out[ok] = marked[at[ok]] - pos[ok]
    return out


def _run_lengths(flags: npt.NDArray[np.bool_]) -> Matrix:
    """For each position, the length of the run of true flags it stands in (0 if false)."""
    out = np.zeros(len(flags))
    if not flags.any():
        return out
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        out[start:end] = end - start
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
    def _fixed(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], int, int]:
        columns = np.array([list(FEATURES).index(name) for name in self.names], dtype=np.int64)
        # score = sum(w * (x - c) / s) + b = sum((w / s) * x) + (b - sum(w * c / s))
        per_unit = np.array(self.weights) / np.array(self.scale)
        weights = np.rint(per_unit * _SCALE).astype(np.int64)
        offset = self.bias - float(np.sum(per_unit * np.array(self.center)))
        return columns, weights, round(offset * _SCALE * _SCALE), round(self.threshold * _SCALE)

    def scores(self, matrix: Matrix) -> npt.NDArray[np.int64]:
        """The score of each row, in units of ``1/_SCALE`` (exact integers)."""
        columns, weights, offset, _ = self._fixed
        fixed = np.rint(matrix[:, columns] * _SCALE).astype(np.int64)
        total: npt.NDArray[np.int64] = fixed @ weights + offset
        return total // _SCALE

    def differences(self, matrix: Matrix) -> Matrix:
        """How much each feature moves each row's score away from a typical article line's
        (the model's ``reference``; the average line without one)."""
        reference = self.center if self.reference is None else self.reference
        moved: Matrix = (matrix - np.array(reference)) / np.array(self.scale)
        out: Matrix = moved * np.array(self.weights)
        return out

    def is_chrome(self, scores: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """Which lines are chrome: scores below the threshold, or, with a ``switch`` cost,
        the labelling of the lines with the best total (see :func:`_segment`)."""
        threshold = self._fixed[3]
        if self.switch <= 0:
            return scores < threshold
        return _segment(scores - threshold, round(self.switch * _SCALE))

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
        span = self._span
        plan = span.plan(doc)
        if not self.judges(plan):
            # No paragraph of running text, or too little to tell the article from the
            # chrome (a short post, a snippet): the span filter's cautious rule decides
            # (only runs of menu-like lines at the edges go).
            for pos in sorted(plan.removed):
                yield Mark(plan.lines[pos].index, plan.removed[pos])
            return
        lines, matrix = line_matrix(doc, self.markers, span, plan)
        model = self.model
        scores = model.scores(matrix)
        chrome = np.flatnonzero(model.is_chrome(scores))

        if not len(chrome):
            return
        columns = np.array([list(FEATURES).index(name) for name in model.names])
        parts = model.differences(matrix[np.ix_(chrome, columns)])
        threshold = model.threshold
        for row, pos in enumerate(chrome.tolist()):
            score = int(scores[pos]) / _SCALE
            if score < threshold:
                verdict = f"line model: score {score:+.2f} below {threshold:+.2f}"
            else:
                verdict = f"line model: score {score:+.2f}, inside a run of chrome lines"
            yield Mark(lines[pos].index, f"{verdict} ({self._weakest(parts[row])})")

    def judges(self, plan: SpanPlan) -> bool:
        """Whether the model judges a document with this span plan: it needs a core span
        of at least ``min_mass`` (else the span rules decide)."""
        return plan.core is not None and plan.mass >= self.min_mass

    def _weakest(self, parts: Matrix) -> str:
        """The three features that pull a line's score down most, against an article line."""
        names = self.model.names
        worst = np.argsort(parts, kind="stable")[:3]
        return ", ".join(f"{names[i]} {parts[i]:+.1f}" for i in worst if parts[i] < 0)

    def __repr__(self) -> str:
        return f"ArticleLines({len(self.model.names)} features)"


def _segment(scores: npt.NDArray[np.int64], switch: int) -> npt.NDArray[np.bool_]:
    """Chrome flags of the best labelling: sum of scores of article lines minus ``switch``
    per change between article and chrome (Viterbi over two states)."""
    n = len(scores)
    keep_best = 0
    drop_best = 0
    back_keep = np.zeros(n, dtype=bool)  # True: came from drop
    back_drop = np.zeros(n, dtype=bool)  # True: came from keep
    for i, value in enumerate(scores.tolist()):
        if i == 0:
            keep_best, drop_best = value, 0
            continue
        from_drop = drop_best - switch
        if from_drop > keep_best:
            new_keep = from_drop + value
            back_keep[i] = True
        else:
            new_keep = keep_best + value
        from_keep = keep_best - switch
        if from_keep > drop_best:
            new_drop = from_keep
            back_drop[i] = True
        else:
            new_drop = drop_best
        keep_best, drop_best = new_keep, new_drop
    out = np.zeros(n, dtype=bool)
    state_drop = drop_best > keep_best
    for i in range(n - 1, -1, -1):
        out[i] = state_drop
        state_drop = not back_drop[i] if state_drop else bool(back_keep[i])
    return out
