"""The article's core span: body paragraphs in the middle, chrome clustered at the edges."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

import numpy as np

from .._accel import kernel
from ..langdata import Markers
from ..lines import Doc, Line
from .base import Mark
from .features import LineFeatures, LineTable, int_rows, view_table

__all__ = ["ArticleSpan", "SpanPlan"]


class SpanPlan(NamedTuple):
    """What :meth:`ArticleSpan.plan` found in a document.

    Attributes:
        lines: the non-blank lines, in order (positions below index this list).
        scores: each line's span score.
        teasers: positions of body lines in teaser-list shape.
        core: (start, end) positions of the maximum-sum run, before it is grown; ``None``
            when no line scores above zero.
        removed: position -> reason, for the lines the span filter removes.
        mass: the total score of the grown span (0 without a core).
    """

    lines: list[Line]
    scores: list[float]
    teasers: set[int]
    core: tuple[int, int] | None
    removed: dict[int, str]
    mass: float = 0.0


class ArticleSpan:
    """Remove the chrome around the article: what lies outside its core span of body text.

    Every non-blank line gets a score from its shape (see :mod:`.features` and
    :meth:`scores`):

    * a **body** line (at least ``min_words`` words, a stopword density of at least
      ``min_density``, ending like a sentence or long) gains by its length, up to
      ``max_gain``; less near the end of the document (after ``tail``) and when it holds
      a notice word (consent, newsletter, licence, author box);
    * a short line that ends like a sentence scores 0 (a caption, a sign-off), and so
      does a line of program code (technical articles quote code, menus never do);
    * a short text with stopwords (a subheading, a kicker, a list item) costs 0.3;
    * a menu-like line (at most 3 words, no stopword) costs 0.3 for the first
      ``short_run`` lines of a run and ``cost`` for each further one: a long run of menu
      entries is a barrier.

    Three or more body lines that each stand between non-body lines form a teaser list and
    gain only ``teaser_factor`` of their value. The core span is the run of lines with the
    highest total (Kadane's maximum-sum subarray, the idea of BTE), grown over further body
    lines that no run of ``barrier`` menu-like lines separates from it. Lines after the
    span go; before it, the ``headline_lines`` lines next to the span stay when they read
    like a kicker or a headline, the rest goes; after it, a lead-in sentence ending in a
    colon right after the last paragraph ("Den Bericht finden Sie hier:") stays with it.
    Nothing inside the span is touched.

    A document without any body line (a list, a table, a language without stopword data)
    is left alone. A clean text (under ``clean_share`` of its lines menu-like or removed by
    earlier filters: an extractor's output), and a document whose core span scores under
    ``min_mass`` (about 500 characters of body text: a short post, a form), lose only
    the runs of menu-like lines that open or close the document, never a sentence.
    See docs/filters.md for examples.
    """

    name = "span"
    strong = False  # shape and position are weak signals: the body-sentence guard applies

    def __init__(
        self,
        markers: Markers,
        *,
        min_words: int = 8,
        min_density: float = 0.2,
        max_gain: float = 6.0,
        cost: float = 0.6,
        short_run: int = 3,
        headline_lines: int = 2,
        teaser_factor: float = 0.3,
        clean_share: float = 0.2,
        barrier: int = 6,
        tail: float = 0.7,
        min_mass: float = 5.0,
    ) -> None:
        self.markers = markers
        self.min_words = min_words
        self.min_density = min_density
        self.max_gain = max_gain
        self.cost = cost
        self.short_run = short_run
        self.headline_lines = headline_lines
        self.teaser_factor = teaser_factor
        self.clean_share = clean_share
        self.barrier = barrier
        self.tail = tail
        self.min_mass = min_mass

    def is_body(self, feats: LineFeatures) -> bool:
        """A paragraph of running text: enough words, function words, sentence shape."""
        return (
            feats.words >= self.min_words
            and feats.density >= self.min_density
            and (feats.sentence_end or feats.chars >= 100 or feats.colon_end)
        )

    def gain(self, feats: LineFeatures) -> float:
        """What a line adds to the span: positive for body, 0 for a short sentence, else -1."""
        if self.is_body(feats):
            return min(feats.chars / 100, self.max_gain)
        if feats.sentence_end and feats.words >= 4:
            return 0.0
        return -1.0

    def scores(self, doc: Doc, feats: Mapping[int, LineFeatures]) -> tuple[list[float], set[int]]:
        """The span score of each non-blank line of ``doc``, and the teaser positions.

        A body line gains by its length; other lines cost.

        The first ``short_run`` lines of a run of chrome lines cost little (a subheading,
        a caption or a dateline between paragraphs), each further line costs ``cost``:
        a long run of menu entries is a barrier. Lines that earlier filters removed
        count as chrome lines of the run they sat in. Body in the last part of the
        document gains less, and body that talks about cookies, newsletters or licences
        (``notice`` words of the language data) gains little: comment threads, author
        boxes and consent texts cluster at the end and must not outweigh the article.
        """
        scores, teasers, _, _ = self._score(doc)
        return scores, teasers

    def _score(
        self, doc: Doc
    ) -> tuple[list[float], set[int], tuple[int, int] | None, tuple[list[bool], list[bool]]]:
        """:meth:`scores`, the core span (``None`` when no line scores above zero), and
        which lines are body (:meth:`is_body`) and which menu-like (a line of a menu, tag
        list or footer: at most 3 words, no stopword, no sentence end, no code, no colon
        at the end, which makes a label that introduces what follows, "Zutaten:")."""
        lines, table, place = view_table(doc, self.markers)
        if not lines:
            return [], set(), None, ([], [])
        ints = int_rows(
            (
                table.index,
                place,
                table.words,
                table.stopwords,
                table.sentence_end,
                table.chars,
                table.colon_end,
                table.notice,
                table.code,
            )
        )
        scores, teasers, core, body, menu = kernel.span_scores(
            ints,
            table.digits,
            last=max(doc.lines[-1].index, 1),
            min_words=self.min_words,
            min_density=self.min_density,
            max_gain=self.max_gain,
            tail=self.tail,
            short_run=self.short_run,
            cost=self.cost,
            teaser_factor=self.teaser_factor,
        )
        found = None if core[0] < 0 else (int(core[0]), int(core[1]))
        shape = (body.tolist(), menu.tolist())
        return scores.tolist(), set(np.flatnonzero(teasers).tolist()), found, shape

    def plan(self, doc: Doc) -> SpanPlan:
        """Score the lines of ``doc``, find the core span and decide which lines go."""
        lines, table, place = view_table(doc, self.markers)
        if not lines:
            return SpanPlan(lines, [], set(), None, {})
        scores, teasers, found, (body, menu) = self._score(doc)
        if found is None:
            return SpanPlan(lines, scores, teasers, None, {})
        start, end = self._extend(
            lines, place.tolist(), body=body, menu=menu, scores=scores, teasers=teasers, span=found
        )
        if end + 1 < len(lines) and _lead_in(table, end + 1):
            end += 1  # "Das Papier finden Sie hier:" ends the article, it points to a link
        kept_before = self._headline(start, table)
        where = f"lines {lines[start].index}-{lines[end].index}"
        removed = (doc.lines[-1].index + 1 - len(doc.lines)) if doc.lines else 0
        share = (menu.count(True) + removed) / (len(lines) + removed)
        gone: dict[int, str] = {}
        mass = math.fsum(scores[start : end + 1])
        if share < self.clean_share or mass < self.min_mass:
            # A clean text (an extractor's output), or an article core too small to trust
            # (a short post, a form): only the runs of menu-like lines that open or close
            # the document go.
            head = next((pos for pos, flag in enumerate(menu) if not flag), len(lines))
            tail = next((pos for pos in range(len(lines) - 1, -1, -1) if not menu[pos]), -1)
            said = {
                side: f"menu-like line {side} the article ({where})" for side in ("before", "after")
            }
            for pos in (*range(min(head, start)), *range(max(tail, end) + 1, len(lines))):
                if pos not in kept_before:
                    gone[pos] = said["before" if pos < start else "after"]
            return SpanPlan(lines, scores, teasers, found, gone, mass)
        before = f"before the article ({where})"
        for pos in range(start):
            if pos not in kept_before:
                gone[pos] = before
        gone.update(dict.fromkeys(range(end + 1, len(lines)), f"after the article ({where})"))
        return SpanPlan(lines, scores, teasers, found, gone, mass)

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        plan = self.plan(doc)
        for pos in sorted(plan.removed):
            yield Mark(plan.lines[pos].index, plan.removed[pos])

    def _extend(
        self,
        lines: Sequence[Line],
        place: Sequence[int],
        *,
        body: Sequence[bool],
        menu: Sequence[bool],
        scores: Sequence[float],
        teasers: set[int],
        span: tuple[int, int],
    ) -> tuple[int, int]:
        """Grow the span over body lines that no barrier separates from it.

        A barrier is a run of ``barrier`` menu-like lines (lines earlier filters removed
        count as such); short text lines neither break nor end a run. A body paragraph
        after a list, an address block or a table thus stays with the article, while the
        body-like texts beyond a menu, a share row or a footer do not. ``place`` is each
        line's position in the view (blank lines counted); ``body`` and ``menu`` tell which
        lines are body and which menu-like (see :meth:`_score`).
        """
        start, end = span
        for step in (1, -1):
            pos = end if step == 1 else start
            run = 0
            probe = pos + step
            while 0 <= probe < len(lines):
                gap = abs(place[probe] - place[probe - step]) - 1
                # Removed lines between the two.
                run += abs(lines[probe].index - lines[probe - step].index) - 1 - gap
                if run >= self.barrier:
                    break
                if scores[probe] > 0 and probe not in teasers and body[probe]:
                    pos, run = probe, 0
                elif menu[probe]:
                    run += 1
                probe += step
            if step == 1:
                end = pos
            else:
                start = pos
        return start, end

    def _headline(self, start: int, table: LineTable) -> set[int]:
        """Positions of the lines right before the span (at ``start``) that read as
        headline or lead."""
        kept: set[int] = set()
        for pos in range(start - 1, max(-1, start - 1 - self.headline_lines), -1):
            if table.words[pos] < 2 or table.chars[pos] > 300 or table.digits[pos] > 0.3:
                break
            kept.add(pos)
        return kept


def _lead_in(table: LineTable, pos: int) -> bool:
    """Whether the line at ``pos`` is a short sentence that ends in a colon and points to
    what follows (a link, a file)."""
    return bool(
        table.colon_end[pos]
        and table.words[pos] >= 4
        and table.stopwords[pos] >= 2
        and not table.notice[pos]
    )
