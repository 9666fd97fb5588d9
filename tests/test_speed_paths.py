"""The shortcuts of the speed work give exactly what the plain paths give.

Each shortcut is compared with the code it replaces, on the dev pages (when present) and
on hypothesis-generated pages and hostile Unicode.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st
from rapidfuzz import fuzz

import newsclean
from newsclean import Config, Pipeline, replay
from newsclean import pipeline as pipeline_module
from newsclean.errors import NewscleanError
from newsclean.filters import Filter, Mark, is_body_like
from newsclean.filters import sections as sections_module
from newsclean.filters.article import ArticleLines
from newsclean.filters.composite import chrome_runs
from newsclean.filters.duplicates import DuplicateLines, _cut_off
from newsclean.filters.features import _carried, _lexicon, features
from newsclean.filters.patterns import ChromeLines
from newsclean.filters.sections import ChromeSections
from newsclean.filters.span import ArticleSpan, SpanPlan
from newsclean.langdata import available_languages, compile_markers
from newsclean.lines import NORMS, TEXT_ONLY, Doc, Line, normalise_line, prepare, prepare_kept
from newsclean.pipeline import Removal, _guard_body_sentences, _join_lines_loop, join_lines

from .conftest import dev_texts
from .strategies import any_text

MARKERS = compile_markers(available_languages())
PIPELINES = {
    repair: Pipeline.from_config(dataclasses.replace(Config(), repair=repair))
    for repair in ("auto", "always", "never")
}


def _state(doc: Doc) -> tuple[object, ...]:
    return tuple(doc.lines), doc.edits, doc.site, doc.cache[NORMS]


def _check_prepare_kept(pipeline: Pipeline, text: str, removed: set[int]) -> bool:
    """prepare_kept() equals preparing the joined kept text; True if it took the shortcut."""
    doc = pipeline.prepare(text, site="example.org")
    kept = prepare_kept(doc, removed)
    if kept is None:
        assert doc.edits  # the shortcut is refused only where prepare() changed something
        return False
    joined = replay([line.text for line in doc.lines], [_Gone(i) for i in removed])
    assert _state(kept) == _state(pipeline.prepare(joined, site="example.org"))
    return True


class _Gone:
    def __init__(self, index: int) -> None:
        self.index = index


@pytest.mark.slow
def test_prepare_kept_equals_preparing_the_joined_text_on_the_dev_pages() -> None:
    shortcuts = 0
    for number, text in enumerate(dev_texts()):
        pipeline = PIPELINES[("auto", "always", "never")[number % 3]]
        doc = pipeline.prepare(text)
        nonblank = [line.index for line in doc.lines if line.text]
        for step in (2, 3, 7):  # different removal patterns: alternate lines, sparse, blocks
            removed = set(nonblank[number % step :: step])
            shortcuts += _check_prepare_kept(pipeline, text, removed)
        shortcuts += _check_prepare_kept(pipeline, text, set(nonblank))  # everything removed
    assert shortcuts > len(dev_texts())  # the shortcut is taken on most pages


@given(any_text, st.sets(st.integers(0, 60)), st.sampled_from(sorted(PIPELINES)))
def test_prepare_kept_equals_preparing_the_joined_text(
    text: str, removed: set[int], repair: str
) -> None:
    _check_prepare_kept(PIPELINES[repair], text, removed)


# --- later rounds take over the line features of the round before -------------------------


def _check_carried_features(doc: Doc, removed: set[int]) -> bool:
    """A later round's features, with rows taken over, equal features computed afresh;
    True if rows were taken over."""
    features(doc, MARKERS)
    kept = prepare_kept(doc, removed)
    if kept is None:
        return False
    fresh = Doc(kept.lines, site=kept.site, cache={NORMS: kept.cache[NORMS]})
    carried, plain = features(kept, MARKERS), features(fresh, MARKERS)
    assert (carried.language, carried.languages) == (plain.language, plain.languages)
    assert carried.table is not None
    assert plain.table is not None
    for name, column in zip(carried.table._fields, carried.table, strict=True):
        other = getattr(plain.table, name)
        assert column.dtype == other.dtype, name
        assert np.array_equal(column, other), name
    assert dict(carried.of) == dict(plain.of)
    codes, lexicon = _lexicon(MARKERS)
    return _carried(kept, MARKERS, kept.cache[NORMS], codes, lexicon) is not None


@pytest.mark.slow
def test_carried_features_equal_fresh_ones_on_the_dev_pages() -> None:
    taken = 0
    for number, text in enumerate(dev_texts()[::3]):
        doc = PIPELINES["never"].prepare(text)
        nonblank = [line.index for line in doc.lines if line.text]
        # Remove every other line, the first two thirds (the language may change), none.
        for removed in (nonblank[number % 2 :: 2], nonblank[: 2 * len(nonblank) // 3], []):
            taken += _check_carried_features(PIPELINES["never"].prepare(text), set(removed))
    assert taken > len(dev_texts()) // 3


@given(any_text, st.sets(st.integers(0, 60)))
def test_carried_features_equal_fresh_ones(text: str, removed: set[int]) -> None:
    _check_carried_features(PIPELINES["never"].prepare(text), removed)


# --- later rounds take over the pattern marks and rows of markers of the round before -----


class _Judging(ChromeLines):
    """The patterns filter, counting the views it judged (rather than took over)."""

    judged = 0

    def _judge(self, doc: Doc) -> Iterator[Mark]:
        self.judged += 1
        return super()._judge(doc)


def _check_carried_patterns(doc: Doc, removed: set[int], hidden: set[int] = frozenset()) -> bool:
    """A later round's pattern marks and rows of markers, taken over from the round before,
    equal those computed afresh; True if they were taken over. The round before shows the
    filter every line but the ``hidden`` ones."""
    patterns = _Judging(MARKERS)
    list(patterns(doc.view([line for line in doc.lines if line.index not in hidden])))
    kept = prepare_kept(doc, removed)
    if kept is None:
        return False
    fresh = Doc(kept.lines, site=kept.site, cache={NORMS: kept.cache[NORMS]})
    assert list(patterns(kept)) == list(patterns(fresh))
    assert list(chrome_runs(kept, MARKERS).items()) == list(chrome_runs(fresh, MARKERS).items())
    return patterns.judged == 2  # the round before's view, and the fresh document


@pytest.mark.slow
def test_carried_pattern_marks_equal_fresh_ones_on_the_dev_pages() -> None:
    taken = 0
    for number, text in enumerate(dev_texts()[::3]):
        doc = PIPELINES["never"].prepare(text)
        nonblank = [line.index for line in doc.lines if line.text]
        for removed in (nonblank[number % 2 :: 2], nonblank[: 2 * len(nonblank) // 3], []):
            taken += _check_carried_patterns(PIPELINES["never"].prepare(text), set(removed))
        if nonblank:  # a line kept that the round before did not show the filter
            hidden = {nonblank[len(nonblank) // 2]}
            removed = set(nonblank[number % 2 :: 2]) - hidden
            doc = PIPELINES["never"].prepare(text)
            assert not _check_carried_patterns(doc, removed, hidden)
    assert taken > len(dev_texts()) // 3


@given(any_text, st.sets(st.integers(0, 60)), st.sets(st.integers(0, 60)))
def test_carried_pattern_marks_equal_fresh_ones(
    text: str, removed: set[int], hidden: set[int]
) -> None:
    _check_carried_patterns(PIPELINES["never"].prepare(text), removed, hidden)


# --- duplicates: the near-duplicate pairs judged at once -----------------------------------

_ELLIPSIS = regex.compile(r"(?<!\s)\s*+(?:…|\.\.\.)$")


class _PairByPair(DuplicateLines):
    """The near-duplicate loop as it was: every pair of the window, one rapidfuzz call each."""

    def _near(
        self,
        lines: list[Line],
        doc_norms: list[str] | None,
        marked: dict[int, str],
        unexplained: str | None = None,  # only set when clean() asks (never here)
    ) -> None:
        limit = self.max_fuzzy_length
        norms = [
            None
            if len(line.text) > limit * 2
            else normalise_line(line.text)
            if doc_norms is None
            else doc_norms[line.index]
            for line in lines
        ]
        stretch = self.score / (200 - self.score)
        for pos, line in enumerate(lines):
            b = norms[pos]
            if pos in marked or b is None or len(line.text) > limit or len(b) < 12:
                continue
            cut_off = _ELLIPSIS.search(line.text) is not None
            for other in range(max(0, pos - self.window), pos):
                a = norms[other]
                if a is None or other in marked or len(a) < 12:
                    continue
                if cut_off and a.startswith(b):
                    marked[pos] = f"cut-off repeat of line {lines[other].index}"
                    break
                shorter, longer = sorted((len(a), len(b)))
                if shorter < longer * stretch:
                    continue
                ratio = fuzz.ratio(a, b, score_cutoff=self.score)
                if ratio:
                    marked[pos] = f"near-duplicate of line {lines[other].index} (ratio {ratio:.0f})"
                    break


def _check_duplicates(doc: Doc, window: int = 8, score: float = 90.0, limit: int = 300) -> int:
    fast = DuplicateLines(window=window, score=score, max_fuzzy_length=limit)
    slow = _PairByPair(window=window, score=score, max_fuzzy_length=limit)
    marks = list(fast(doc))
    assert marks == list(slow(doc))
    return sum("near-duplicate" in mark.detail or "cut-off" in mark.detail for mark in marks)


@pytest.mark.slow
def test_near_duplicates_judged_at_once_equal_the_pair_by_pair_loop_on_the_dev_pages() -> None:
    near = 0
    for number, text in enumerate(dev_texts()):
        doc = PIPELINES["never"].prepare(text)
        near += _check_duplicates(doc)
        if number % 5 == 0:  # other settings, and a doc without prepare()'s normal forms
            near += _check_duplicates(doc, window=3, score=70.0, limit=40)
            near += _check_duplicates(Doc(doc.lines), window=12, score=95.0)
    assert near > 100  # the pages have near-duplicates, so the comparison means something


# Variants of a few headlines (cut off, re-quoted, misspelt, in other case) repeat close
# to each other, so chains of near-duplicates and cut-off repeats occur.
_STEMS = [
    "Stadtrat beschließt neues Radwegenetz für die Innenstadt",
    "Busfahrer gesucht: Verkehrsbetriebe starten Ausbildungsoffensive",
    "Mehr als 40 Stellen sind derzeit unbesetzt, teilte die Stadt mit",
]
_VARIANTS = st.builds(
    lambda stem, cut, edit, end: (stem[:cut] if cut else stem).replace(*edit, 1) + end,
    st.sampled_from(_STEMS),
    st.sampled_from([0, 0, 12, 25, 40]),
    st.sampled_from(
        [("", ""), ("e", "a"), ("e", "é"), ("Rad", "Fahrrad"), (" die", ""), ("t", "tt")]
    ),
    st.sampled_from(["", "", " …", "...", ".", "“"]),
)


@example([_STEMS[0], _STEMS[0][:25], _STEMS[0][:12] + " …"], 8, 90.0, 300)  # the first hit wins
# A line marked as a near-duplicate is no original: the third line repeats only the second.
@example([_STEMS[0], f"{_STEMS[0]} heute", f"{_STEMS[0]} heute abend spät"], 8, 90.0, 300)
@given(
    st.lists(st.one_of(_VARIANTS, _VARIANTS, _VARIANTS, st.just(""), any_text), max_size=30),
    st.integers(0, 10),
    st.floats(50, 100),
    st.integers(1, 120),
)
def test_near_duplicates_judged_at_once_equal_the_pair_by_pair_loop(
    lines: list[str], window: int, score: float, limit: int
) -> None:
    doc = PIPELINES["never"].prepare("\n".join(lines))
    _check_duplicates(doc, window, score, limit)
    _check_duplicates(Doc(doc.lines), window, score, limit)


@given(st.text(alphabet=st.sampled_from(" \t\n\u00a0\u2003.…ab"), max_size=12))
def test_cut_off_check_equals_the_pattern(text: str) -> None:
    assert _cut_off(text) is (_ELLIPSIS.search(text) is not None)


# --- pipeline bookkeeping ------------------------------------------------------------------


def _marks_every(name: str, indices: list[int], detail: str = "test") -> Filter:
    class Marker:
        def __init__(self) -> None:
            self.name = name

        def __call__(self, doc: Doc) -> list[Mark]:
            return [Mark(index, detail) for index in indices]

    return Marker()


def test_a_filter_may_not_mark_a_line_an_earlier_filter_removed() -> None:
    pipeline = Pipeline([_marks_every("first", [0]), _marks_every("second", [0])])
    with pytest.raises(NewscleanError, match="'second' marked line 0, which it was not shown"):
        pipeline.explain("Eins.\nZwei.")


def test_a_filter_may_not_mark_a_line_outside_the_document() -> None:
    with pytest.raises(NewscleanError, match="marked line 5, which it was not shown"):
        Pipeline([_marks_every("far", [5])]).explain("Eins.\nZwei.")


def test_a_filter_that_marks_a_line_twice_gives_its_first_reason_and_blank_lines_stay() -> None:
    class Twice:
        name = "twice"

        def __call__(self, doc: Doc) -> list[Mark]:
            first = [line.index for line in doc.lines[:2]]  # a text line and a blank line
            return [Mark(index, f"mark {number}") for number, index in enumerate(first * 2)]

    result = Pipeline([Twice()]).explain("Eins.\n\nDrei.")
    assert [(r.index, r.filter, r.detail) for r in result.removed] == [(0, "twice", "mark 0")]
    assert result.text == "Drei."


@given(st.lists(st.sampled_from(["", "", "a", "b c", " ", "\n", "x\n", "\n\ny", "\u2028"])))
def test_join_lines_equals_the_line_by_line_loop(texts: list[str]) -> None:
    assert join_lines(texts) == join_lines(iter(texts)) == _join_lines_loop(texts)


# --- memos of line results -----------------------------------------------------------------


@pytest.mark.slow
def test_memos_of_line_results_change_no_result() -> None:
    # Clean pages with warm memos, with memos emptied before each page, and in reverse
    # order: a memo is a pure function of the line, so all three agree.
    texts = dev_texts()[::7]
    pipeline = PIPELINES["always"]
    warm = [pipeline.explain(text) for text in texts]
    cold = []
    for text in texts:
        pipeline._forget()
        cold.append(pipeline.explain(text))
    backwards = [pipeline.explain(text) for text in reversed(texts)][::-1]
    assert warm == cold == backwards


def test_filters_pickle_without_their_memos() -> None:
    pipeline = Pipeline.from_config()
    pipeline.clean("Teilen Drucken\nVorheriger Beitrag Nächster Beitrag\nDer Rat tagt.")
    patterns = next(item for item in pipeline.filters if item.name == "patterns")
    assert patterns._rows  # type: ignore[attr-defined]  # it remembered the rows of markers
    copy = pickle.loads(pickle.dumps(pipeline))
    assert all(not item._rows for item in copy.filters if hasattr(item, "_rows"))
    assert copy.clean("Teilen Drucken\nDer Rat tagt.") == pipeline.clean(
        "Teilen Drucken\nDer Rat tagt."
    )


# --- the body-sentence guard: neighbours found by bisection --------------------------------


def _guard_line_by_line(
    doc: Doc, removed: dict[int, Removal], strong: frozenset[str], min_words: int
) -> list[str]:
    """The guard as it was: walk from each candidate to its nearest kept lines."""
    warnings = []
    texts = [line.text for line in doc.lines]
    candidates = [
        r for r in removed.values() if r.filter not in strong and is_body_like(r.text, min_words)
    ]

    def body_near(index: int, step: int) -> bool:
        seen = 0
        i = index + step
        while 0 <= i < len(texts) and seen < 3:
            if texts[i] and i not in removed:
                if is_body_like(texts[i], min_words):
                    return True
                seen += 1
            i += step
        return False

    for removal in sorted(candidates):
        if body_near(removal.index, -1) and body_near(removal.index, 1):
            del removed[removal.index]
            warnings.append(f"kept line {removal.index}")
    return warnings


_SENTENCES = [
    "Die Opposition im Stadtrat hatte die Kostensteigerung im Herbst wiederholt scharf kritisiert.",
    "Anwohner entlang der Trasse klagten während der Bauzeit über Lärm und gesperrte Straßen.",
    "Teilen",
    "Kritik an den Mehrkosten",
    "",
]


_S0, _S1, _CHROME, _HEADING = _SENTENCES[:4]


# The third kept line after the candidate is the body sentence that keeps it.
@example([_S0, _S1, _CHROME, _HEADING, _S0], [(1, "patterns")], 12)
# The second candidate is kept only because the first one came back before it.
@example([_S0, _CHROME, _S1, _HEADING, _CHROME, _S1, _S0], [(2, "patterns"), (5, "patterns")], 12)
@given(
    st.lists(st.sampled_from(_SENTENCES), max_size=25),
    st.lists(st.tuples(st.integers(0, 24), st.sampled_from(["patterns", "duplicates"]))),
    st.integers(5, 14),
)
def test_body_guard_by_bisection_equals_the_line_by_line_walk(
    texts: list[str], marks: list[tuple[int, str]], min_words: int
) -> None:
    doc = prepare("\n".join(texts))
    removed = {
        index: Removal(index, doc.lines[index].text, name, "test")
        for index, name in marks
        if index < len(doc.lines) and doc.lines[index].text
    }
    strong = frozenset({"duplicates"})
    expected = dict(removed)
    reference = _guard_line_by_line(doc, expected, strong, min_words)
    warnings: list[str] = []
    _guard_body_sentences(
        doc,
        removed=removed,
        strong=strong,
        strong_reasons={},
        listed=frozenset(),
        config=Config(min_body_words=min_words),
        warnings=warnings,
    )
    assert removed == expected
    assert [warning.split(":")[0] for warning in warnings] == reference


def test_a_pipeline_that_prepares_otherwise_prepares_every_round() -> None:
    class Shouting(Pipeline):
        calls = 0

        def prepare(self, text: str, *, site: str | None = None) -> Doc:
            Shouting.calls += 1
            return super().prepare(text.upper(), site=site)

    text = "Der Rat tagt am Montag im Rathaus und berät über den Haushalt.\nTeilen\n+"
    result = Shouting(Pipeline.from_config().filters).explain(text)
    assert Shouting.calls >= 2  # the second round prepared its text, it was not renumbered
    assert result.text == "DER RAT TAGT AM MONTAG IM RATHAUS UND BERÄT ÜBER DEN HAUSHALT."
    # The text-only rounds (removals as plain tuples) prepare the same text again.
    Shouting.calls = 0
    assert Shouting(Pipeline.from_config().filters).clean(text) == result.text
    assert Shouting.calls >= 2


def test_the_sections_filter_reads_each_line_for_body_text_about_once() -> None:
    # Comment-thread headings, each asking whether body text came before it and where the
    # next body line is, with the only body sentence at the end: the filter must not read
    # the rest of the page again for each heading (that was quadratic in the headings).
    body = (
        "Die Stadt hat am Montag den Haushalt für das kommende Jahr mit großer Mehrheit "
        "beschlossen und will nun sparen."
    )
    threads = [f"{n} Kommentare zu „Radweg {n}“\n\nPunkt {n}" for n in range(1, 401)]
    doc = prepare("\n\n".join([*threads, body]))
    read: list[int] = []
    real = sections_module.kernel

    class Scanning:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        @staticmethod
        def a_body_scan(lines: Any, start: int, stop: int, step: int, **kwargs: Any) -> int:
            found = int(real.a_body_scan(lines, start, stop, step, **kwargs))
            read.append(len(range(start, stop if found < 0 else found + step, step)))
            return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sections_module, "kernel", Scanning())
        marks = list(ChromeSections(MARKERS)(doc))
    assert len(marks) >= len(threads)  # every heading is marked
    assert sum(read) <= 3 * len(doc.lines)


# --- later rounds whose lines all passed the round before ----------------------------------


class _Counting(ChromeSections):
    """The sections filter, counting the later rounds it is not shown (PASSED, quiet)."""

    skipped = 0

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        marks = super().__call__(doc)
        if type(marks) is type(iter(())):  # the shortcut (a full run gives a list's marks)
            _Counting.skipped += 1
        return marks


def _passed_pipelines() -> tuple[Pipeline, Pipeline]:
    """The default pipeline (with a counting sections filter), and one that runs every
    filter in full in every round."""
    fast = Pipeline(
        [
            _Counting(MARKERS) if item.name == "sections" else item
            for item in PIPELINES["auto"].filters
        ]
    )
    plain = Pipeline(PIPELINES["auto"].filters)
    plain._unpassed = plain.filters  # patterns runs in every round
    return fast, plain


def _check_passed(fast: Pipeline, plain: Pipeline, text: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        # The sections filter of the plain pipeline never learns that a round's lines passed.
        patch.setattr(pipeline_module, "PASSED", "test.not_passed")
        expected = plain.explain(text)
    assert fast.explain(text) == expected
    assert fast.clean(text) == expected.text


@pytest.mark.slow
def test_rounds_that_passed_give_what_every_filter_gives_on_the_dev_pages() -> None:
    fast, plain = _passed_pipelines()
    _Counting.skipped = 0
    for text in dev_texts()[::2]:
        _check_passed(fast, plain, text)
    assert _Counting.skipped > len(dev_texts()) // 4  # the shortcut is taken on most pages


@given(any_text)
def test_rounds_that_passed_give_what_every_filter_gives(text: str) -> None:
    _check_passed(*_passed_pipelines(), text)


def _check_quiet_sections(text: str, more: set[int]) -> None:
    """A round whose lines passed the sections filter (it marked none of them) gets the
    marks a fresh run gives it, shortcut or not."""
    sections = ChromeSections(MARKERS)
    doc = PIPELINES["never"].prepare(text)
    removed = {mark.index for mark in sections(doc)} | more
    fresh = prepare_kept(doc, removed)
    later = prepare_kept(doc, removed)
    if fresh is None or later is None:
        return  # prepare() changed a line (leading metadata): no later round of lines kept
    later.cache[pipeline_module.PASSED] = doc.cache
    assert list(sections(later)) == list(ChromeSections(MARKERS)(fresh))


# Nine menu entries, none a repeat of another.
_SECTIONS = (
    "Wetter",
    "Sport",
    "Kultur",
    "Politik",
    "Wirtschaft",
    "Reise",
    "Auto",
    "Digital",
    "Wissen",
)


def _check_duplicates_passed(text: str, more: set[int], window: int = 8) -> bool:
    """A round whose lines passed the duplicates filter (it marked none of them) gets the
    marks a fresh run gives it, shortcut or not; True when the shortcut was taken."""
    duplicates = DuplicateLines(window=window)
    doc = PIPELINES["never"].prepare(text)
    removed = {mark.index for mark in duplicates(doc)} | more
    fresh = prepare_kept(doc, removed)
    later = prepare_kept(doc, removed)
    if fresh is None or later is None:
        return False  # prepare() changed a line (leading metadata): no later round of lines kept
    later.cache[pipeline_module.PASSED] = doc.cache
    taken = duplicates._passed(later, (duplicates.window, duplicates.score, 300))
    assert list(duplicates(later)) == list(DuplicateLines(window=window)(fresh))
    if taken:
        assert list(DuplicateLines(window=window)(fresh)) == []
    return taken


@pytest.mark.slow
def test_duplicates_that_passed_mark_nothing_new_on_the_dev_pages() -> None:
    taken = 0
    for number, text in enumerate(dev_texts()[::3]):
        nonblank = [line.index for line in PIPELINES["never"].prepare(text).lines if line.text]
        taken += _check_duplicates_passed(text, set(nonblank[number % 4 :: 4]))
        taken += _check_duplicates_passed(text, set())
    assert taken > len(dev_texts()[::3]) // 2


# A near repeat ten lines after its line: within the window once the lines between go.
_TEN_APART = (
    "Der Stadtrat beschließt den Haushalt für 2025\n"
    + "\n".join(_SECTIONS)
    + "\nDer Stadtrat beschloss den Haushalt für 2025"
)


@given(any_text, st.sets(st.integers(0, 60)), st.integers(0, 9))
@example(_TEN_APART, set(range(1, 10)), 8)  # the pair comes within the window
def test_duplicates_that_passed_mark_nothing_new(text: str, more: set[int], window: int) -> None:
    _check_duplicates_passed(text, more, window)


def test_duplicates_that_passed_find_a_pair_that_comes_within_the_window() -> None:
    text = _TEN_APART
    doc = PIPELINES["never"].prepare(text)
    assert list(DuplicateLines()(doc)) == []  # ten lines apart: not compared
    later = prepare_kept(doc, set(range(1, 10)))
    assert later is not None
    later.cache[pipeline_module.PASSED] = doc.cache
    assert [mark.index for mark in DuplicateLines()(later)] == [1]  # a fresh filter: no memory
    duplicates = DuplicateLines()
    list(duplicates(doc))
    later = prepare_kept(doc, set(range(1, 10)))
    assert later is not None
    later.cache[pipeline_module.PASSED] = doc.cache
    assert not duplicates._passed(later, (8, 90.0, 300))
    assert [mark.index for mark in duplicates(later)] == [1]
    # Removing only lines at the end brings no pair closer: nothing to look at.
    later = prepare_kept(doc, {10})
    assert later is not None
    later.cache[pipeline_module.PASSED] = doc.cache
    assert duplicates._passed(later, (8, 90.0, 300))
    assert list(duplicates(later)) == []


def test_duplicates_that_passed_decline_what_they_cannot_vouch_for() -> None:
    # The shortcut vouches only for its own judging, with the settings and the lines it
    # saw the round before.
    text = _TEN_APART
    doc = PIPELINES["never"].prepare(text)

    def later_round() -> Doc:
        later = prepare_kept(doc, {10})
        assert later is not None
        later.cache[pipeline_module.PASSED] = doc.cache
        return later

    duplicates = DuplicateLines()
    list(duplicates(doc))
    assert duplicates._passed(later_round(), (8, 90.0, 300))
    assert not duplicates._passed(later_round(), (7, 90.0, 300))  # other settings
    assert not DuplicateLines()._passed(later_round(), (8, 90.0, 300))  # not the one that saw
    unpassed = prepare_kept(doc, {10})
    assert unpassed is not None
    assert not duplicates._passed(unpassed, (8, 90.0, 300))  # not known to have passed

    class Nearer(DuplicateLines):  # a subclass may judge near-duplicates otherwise
        def _near(self, *args: Any, **kwargs: Any) -> Any:
            return super()._near(*args, **kwargs)

    nearer = Nearer()
    list(nearer(doc))
    assert not nearer._passed(later_round(), (8, 90.0, 300))


@pytest.mark.slow
def test_quiet_sections_mark_nothing_later_on_the_dev_pages() -> None:
    for number, text in enumerate(dev_texts()[::3]):
        nonblank = [line.index for line in PIPELINES["never"].prepare(text).lines if line.text]
        _check_quiet_sections(text, set(nonblank[number % 3 :: 3]))


@given(any_text, st.sets(st.integers(0, 60)))
@example(  # an author label whose box forms once the line below the name is gone
    "Autor\nMax Muster\nAnzeige\nist Redakteur und schreibt seit vielen Jahren über die "
    "Politik der Stadt und des Landes.",
    {2},
)
def test_quiet_sections_mark_nothing_later(text: str, more: set[int]) -> None:
    _check_quiet_sections(text, more)


def _check_clean_is_the_explained_text(text: str) -> None:
    """clean() gives the explained text; explaining without details removes the same lines
    by the same filters (only a removal's detail may differ, and the warnings that quote it)."""
    for repair in ("auto", "always", "never"):
        config = Config(repair=repair)
        explained = newsclean.clean_and_explain(text, config=config)
        assert newsclean.clean(text, config=config) == explained.text
        counted = newsclean.clean_and_explain(text, config=config, details=False)
        assert counted.text == explained.text
        assert counted.edits == explained.edits
        # (a guard's warning quotes the removal's detail, in parentheses at its end)
        assert [w.partition("(")[0] for w in counted.warnings] == [
            w.partition("(")[0] for w in explained.warnings
        ]
        assert [(r.index, r.text, r.filter) for r in counted.removed] == [
            (r.index, r.text, r.filter) for r in explained.removed
        ]


@pytest.mark.slow
def test_clean_gives_the_explained_text_on_the_dev_pages() -> None:
    # (every fourth input: three repair settings, each cleaned and explained twice, on
    # all of them would take half a minute)
    for text in dev_texts()[1::4]:
        _check_clean_is_the_explained_text(text)


@given(any_text)
def test_clean_gives_the_explained_text(text: str) -> None:
    _check_clean_is_the_explained_text(text)


def test_clean_takes_the_text_only_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """newsclean.clean() reads only the text, so it runs the rounds without the explanation
    (Pipeline.clean), with or without a model; clean_and_explain() still explains."""
    page = "Die Feuerpause ist gescheitert, teilte das Ministerium mit.\n\nAuch interessant\ndpa"
    model = newsclean.learn([])

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("clean() built an explanation")

    monkeypatch.setattr(Pipeline, "explain", refuse)
    assert newsclean.clean(page) == "Die Feuerpause ist gescheitert, teilte das Ministerium mit."
    assert newsclean.clean(page, site="https://example.org/a", model=model) == (
        "Die Feuerpause ist gescheitert, teilte das Ministerium mit."
    )
    with pytest.raises(AssertionError, match="explanation"):
        newsclean.clean_and_explain(page)


def _best_block_line_by_line(lines: list[Line], min_words: int) -> list[int]:
    """The emptied-document guard's block, judged line by line with is_body_like."""
    best: list[int] = []
    best_score = (-1, -1)
    block: list[Line] = []
    for line in (*lines, Line(-1, "", 0)):
        if line.text:
            block.append(line)
            continue
        if block:
            body = [item for item in block if is_body_like(item, min_words)]
            score = (sum(len(item.text) for item in body), sum(len(item.text) for item in block))
            if score > best_score:
                best, best_score = [item.index for item in body or block], score
            block = []
    return best


@given(any_text, st.integers(min_value=0, max_value=15))
@example(
    "Menü\nDie Stadt hat am Montag den neuen Haushalt für das kommende Jahr beschlossen.\n\n"
    "Teilen\nDrucken",
    12,
)
def test_best_block_in_one_pass_equals_the_line_by_line_walk(text: str, min_words: int) -> None:
    lines = list(PIPELINES["never"].prepare(text).lines)
    got = pipeline_module._best_block(lines, min_words)
    assert got == _best_block_line_by_line(lines, min_words)


def test_a_pipeline_with_its_own_round_gets_removals_and_its_own_signature() -> None:
    """clean()'s rounds record plain tuples only for Pipeline's own round: a subclass that
    overrides _clean_once (with the one-argument signature of old) or _run_filters reads
    Removals, in clean() as in explain()."""
    seen: list[type] = []

    class Counting(Pipeline):
        def _clean_once(self, doc: Doc) -> tuple[dict[int, Removal], list[str]]:  # type: ignore[override]
            removed, warnings = super()._clean_once(doc)
            seen.extend(type(removal) for removal in removed.values())
            return removed, warnings

    class Filtering(Pipeline):
        def _run_filters(self, doc: Doc, kind: type = Removal) -> dict[int, Removal]:
            removed = super()._run_filters(doc, kind)
            seen.extend(type(removal) for removal in removed.values())
            assert all(removal.filter for removal in removed.values())
            return removed

    text = "Startseite\nDer Rat tagt am Montag im Rathaus und berät über den Haushalt.\nTeilen\ndpa"
    for kind in (Counting, Filtering):
        seen.clear()
        pipeline = kind(Pipeline.from_config().filters)
        assert pipeline.clean(text) == pipeline.explain(text).text == newsclean.clean(text)
        assert seen
        assert set(seen) == {Removal}


def test_a_document_whose_lines_and_normal_forms_do_not_go_together_is_an_error() -> None:
    """A subclass's prepare() that renumbers the lines but keeps the normal forms of the
    old numbering gets an error, not a read past the end of a list (both kernels)."""

    class Shifted(Pipeline):
        def prepare(self, text: str, *, site: str | None = None) -> Doc:
            doc = super().prepare(text, site=site)
            lines = [line._replace(index=line.index + 1000) for line in doc.lines]
            return Doc(lines, site=doc.site, cache=doc.cache)

    text = "Der Rat tagt am Montag im Rathaus und berät über den Haushalt.\nTeilen\ndpa"
    with pytest.raises((IndexError, KeyError, NewscleanError)):
        Shifted(Pipeline.from_config().filters).clean(text)


# --- the line model's filter, where the span rules decide, writes no plan it does not read --


class _PlanJudging(ArticleLines):
    """Asks judges() with the whole plan, so its marks come from the plan's reasons (the
    plain path)."""

    def judges(self, plan: SpanPlan) -> bool:
        return super().judges(plan)


def _check_span_rule_marks(text: str) -> None:
    """ArticleLines' marks where the span rules decide equal those of the plan, with and
    without TEXT_ONLY."""
    pipeline = PIPELINES["auto"]
    shortcut = ArticleLines(MARKERS, model=pipeline.filters[-1].model)
    plain = _PlanJudging(MARKERS, model=pipeline.filters[-1].model)
    for text_only in (False, True):
        doc = pipeline.prepare(text)
        if text_only:
            doc.cache[TEXT_ONLY] = True
        assert list(shortcut(doc)) == list(plain(doc))


@pytest.mark.slow
def test_span_rule_marks_of_the_article_filter_equal_the_plans_on_the_dev_pages() -> None:
    for text in dev_texts()[::3]:
        _check_span_rule_marks(text)
        # ... and on a short piece of the page, where the span rules mostly decide
        _check_span_rule_marks("\n".join(text.split("\n")[:6]))


@given(any_text)
@example("Ein Satz hier.\nNoch ein Satz, der etwas länger ist als der erste.\nTeilen\n")
@example("Startseite\nPolitik\n\nDer Rat hat den Haushalt für das kommende Jahr beschlossen.\nMehr")
def test_span_rule_marks_of_the_article_filter_equal_the_plans(text: str) -> None:
    _check_span_rule_marks(text)


class _EagerSpan(ArticleSpan):
    """A span whose plan also removes the first line: its own plan, not the outline's."""

    @staticmethod
    def _plan_of(outline: Any) -> SpanPlan:
        plan = ArticleSpan._plan_of(outline)
        return plan._replace(removed={0: "eager", **plan.removed})


def test_a_span_subclass_that_plans_otherwise_is_asked_for_its_plan() -> None:
    # The span rules decide here and the outline removes nothing; the subclass's plan does.
    text = "Ein Satz hier.\nNoch ein Satz, der etwas länger ist als der erste."
    eager = ArticleLines(MARKERS, model=PIPELINES["auto"].filters[-1].model)
    eager._span = _EagerSpan(MARKERS)
    doc = PIPELINES["auto"].prepare(text)
    assert list(ArticleLines(MARKERS, model=eager.model)(doc)) == []
    assert [(mark.index, mark.detail) for mark in eager(doc)] == [(0, "eager")]
