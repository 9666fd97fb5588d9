"""The pipeline: prepare, run the filters in order, apply the guards, join.

``clean(text)`` is ``clean_and_explain(text).text``: the same filters and rounds, with the
explanation left out (tests check both give the same text), and the explanation is plain
data that can be replayed (:func:`replay`) to give the same text.
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, cast

from . import _kernel_py
from ._accel import kernel
from .config import Config
from .errors import NewscleanError
from .filters import Filter, build_filter
from .filters.base import _word_character
from .langdata import Markers, available_languages, compile_markers
from .lines import PASSED, TEXT_ONLY, Doc, Edit, Line, _forget_repairs, prepare, prepare_kept

__all__ = [
    "Cleaned",
    "Pipeline",
    "Removal",
    "clean",
    "clean_and_explain",
    "join_lines",
    "replay",
]


class Removal(NamedTuple):
    """One removed line: where it was, what it said, which filter removed it and why."""

    index: int  # type: ignore[assignment]  # shadows tuple.index on purpose: a line position
    text: str
    filter: str
    detail: str


_TEXT = operator.itemgetter(1)  # a Line's text
_INDEX = operator.itemgetter(0)  # a Line's index
# tuple.__new__(kind, items): a Removal, or in clean()'s rounds a plain tuple of the same
# items (read by position there, as a Removal is).
_new_removal = cast(
    "Callable[[type[tuple[object, ...]], tuple[object, ...]], Removal]", tuple.__new__
)


@dataclass(frozen=True)
class Cleaned:
    """The result of cleaning one document, with everything needed to explain it.

    Attributes:
        text: the cleaned text.
        lines: the prepared lines of the input (what the filters saw), blank lines included.
        removed: every removed line, in document order, with the filter that removed it.
        edits: the changes :func:`~newsclean.prepare` made to line texts (mojibake repair,
            leading metadata).
        warnings: guards that fired (e.g. every line would have been removed).
    """

    text: str
    lines: tuple[str, ...]
    removed: tuple[Removal, ...]
    edits: tuple[Edit, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def lines_in(self) -> int:
        """Non-blank prepared lines of the input."""
        return len(self.lines) - self.lines.count("")

    @property
    def lines_out(self) -> int:
        """Non-blank lines kept."""
        return self.lines_in - len(self.removed)

    @property
    def emptied(self) -> bool:
        """Whether every non-blank line would have gone, so the emptied-document guard
        acted (``Config.if_emptied``); the body-sentence guard's warnings do not count."""
        return any(_is_emptied_warning(warning) for warning in self.warnings)

    def by_filter(self) -> dict[str, int]:
        """How many lines each filter removed."""
        return dict(Counter(removal.filter for removal in self.removed))


_BLANK_RUNS = re.compile("\n\n\n+")


def join_lines(texts: Iterable[str]) -> str:
    """Join lines, keeping one blank line between blocks and none at the edges.

    >>> join_lines(["", "a", "", "", "b", "c", ""])
    'a\\n\\nb\\nc'
    """
    items = list(texts)
    joined = "\n".join(items)
    if joined.count("\n") == len(items) - 1:
        # No text holds a line break (prepared lines never do): blank texts are the only
        # empty lines, so collapsing runs of them and trimming the edges is the same.
        return _BLANK_RUNS.sub("\n\n", joined).strip("\n")
    return _join_lines_loop(items)


# join_lines() line by line: the reference, and the way for texts with line breaks.
_join_lines_loop = _kernel_py.join_blocks


def replay(lines: Sequence[str], removed: Iterable[Removal]) -> str:
    """Rebuild the cleaned text from prepared lines and an explanation's removals.

    >>> result = clean_and_explain("Text eins.\\nTeilen\\nText zwei.")
    >>> replay(result.lines, result.removed) == result.text
    True
    """
    gone = {removal.index for removal in removed}
    return join_lines(text for index, text in enumerate(lines) if index not in gone)


class Pipeline:
    """An ordered list of filters, run over the lines of a document.

    Build one from a :class:`Config` with :meth:`from_config`, or from filter objects of
    your own (anything with a ``name`` and ``__call__(doc) -> Iterable[Mark]``).
    A pipeline holds no state between documents and pickles, so it can be shipped to
    worker processes.

    >>> pipeline = Pipeline.from_config(Config(filters=("patterns",)))
    >>> [f.name for f in pipeline.filters]
    ['patterns']
    >>> pipeline.clean("Ein Satz über Politik.\\nTeilen")
    'Ein Satz über Politik.'
    """

    def __init__(self, filters: Sequence[Filter], config: Config | None = None) -> None:
        self.config = Config() if config is None else config
        self.filters: tuple[Filter, ...] = tuple(filters)
        for item in self.filters:
            if not callable(item) or not isinstance(getattr(item, "name", None), str):
                raise TypeError(
                    f"a filter needs a str .name and __call__(doc) -> marks; got {item!r}"
                )
        self._markers = _markers(self.config.languages)
        # Filters that may remove a body sentence (exact duplicates, corpus models, and
        # any filter that does not say otherwise); see _guard_body_sentences.
        self._strong = frozenset(
            item.name for item in self.filters if getattr(item, "strong", True)
        )
        # Reasons of weak filters whose marks are trusted all the same (a pattern of a
        # site template's fixed sentence): filter name -> its strong reasons.
        self._strong_reasons: dict[str, frozenset[str]] = {
            item.name: frozenset(reasons)
            for item in self.filters
            if (reasons := getattr(item, "strong_reasons", None))
        }
        self._listed = _listed(self.config.languages)
        # The filters run on a later round's document whose lines all passed the round
        # before (see _rounds): those whose marks are functions of the line alone
        # (``line_local``) are left out, as they marked none of these lines then.
        self._unpassed = tuple(
            item for item in self.filters if getattr(item, "line_local", False) is not True
        )
        self._plain_prepare = type(self).prepare is Pipeline.prepare
        self._plain_explain = type(self).explain is Pipeline.explain
        # clean()'s rounds record removals as plain tuples only where Pipeline's own
        # rounds read them (by position); a subclass that runs its own round or filters
        # gets Removals, and the one-argument call it was written for.
        self._plain_rounds = (
            type(self)._clean_once is Pipeline._clean_once
            and type(self)._run_filters is Pipeline._run_filters
        )

    @classmethod
    def from_config(cls, config: Config | None = None, *, model: Filter | None = None) -> Pipeline:
        """The built-in filters named in ``config.filters``; a ``model`` runs first."""
        config = Config() if config is None else config
        markers = _markers(config.languages)
        filters = [build_filter(name, config, markers) for name in config.filters]
        if model is not None:
            filters.insert(0, model)
        return cls(filters, config)

    def with_model(self, model: Filter | None) -> Pipeline:
        """This pipeline with a corpus model (or any filter) run first."""
        if model is None:
            return self
        return Pipeline((model, *self.filters), self.config)

    def prepare(self, text: str, *, site: str | None = None) -> Doc:
        """Prepare ``text`` exactly as :meth:`explain` does (the lines the filters see)."""
        config = self.config
        return prepare(
            text,
            site=site,
            repair=config.repair,
            leading_metadata=(
                self._markers.metadata_prefix if config.strip_leading_metadata else None
            ),
        )

    def explain(self, text: str, *, site: str | None = None, details: bool = True) -> Cleaned:
        """Clean ``text`` and say, for every removed line, which filter removed it and why.

        ``details=False`` is for callers that count the removals rather than read them (the
        command line's report): the text, the removed lines and their filters are the
        same, but a filter may give a placeholder instead of its reason where working the
        reason out costs time (the line model does).

        Cleaning is idempotent: filters that look at the whole page (the article span, the
        near-duplicate window, the emptied-document guard) may judge the cleaned text, which
        is another page, differently. So the output is cleaned again, as text, until a round
        removes nothing; each round's removals map back to the input's lines by their order
        (a round only removes, so this ends, in practice after one to three rounds).
        """
        doc, texts, removed, warnings, cleaned = self._rounds(text, site, text_only=not details)
        return Cleaned(
            text=cleaned,
            lines=texts,
            removed=tuple(map(removed.__getitem__, sorted(removed))),  # in line order
            edits=doc.edits,
            warnings=tuple(warnings),
        )

    def _rounds(
        self, text: str, site: str | None, *, text_only: bool = False, texts_too: bool = True
    ) -> tuple[Doc, tuple[str, ...], dict[int, Removal], list[str], str]:
        """The cleaning rounds of :meth:`explain`: the prepared document, its texts, the
        removals by line index, the warnings and the cleaned text (``text_only``: only the
        text is read, so filters may leave out details; see ``TEXT_ONLY``; without
        ``texts_too``, the texts are an empty tuple: clean() reads only the text)."""
        doc = self.prepare(text, site=site)
        if text_only:
            doc.cache[TEXT_ONLY] = True
        # clean() reads only the text: no explanation is made of the removals, and the
        # guards read their items by position, so each is then a plain tuple of a
        # Removal's items (a tuple subclass costs more to make and to free; hundreds a page).
        plain = not texts_too and self._plain_rounds
        kind = tuple if plain else Removal
        clean_once = functools.partial(self._clean_once, kind=tuple) if plain else self._clean_once
        removed, warnings = clean_once(doc)
        # The texts of the lines, for the explanation (the kernel joins the lines' texts
        # without this tuple).
        texts = tuple(map(_TEXT, doc.lines)) if texts_too else ()
        settled = None  # the output, when round 1 already settled it
        # The last round's document, when it removed nothing and holds the kept lines as
        # they are (prepare_kept: a renumbering): the output is its lines joined.
        last = None
        # The round before, when its guards gave no line back (they say so in a warning
        # whenever they act): then its filters were each shown every line it kept (a filter
        # sees the lines earlier filters left) and marked none of them.
        passed = None if warnings else doc
        if not removed:
            joined, whole = kernel.join_kept_lines(doc.lines, removed)
            # Joining only drops blank lines (at the edges, in runs), so an output that is
            # all the lines joined by newlines is the prepared input itself: settled. Else
            # it is another page to the filters that look at positions, and gets rounds.
            if whole:
                settled = joined
        for round_ in range(2, _MAX_ROUNDS + 1):
            if settled is not None:
                break
            # The kept lines as prepare() would give them from the joined text; when it
            # changed nothing in the input, that is a renumbering (see prepare_kept). A
            # subclass that prepares differently prepares again.
            again = prepare_kept(doc, removed) if self._plain_prepare else None
            renumbered = again is not None
            if again is None:
                # replay(texts, removals): the kept lines joined (both read a removal's
                # index, the key of ``removed``, as the position of its line)
                again = self.prepare(kernel.join_kept_lines(doc.lines, removed)[0], site=site)
                passed = None  # lines prepared again: not known to be those kept
            if text_only:
                again.cache[TEXT_ONLY] = True
            if passed is not None:
                # This round's lines are the lines the round before kept (prepare_kept:
                # the same texts, keys and normal forms), so they all passed it.
                again.cache[PASSED] = passed.cache
            gone, more = clean_once(again)
            passed = None if more else again
            if not gone:
                if renumbered:
                    last = again
                break
            kept = kernel.view_rows(kernel.without(doc.lines, removed))[0]
            shown = kernel.view_rows(again.lines)[0]
            if again.edits or len(shown) != len(kept):
                break  # prepare() is idempotent, so this cannot happen; never map blindly
            for line, origin in zip(shown, kept, strict=True):
                removal = gone.get(line.index)
                if removal is not None:
                    removed[origin.index] = _new_removal(
                        kind, (origin.index, origin.text, removal[2], removal[3])
                    )
            warnings.extend(f"round {round_}: {warning}" for warning in more)
        # replay(texts, removals), in one pass (from the last round's lines when they are
        # the kept ones: fewer lines to read)
        if settled is not None:
            cleaned = settled
        elif last is not None:
            cleaned = kernel.join_kept_lines(last.lines, ())[0]
        else:
            cleaned = kernel.join_kept_lines(doc.lines, removed)[0]
        return doc, texts, removed, warnings, cleaned

    def _clean_once(
        self, doc: Doc, kind: type[tuple[object, ...]] = Removal
    ) -> tuple[dict[int, Removal], list[str]]:
        """One round: the filters, then the guards. Returns removals by index and warnings
        (each removal of the ``kind`` of tuple asked for: a Removal, or a plain tuple of the
        same items)."""
        removed = self._run_filters(doc, kind)
        warnings: list[str] = []
        if removed:
            _guard_body_sentences(
                doc,
                removed=removed,
                strong=self._strong,
                strong_reasons=self._strong_reasons,
                listed=self._listed,
                config=self.config,
                warnings=warnings,
            )
        if removed and not kernel.any_kept(doc.lines, removed):
            _guard_emptied(doc, removed, self.config, warnings)  # every non-blank line went
        return removed, warnings

    def _run_filters(
        self, doc: Doc, kind: type[tuple[object, ...]] = Removal
    ) -> dict[int, Removal]:
        """Run every filter on a view of the lines of ``doc`` that earlier filters left;
        return the removals by line index (of ``kind``: see _clean_once)."""
        every = alive = doc.lines
        removed: dict[int, Removal] = {}
        # A filter whose every mark is a function of the line alone marks none of the lines
        # of a later round that all passed the round before (PASSED): it marked none of
        # them there, or was left out there as well, for the same reason.
        filters = self._unpassed if PASSED in doc.cache else self.filters
        # Line index -> line. Mostly not needed: a prepared document holds each line at the
        # position of its index, so the lines say which line a mark names (record_marks
        # tells when they cannot).
        shown: dict[int, Line] | None = None
        for item in filters:
            marks = list(item(doc.view(alive)))
            if not marks:
                continue
            name = item.name
            # Each line's first reason (later ones are dropped), for the lines not blank.
            fresh = kernel.record_marks(
                marks, every if shown is None else shown, removed, name, kind
            )
            if fresh == -2:  # lines not at the positions of their indices: look them up
                shown = dict(zip(map(_INDEX, every), every, strict=True))
                fresh = kernel.record_marks(marks, shown, removed, name, kind)
            if fresh < 0:
                if shown is None:
                    shown = dict(zip(map(_INDEX, every), every, strict=True))
                for index, _ in marks:  # the first mark of a line the filter was not shown
                    if index not in shown or index in removed:
                        raise NewscleanError(
                            f"filter {name!r} marked line {index}, which it was not shown"
                        )
            if fresh:
                # The lines shown minus those removed: none of them was removed before
                # this filter's marks, so only marked lines need a look (a merge, in order).
                alive = kernel.without_marked(alive, marks, removed)
        return removed

    def _forget(self) -> None:
        """Empty the memos of line results this pipeline uses (for benchmarks).

        Pattern matches, marker rows and mojibake repairs are remembered by line text
        because chrome lines repeat from page to page of a site. Each memo is a pure
        function of the line, so emptying one changes no result; a benchmark that cleans
        the same pages again empties them, so as not to count its pages as repeated chrome.
        """
        for patterns in self._markers.pattern_sets():
            getattr(patterns, "_memo", {}).clear()
        for item in self.filters:
            getattr(item, "_rows", {}).clear()
        _forget_repairs()

    def clean(self, text: str, *, site: str | None = None) -> str:
        """Clean ``text``: the same as ``explain(text, site=site).text``."""
        if self._plain_explain:
            # Without the explanation's tuples, and without the details only it reads.
            return self._rounds(text, site, text_only=True, texts_too=False)[4]
        return self.explain(text, site=site).text

    def __repr__(self) -> str:
        names = ", ".join(item.name for item in self.filters)
        return f"Pipeline([{names}])"


def _guard_body_sentences(
    doc: Doc,
    *,
    removed: dict[int, Removal],
    strong: frozenset[str],
    strong_reasons: Mapping[str, frozenset[str]],
    listed: frozenset[int],
    config: Config,
    warnings: list[str],
) -> None:
    """Keep full sentences inside the body that only a weak signal wanted gone.

    A line removed by a filter that is not *strong* (one with ``strong = False``: the
    shape, pattern and section heuristics) comes back when it reads as a full body
    sentence (:func:`~newsclean.filters.base.is_body_like`) and a kept body sentence
    stands among the three nearest kept lines above it and below it: it sits inside the
    article. Strong
    signals (an exact duplicate, a corpus model) are trusted, and so is a line the
    language data lists verbatim as chrome (a comment-form notice is no article
    sentence), and a mark whose reason a weak filter names in its ``strong_reasons``
    (the fixed sentences of site templates, pattern reason ``template``). Each kept line
    is named in ``warnings``.
    """
    # The removals of weak filters, on lines not listed, that read as full sentences
    # (is_body_like) and give no strong reason; of those, the lines that come back, in
    # order (each joins the kept lines for those after it): one compiled pass (the lines
    # of a round's document are at the positions of their indices).
    for index in kernel.body_guard(
        removed,
        strong,
        strong_reasons,
        doc.lines,
        listed,
        min_words=config.min_body_words,
        is_word=_word_character,
    ):
        _, _, name, detail = removed.pop(index)  # a Removal, or a tuple of its items
        warnings.append(
            f"kept line {index}: a full sentence inside the body, which only a "
            f"weak signal wanted gone ({name}: {detail})"
        )


#: At most this many rounds of cleaning (see Pipeline.explain); the dev pages need three.
_MAX_ROUNDS = 8


def _guard_emptied(
    doc: Doc, removed: dict[int, Removal], config: Config, warnings: list[str]
) -> None:
    """Every non-blank line was removed: act as ``config.if_emptied`` says, and say so.

    What a second run would still remove from a kept block is settled by the rounds of
    :meth:`Pipeline.explain`.
    """
    if config.if_emptied == "empty":
        warnings.append(f"{_EMPTIED}; returning an empty text (if_emptied='empty')")
        return
    if config.if_emptied == "original":
        warnings.append(f"{_EMPTIED}; keeping the original (if_emptied='original')")
        removed.clear()
        return
    best = _best_block(doc.lines, config.min_body_words)
    for index in best:
        removed.pop(index, None)
    warnings.append(
        f"{_EMPTIED}; keeping the most body-like block, lines {best[0]}-{best[-1]} "
        "(if_emptied='best_block')"
    )


#: How the emptied-document guard's warnings start (after "round N: " in a later round).
_EMPTIED = "every line was removed"


def _is_emptied_warning(warning: str) -> bool:
    """Whether ``warning`` is the emptied-document guard's (see :attr:`Cleaned.emptied`).

    >>> _is_emptied_warning("round 2: every line was removed; keeping the original (…)")
    True
    >>> _is_emptied_warning("kept line 3: a full sentence inside the body, which only …")
    False
    """
    if warning.startswith("round "):
        warning = warning.partition(": ")[2]
    return warning.startswith(_EMPTIED)


def _best_block(lines: Sequence[Line], min_words: int) -> list[int]:
    """Indices to keep of the block (run of non-blank lines) with the most body-like text.

    Only the block's body-like lines are kept when it has any: the chrome lines beside
    them would be removed again by a second run, and cleaning must be idempotent.
    """
    best: list[int] = []
    best_score = (-1, -1)
    block: list[Line] = []
    # is_body_like of every line in one compiled pass (a page of chrome alone, all of it
    # removed, has thousands of lines at times: a listing page), read by position.
    body_like = kernel.body_like(lines, min_words, _word_character).tolist()
    body: list[Line] = []
    for position, line in enumerate((*lines, Line(-1, "", 0))):
        if line.text:
            block.append(line)
            if body_like[position]:
                body.append(line)
            continue
        if block:
            score = (sum(len(item.text) for item in body), sum(len(item.text) for item in block))
            if score > best_score:
                best, best_score = [item.index for item in body or block], score
            block, body = [], []
    return best


@functools.lru_cache(maxsize=16)
def _markers(languages: tuple[str, ...] | None) -> Markers:
    return compile_markers(available_languages() if languages is None else languages)


@functools.lru_cache(maxsize=16)
def _listed(languages: tuple[str, ...] | None) -> frozenset[int]:
    """Keys of the lines the language data lists verbatim (see _guard_body_sentences)."""
    markers = _markers(languages)
    return frozenset(markers.lines.keys() | markers.headings.keys())


@functools.lru_cache(maxsize=16)
def _default_pipeline(config: Config) -> Pipeline:
    # Pipelines are immutable, so caching them cannot make one call depend on another.
    return Pipeline.from_config(config)


def clean_and_explain(
    text: str,
    *,
    site: str | None = None,
    model: Filter | None = None,
    config: Config | None = None,
    details: bool = True,
) -> Cleaned:
    """Clean ``text`` and explain every removed line.

    Args:
        text: the document, as ``str``.
        site: the site the document comes from (a URL, host or site key); used by a model.
        model: a corpus model (:class:`~newsclean.BoilerplateModel`) or any filter, run
            before the built-in filters.
        config: settings; the defaults when ``None``.
        details: ``False`` for callers that count the removals rather than read their
            reasons: the text, the removed lines and their filters are the same, but a
            removal's ``detail`` may be a placeholder where working it out costs time
            (see :meth:`Pipeline.explain`).

    >>> result = clean_and_explain("Kerry droht Moskau mit Abbruch der Gespräche.\\ndpa")
    >>> result.text
    'Kerry droht Moskau mit Abbruch der Gespräche.'
    >>> [(r.text, r.filter) for r in result.removed]
    [('dpa', 'patterns')]
    """
    return _pipeline_for(model, config).explain(text, site=_site_key(site, model), details=details)


def clean(
    text: str,
    *,
    site: str | None = None,
    model: Filter | None = None,
    config: Config | None = None,
) -> str:
    """Remove site chrome from ``text`` and keep the article.

    The output's lines are lines of the (prepared) input, in their order; blank lines
    between blocks are kept as one. ``clean(text)`` is ``clean_and_explain(text).text``.

    Raises:
        TypeError: ``text`` is not a ``str`` (for ``bytes``, the message says how to decode).

    >>> clean("+\\nDie Feuerpause war nach rund einer Woche gescheitert.\\n\\nAuch interessant")
    'Die Feuerpause war nach rund einer Woche gescheitert.'
    """
    # The text-only rounds (Pipeline.clean): the same text, without the explanation.
    return _pipeline_for(model, config).clean(text, site=_site_key(site, model))


def _pipeline_for(model: Filter | None, config: Config | None) -> Pipeline:
    """The default filters of ``config`` (the defaults when ``None``), ``model`` first."""
    return _default_pipeline(Config() if config is None else config).with_model(model)


def _site_key(site: str | None, model: Filter | None) -> str | None:
    """Reduce a URL or host to the key a model uses; leave it alone without a model."""
    if site is None or model is None:
        return site
    site_of = getattr(model, "site_of", None)
    return site_of(site) if callable(site_of) else site
