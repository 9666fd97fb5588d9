"""The article's core span: body paragraphs in the middle, chrome clustered at the edges."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from .._accel import kernel
from .._kernel_py import SPAN_SETTINGS, SpanLayout
from ..langdata import Markers
from ..lines import Doc, Line
from .base import Mark
from .features import LineFeatures, features, view_arrays

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


#: What :meth:`ArticleSpan._outline` gives: the lines, their scores, the teasers, the core
#: span (or ``None``), the mass, the positions that go before and after the span, whether
#: only the edges' menu-like runs go, and the span's first and last positions.
_Outline = tuple[
    list[Line],
    list[float],
    set[int],
    "tuple[int, int] | None",
    float,
    Sequence[int],
    Sequence[int],
    bool,
    int,
    int,
]


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
    _settings: tuple[object, ...] | None = None  # see _plan_settings

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

    def __setattr__(self, name: str, value: object) -> None:
        # A setting of the kernel's plan changed: the tuple of them is made again.
        object.__setattr__(self, name, value)
        if name in SPAN_SETTINGS:
            object.__setattr__(self, "_settings", None)

    def _plan_settings(self) -> tuple[object, ...]:
        """The settings of the kernel's span plan, in the order of ``SPAN_SETTINGS``
        (made when first asked for after a change, so not a mapping a call)."""
        settings = self._settings
        if settings is None:
            settings = tuple(getattr(self, name) for name in SPAN_SETTINGS)
            object.__setattr__(self, "_settings", settings)
        return settings

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
        _, layout = self._layout(doc)
        return layout[0], layout[1]

    def _layout(self, doc: Doc) -> tuple[list[Line], SpanLayout]:
        """The non-blank lines of ``doc`` and the kernel's plan of them
        (:func:`newsclean._kernel_py.span_plan`): scores, teasers, core and grown span, the
        headline lines kept before it, and which lines are
        menu-like (a line of a menu, tag list or footer: at most 3 words, no stopword, no
        sentence end, no code, no colon at the end, which makes a label that introduces
        what follows, "Zutaten:")."""
        view = view_arrays(doc, self.markers)
        lines = view[0]
        if not lines:
            return lines, ([], set(), None, -1, -1, set(), 0, 0, -1, 0.0)
        return lines, kernel._article_span_plan(
            view,
            bool(features(doc, self.markers).language),
            max(doc.lines[-1].index, 1),
            self._settings or self._plan_settings(),
        )

    def plan(self, doc: Doc) -> SpanPlan:
        """Score the lines of ``doc``, find the core span and decide which lines go."""
        return self._plan_of(self._outline(doc))

    def _outline(self, doc: Doc) -> _Outline:
        """The plan of ``doc`` before its reasons are written: the positions that go
        before and after the span (the article filter that judges the document reads
        them, not the reasons)."""
        lines, layout = self._layout(doc)
        scores, teasers, found, start, end, kept_before, menus, head, tail, mass = layout
        if found is None:
            return lines, scores, teasers, None, 0.0, (), (), False, start, end
        removed = (doc.lines[-1].index + 1 - len(doc.lines)) if doc.lines else 0
        share = (menus + removed) / (len(lines) + removed)
        if share < self.clean_share or mass < self.min_mass:
            # A clean text (an extractor's output), or an article core too small to trust
            # (a short post, a form): only the runs of menu-like lines that open or close
            # the document go.
            # (A range without positions makes no list: a short document's edges mostly
            # have none, and a comprehension costs a call.)
            stop = min(head, start)
            before = [pos for pos in range(stop) if pos not in kept_before] if stop > 0 else ()
            begin = max(tail, end) + 1
            after = (
                [pos for pos in range(begin, len(lines)) if pos not in kept_before]
                if begin < len(lines)
                else ()
            )
            return lines, scores, teasers, found, mass, before, after, True, start, end
        # The headline lines kept are the last ones before the span.
        before_span = range(start - len(kept_before))
        after_span = range(end + 1, len(lines))
        return lines, scores, teasers, found, mass, before_span, after_span, False, start, end

    @staticmethod
    def _plan_of(outline: _Outline) -> SpanPlan:
        """The plan of an outline (:meth:`_outline`), with the reason of each removal."""
        lines, scores, teasers, found, mass, before, after, edges, start, end = outline
        if found is None:
            return SpanPlan(lines, scores, teasers, None, {})
        where = f"lines {lines[start].index}-{lines[end].index}"
        said = "menu-like line {} the article ({})" if edges else "{} the article ({})"
        gone = dict.fromkeys(before, said.format("before", where))
        gone.update(dict.fromkeys(after, said.format("after", where)))
        return SpanPlan(lines, scores, teasers, found, gone, mass)

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        plan = self.plan(doc)
        for pos in sorted(plan.removed):
            yield Mark(plan.lines[pos].index, plan.removed[pos])
