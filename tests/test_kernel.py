"""The compiled kernel and its pure-Python twin give the same results, to the bit.

``newsclean._kernel`` (Cython) is built by ``pip install``; where it could not be built,
the package runs ``newsclean._kernel_py`` instead. Both must agree on every input, so that
the output never depends on whether a machine had a C compiler.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import pickle
import re
import sys
import unicodedata
import weakref
from collections.abc import Callable, Iterator, Mapping
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import regex
import xxhash
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

import newsclean.filters.article as article_module
import newsclean.filters.features as features_module
import newsclean.filters.span as span_module
from newsclean import Pipeline, _accel, _kernel_py, clean_and_explain, prepare
from newsclean.filters.base import Mark, _word_character, is_body_like
from newsclean.filters.duplicates import _headline
from newsclean.filters.features import _class_of, _lexicon, view_arrays, view_table
from newsclean.filters.patterns import THREAD
from newsclean.filters.sections import ChromeSections
from newsclean.langdata import available_languages, compile_markers
from newsclean.lines import NORMS, Line, _fold_char, looks_broken, normalise_line
from newsclean.pipeline import Removal, join_lines

from .conftest import DEV_DATA, dev_texts
from .strategies import documents, sample_documents

if not _accel.COMPILED:
    pytest.skip(
        "the compiled kernel is not built here (pip install needs a C compiler); "
        "the package runs its pure-Python twin",
        allow_module_level=True,
    )

from newsclean import _kernel  # only where it was built

MARKERS = compile_markers(available_languages())
# What prepare() once searched for with a regex of its own (now kernel.text_marks).
_NEEDS_CLEANUP = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff\ud800-\udfff]")


# Every module that calls the kernel (all are imported by the package).
USERS = tuple(
    module
    for name, module in sorted(sys.modules.items())
    if name.startswith("newsclean.") and getattr(module, "kernel", None) is _kernel
)


@pytest.fixture
def python_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the filters use the pure-Python twin."""
    for module in USERS:
        monkeypatch.setattr(module, "kernel", _kernel_py)


def explain_both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    compiled = clean_and_explain(text)
    with monkeypatch.context() as patch:
        for module in USERS:
            patch.setattr(module, "kernel", _kernel_py)
        for patterns in MARKERS.pattern_sets():
            patch.setattr(patterns, "_table", None)  # made again, by the twin
            patch.setattr(patterns, "_memo", {})
        python = clean_and_explain(text)
    return compiled, python


def test_every_user_of_the_kernel_is_known() -> None:
    names = {module.__name__.rsplit(".", 1)[-1] for module in USERS}
    assert {"features", "article", "span", "langdata", "lines", "patterns", "composite"} <= names


@given(st.lists(st.tuples(st.integers(0, 50), st.sampled_from(["", "a", "Teilen"])), max_size=9))
def test_view_rows(rows: list[tuple[int, str]]) -> None:
    lines = [Line(index, text, 0) for index, text in rows]
    compiled, python = _kernel.view_rows(lines), _kernel_py.view_rows(lines)
    assert compiled[0] == python[0]
    assert np.array_equal(compiled[1], python[1])
    assert np.array_equal(compiled[2], python[2])
    assert compiled[1].dtype == python[1].dtype == np.int64


_MARKED = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from("\x00\x0b\x1c\x7f\x85\x93\u2028\u2029\ufeff\ud800\udfffÃÂô¶Ÿ€™–„“…\n\t"),
        st.sampled_from("äéâïðó\xad\xa0\ufffd? Ą▓"),  # sequences of three and four
    ),
    max_size=30,
)


@given(_MARKED)
def test_text_marks(text: str) -> None:
    marks = _kernel.text_marks(text)
    assert marks == _kernel_py.text_marks(text)
    assert bool(marks & _kernel_py.BROKEN) is looks_broken(text)
    assert bool(marks & _kernel_py.CLEANUP) is (_NEEDS_CLEANUP.search(text) is not None)


def test_text_marks_of_every_character_up_to_u2300_and_beyond() -> None:
    codes = [*range(0x2300), 0x2028, 0x2029, 0xD7FF, 0xD800, 0xDBFF, 0xDFFF, 0xE000]
    codes += [0xFEFE, 0xFEFF, 0xFFFD, 0x10000, 0x10FFFF]
    for code in codes:
        char = chr(code)
        for text in (char, f"\u00c3{char}", f"\u00f4{char}", f"\u00c1{char}", f"x{char}\u00c2"):
            assert _kernel.text_marks(text) == _kernel_py.text_marks(text), hex(code)


def test_text_marks_of_each_storage_width() -> None:
    # The kernel reads 1-, 2- and 4-byte texts in loops of their own: each one agrees.
    codes = [*range(0x100), 0x2013, 0x2028, 0x2122, 0xFEFF, 0xD800]
    for code in codes:
        pair = f"\u00c3{chr(code)}"
        for text in (pair, f"{pair}\u2013", f"{pair}\U0001d518", f"\u2013x{chr(code)}\u00e2"):
            assert _kernel.text_marks(text) == _kernel_py.text_marks(text), hex(code)


def test_text_marks_of_two_byte_texts_read_eight_characters_at_a_time() -> None:
    # Runs of printable ASCII in a two-byte text are passed over eight or four characters
    # at a time: a character of any class (or a pair) at any place of such a run counts.
    codes = [*range(0x100), 0x2013, 0x2028, 0xD800, 0xFEFF, 0xFF9F, 0xFFA0, 0xFFDF, 0xFFFF]
    for code in codes:
        for place in range(13):
            for before in ("a", "\u00c3"):
                text = "\u2013" + "a" * place + before + chr(code) + "b" * (13 - place)
                assert _kernel.text_marks(text) == _kernel_py.text_marks(text), (hex(code), place)


def test_text_marks_of_long_mojibake_sequences_around_runs_of_ascii() -> None:
    # A lead of three or four and a continuation count with the one or two characters
    # after them, which the kernel reads ahead of a run of ASCII it passes over.
    for lead in ("\u00e9", "\u00f3", "\u00c3", "a"):
        for middle in ("\u00a0", "\u00ad", "x"):
            for after in (" ", "?", "\ufffd", "\u2593", "x", "  ", " ?", "\u00a0 ", "??", "?x"):
                for place in range(14):
                    for wide in ("", "\u2013", "\U0001d518"):
                        for tail in ("", "b" * 9):
                            text = wide + "a" * place + lead + middle + after + tail
                            assert _kernel.text_marks(text) == _kernel_py.text_marks(text), text


def test_text_marks_of_long_texts() -> None:
    # The kernel reads long texts in blocks of characters: a pair across the end of a
    # block, and marks found in a later block only, count alike in every storage width.
    for wide in ("", "\u2013", "\U0001d518"):
        for size in (254, 255, 256, 257, 511, 512, 700):
            for tail in (
                "\u00c3\u00a9",
                "\x00",
                "\u0085",
                "\u00c3\u00a9\x0b",
                "\u00c3x",
                "\u00e2\u20ac\u201c",
                "\u00e2\u20ac x",
            ):
                text = wide + "a" * size + tail + "b" * 300
                assert _kernel.text_marks(text) == _kernel_py.text_marks(text), (size, tail)


def _twin_patterns(patterns: Any, *, memo_text: int) -> Any:
    """A copy of ``patterns`` whose matcher is the pure-Python twin's (its own memo)."""
    twin = pickle.loads(pickle.dumps(patterns))
    twin._table = twin._make_matcher(_kernel_py, memo_lines=99, memo_text=memo_text)
    return twin


@given(documents(), st.integers(1, 300))
def test_chrome_gates_on_generated_pages(text: str, max_length: int) -> None:
    doc = prepare(text + "\nvor 3 Stunden\n12. Mai 2024")
    flags = np.array([(i * 7) % 32 for i in range(len(doc.lines))], dtype=np.uint8)
    runs = {line.index: "row" for line in doc.lines[::5]}
    known = {line.text: (None if line.index % 2 else "credit") for line in doc.lines[::3]}
    settings = {
        "skip": MARKERS.headings,
        "whole": dict(MARKERS.lines),
        "runs": runs,
        "flags": flags,
        "max_length": max_length,
        "starts": "@#+",
        "known": known,
    }
    compiled = _kernel.chrome_gate(doc.lines, **settings)
    assert compiled == _kernel_py.chrome_gate(doc.lines, **settings)
    # The bits of the keys of skip and whole change nothing.
    bits = _kernel.KeyBits({*MARKERS.headings, *MARKERS.lines})
    assert _kernel.chrome_gate(doc.lines, **settings, keys=bits) == compiled
    # Matching the lines to match as well, each kernel with its own matcher (and memo).
    patterns = MARKERS.all_patterns
    assert patterns is not None
    twin = _twin_patterns(patterns, memo_text=40)
    compiled = _kernel.chrome_gate(
        doc.lines, **{**settings, "known": patterns.memo, "matcher": patterns.matcher}
    )
    assert compiled == _kernel_py.chrome_gate(
        doc.lines, **{**settings, "known": twin.memo, "matcher": twin.matcher}
    )
    assert not any(what == _kernel.MATCH for _, _, what, _ in compiled)


def _two_anchored(module: ModuleType, first: str, choose: Callable[[str], Any]) -> Any:
    """A matcher of two anchored patterns, ``first`` ("any") and "teilen" ("share"), with
    no required words, whose plans by line start ``choose`` gives."""
    return module.PatternMatcher(
        {},
        [("any", regex.compile(first)), ("share", regex.compile("(?i)teilen"))],
        [],
        [(0, 0), (0, 0)],
        choose=choose,
        memo={},
        memo_lines=10,
        memo_text=300,
    )


@pytest.mark.parametrize("module", [_kernel, _kernel_py])
def test_pattern_matcher_asks_for_a_pair_when_seen_again(module: ModuleType) -> None:
    # A pair of ASCII characters is first matched with the plan of its first character
    # (a superset), and asked for when seen a second time; the results are the same.
    asked: list[str] = []

    def choose(prefix: str) -> tuple[int, ...]:
        asked.append(prefix)
        return {"t": (0, 1), "te": (0, 1), "tx": ()}[prefix]

    matcher = _two_anchored(module, "(?i)te.*", choose)
    assert matcher.match("teilen") == "any"
    assert asked == ["t"]
    assert [matcher.match(text) for text in ("tx", "te", "tx!", "texas", "t")] == [
        None,
        "any",
        None,
        "any",
        None,
    ]
    assert asked == ["t", "te", "tx"]


def _choose_t(prefix: str) -> tuple[int, ...]:
    """The plans of the matcher below (a module-level function: it is pickled)."""
    return {"t": (0, 1), "ti": (0, 1)}[prefix]


def test_pattern_matcher_twin_copied_after_a_pair_was_seen_once() -> None:
    # The twin marks a pair seen once in its plans; a deep copy or an unpickled matcher
    # must still read that mark as "not asked for yet", not as a plan.
    matcher = _two_anchored(_kernel_py, "(?i)t.*", _choose_t)
    assert matcher.match("tiger") == "any"  # "ti" seen once: the plan of "t"
    for copied in (copy.deepcopy(matcher), pickle.loads(pickle.dumps(matcher))):
        assert copied.match("tiger!") == "any"  # "ti" seen again: its own plan
        assert copied.match("teilen") == "any"


@pytest.mark.parametrize(
    "needs",
    [
        [(0, 1), (1, 2), (3, 1)],  # rising first bits: tried by the bits a line holds
        [(0, 1), (1, 0), (3, 1)],  # one needs nothing: tried one by one
        [(3, 1), (0, 2), (2, 1)],  # not rising: one by one
        [(0, 1), (70, 1), (140, 1)],  # in three limbs
    ],
)
def test_pattern_matcher_floating_patterns_in_order(needs: list[tuple[int, int]]) -> None:
    # The first floating pattern (in order) whose words a line holds and that matches.
    words = {"cookie": 1 << needs[0][0], "teilen": 1 << needs[2][0]}
    for first, count in needs[1:2]:
        for bit in range(first, first + count):
            words[f"abo{bit}"] = 1 << bit
    floating = [
        (0, 40, regex.compile(r"(?i)cookies?.{0,9}\Z"), "notice"),
        (0, 40, regex.compile(r"(?i)(?:abo\d+\s*+)++.{0,20}\Z"), "promo"),
        (0, 40, regex.compile(r"(?i)teilen.{0,20}\Z"), "share"),
    ]
    texts = [
        "Wir nutzen Cookies.",
        "abo1 abo2 teilen",
        "abo1 teilen",
        "abo70 abo71 abo2 abo3 abo1 abo140 hier",
        "Teilen Cookies",
        "Cookies teilen",
        "nichts",
        "",
    ]
    results = []
    for module in (_kernel, _kernel_py):
        matcher = module.PatternMatcher(
            words, [], floating, needs, choose=None, memo={}, memo_lines=10, memo_text=300
        )
        results.append([matcher.match(text) for text in texts])
    assert results[0] == results[1]
    assert results[0][0] == "notice"
    assert results[0][6:] == [None, None]


@pytest.mark.parametrize(
    "needs",
    [
        [(0, 0), (3, 2), (5, 1)],  # nothing, two bits of a limb, one bit
        [(0, 1), (60, 8), (68, 1)],  # bits across limbs 0 and 1 (not one mask)
        [(0, 64), (64, 64), (128, 1)],  # a whole limb each; the last beyond every word
        [(62, 2), (127, 2), (1, 1)],  # at the ends of limbs
    ],
)
def test_pattern_matcher_plan_masks_as_the_twin(needs: list[tuple[int, int]]) -> None:
    # The compiled matcher tests the words an anchored pattern needs with one mask where
    # they are bits of one limb, and bit by bit where they are not: what the twin's
    # integer masks give, for lines that hold every word of a pattern, some, or none.
    def word(bit: int) -> str:  # letters only: a digit is read as "0"
        return f"w{chr(97 + bit // 26)}{chr(97 + bit % 26)}x"

    groups = [[word(bit) for bit in range(first, first + count)] for first, count in needs]
    words = {word(bit): 1 << bit for first, count in needs for bit in range(first, first + count)}
    words.pop(word(needs[2][0]), None)  # a need no word sets: that pattern is never tried
    anchored = [
        ("first", regex.compile(r"(?i)a.*")),
        ("second", regex.compile(r"(?i)a\w*+ .*")),
        ("third", regex.compile(r"(?i).*")),
    ]
    texts = [
        "a " + " ".join(words),
        "ab " + " ".join(groups[1] + groups[2]),
        "ab " + " ".join(groups[0][:-1] + groups[1]),
        "ab " + " ".join(groups[1][1:] + groups[2]),
        "ab " + " ".join(groups[1][:-1]),  # a need across limbs: all of its low limb's part
        "b " + " ".join(groups[0] + groups[1] + groups[2]),
        "a",
        "",
    ]
    results = []
    for module in (_kernel, _kernel_py):
        matcher = module.PatternMatcher(
            words,
            anchored,
            [],
            needs,
            choose=lambda prefix: (0, 1, 2),
            memo={},
            memo_lines=100,
            memo_text=300,
        )
        results.append([matcher.match(text) for text in texts])
    assert results[0] == results[1]
    assert results[0][0] == "first"
    assert None in results[0]


def test_a_trigger_table_is_not_copied() -> None:
    # A copy would share the table's arrays but not its count of the characters folded
    # to several, and find wrong words: it is refused.
    table = _kernel.make_triggers({"in": 1})
    with pytest.raises(TypeError):
        copy.copy(table)
    assert _kernel.trigger_mask("in in in", table) == 1


@pytest.mark.parametrize("digit", ["3", "\u0663", "\uff13", "\u00b2", "\u2463", "\U0001d7d1", "x"])
def test_pattern_matcher_reads_digits_as_the_twin(digit: str) -> None:
    # The compiled walk tells whether a line holds a decimal digit (ASCII, Arabic-Indic,
    # fullwidth; not "²" or "④"): the patterns that need one give what the twin gives.
    patterns = MARKERS.all_patterns
    assert patterns is not None
    twin = _twin_patterns(patterns, memo_text=300)
    texts = [
        f"{digit}",
        f"{digit} / 12",
        f"Bild {digit} von 12",
        f"Seite {digit}{digit} von {digit}{digit}",
        f"{digit}{digit}:{digit}{digit} Uhr",
        f"{digit}{digit}. März 2024",
        f"vor {digit} Stunden",
        f"{digit} Kommentare",
    ]
    results = [patterns.matcher.match(text) for text in texts]
    assert results == [twin.matcher.match(text) for text in texts]
    if digit == "3":
        assert results[1] == "gallery"


@given(documents(), st.integers(1, 7))
def test_marker_rows_on_generated_pages(text: str, max_words: int) -> None:
    doc = prepare(
        text + "\nFacebook Twitter WhatsApp\nKommentar verfassen Antwort abbrechen\nTeilen"
    )
    norms = doc.cache[NORMS]
    seen = {norm: (None if len(norm) % 3 else (("x", norm),)) for norm in norms[:-3:2]}
    results = []
    for module in (_kernel, _kernel_py):
        memo = dict(seen)
        rows = module.marker_rows(
            doc.lines,
            MARKERS.headings,
            dict(MARKERS.lines),
            norms,
            memo,
            heading="heading",
            max_words=max_words,
            max_part=5,
        )
        results.append((rows, memo))
    assert results[0] == results[1]
    if max_words >= 4:
        assert len(results[0][0]) >= 2  # the two rows of markers added above


def _spaced_rows(
    text: str, longer: str, spaces: list[str], *, every: int, count: int
) -> tuple[Any, list[str]]:
    """A page of rows of markers at its start, its end and around ``text`` (the last row
    made ``longer``), and its normal forms, every ``every``-th spaced oddly: its first
    ``count`` spaces (-1: all) replaced by one of ``spaces``, which also go around it."""
    doc = prepare(
        "Teilen Drucken\n"
        + text
        + "\nFacebook Twitter WhatsApp\nKommentar verfassen Antwort abbrechen\nTeilen\n"
        + "Vorheriger Beitrag Nächster Beitrag"
        + longer
    )
    norms = list(doc.cache[NORMS])
    for at in range(0, len(norms), every):
        space = spaces[at % len(spaces)]
        norms[at] = space + norms[at].replace(" ", space or " ", count) + space[:1]
    return doc, norms


@given(
    documents(),
    st.lists(st.sampled_from(["", " ", "  ", "\t", "\u00a0", "\ud800"]), min_size=1),
)
def test_marker_rows_word_ends_rule_out_no_row(text: str, spaces: list[str]) -> None:
    # Rows of markers at the start, the end and inside a page, as lines and with their
    # forms spaced oddly: the words a row may start and end with (both kernels) rule out
    # lines, never a row, whatever white space a form holds.
    doc, norms = _spaced_rows(text, "", spaces, every=3, count=1)
    ends = MARKERS.row_ends
    assert ends is not None
    assert "teilen" in ends.firsts
    assert "abbrechen" in ends.lasts
    settings = {"heading": "heading", "max_words": 6, "max_part": 5}
    results = []
    for module in (_kernel, _kernel_py):
        for word_ends in (None, module.WordEnds(ends.firsts, ends.lasts)):
            args = (doc.lines, MARKERS.headings, dict(MARKERS.lines), norms, {})
            results.append(module.marker_rows(*args, **settings, ends=word_ends))
    assert results[1] == results[0] == results[2] == results[3]
    plain = _kernel.marker_rows(
        doc.lines,
        MARKERS.headings,
        dict(MARKERS.lines),
        doc.cache[NORMS],
        {},
        **settings,
        ends=ends,
    )
    assert len(plain) >= 3  # the rows added above, each found


@given(
    documents(),
    st.lists(st.sampled_from(["", " ", "  ", "\t", "\u00a0"]), min_size=1),
    st.integers(min_value=1, max_value=7),
)
def test_marker_rows_word_counts_rule_out_no_row(
    text: str, spaces: list[str], max_words: int
) -> None:
    # The words of each non-blank line's form (as word_stats counts them) pass over the
    # longer lines without reading their forms: the same rows in both kernels as without
    # them, whatever white space a form holds.
    doc, norms = _spaced_rows(text, " Teilen Drucken Facebook", spaces, every=2, count=-1)
    shown = [norms[line.index] for line in doc.lines if line.text]
    lexicon = _kernel_py.make_lexicon({})
    counts = _kernel_py.word_stats(shown, lexicon, 0)[:, 0]
    settings = {"heading": "heading", "max_words": max_words, "max_part": 5}
    results = []
    for module in (_kernel, _kernel_py):
        # (any sequence of counts: an array, a slice of one, a list, another integer type)
        for words in (None, counts, counts[:2], counts.tolist(), counts.astype(np.int32)):
            args = (doc.lines, MARKERS.headings, dict(MARKERS.lines), norms, {})
            results.append(module.marker_rows(*args, **settings, words=words))
    assert all(rows == results[0] for rows in results)
    # The counts are read: a line said to have too many words is passed over.
    for module in (_kernel, _kernel_py):
        many = np.full(len(shown), max_words + 1, dtype=np.int64)
        args = (doc.lines, MARKERS.headings, dict(MARKERS.lines), norms, {})
        assert module.marker_rows(*args, **settings, words=many) == []


def test_word_ends_pickle_and_made_by_hand_markers() -> None:
    ends = MARKERS.row_ends
    again = pickle.loads(pickle.dumps(ends))
    assert (again.firsts, again.lasts) == (ends.firsts, ends.lasts)
    # A key that is not its text's key: the words of the texts tell nothing.
    assert dataclasses.replace(MARKERS, lines={1: ("share", "Teilen")}).row_ends is None


def test_chrome_gates_agree_on_copyright_notices() -> None:
    lines = [
        "© 2024 Stadtanzeiger. " + "Alle Rechte vorbehalten. " * 30,
        "Copyright (c) 2024 Site",
        "COPYRIGHT 2020 Site",
        "Copyright © Anna",
        "Copyright law protects authors.",
        "Copyright",
        "Corona in der Stadt",
        "c",
        "©",
    ]
    doc = prepare("\n".join(lines))
    settings = {
        "skip": {},
        "whole": {},
        "runs": {},
        "flags": np.zeros(len(doc.lines), dtype=np.uint8),
        "max_length": 300,
        "starts": "@#+",
        "known": {},
    }
    compiled = _kernel.chrome_gate(doc.lines, **settings)
    assert compiled == _kernel_py.chrome_gate(doc.lines, **settings)
    assert [i for _, i, what, _ in compiled if what == _kernel.SIGNED] == [0, 1, 2, 3]


_SENTENCES = st.lists(
    st.one_of(
        st.characters(),
        st.sampled_from(" .!?:;…\"'“”‘’»«)]_-ßİ٣\u0301\n"),
        st.just("Wort "),
    ),
    max_size=60,
).map("".join)


@given(st.lists(_SENTENCES, max_size=6), st.integers(1, 14))
def test_body_like(texts: list[str], min_words: int) -> None:
    items = [(0, text) for text in texts]
    compiled = _kernel.body_like(items, min_words, _word_character)
    assert compiled.tolist() == _kernel_py.body_like(items, min_words, _word_character).tolist()
    assert compiled.tolist() == [is_body_like(text, min_words) for text in texts]


_BODY = "Der Rat hat am Montag in Berlin den Haushalt für das kommende Jahr beschlossen."


@given(
    st.lists(st.one_of(_SENTENCES, st.just(_BODY)), max_size=8),
    st.integers(1, 14),
    st.integers(-2, 9),
    st.integers(-2, 9),
    st.sampled_from([1, -1]),
)
def test_a_body_scan(texts: list[str], min_words: int, start: int, stop: int, step: int) -> None:
    # The first body-like item of the range (positions outside the items left out).
    items = [(0, text) for text in texts]
    flags = [is_body_like(text, min_words) for text in texts]
    positions = (pos for pos in range(start, stop, step) if 0 <= pos < len(items))
    want = next((pos for pos in positions if flags[pos]), -1)
    for module in (_kernel, _kernel_py):
        got = module.a_body_scan(
            items, start, stop, step, min_words=min_words, is_word=_word_character
        )
        assert got == want
        with pytest.raises(ValueError, match="step"):
            module.a_body_scan(items, 0, 2, 2, min_words=min_words, is_word=_word_character)


def test_body_like_at_the_edges_of_a_sentence_end() -> None:
    base = "Der Rat hat am Montag in Berlin den Haushalt für das kommende Jahr beschlossen"
    texts = [
        f"{base}{before}{mark}{closers}{after}"
        for before in ("", ".", "…", " ")
        for mark in (".", "!", ":", ";", "…", "x")
        for closers in ("", "“", "“)", "“)]", "“)]»", "“)]»'")
        for after in ("", "\n", "\n\n")
    ]
    items = [(0, text) for text in texts]
    compiled = _kernel.body_like(items, 12, _word_character).tolist()
    assert compiled == [is_body_like(text) for text in texts]
    assert compiled == _kernel_py.body_like(items, 12, _word_character).tolist()
    assert 0 < sum(compiled) < len(texts)


@given(documents())
def test_heading_candidates_on_generated_pages(text: str) -> None:
    lines = prepare(text + "\n3 Kommentare zu „Der Rat tagt“\nKommentare\n12. Mai 2024").lines
    runs = {line.index: "row" for line in lines[::4]}
    got = _kernel.heading_candidates(lines, MARKERS.headings, runs)
    assert got == _kernel_py.heading_candidates(lines, MARKERS.headings, runs)
    # With the author labels in the same pass (every line's key, blank ones too), with and
    # without the bits of the keys: the same candidates.
    keys = lines[1::3]
    labels = {line.key for line in keys} | set(MARKERS.author_labels)
    for bits in (None, _kernel.KeyBits({*MARKERS.headings, *labels})):
        for said in (labels, MARKERS.author_labels, frozenset(), None):
            found = _kernel.section_lines(lines, MARKERS.headings, runs, said, bits)
            assert found == _kernel_py.section_lines(lines, MARKERS.headings, runs, said)
            assert found[0] == got
            assert found[1] == (said is not None and any(line.key in said for line in lines))
    # Only the headings, as the sections filter says them (its rows and thread headings
    # too): the candidates that are.
    sections = ChromeSections(MARKERS)
    rows = {
        line.index: ((("heading", "x"),) if line.index % 3 else (("share", "y"),))
        for line in lines[::4]
    }
    patterns = MARKERS.all_patterns
    assert patterns is not None
    settings: dict[str, Any] = {
        "heading": "heading",
        "thread": THREAD,
        "max_thread": 200,
        "matcher": patterns.matcher,
    }
    want = [
        at
        for at in _kernel_py.heading_candidates(lines, MARKERS.headings, rows)
        if sections._heading(lines[at].text, lines[at].key, rows.get(lines[at].index))
    ]
    assert {lines[at].text for at in want} >= {"3 Kommentare zu „Der Rat tagt“", "Kommentare"}
    for bits in (None, MARKERS.key_bits):
        found = _kernel.section_lines(lines, MARKERS.headings, rows, None, bits, **settings)
        assert found == (want, False)
        assert _kernel_py.section_lines(lines, MARKERS.headings, rows, None, **settings) == found


def test_key_bits() -> None:
    keys = {5, 2**64 - 1, 123456789123456789, 0}
    for kernel in (_kernel, _kernel_py):
        bits = pickle.loads(pickle.dumps(kernel.KeyBits(keys)))
        assert bits.keys == keys
        assert all(bits.may_hold(key) for key in keys)
        assert not bits.may_hold(6)
        # A key of another kind (equal to an int, maybe): nothing is told by the bits.
        assert kernel.KeyBits({5.0}).may_hold(5)
    compiled = _kernel.KeyBits(keys)
    # Keys the bits cannot tell: what may be one of them.
    assert compiled.may_hold(-1)
    assert compiled.may_hold(2**70)
    assert compiled.may_hold("x")
    assert not compiled.may_hold(123456789123456788)


@given(
    st.lists(st.sampled_from(["Stadtrat beschließt", "Stadtrat beschließt …", "x", "…", "a..."])),
    st.lists(
        st.sampled_from(
            ["", "stadtrat beschliesst", "stadtrat beschliesst mehr", "ab", "stadträte beschließen"]
        )
    ),
    st.sets(st.integers(-2, 12)),
    st.fixed_dictionaries(
        {
            "window": st.integers(0, 9),
            "limit": st.integers(1, 40),
            "stretch": st.floats(0, 1.5),
            "reach": st.floats(0, 110),
        }
    ),
)
def test_near_pairs(
    texts: list[str], norms: list[str], marked: set[int], settings: dict[str, float]
) -> None:
    norms = (norms * len(texts))[: len(texts)] if norms else [""] * len(texts)
    # The forms are read by line index (here every other one, the others a decoy).
    lines = [(2 * position, text, 1) for position, text in enumerate(texts)]
    by_index = [form for norm in norms for form in (norm, "a decoy form of a line")]
    compiled = _kernel.near_pairs(lines, by_index, marked, **settings)
    assert compiled == _kernel_py.near_pairs(lines, by_index, marked, **settings)
    # Lines that are not tuples (the compiled pass reads tuples in place): the same pairs.
    as_lists = [list(line) for line in lines]
    assert _kernel.near_pairs(as_lists, by_index, marked, **settings) == compiled


@given(
    st.lists(st.sampled_from(["Stadtrat beschließt", "Stadtrat beschließt …", "x", "", "a..."])),
    st.lists(st.sampled_from(["", "stadtrat beschliesst", "stadtrat beschliesst mehr", "ab"])),
    st.lists(st.booleans()),
    st.lists(st.booleans()),
    st.fixed_dictionaries(
        {
            "window": st.integers(0, 9),
            "limit": st.integers(1, 40),
            "stretch": st.floats(0, 1.5),
            "reach": st.floats(0, 110),
        }
    ),
)
def test_has_new_near_pair(
    texts: list[str],
    norms: list[str],
    kept: list[bool],
    keys_changed: list[bool],
    settings: dict[str, float],
) -> None:
    norms = (norms * len(texts))[: len(texts)] if norms else [""] * len(texts)
    # The round before: its lines with a key (blank ones have none), numbered from 3.
    before = [
        (3 + position, text, position + 1 if text else 0) for position, text in enumerate(texts)
    ]
    seen = [line for line in before if line[2]]
    # This round: the lines kept, renumbered (where: each one's index before), some with
    # a key that is not the one seen.
    kept = (kept * len(texts))[: len(texts)] if kept else [True] * len(texts)
    changed = iter((keys_changed or [False]) * (len(texts) + 1))
    lines, where, forms = [], [], []
    for (index, text, key), keep, norm in zip(before, kept, norms, strict=True):
        if keep:
            lines.append((len(lines), text, key + 100 if key and next(changed) else key))
            where.append(index)
            forms.append(norm)
    where_array = np.array(where, dtype=np.int64)
    compiled = _kernel.has_new_near_pair(seen, tuple(lines), where_array, forms, **settings)
    assert compiled is _kernel_py.has_new_near_pair(
        seen, tuple(lines), where_array, forms, **settings
    )
    # Lines as lists (the compiled pass reads tuples in place) give the same.
    as_lists = tuple(list(line) for line in lines)
    assert _kernel.has_new_near_pair(seen, as_lists, where, forms, **settings) is compiled
    if not any(keys_changed):
        # What it says: near_pairs of this round gives a pair that was more than the
        # window apart among the lines seen.
        keyed = [line for line in lines if line[2]]
        at = [[line[0] for line in seen].index(where[line[0]]) for line in keyed]
        cut, fuzzy = _kernel_py.near_pairs(keyed, forms, set(), **settings)
        window = settings["window"]
        assert compiled is any(at[a] - at[b] > window for a, b in (*cut, *fuzzy))


_GUARD_TEXTS = [
    "",
    "Teilen",
    "Der Rat hat am Montag den Haushalt für das kommende Jahr beschlossen, sagte er.",
    "Die Stadt will im Herbst mit dem Bau der neuen Brücke über den Fluss beginnen.",
    "Mehr zum Thema",
]


@given(
    st.lists(st.sampled_from(_GUARD_TEXTS), max_size=30),
    st.sets(st.integers(0, 32)),
    st.sets(st.integers(-2, 34)),
    st.integers(1, 14),
)
def test_restored_lines(texts: list[str], removed: set[int], asked: set[int], words: int) -> None:
    lines = tuple(Line(index, text, index + 1 if text else 0) for index, text in enumerate(texts))
    gone = dict.fromkeys(removed, "x")
    indices = sorted(asked)
    compiled = _kernel.restored_lines(lines, gone, indices, words, _word_character)
    assert compiled == _kernel_py.restored_lines(lines, gone, indices, words, _word_character)
    assert compiled == [index for index in indices if index in compiled]  # in order
    # Lines as lists, or not at the positions of their indices: the reference's way.
    as_lists = tuple(list(line) for line in lines)
    assert _kernel.restored_lines(as_lists, gone, indices, words, _word_character) == compiled
    shifted = tuple(Line(line.index + 1, line.text, line.key) for line in lines)
    assert _outcome(_kernel.restored_lines, shifted, gone, indices, words) == _outcome(
        _kernel_py.restored_lines, shifted, gone, indices, words
    )


@given(
    st.lists(st.sampled_from(_GUARD_TEXTS), max_size=30),
    st.dictionaries(
        st.integers(0, 32),
        st.tuples(
            st.sampled_from(["patterns", "duplicates", "sections"]),
            st.sampled_from(["template: Teilen", "menu", "template", "row: a: b", ""]),
        ),
    ),
    st.sampled_from([{}, {"patterns": frozenset({"template"})}, {"sections": frozenset()}]),
    st.sets(st.integers(0, 40)),
    st.integers(1, 14),
)
def test_body_guard(
    texts: list[str],
    marks: dict[int, tuple[str, str]],
    reasons: dict[str, frozenset[str]],
    listed: set[int],
    words: int,
) -> None:
    lines = tuple(Line(index, text, index + 1 if text else 0) for index, text in enumerate(texts))
    removed = {
        index: Removal(index, lines[index].text, name, detail)
        for index, (name, detail) in marks.items()
        if index < len(lines)
    }
    settings = {"min_words": words, "is_word": _word_character}
    strong = frozenset({"duplicates"})
    compiled = _kernel.body_guard(removed, strong, reasons, lines, listed, **settings)
    assert compiled == _kernel_py.body_guard(removed, strong, reasons, lines, listed, **settings)
    # What the guard did before it was one call: the candidates, then the lines given back.
    candidates = [
        r
        for r in _kernel_py.weak_removals(removed.values(), strong, lines, listed, **settings)
        if r.detail.partition(":")[0] not in reasons.get(r.filter, frozenset())
    ]
    indices = sorted(r.index for r in candidates)
    assert compiled == _kernel_py.restored_lines(lines, removed, indices, words, _word_character)


def _outcome(function: Any, *args: Any) -> object:
    """What ``function(*args, _word_character)`` returns, or the type of what it raises."""
    try:
        return function(*args, _word_character)
    except Exception as exc:  # any exception, compared by type
        return type(exc)


def test_restored_lines_gives_back_a_sentence_between_paragraphs() -> None:
    body, other = _GUARD_TEXTS[2], _GUARD_TEXTS[3]
    lines = tuple(Line(index, text, index + 1) for index, text in enumerate([body, other, body]))
    for module in (_kernel, _kernel_py):
        assert module.restored_lines(lines, {1: "x"}, [1], 12, _word_character) == [1]
        # No body sentence below it: it stays removed.
        assert module.restored_lines(lines, {1: "x", 2: "x"}, [1], 12, _word_character) == []
        # A line given back counts for the lines after it: line 3 stands among the three
        # kept lines nearest to line 5 once it is back.
        texts = [body, "Teilen", "Teilen", body, "Mehr", other, body]
        page = tuple(Line(index, text, index + 1) for index, text in enumerate(texts))
        assert module.restored_lines(page, {3: "x", 5: "x"}, [3, 5], 12, _word_character) == [3, 5]
        assert module.restored_lines(page, {3: "x", 5: "x"}, [5], 12, _word_character) == []


def test_the_guard_reads_odd_removals_as_its_twin_does() -> None:
    # Removals the pipeline never makes (it makes 4-field Removal tuples of lines it
    # holds): the compiled guard gives what the twin gives, or raises what it raises,
    # instead of reading past a tuple's end.
    body = _GUARD_TEXTS[2]
    lines = tuple(Line(index, body, index + 1) for index in range(3))
    settings = {"min_words": 12, "is_word": _word_character}
    reasons = {"patterns": frozenset({"template"})}
    for removed in (
        {1: (1, body, "patterns")},  # no detail
        {1: [1, body, "patterns", "menu"]},  # a list
        {1: (1, body, "patterns", "template: x")},  # a strong reason: stays removed
        {7: (7, body, "patterns", "menu")},  # a line the page does not hold
    ):
        outcomes = []
        for module in (_kernel, _kernel_py):
            try:
                outcomes.append(
                    module.body_guard(removed, frozenset(), reasons, lines, (), **settings)
                )
            except Exception as exc:  # any exception, compared by type
                outcomes.append(type(exc))
        assert outcomes[0] == outcomes[1], removed
    assert _kernel.body_guard(
        {1: (1, body, "patterns")}, frozenset(), {}, lines, (), **settings
    ) == [1]


def test_has_new_near_pair_reads_odd_lines_as_its_twin_does() -> None:
    # Lines of another shape than (index, text, key), read in order: both stop at a line
    # not found the round before, and take the key as the third field.
    form = "a" * 12
    settings = {"window": 8, "limit": 300, "stretch": 0.8}
    seen = [(0, form, 5)]
    for lines, where, norms in (
        (((0, form, 5, "extra"),), [0], [form]),  # more fields
        (((0, form, 6), (1, "b")), [0, 1], [form, ""]),  # not found, then a short line
        (((0, form, 5), (1, "b")), [0, 1], [form, ""]),  # found, then a short line
    ):
        outcomes = []
        for module in (_kernel, _kernel_py):
            try:
                outcomes.append(
                    module.has_new_near_pair(seen, lines, np.array(where), norms, **settings)
                )
            except Exception as exc:  # any exception, compared by type
                outcomes.append(type(exc))
        assert outcomes[0] == outcomes[1], lines


def test_near_pairs_read_like_the_reference_where_an_input_is_odd() -> None:
    form = "stadtrat beschliesst"
    settings = {"window": 8, "limit": 300, "stretch": 0.8}
    for lines, norms in (
        ([(0,)], [form]),  # a line without its text
        ([(0, None, 1)], [form]),  # a text that is not a str
        ([(0, "Stadtrat", 1)], [None]),  # a form that is not a str
    ):
        for module in (_kernel, _kernel_py):
            with pytest.raises((IndexError, TypeError)) as raised:
                module.near_pairs(lines, norms, set(), **settings)
            assert type(raised.value) is (IndexError if lines == [(0,)] else TypeError)


@given(st.text(min_size=12, max_size=60), st.text(max_size=60), st.floats(0, 100))
def test_near_pairs_keep_every_pair_whose_ratio_reaches(a: str, b: str, reach: float) -> None:
    # The character counts only leave out pairs whose ratio cannot reach `reach`.
    b = a[: len(a) // 2] + b  # often alike
    for module in (_kernel, _kernel_py):
        _, fuzzy = module.near_pairs(
            [(0, a, 1), (1, b, 2)], [a, b], set(), window=2, limit=1000, stretch=0.0, reach=reach
        )
        if len(b) >= 12 and fuzz.ratio(a, b) >= reach:
            assert fuzzy == [(1, 0)]


_MARKER_TEXTS = [marker for _, marker in MARKERS.lines.values()] + list(MARKERS.headings.values())
_MARKER_WORDS = [
    *sorted({word for text in _MARKER_TEXTS for word in normalise_line(text).split()})[:400],
    *("der", "rat", "ß", "İ", "\ud800", "", "  ", "\t"),
]


@given(
    st.lists(st.sampled_from(_MARKER_WORDS), max_size=8),
    st.integers(1, 8),
    st.integers(1, 6),
)
def test_marker_split(words: list[str], max_words: int, max_part: int) -> None:
    norm = " ".join(words)
    settings = {"heading": "heading", "max_words": max_words, "max_part": max_part}
    headings, lines = MARKERS.headings, dict(MARKERS.lines)
    compiled = _kernel.marker_split(norm, headings, lines, **settings)
    assert compiled == _kernel_py.marker_split(norm, headings, lines, **settings)


def test_marker_split_finds_rows() -> None:
    norm = "kommentar verfassen antwort abbrechen"
    settings = {"heading": "heading", "max_words": 6, "max_part": 5}
    compiled = _kernel.marker_split(norm, MARKERS.headings, dict(MARKERS.lines), **settings)
    assert compiled == (("heading", "Kommentar verfassen"), ("comments", "Antwort abbrechen"))


@given(documents())
def test_keyed_lines_on_generated_pages(text: str) -> None:
    doc = prepare(text)
    assert _kernel.keyed_lines(doc.lines) == _kernel_py.keyed_lines(doc.lines)


@given(
    st.lists(
        st.one_of(
            st.integers(0, 40),  # small keys: many land on the same slot of the table
            st.sampled_from([2**64 - 1, 2**63, 64, 128, 1 << 40, (1 << 40) + 64]),
            st.integers(0, 2**64 - 1),
        ),
        max_size=40,
    ),
    st.sampled_from([None, -1, 2**64, 3.0, "x"]),
)
def test_keyed_lines_with_any_keys(keys: list[int], odd: object) -> None:
    # Keys that share their low bits find their first line all the same; a key that is
    # no unsigned 64-bit int (never one of prepare()'s) gets the reference's answer.
    lines = [(index, f"t{key}", key) for index, key in enumerate(keys)]
    assert _kernel.keyed_lines(lines) == _kernel_py.keyed_lines(lines)
    if odd is not None:
        lines.insert(len(lines) // 2, (len(lines), "odd", odd))
        assert _kernel.keyed_lines(lines) == _kernel_py.keyed_lines(lines)


@given(
    documents(), st.sampled_from([_headline, lambda text: True, lambda text: len(text) % 2 == 0])
)
def test_repeat_reasons_on_generated_pages(text: str, headline: Callable[[str], bool]) -> None:
    lines, repeats = _kernel_py.keyed_lines(prepare(text).lines)
    want = _kernel_py.repeat_reasons(lines, repeats, headline)
    got = _kernel.repeat_reasons(lines, repeats, headline)
    assert got == want
    assert list(got) == list(want)  # the same order of positions, too
    # Left unexplained: the same positions in the same order, each with that reason.
    for module in (_kernel, _kernel_py):
        brief = module.repeat_reasons(lines, repeats, headline, "-")
        assert list(brief.items()) == [(pos, "-") for pos in want]


_VALUES = st.one_of(
    st.floats(-50, 50), st.sampled_from([0.5, -0.5, 1.5, -2.5, 0.0, -0.0, 1 / 4096, 2.5 / 4096])
)


@given(
    st.integers(1, 6).flatmap(
        lambda width: st.tuples(
            st.just(width),
            st.lists(st.lists(_VALUES, min_size=width, max_size=width), max_size=6),
            st.lists(st.integers(0, width - 1), min_size=1, max_size=4),
            st.lists(st.integers(-5000, 5000), min_size=4, max_size=4),
        )
    ),
    st.integers(-(10**9), 10**9),
)
def test_model_scores(
    data: tuple[int, list[list[float]], list[int], list[int]], offset: int
) -> None:
    width, rows, columns, weights = data
    matrix = np.array(rows, dtype=np.float64).reshape(len(rows), width)
    picked = np.array(columns, dtype=np.int64)
    weight = np.array(weights[: len(columns)], dtype=np.int64)
    got = _kernel.model_scores(matrix, picked, weight, offset=offset, scale=4096)
    want = _kernel_py.model_scores(matrix, picked, weight, offset=offset, scale=4096)
    assert got.dtype == want.dtype
    assert np.array_equal(got, want)


def test_model_scores_round_as_rint_at_every_size() -> None:
    # The kernel rounds by adding 2^52 below it; ties go to the even integer either way.
    values = [2.0**52 - 0.5, 2.0**52 - 1.5, 2.0**51 + 0.5, 2.0**52, 2.0**52 + 2, 2.0**53 + 2]
    values += [1e17, 3.9e18, 0.5, 1.5, 2.5, 1.49999999999999989, 1e-300, 0.0, -0.0]
    values += [-value for value in values]
    matrix = np.array(values, dtype=np.float64).reshape(-1, 1)
    settings = {"offset": 3, "scale": 1}
    got = _kernel.model_scores(matrix, np.array([0]), np.array([1]), **settings)
    want = _kernel_py.model_scores(matrix, np.array([0]), np.array([1]), **settings)
    assert got.tolist() == want.tolist()
    for bad in (float("nan"), float("inf"), 4e18, -5e18):
        with pytest.raises(OverflowError):
            _kernel.model_scores(
                np.array([[1.0, bad]]), np.array([0, 1]), np.array([1, 1]), **settings
            )


@given(
    st.lists(
        st.one_of(
            st.floats(-1e14, 1e14),
            st.sampled_from([0.5, 1.5, -2.5, 2.0**38, 2.0**38 + 0.5 / 4096, -(2.0**50) / 4096]),
        ),
        min_size=1,
        max_size=12,
    ),
    st.lists(
        st.one_of(st.integers(-5000, 5000), st.integers(-(2**62), 2**62)),
        min_size=12,
        max_size=12,
    ),
)
def test_model_scores_in_doubles_and_in_integers(values: list[float], weights: list[int]) -> None:
    # Rows whose weighed values stay well under 2^53 are summed in doubles, the others
    # (large values, large weights) in integers: both give what the twin gives.
    row = np.array(values, dtype=np.float64)
    matrix = np.stack([row, row / 4096, row * 1e-9, np.zeros_like(row)])
    columns = np.arange(len(values), dtype=np.int64)[::-1].copy()
    weight = np.array(weights[: len(values)], dtype=np.int64)
    for chosen in (weight, weight % 20001 - 10000):
        got = _kernel.model_scores(matrix, columns, chosen, offset=-7, scale=4096)
        want = _kernel_py.model_scores(matrix, columns, chosen, offset=-7, scale=4096)
        assert got.tolist() == want.tolist()


@given(
    st.integers(1, 9).flatmap(
        lambda width: st.lists(
            st.lists(
                st.one_of(
                    _VALUES,
                    st.floats(-1e14, 1e14),
                    st.sampled_from([2.0**38 + 0.5 / 4096, -(2.0**50) / 4096, 2.0**51 / 4096]),
                ),
                min_size=width,
                max_size=width,
            ),
            min_size=1,
            max_size=5,
        )
    ),
    st.lists(st.integers(-5000, 5000), min_size=9, max_size=9),
    st.sampled_from(["C", "F", "sliced"]),
)
def test_model_scores_of_the_columns_in_order(
    rows: list[list[float]], weights: list[int], layout: str
) -> None:
    # Columns that are the matrix's own in order (the shipped model's) are summed two at
    # a time where a row's values lie side by side: the same scores, for an odd or even
    # number of columns, for rows summed in integers (large values), and for matrices
    # whose values do not lie so (Fortran order; rows of a wider matrix).
    width = len(rows[0])
    matrix = np.array(rows, dtype=np.float64)
    if layout == "F":
        matrix = np.asfortranarray(matrix)
    elif layout == "sliced":
        matrix = np.hstack([matrix, matrix])[:, :width]
    columns = np.arange(width, dtype=np.int64)
    weight = np.array(weights[:width], dtype=np.int64)
    got = _kernel.model_scores(matrix, columns, weight, offset=11, scale=4096)
    want = _kernel_py.model_scores(matrix, columns, weight, offset=11, scale=4096)
    assert got.tolist() == want.tolist()


@pytest.mark.parametrize("width", [1, 2, 3, 8])
def test_model_scores_of_the_columns_in_order_refuse_values_not_finite(width: int) -> None:
    for bad in (float("nan"), float("inf"), -float("inf"), 5e18):
        for at in range(width):
            row = [0.5] * width
            row[at] = bad
            with pytest.raises(OverflowError):
                _kernel.model_scores(
                    np.array([row]), np.arange(width), np.ones(width, np.int64), offset=0, scale=1
                )


_PARTS = st.one_of(
    _VALUES,
    st.sampled_from([float("nan"), float("inf"), -float("inf"), -0.0, -0.05, -0.049, -0.25]),
)


@given(
    st.integers(1, 6).flatmap(
        lambda width: st.tuples(
            st.lists(st.lists(_PARTS, min_size=width, max_size=width), min_size=4, max_size=9),
            st.lists(st.integers(0, width - 1), min_size=1, max_size=5),
        )
    ),
    st.lists(st.integers(-(1 << 45), 1 << 45), min_size=6, max_size=6),
    st.tuples(
        st.sampled_from([4096, 1, 2, 3, 1000, -4096]),
        st.sampled_from([0.0, -0.75, 0.125, -0.005]),
        st.integers(-1, 20),
    ),
    st.lists(st.integers(0, 5), max_size=6),
)
def test_line_reasons(
    data: tuple[list[list[float]], list[int]],
    units: list[int],
    settings: tuple[int, float, int],
    picks: list[int],
) -> None:
    rows, columns = data
    unit, threshold, count = settings
    matrix = np.array(rows[3:])
    m = len(columns)
    reference, scale, weights = (np.resize(np.array(row), m) for row in rows[:3])
    scale[scale == 0] = 1.0
    chosen = np.array([pick % len(matrix) for pick in picks], dtype=np.int64)
    scores = np.array(units[: len(matrix)] + [0] * (len(matrix) - 6), dtype=np.int64)
    names = tuple(("short", "body", "menu", "chars", "top", "a_long_feature_name")[:m])
    keywords = {
        "columns": np.array(columns, dtype=np.int64),
        "reference": reference,
        "scale": scale,
        "weights": weights,
        "unit": unit,
        "names": names,
        "threshold": threshold,
        "count": count,
    }
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf, inf * 0: NaN, as in C
        # (the compiled function hands a count it does not take to the twin)
        got = _kernel.line_reasons(matrix, chosen, scores, **keywords)
        want = _kernel_py.line_reasons(matrix, chosen, scores, **keywords)
    assert got == want


@pytest.mark.parametrize("unit", [4096, 2, 1, 1 << 20])
def test_line_reasons_round_scores_as_python(unit: int) -> None:
    # Scores are rounded in integers: every tie (half to even) and carry, around zero too.
    scores = np.arange(-300_000, 300_000, dtype=np.int64)
    scores = np.concatenate([scores, scores * 4093, [(1 << 40) - 1, 1 - (1 << 40), 1 << 40]])
    matrix = np.linspace(-3.0, 3.0, len(scores)).reshape(-1, 1)
    rows = np.arange(len(scores), dtype=np.int64)
    keywords = {
        "columns": np.zeros(1, np.int64),
        "reference": np.zeros(1),
        "scale": np.full(1, 0.7),
        "weights": np.ones(1),
        "unit": unit,
        "names": ("short",),
        "threshold": -0.75,
        "count": 3,
    }
    got = _kernel.line_reasons(matrix, rows, scores, **keywords)
    assert got == _kernel_py.line_reasons(matrix, rows, scores, **keywords)


def test_line_reasons_of_the_dev_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    # What the article filter asks of the kernel for dev pages, answered by both.
    model = article_module.ArticleLines(MARKERS)
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    compiled = _kernel.line_reasons

    def keep(*args: Any, **keywords: Any) -> list[str]:
        calls.append((args, keywords))
        return compiled(*args, **keywords)

    monkeypatch.setattr(article_module.kernel, "line_reasons", keep)
    for text in dev_texts()[:120:3]:  # the full pages
        list(model(prepare(text)))
    assert sum(len(args[1]) for args, _ in calls) > 100
    for args, keywords in calls:
        assert compiled(*args, **keywords) == _kernel_py.line_reasons(*args, **keywords)


@given(
    st.lists(st.tuples(st.integers(-1, 8), st.sampled_from(["a", "b"])), max_size=8),
    st.sets(st.integers(0, 8)),
)
def test_record_marks(marks: list[tuple[int, str]], gone: set[int]) -> None:
    shown = {index: Line(index, "" if index == 3 else f"line {index}", index) for index in range(7)}
    results = []
    for module in (_kernel, _kernel_py):
        removed: dict[int, object] = dict.fromkeys(gone, "before")
        count = module.record_marks(marks, shown, removed, "name", tuple)
        results.append((count, removed, list(removed)))
    assert results[0] == results[1]


@given(
    st.lists(
        st.tuples(st.sampled_from([-1, 0, 1, 2, 3, 5, 6, 7, 2**70]), st.sampled_from("ab")),
        max_size=8,
    ),
    st.sets(st.integers(0, 8)),
    st.booleans(),
)
def test_record_marks_by_position(marks: list[tuple[int, str]], gone: set[int], swap: bool) -> None:
    # The lines of a document as ``shown``: each at the position of its index (else -2,
    # and the dict of them records what the lines would have).
    lines = [Line(index, "" if index == 3 else f"line {index}", index) for index in range(7)]
    if swap:
        lines[5], lines[6] = lines[6], lines[5]
    results = []
    for module in (_kernel, _kernel_py):
        for shown in (tuple(lines), {line.index: line for line in lines}):
            removed: dict[int, object] = dict.fromkeys(gone, "before")
            count = module.record_marks(marks, shown, removed, "name", Removal)
            results.append((count, removed, list(removed)))
    assert results[0] == results[2]
    assert results[1] == results[3]
    misplaced = swap and any(index in (5, 6) for index, _ in marks)
    assert results[0][0] == -2 if misplaced else results[0] == results[1]
    if results[0][0] == -2:
        assert results[0][1] == dict.fromkeys(gone, "before")


def test_record_marks_by_position_needs_int_pairs() -> None:
    lines = (Line(0, "a", 1), Line(1, "b", 2))
    for module in (_kernel, _kernel_py):
        assert module.record_marks([(np.int64(1), "x")], lines, {}, "name", tuple) == -2
        assert module.record_marks([(1, "x", "y")], lines, {}, "name", tuple) == -2
        assert module.record_marks([Mark(1, "x")], lines, {}, "name", tuple) == 1


@given(
    documents(),
    st.lists(st.tuples(st.integers(-2, 90), st.sampled_from("xy")), max_size=30),
    st.sets(st.integers(0, 90)),
    st.booleans(),
)
def test_without_marked_on_generated_pages(
    text: str, marks: list[tuple[int, str]], removed: set[int], ordered: bool
) -> None:
    lines = list(prepare(text).lines)
    if ordered:  # as filters give them: the merge
        marks = sorted({index: (index, detail) for index, detail in marks}.values())
    else:
        lines.reverse()
    gone = dict.fromkeys(removed)
    marked = {index for index, _ in marks}
    want = tuple(line for line in lines if line.index not in marked or line.index not in gone)
    assert _kernel.without_marked(lines, marks, gone) == want
    assert _kernel_py.without_marked(lines, marks, gone) == want
    # A tuple of lines (the pipeline's views) takes the compiled way of its own.
    assert _kernel.without_marked(tuple(lines), marks, gone) == want
    assert _kernel.without_marked(tuple(lines), [], gone) == tuple(lines)
    # What _run_filters takes it for: without() when no line was removed before the marks.
    fresh = {index for index in marked if index in gone}
    assert _kernel.without_marked(lines, marks, dict.fromkeys(fresh)) == _kernel.without(
        lines, dict.fromkeys(fresh)
    )


@given(documents(), st.sets(st.integers(0, 80)))
def test_without_on_generated_pages(text: str, removed: set[int]) -> None:
    lines = prepare(text).lines
    want = tuple(line for line in lines if line.index not in removed)
    assert _kernel.without(lines, dict.fromkeys(removed)) == want
    assert _kernel_py.without(lines, dict.fromkeys(removed)) == want
    assert type(_kernel.without(list(lines), {})) is tuple


@given(documents(), st.sets(st.integers(0, 80)))
def test_kept_indices_on_generated_pages(text: str, removed: set[int]) -> None:
    # What the body-sentence guard reads: the kept non-blank lines' indices, in order.
    lines = prepare(text).lines
    want = [line.index for line in lines if line.text and line.index not in removed]
    assert want == _kernel.view_rows(_kernel.without(lines, dict.fromkeys(removed)))[1].tolist()
    for module in (_kernel, _kernel_py):
        assert module.kept_indices(lines, dict.fromkeys(removed)) == want
        assert module.kept_indices(list(lines), set(removed)) == want
        # (pairs of index and text are lines enough, as for view_rows)
        assert module.kept_indices([line[:2] for line in lines], set(removed)) == want


@given(documents(), st.sets(st.integers(0, 80)))
def test_kept_lines_on_generated_pages(text: str, removed: set[int]) -> None:
    doc = prepare(text)
    norms = doc.cache[NORMS]
    got = _kernel.kept_lines(doc.lines, removed, norms, Line)
    want = _kernel_py.kept_lines(doc.lines, removed, norms, Line)
    assert got[:2] == want[:2]
    assert np.array_equal(got[2], want[2])


@given(
    documents(),
    st.sets(st.integers(0, 80)),
    st.sets(st.sampled_from([-3, -1, 10**30, True, False, 200])),
    st.booleans(),
    st.booleans(),
)
def test_kept_lines_of_removals_by_index(
    text: str, removed: set[int], odd: set[int], shifted: bool, stripped: bool
) -> None:
    # The pipeline's removals are a dict by line index, which the compiled kept_lines
    # reads as a mask of the indices below len(lines); keys outside it, int subclasses
    # (True equals 1) and lines whose index is not their position are looked up.
    # (Stripped: the last line is not blank, so the mask's last position counts.)
    doc = prepare(text.rstrip() if stripped else text)
    lines = doc.lines
    norms = doc.cache[NORMS]
    if shifted:  # indices that are not positions (the last one past the end)
        lines = (*lines[:-1], Line(len(lines) + 5, lines[-1].text, lines[-1].key))
        norms = [*norms, *[norms[-1]] * 6]
    for keys in (removed, removed | odd):
        gone = dict.fromkeys(keys, "x")
        got = _kernel.kept_lines(lines, gone, norms, Line)
        want = _kernel_py.kept_lines(lines, gone, norms, Line)
        assert got[:2] == want[:2]
        assert np.array_equal(got[2], want[2])
        assert got[:2] == _kernel.kept_lines(lines, set(keys), norms, Line)[:2]


def test_kept_lines_drops_the_last_line_when_it_is_removed() -> None:
    lines = (Line(0, "a", 1), Line(1, "b", 2))
    for module in (_kernel, _kernel_py):
        kept, forms, where = module.kept_lines(lines, {1: "x"}, ["a", "b"], Line)
        assert (kept, forms, list(where)) == ([Line(0, "a", 1)], ["a"], [0])


@given(
    documents(),
    st.sets(st.integers(0, 80)),
    st.sets(st.integers(-1, 80)),
    st.lists(st.tuples(st.integers(-2, 90), st.sampled_from(["x", "y"])), max_size=12),
)
def test_carry_over_on_generated_pages(
    text: str, removed: set[int], hidden: set[int], pairs: list[tuple[int, str]]
) -> None:
    doc = prepare(text)
    lines, _, where = _kernel_py.kept_lines(doc.lines, removed, doc.cache[NORMS], Line)
    # The round before judged every line but the hidden ones (or all, and one at -1).
    judged = [line for line in doc.lines if line.index not in hidden]
    if -1 in hidden:
        judged.append(Line(-1, "odd", 5))
    got = _kernel.carry_over(lines, where, judged, pairs, Mark)
    want = _kernel_py.carry_over(lines, where, judged, pairs, Mark)
    assert got == want
    assert got is None or all(type(mark) is Mark for mark in got)


def test_the_names_agree() -> None:
    assert _kernel.STATS == _kernel_py.STATS
    assert _kernel.ARTICLE_FEATURES == _kernel_py.ARTICLE_FEATURES
    assert _kernel.ARTICLE_INPUTS == _kernel_py.ARTICLE_INPUTS
    assert _kernel.NOTICE_BIT == _kernel_py.NOTICE_BIT
    assert _kernel.CUE_BIT == _kernel_py.CUE_BIT
    for name in (
        "WHOLE",
        "ROW",
        "SYMBOLS",
        "KNOWN",
        "MATCH",
        "SIGNED",
        "SENTENCE",
        "NOTICE",
        "MENU",
    ):
        assert getattr(_kernel, name) == getattr(_kernel_py, name)
    assert tuple(article_module.FEATURES) == _kernel.ARTICLE_FEATURES


def test_the_twin_offers_every_name_of_the_compiled_kernel() -> None:
    # What the package may call on either kernel; the compiled kernel's own types and its
    # test hook (made by make_lexicon / make_triggers, or only tested) are not the API.
    internal = {"Lexicon", "Triggers", "plain_nfkc"}
    public = {
        name
        for name in dir(_kernel)
        if not name.startswith("_") and not isinstance(getattr(_kernel, name), ModuleType)
    }
    assert public - internal <= set(_kernel_py.__all__)
    assert all(hasattr(_kernel_py, name) for name in _kernel_py.__all__)


@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=12))
def test_line_stats(texts: list[str]) -> None:
    texts = [text.replace("\n", " ") for text in texts]
    compiled = _kernel.line_stats(texts, _class_of)
    assert (compiled == _kernel_py.line_stats(texts, _class_of)).all()


@given(st.lists(st.text(min_size=0, max_size=90), max_size=12))
def test_line_shapes(texts: list[str]) -> None:
    texts = [text.replace("\n", " ") for text in texts]
    compiled = _kernel.line_shapes(texts, _class_of)
    python = _kernel_py.line_shapes(texts, _class_of)
    for got, want in zip(compiled, python, strict=True):
        assert got.dtype == want.dtype
        assert got.shape == want.shape
        assert np.array_equal(got, want)


def test_line_shapes_of_each_storage_width() -> None:
    # The kernel reads 1-, 2- and 4-byte lines in loops of their own: each one agrees.
    stems = [
        "Mehr unter www.example.org (Foto)",
        "Quelle: https://x.de/a_b #tag @user ()",
        "http:x „Zitat“…",
        "Ende.“",
        "#_ a..",
        "Größe = {12}; ok_",
    ]
    texts = [""]
    for stem in stems:
        texts += [stem, stem + " ß", stem + " –", stem + " 𝔘", "ü" + stem, "①" + stem + "!»"]
    shapes = _kernel.line_shapes(texts, _class_of)
    for got, want in zip(shapes, _kernel_py.line_shapes(texts, _class_of), strict=True):
        assert got.dtype == want.dtype
        assert np.array_equal(got, want)
    stats = _kernel.line_stats(texts[1:], _class_of)
    assert np.array_equal(stats, _kernel_py.line_stats(texts[1:], _class_of))
    assert shapes[1][:, 6].any()  # addresses found


@given(st.lists(st.text(alphabet=st.sampled_from("der die und the of x ß ü 0"), max_size=40)))
def test_word_stats(texts: list[str]) -> None:
    norms = [" ".join(text.split()) for text in texts]
    codes, _ = _lexicon(MARKERS)
    cue = _kernel.CUE_BIT
    words = {
        "der": 1,
        "die": 3 | cue << 4,
        "und": 1,
        "the": 2 | cue,
        "of": 2 | cue << 13,
        "ß": _kernel.NOTICE_BIT | 1 | cue << 2,
        "x": cue | cue << 1,
    }
    got = _kernel.word_stats(norms, _kernel.make_lexicon(words), 2)
    want = _kernel_py.word_stats(norms, _kernel_py.make_lexicon(words), 2)
    assert np.array_equal(got, want)
    for limit in (3, 3000):
        hits, taken = _kernel.language_hits(norms, got, limit)
        python_hits, python_taken = _kernel_py.language_hits(norms, want, limit)
        assert hits.tolist() == python_hits.tolist()
        assert taken == python_taken
    assert codes


def _same_arrays(got: tuple[Any, ...], want: tuple[Any, ...]) -> None:
    assert len(got) == len(want)
    for one, other in zip(got, want, strict=True):
        if isinstance(one, np.ndarray):
            assert one.dtype == other.dtype
            assert one.shape == other.shape
            assert np.array_equal(one, other)
        else:
            assert one == other


def test_line_table_and_marker_rows_refuse_a_normal_form_that_is_not_str() -> None:
    # A hand-made cache of normal forms holding something else is a clear error, not a
    # read of that object's memory as a string's.
    lines = [(0, "Teilen Drucken", 1), (1, "Der Rat tagt.", 2)]
    norms: list[Any] = ["teilen drucken", 12]
    lexicon = _kernel.make_lexicon({"der": 1})
    with pytest.raises(TypeError):
        _kernel.line_table(lines, norms, lexicon, 1, _class_of, limit=0)
    with pytest.raises(TypeError):
        _kernel.marker_rows(
            lines, {}, {}, [12, 13], {}, heading="heading", max_words=3, max_part=40
        )


@given(
    st.lists(st.text(alphabet=st.sampled_from("der die ß ü 𝔘 x. …:"), max_size=40), max_size=14),
    st.sets(st.integers(0, 13)),
    st.integers(0, 12),
)
def test_line_table(texts: list[str], removed: set[int], limit: int) -> None:
    # One pass gives what word_stats, line_shapes and language_hits give, with and
    # without rows of a round before; table_rows takes a view's rows.
    lines = [(index, text.strip(), index % 3) for index, text in enumerate(texts)]
    norms = [" ".join(text.split()).casefold() for _, text, _ in lines]
    cue = _kernel.CUE_BIT
    words = {"der": 1, "die": 3 | cue << 4, "ß": _kernel.NOTICE_BIT | 1, "x.": 2 | cue}
    got = _kernel.line_table(lines, norms, _kernel.make_lexicon(words), 2, _class_of, limit=limit)
    want = _kernel_py.line_table(lines, norms, words, 2, _class_of, limit=limit)
    assert got is not None
    assert want is not None
    _same_arrays(got, want)
    assert (got[1][:, 0] == [line[0] for line in got[0]]).all()
    # A later round: the lines removed leaves, renumbered; a row missing gives None.
    kept, kept_norms, where = _kernel_py.kept_lines(lines, removed, norms, tuple)
    # (rows one after another, as line_table makes them, are copied whole; the columns
    # of Fortran-ordered arrays are read one by one)
    by_column = (np.asfortranarray(got[1]), np.asfortranarray(got[2]), got[3])
    for arrays in (got[1:4], (got[1][1:], got[2][1:], got[3][1:]), by_column):
        settings = {"limit": limit, "before": (*arrays, where)}
        nothing = _kernel.make_lexicon({})
        again = _kernel.line_table(kept, kept_norms, nothing, 2, _class_of, **settings)
        python = _kernel_py.line_table(kept, kept_norms, {}, 2, _class_of, **settings)
        assert (again is None) == (python is None)
        if again is None or python is None:
            continue
        _same_arrays(again, python)
        lexicon = _kernel.make_lexicon(words)
        fresh = _kernel.line_table(kept, kept_norms, lexicon, 2, _class_of, limit=limit)
        assert fresh is not None
        _same_arrays(again, fresh)
    view = [line for line in lines if line[0] not in removed]
    _same_arrays(_kernel.table_rows(view, *got[1:4]), _kernel_py.table_rows(view, *got[1:4]))
    if got[0]:
        with pytest.raises(ValueError, match="no row"):
            _kernel.table_rows(lines, *(array[1:] for array in got[1:4]))


class _FreshForms(Mapping[int, str]):
    """Normal forms made anew at each lookup (nothing else holds them)."""

    def __init__(self, forms: list[str]) -> None:
        self._forms = forms

    def __getitem__(self, index: int) -> str:
        return "".join(list(self._forms[index]))

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self._forms)))

    def __len__(self) -> int:
        return len(self._forms)


@given(
    st.lists(st.sampled_from(["der", "die der", "ß", "ü x", "𝔘 der", "die", "x"]), max_size=40),
    st.integers(0, 30),
)
def test_line_table_counts_each_form_once(forms: list[str], limit: int) -> None:
    # The language hits count each distinct normal form once, as a set of them would,
    # whatever holds the forms (a list of copies, a dict, a mapping that makes each anew)
    # and whatever their width.
    lines = [(index, form.upper(), index) for index, form in enumerate(forms)]
    words = {"der": 1, "die": 2, "ß": 1, "x": 3}
    want = _kernel_py.line_table(lines, forms, words, 2, _class_of, limit=limit)
    assert want is not None
    lexicon = _kernel.make_lexicon(words)
    copies = ["".join(list(form)) for form in forms]
    for norms in (copies, dict(enumerate(copies)), _FreshForms(forms)):
        got = _kernel.line_table(lines, norms, lexicon, 2, _class_of, limit=limit)
        assert got is not None
        _same_arrays(got, want)


@given(st.integers(0, 5), st.integers(1, 4), st.integers(1, 3), st.data())
def test_table_columns(rows: int, width: int, marks: int, data: st.DataObject) -> None:
    ints = np.arange(rows * width, dtype=np.int64).reshape(rows, width) * 7 - 3
    flags = (np.arange(rows * marks).reshape(rows, marks) % 3 == 1).astype(np.uint8)
    digits = np.linspace(0, 1, rows)
    sources = data.draw(
        st.lists(
            st.one_of(
                st.tuples(st.just(0), st.integers(0, width - 1)),
                st.tuples(st.just(1), st.integers(0, marks - 1)),
                st.tuples(st.integers(2, 3), st.just(0)),
            ),
            max_size=8,
        )
    )
    got = _kernel.table_columns(ints, flags, digits, sources)
    want = _kernel_py.table_columns(ints, flags, digits, sources)
    _same_arrays(tuple(got), tuple(want))
    for column, (part, _) in zip(got, sources, strict=True):
        assert column.flags.writeable
        assert part == 3 or not rows or np.shares_memory(column, (ints, flags, digits)[part])
    with pytest.raises(IndexError):
        _kernel.table_columns(ints, flags, digits, [(0, width)])


@given(st.lists(st.text(alphabet=st.sampled_from("der die ß ü – „ 𝔘 ①"), max_size=40)))
def test_word_stats_of_each_storage_width(texts: list[str]) -> None:
    # The kernel reads 1-, 2- and 4-byte normal forms in loops of their own, and words of
    # any width are found in normal forms of any width.
    norms = [" ".join(text.split()) for text in texts]
    cue = _kernel.CUE_BIT
    words = {
        "der": 1,
        "ß": 2 | cue,
        "–": 1,
        "„die": _kernel.NOTICE_BIT,
        "𝔘": 3 | cue << 3,
        "ü①": 2,
        "①": 1,
    }
    got = _kernel.word_stats(norms, _kernel.make_lexicon(words), 2)
    want = _kernel_py.word_stats(norms, _kernel_py.make_lexicon(words), 2)
    assert np.array_equal(got, want)


@given(
    st.lists(st.integers(-3, 60) | st.sampled_from((2**53, -(2**60), 2**62)), max_size=9),
    st.integers(0, 800) | st.just(2**53),
    st.sampled_from((0.0, 0.08, 0.5)),
)
def test_features_language(counts: list[int], taken: int, share: float) -> None:
    # The language with most hits (the first of ties), those with half as many; none
    # without hits or below the share of the words taken; extreme counts as the twin.
    codes = tuple(f"l{k}" for k in range(len(counts)))
    hits = np.array(counts, dtype=np.int64)
    want = _kernel_py.features_language(codes, hits, taken, share)
    assert _kernel.features_language(codes, hits, taken, share) == want
    narrow = hits.astype(np.int32)  # not int64: read by the twin
    assert _kernel.features_language(codes, narrow, taken, share) == (
        _kernel_py.features_language(codes, narrow, taken, share)
    )
    outcomes = []
    for module in (_kernel, _kernel_py):
        try:  # a code without a column: what zip(strict=True) makes of it, if it is read
            outcomes.append(module.features_language((*codes, "xx"), hits, taken, 0.0))
        except ValueError:
            outcomes.append(None)
    assert outcomes[0] == outcomes[1]
    assert _kernel.features_language(("de", "en"), np.array([7, 7]), 10, 0.5) == (
        "de",
        ("de", "en"),
    )


_LONG_WORDS = (
    "abcdefg",
    "abcdefgh",
    "abcdefghi",
    "abcdefghijklmnop",
    "abcdefghijklmnopq",
    "xbcdefghijklmnop",
    "abcdefghijklmnox",
    "ab\x00",
    "ab",
    "é" * 9,
    "é" * 17,
    "a–b",
)


@given(
    st.lists(
        st.lists(st.sampled_from((*_LONG_WORDS, "abcdefghij", "abcdefgh\x00", "q", "é" * 8, "𝔘"))),
        max_size=6,
    ),
    st.sampled_from((2, 8, 10)),
)
def test_word_stats_of_short_and_long_words(words: list[list[str]], languages: int) -> None:
    # Words of code points below 256 (in a normal form of any width) of up to 8 code
    # points are looked up by their packed code points, of 9 to 16 by their first and
    # last eight, longer ones by their hash; up to 8 languages are counted together, in
    # bytes emptied every 255 words.
    norms = [" ".join(line) for line in words]
    norms.append(" ".join(["abcdefgh", "ab", "zz"] * 120))  # 360 words, 240 hits
    cue = _kernel.CUE_BIT
    lexicon = {
        word: (1 << (k % languages)) | (1 << ((k + 3) % languages)) | (cue << (k % 3))
        for k, word in enumerate(_LONG_WORDS)
    }
    lexicon["abcdefghijklmnop"] |= _kernel.NOTICE_BIT
    got = _kernel.word_stats(norms, _kernel.make_lexicon(lexicon), languages)
    want = _kernel_py.word_stats(norms, _kernel_py.make_lexicon(lexicon), languages)
    assert np.array_equal(got, want)
    assert got[-1, 1] == 240


def test_line_shapes_find_addresses_at_their_end() -> None:
    # "www." and "http(s):" are found at their "." and ":", "@" and "#" where they stand;
    # "()" at its ")"; in lines of each storage width.
    stems = ["http:", "https:", "www.", "ttps:", "hhttps:", "ttp:", "https", "ww.", "s:"]
    stems += ["#a", "#", "#_", "# ", "@", "()", "( )", ")(", "http s:", "wwww."]
    texts = [pre + stem + post for stem in stems for pre in ("", "x", "„", "𝔘") for post in "a„"]
    compiled = _kernel.line_shapes(texts, _class_of)
    python = _kernel_py.line_shapes(texts, _class_of)
    for got, want in zip(compiled, python, strict=True):
        assert np.array_equal(got, want)
    assert compiled[1][:, 6].any()
    assert not compiled[1][:, 6].all()


@given(st.text(alphabet=st.sampled_from("a1٣𝟑–x ²½Ⅻ")) | st.text())
def test_may_hold_digit(text: str) -> None:
    assert _kernel.may_hold_digit(text) == _kernel_py.may_hold_digit(text)
    for storage in (text, text.encode("latin-1", "ignore").decode("latin-1")):
        holds = _kernel.may_hold_digit(storage)
        assert holds == _kernel_py.may_hold_digit(storage)
        assert holds or re.search(r"\d", storage) is None


@pytest.mark.parametrize("alphabet", ["abcß©.ü𝔘", "ab–„ü𝔘"])
@given(data=st.data())
def test_trigger_mask(alphabet: str, data: st.DataObject) -> None:
    words = data.draw(
        st.dictionaries(st.text(alphabet=alphabet, min_size=1, max_size=5), st.integers(1, 2**70))
    )
    texts = data.draw(st.lists(st.text(alphabet=f"{alphabet} ", max_size=30), max_size=8))
    compiled = _kernel.make_triggers(words)
    python = _kernel_py.make_triggers(words)
    # The kernel walks 1-, 2- and 4-byte texts in loops of their own: each one agrees.
    for text in [*texts, *(text.encode("latin-1", "ignore").decode("latin-1") for text in texts)]:
        assert _kernel.trigger_mask(text, compiled) == _kernel_py.trigger_mask(text, python)


@pytest.mark.parametrize("alphabet", ["abcßs©.üÜ𝔘", "ab–„ü𝔘İi\u0307", "sσςΣﬁf𐐨𐐀ẞ", "0:7.٣𝟑²½Ⅻ１a"])
@given(data=st.data())
def test_folding_triggers(alphabet: str, data: st.DataObject) -> None:
    # A folding table finds in a text what the plain one finds in its case folding with
    # each decimal digit read as "0" (characters that fold to several, to an astral one,
    # or not at all among them; digits of every width, and digits that are not decimal).
    folded = "".join(dict.fromkeys(_kernel_py.folded(alphabet)))
    words = data.draw(
        st.dictionaries(st.text(alphabet=folded, min_size=1, max_size=5), st.integers(1, 2**70))
    )
    texts = data.draw(st.lists(st.text(alphabet=f"{alphabet} ", max_size=30), max_size=8))
    folding = _kernel.Triggers(words, True)
    python = _kernel_py.make_triggers(words)
    for text in [*texts, *(text.encode("latin-1", "ignore").decode("latin-1") for text in texts)]:
        want = _kernel_py.trigger_mask(_kernel_py.folded(text), python)
        assert _kernel.trigger_mask(text, folding) == want


def test_trigger_mask_of_words_that_end_again_and_again() -> None:
    # Words that end again and again in a line ("." and "in"), in texts walked one after
    # another, with a table of several limbs: what the twin finds.
    words = {".": 1 | 1 << 70, "in": 1 << 3 | 1 << 130, "n.": 1 << 64, "sin": 1 << 140}
    compiled = _kernel.Triggers(words, True)
    python = _kernel_py.make_triggers(words)
    texts = ["in. in. in.", "in.", "", "Sin.", "n.n.", "IN", "in. in. in.", "x"] * 2
    for text in texts:
        want = _kernel_py.trigger_mask(_kernel_py.folded(text), python)
        assert _kernel.trigger_mask(text, compiled) == want
    assert _kernel.trigger_mask("in.", compiled) == 1 | 1 << 70 | 1 << 3 | 1 << 130 | 1 << 64


def test_trigger_mask_on_the_language_data() -> None:
    patterns = MARKERS.all_patterns
    assert patterns is not None
    compiled = _kernel.make_triggers(patterns._words)
    python = _kernel_py.make_triggers(patterns._words)
    for text in ("wir verwenden cookies.", "© 2016 dpa", "anna berg sagt:", "", "a", "𝔘𝔘"):
        assert _kernel.trigger_mask(text, compiled) == _kernel_py.trigger_mask(text, python)
    assert _kernel.trigger_mask("wir verwenden cookies.", compiled) != 0


@given(
    st.lists(
        st.text(
            alphabet=st.one_of(
                st.characters(),
                st.sampled_from("aZ09 ,.:-–„“…\u00a0\u00ad\t\n\x1cǄ①½٣ΣςßẞİﬁＡ\u0301\ud800"),
            ),
            max_size=30,
        ),
        max_size=8,
    )
)
def test_normal_forms(texts: list[str]) -> None:
    compiled = _kernel.normal_forms(texts, _fold_char, normalise_line)
    assert compiled == _kernel_py.normal_forms(texts, _fold_char, normalise_line)
    assert compiled[0] == [normalise_line(text) for text in texts]


def test_keys_hashed_by_the_c_function_of_xxhash_equal_the_modules() -> None:
    # The kernel calls xxhash's XXH3_64bits directly (found at import, checked there on a
    # few samples): the keys of forms of every length equal xxhash.xxh3_64_intdigest's.
    assert _kernel._prepare_hash_native()  # this build takes the direct call
    rng = np.random.default_rng(7)
    texts = ["".join(rng.choice(list("abz0 äßé€"), size=size)) for size in range(0, 600, 3)]
    norms, keys = _kernel.normal_forms(texts, _fold_char, normalise_line)
    for norm, key in zip(norms, keys, strict=True):
        assert key == ((xxhash.xxh3_64_intdigest(norm.encode()) or 1) if norm else 0)


def test_normal_forms_of_each_storage_width() -> None:
    # The kernel folds 1-, 2- and 4-byte strings in loops of their own: each one agrees.
    texts = [
        "Foto: dpa/AP 2016",  # ASCII
        "Größe:  ÄÖÜ ß ½ \u00a0Ende",  # Latin-1
        "Größe 5 µm",  # Latin-1, with a character that folds beyond it (µ -> μ)
        "„Zitat“ – Ende… ①\u00ad Ǆ ﬁ Ａ",  # two-byte
        "Mathe 𝔘𝔘 İ ς Σ٣",  # four-byte
        "𐐀 Deseret 😀 ΐ",  # four-byte that NFKC leaves, folding to four bytes; three chars
        "",
        "a\ud800b",  # a lone surrogate: the reference decides
        "x\x1cy",  # a line break within: the reference decides
    ]
    compiled = _kernel.normal_forms(texts, _fold_char, normalise_line)
    assert compiled == _kernel_py.normal_forms(texts, _fold_char, normalise_line)
    assert compiled[0] == [normalise_line(text) for text in texts]


@given(
    st.text(alphabet=st.sampled_from("aZz@[`{ \x00\n.0ä€\u0100\u0178\uffff😀"), max_size=40),
    st.sampled_from(["", "ä", "€", "😀"]),
)
def test_normal_forms_of_runs_of_ascii_letters(text: str, wide: str) -> None:
    # The kernel folds runs of ASCII letters and single spaces eight characters at a time
    # (four in a two-byte string), the last ones read with those before them: near the
    # ends of the letters and of the string, and in each storage width, it folds as the
    # reference folds.
    texts = [text, text + wide, wide + text, text.replace("\n", "")]
    texts += [text[k:] for k in range(1, min(len(text), 9))]
    compiled = _kernel.normal_forms(texts, _fold_char, normalise_line)
    assert compiled[0] == [normalise_line(item) for item in texts]
    assert compiled == _kernel_py.normal_forms(texts, _fold_char, normalise_line)


def test_normal_forms_of_runs_of_ascii_letters_every_short_mix() -> None:
    # The fast path's edges, every one: each string of up to four of these characters
    # (letters, a space, NUL, a tab, a digit, punctuation, one- and two-byte non-ASCII),
    # alone and between letters that start a run before it and go on after it, in both
    # storage widths. A run that let a second space through, or folded a character it
    # should have left to the loop, differs from the reference here.
    alphabet = ["a", "Z", " ", "\x00", "\t", "0", ".", "é", "€"]
    cores = [""]
    for _ in range(4):
        cores = [core + char for core in cores for char in alphabet if len(core) < 4] + cores
    cores = sorted(set(cores))
    texts = []
    for core in cores:
        texts += [core, "abcdefg" + core, core + "hijklmn", "abcdef" + core + "ghijk"]
    texts += [text + "€" for text in texts[: len(texts) // 4]]  # two-byte strings
    texts += ["abcd  efgh", "abcdefg  h", "ab\x00 cdefgh", "ab \x00cdefgh", "abcd  efgh€"]
    compiled = _kernel.normal_forms(texts, _fold_char, normalise_line)
    assert compiled[0] == [normalise_line(item) for item in texts]
    assert compiled == _kernel_py.normal_forms(texts, _fold_char, normalise_line)


def test_normal_forms_of_long_lines_that_end_in_a_short_run() -> None:
    # Long lines of characters that fold to two bytes, then a few letters: the last eight
    # bytes the fast path writes at once lie at the end of the room asked for (a sanitiser
    # build found them one to three bytes past it before the room counted them).
    texts = []
    for count in (60, 123, 124, 125, 126, 127, 250, 251, 252, 253, 254, 255, 1000):
        for tail in ("b", "bc", "bcd", "bcde"):
            for head in ("", "0", "00", "000"):
                texts += [head + "é" * count + tail, head + "ł" * count + tail]
    compiled = _kernel.normal_forms(texts, _fold_char, normalise_line)
    assert compiled[0] == [normalise_line(item) for item in texts]
    assert compiled == _kernel_py.normal_forms(texts, _fold_char, normalise_line)


def test_normal_forms_of_the_characters_that_need_no_nfkc_check() -> None:
    # The kernel skips the NFKC check on lines of ASCII and the characters it knows to be
    # plain (1: NFKC leaves them alone and nothing combines with them; 2: separators NFKC
    # turns into ASCII punctuation or space). Each, alone and among others, folds as the
    # reference folds it.
    plain = [chr(code) for code in range(0x80, 0x2100) if _kernel.plain_nfkc(chr(code))]
    assert {"\u00a0", "…", "ä", "€", "„"} <= set(plain)
    assert not {"\u0301", "ﬁ", "²", "Ａ"} & set(plain)
    texts = [f"a{char}b" for char in plain] + [f" {char}1{char}" for char in plain]
    texts += [f"x{char}\u0301y" for char in plain]  # a combining mark after it: checked
    texts += ["".join(plain[k : k + 40]) for k in range(0, len(plain), 40)]
    compiled = _kernel.normal_forms(texts, _fold_char, normalise_line)
    assert compiled[0] == [normalise_line(text) for text in texts]
    assert compiled == _kernel_py.normal_forms(texts, _fold_char, normalise_line)
    # What makes the skip sound: no two characters of the first kind compose (a line of
    # them is NFKC), and the second kind decomposes to ASCII that is neither letter nor digit.
    stable = [char for char in plain if _kernel.plain_nfkc(char) == 1] + ["a", "1"]
    pairs = [a + b for a in stable for b in stable]
    assert [unicodedata.normalize("NFKC", pair) for pair in pairs] == pairs
    for char in plain:
        if _kernel.plain_nfkc(char) == 2:
            form = unicodedata.normalize("NFKD", char)
            assert form.isascii()
            assert normalise_line(form) == normalise_line(char) == ""


@given(st.lists(st.integers(-(2**40), 2**40), max_size=40), st.integers(0, 2**41))
def test_segment(scores: list[int], switch: int) -> None:
    values = np.array(scores, dtype=np.int64)
    assert (_kernel.segment(values, switch) == _kernel_py.segment(values, switch)).all()


@given(
    st.lists(st.integers(-(2**40), 2**40), max_size=40),
    st.integers(-(2**40), 2**40),
    st.one_of(st.just(-1), st.integers(0, 2**41)),
)
def test_chrome_rows(scores: list[int], threshold: int, switch: int) -> None:
    values = np.array(scores, dtype=np.int64)
    got = _kernel.chrome_rows(values, threshold, switch)
    want = _kernel_py.chrome_rows(values, threshold, switch)
    assert got.dtype == want.dtype == np.int64
    assert got.tolist() == want.tolist()
    strided = np.repeat(values, 2)[::2]  # the same scores, not contiguous
    assert _kernel.chrome_rows(strided, threshold, switch).tolist() == want.tolist()


@given(documents())
def test_line_matrix_on_generated_pages(text: str) -> None:
    pipeline = Pipeline.from_config()
    doc = pipeline.prepare(text)
    compiled = article_module.line_matrix(doc, MARKERS)[1]
    article_module.kernel = _kernel_py
    try:
        python = article_module.line_matrix(doc, MARKERS)[1]
    finally:
        article_module.kernel = _kernel
    assert compiled.shape == python.shape
    assert np.array_equal(compiled, python)  # bit for bit


@pytest.mark.parametrize("text", sample_documents(30, seed=13))
def test_article_matrix(text: str) -> None:
    doc = Pipeline.from_config().prepare(text)
    _, ints, flags, digits = view_arrays(doc, MARKERS)
    plan = span_module.ArticleSpan(MARKERS).plan(doc)
    n = len(ints)
    settings = {
        "stopwords": True,
        "total": len(doc.lines),
        "view_lines": len(doc.lines),
        "core": plan.core or (-1, -1),
        "min_words": 8,
        "min_density": 0.2,
        "clean_share": 0.2,
    }
    for teasers, removed in (
        (plan.teasers, plan.removed),
        (set(range(0, n, 3)), dict.fromkeys(range(1, n, 2), "")),
        ({-1} if n else set(), {}),  # numpy's negative index, by the twin
    ):
        for stopwords in (True, False):
            settings["stopwords"] = stopwords
            got = _kernel.article_matrix(ints, flags, digits, teasers, removed, **settings)
            want = _kernel_py.article_matrix(ints, flags, digits, teasers, removed, **settings)
            assert np.array_equal(got, want)  # bit for bit
    # The columns the table names: what the features say.
    _, table, place = view_table(doc, MARKERS)
    assert np.array_equal(table.chars, ints[:, _kernel_py.TABLE_INTS.index("chars")])
    assert np.array_equal(place, ints[:, 1])
    narrow = ints.astype(np.int32)  # the twin takes it
    got = _kernel.article_matrix(narrow, flags, digits, plan.teasers, plan.removed, **settings)
    assert np.array_equal(
        got,
        _kernel_py.article_matrix(ints, flags, digits, plan.teasers, plan.removed, **settings),
    )
    with pytest.raises(IndexError):
        _kernel.article_matrix(ints, flags, digits, {n}, {}, **settings)
    with pytest.raises(ValueError, match="line table"):
        _kernel.article_matrix(ints, flags[:, :2], digits, set(), {}, **settings)


@pytest.mark.parametrize("coreless", [False, True])
@pytest.mark.parametrize("text", sample_documents(30, seed=17))
def test_article_columns_write_every_cell(
    text: str, coreless: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kernel makes the matrix without zeroing it: a freed matrix of NaNs of its size,
    # whose memory the allocator is likely to hand out next, must not show through. With
    # no core span as well (the span columns are zeroed only then, on most pages).
    doc = Pipeline.from_config().prepare(text)
    _, ints, flags, digits = view_arrays(doc, MARKERS)
    plan = span_module.ArticleSpan(MARKERS).plan(doc)
    inputs: dict[str, Any] = {}
    columns = _kernel_py.article_columns

    def capture(rows: Any, shares: Any, **settings: Any) -> Any:
        inputs.update(rows=rows, shares=shares, settings=settings)
        return columns(rows, shares, **settings)

    monkeypatch.setattr(_kernel_py, "article_columns", capture)
    want = _kernel_py.article_matrix(
        ints,
        flags,
        digits,
        plan.teasers,
        plan.removed,
        stopwords=True,
        total=len(doc.lines),
        view_lines=len(doc.lines),
        core=(-1, -1) if coreless else plan.core or (-1, -1),
        min_words=8,
        min_density=0.2,
        clean_share=0.2,
    )
    for _ in range(3):
        poison = np.full(want.shape, np.nan)
        del poison
        got = _kernel.article_columns(inputs["rows"], inputs["shares"], **inputs["settings"])
        assert np.array_equal(got, want)  # bit for bit, no NaN


@pytest.mark.parametrize("text", sample_documents(40, seed=7))
def test_cleaning_is_the_same_either_way(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled, python = explain_both(text, monkeypatch)
    assert compiled == python


def test_the_dev_pages_clean_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    if not DEV_DATA.is_file():
        pytest.skip(f"dev data {DEV_DATA} is absent (../shared/data beside the repository)")
    import gzip  # noqa: PLC0415
    import json  # noqa: PLC0415

    with gzip.open(DEV_DATA, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    for row in rows[::9]:  # every ninth page: all three inputs
        for name in ("full", "main", "residue"):
            compiled, python = explain_both(row[name], monkeypatch)
            assert compiled == python, (row["id"], name)


def test_features_are_the_same_either_way(python_kernel: None) -> None:
    text = "Startseite | Home\nDer Rat hat am Montag den Haushalt beschlossen, sagte er.\n„Zitat.“"
    python = features_module.features(prepare(text), MARKERS)
    features_module.kernel = _kernel
    try:
        compiled = features_module.features(prepare(text), MARKERS)
    finally:
        features_module.kernel = _kernel_py
    assert python.of == compiled.of
    assert python.language == compiled.language == "de"


# One line's span inputs: what comes before it, its words, ends, length, flags, digits.
# The span rules' settings both span twin tests run with.
_SPAN_SETTINGS = {
    "min_words": 8,
    "min_density": 0.2,
    "max_gain": 6.0,
    "tail": 0.7,
    "short_run": 3,
    "cost": 0.6,
    "teaser_factor": 0.3,
}
_SPAN_ROW = st.tuples(
    st.integers(0, 3),  # removed lines before
    st.integers(0, 2),  # blank lines before
    st.integers(0, 40),  # words
    st.integers(0, 20),  # stopwords
    st.booleans(),  # sentence end
    st.integers(1, 900),  # chars
    st.booleans(),  # colon end
    st.booleans(),  # notice
    st.booleans(),  # code
    st.floats(0, 1),  # digit share
)


@given(st.lists(_SPAN_ROW, max_size=40))
def test_span_scores(
    rows: list[tuple[int, int, int, int, bool, int, bool, bool, bool, float]],
) -> None:
    ints, digits = [], []
    index = place = -1
    for removed, blanks, words, stop, send, chars, colon, notice, code, share in rows:
        index += removed + blanks + 1
        place += blanks + 1
        ints.append((index, place, words, min(stop, words), send, chars, colon, notice, code))
        digits.append(share)
    array = np.array(ints, dtype=np.int64).reshape(-1, len(_kernel_py.SPAN_INPUTS))
    shares = np.array(digits, dtype=np.float64)
    settings = {"last": max(index, 1), **_SPAN_SETTINGS}
    got = _kernel.span_scores(array, shares, **settings)
    want = _kernel_py.span_scores(array, shares, **settings)
    assert np.array_equal(got[0], want[0])
    assert np.array_equal(got[1], want[1])
    assert tuple(got[2]) == tuple(want[2])
    assert np.array_equal(got[3], want[3])
    assert np.array_equal(got[4], want[4])


@given(
    st.lists(_SPAN_ROW, min_size=1, max_size=40),
    st.integers(1, 8),  # barrier
    st.integers(0, 3),  # headline lines
    st.booleans(),  # columns of a wider array (strided), as features() makes them
)
def test_span_plan(
    rows: list[tuple[int, int, int, int, bool, int, bool, bool, bool, float]],
    barrier: int,
    headline_lines: int,
    strided: bool,
) -> None:
    ints, digits = [], []
    index = place = -1
    for removed, blanks, words, stop, send, chars, colon, notice, code, share in rows:
        index += removed + blanks + 1
        place += blanks + 1
        ints.append((index, place, words, min(stop, words), send, chars, colon, notice, code))
        digits.append(share)
    array = np.array(ints, dtype=np.int64)
    n = len(array)
    # The arrays of a line table: its columns (a language's stopwords at the end), flags.
    names = _kernel_py.TABLE_INTS
    table = np.zeros((n, len(names) + 1), dtype=np.int64)
    for name, k in (("index", 0), ("place", 1), ("words", 2), ("stopwords", 3), ("chars", 5)):
        table[:, names.index(name)] = array[:, k]
    marks = _kernel_py.TABLE_FLAGS
    shown = np.zeros((n, len(marks)), dtype=np.uint8)
    for name, k in (("sentence_end", 4), ("colon_end", 6), ("notice", 7), ("code", 8)):
        shown[:, marks.index(name)] = array[:, k]
    shares = np.array(digits, dtype=np.float64)
    if strided:  # columns of a wider array, as table_rows' slices are
        table = np.repeat(table, 2, axis=1)[:, ::2]
        shown = np.repeat(shown, 2, axis=1)[:, ::2]
        shares = np.repeat(shares, 2)[::2]
    settings = {
        "stopwords": True,
        "last": max(index, 1),
        **_SPAN_SETTINGS,
        "barrier": barrier,
        "headline_lines": headline_lines,
    }
    got = _kernel.span_plan(table, shown, shares, **settings)
    assert got == _kernel_py.span_plan(table, shown, shares, **settings)
    # Without a language the stopword counts are zeros.
    without = {**settings, "stopwords": False}
    zeroed = table.copy()
    zeroed[:, names.index("stopwords")] = 0
    plain = _kernel.span_plan(table, shown, shares, **without)
    assert plain == _kernel_py.span_plan(table, shown, shares, **without)
    assert plain == _kernel.span_plan(zeroed, shown, shares, **settings)
    # Arrays of another type: the compiled function hands them to the twin.
    assert _kernel.span_plan(table.astype(np.int32), shown, shares, **settings) == got
    # The settings in one tuple (what the span filter passes), the arrays as a view.
    together = tuple(settings[name] for name in _kernel_py.SPAN_SETTINGS)
    view = ([], table, shown, shares)
    for module in (_kernel, _kernel_py):
        assert module._article_span_plan(view, True, settings["last"], together) == got
        assert module._article_span_plan(view, False, settings["last"], together) == plain
        with pytest.raises(ValueError, match="SPAN_SETTINGS"):
            module._article_span_plan(view, True, settings["last"], together[:-1])


_HARD_FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 1e16, -1e16, 1e-16, 2.0**-1074, 1e308, -1e308, 0.3]),
    st.floats(-1e3, 1e3).map(lambda x: x * 2.0**53),
    st.integers(-1074, 1023).map(lambda e: 2.0**e),
)


def _fsum_or_error(module: ModuleType, values: list[float]) -> tuple[str, float | str]:
    try:
        return "sum", module._article_mass(values)
    except (OverflowError, ValueError) as error:
        return "error", f"{type(error).__name__}: {error}"


@given(st.lists(_HARD_FLOATS, max_size=60), st.randoms(use_true_random=False))
def test_article_mass_is_math_fsum(values: list[float], random: Any) -> None:
    # The kernel's port of math.fsum (span_plan's mass) gives its double bit for bit, or
    # its error (an overflow, -inf + inf); hard cases: cancellations, huge and tiny values.
    for candidate in (values, [*values, *(-value for value in values)], values[::-1]):
        random.shuffle(candidate)
        kind, got = _fsum_or_error(_kernel, candidate)
        expected_kind, expected = _fsum_or_error(_kernel_py, candidate)
        assert (kind, repr(got)) == (expected_kind, repr(expected))  # NaN, a zero's sign too


def test_span_settings_follow_the_filters_attributes() -> None:
    span = span_module.ArticleSpan(MARKERS, barrier=4)
    assert span._plan_settings() == tuple(getattr(span, name) for name in _kernel_py.SPAN_SETTINGS)
    assert span._plan_settings()[-2] == 4
    span.barrier = 9  # a setting changed after the filter was made
    assert span._plan_settings()[-2] == 9


@pytest.mark.parametrize("text", sample_documents(40, seed=11))
def test_span_plans_are_the_same_either_way(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Pipeline.from_config().prepare(text)
    span = span_module.ArticleSpan(MARKERS)
    compiled = span.plan(doc)
    monkeypatch.setattr(span_module, "kernel", _kernel_py)
    assert compiled == span.plan(doc)


@given(documents(), st.sets(st.integers(0, 80)))
def test_join_kept_on_generated_pages(text: str, removed: set[int]) -> None:
    texts = [line.text for line in prepare(text).lines]
    want = join_lines(text for index, text in enumerate(texts) if index not in removed)
    assert _kernel_py.join_kept(texts, removed) == want


@given(st.lists(st.sampled_from(["", "a", "b c", " ", "x\ny", "\n"]), max_size=12))
def test_join_kept_as_join_lines(texts: list[str]) -> None:
    lines = [(index, text, 0) for index, text in enumerate(texts)]
    assert _kernel.join_kept_lines(lines, {})[0] == join_lines(texts)
    assert _kernel_py.join_kept(texts, {}) == join_lines(texts)


@given(documents(), st.sets(st.integers(0, 80)))
def test_join_kept_lines_on_generated_pages(text: str, removed: set[int]) -> None:
    lines = prepare(text).lines
    texts = [line.text for line in lines]
    joined = join_lines(text for index, text in enumerate(texts) if index not in removed)
    # Every text joined by newlines: nothing removed and no blank line dropped.
    want = (joined, joined == "\n".join(texts))
    assert _kernel.join_kept_lines(lines, removed) == want
    assert _kernel_py.join_kept_lines(lines, removed) == want
    assert _kernel.join_kept_lines(lines, {}) == _kernel_py.join_kept_lines(lines, {})


@given(documents(), st.sets(st.integers(0, 80)), st.integers(0, 3))
def test_weak_removals_on_generated_pages(text: str, chosen: set[int], seed: int) -> None:
    lines = prepare(text).lines
    filters = ("patterns", "duplicates", "article", "sections")
    removals = [
        Removal(index, lines[index].text, filters[(index + seed) % 4], "x")
        for index in sorted(chosen)
        if index < len(lines)
    ]
    strong = frozenset({"duplicates"})
    listed = frozenset(line.key for line in lines[seed::3])
    want = [r for r in removals if r.filter not in strong and lines[r.index].key not in listed]
    assert _kernel.weak_removals(removals, strong, lines, listed) == want
    assert _kernel_py.weak_removals(removals, strong, lines, listed) == want
    # Those that read as body text, in the same pass.
    for min_words in (1, 3, 12):
        body = [r for r in want if is_body_like(r.text, min_words)]
        for module in (_kernel, _kernel_py):
            got = module.weak_removals(
                removals, strong, lines, listed, min_words=min_words, is_word=_word_character
            )
            assert got == body


@given(
    st.lists(st.text(alphabet="ab c\u00e9\u00ff\u0100\U0001f600", max_size=6), max_size=12),
    st.dictionaries(
        st.text(alphabet="ab c\u00e9\u00ff\u0100\U0001f600", max_size=5), st.booleans()
    ),
)
def test_prefix_memo(texts: list[str], known: dict[str, bool]) -> None:
    # Prefixes of two characters below U+0100 sit in the kernel's table, the others in
    # its dict: both answer as the twin's dicts do, and pick the same candidates.
    memos = [_kernel.PrefixMemo(width=4), _kernel_py.PrefixMemo(width=4)]
    for memo in memos:
        for prefix, may in known.items():
            memo.put(prefix, may)
        assert [memo.get(prefix) for prefix in known] == list(known.values())
        assert memo.get("\U0001f600?") is known.get("\U0001f600?")
    want = []
    for i, text in enumerate(texts):
        may = known.get(text[:2])
        if text and may is not False and not (may and known.get(text[:4]) is False):
            want.append(i)
    assert [memo.candidates(texts) for memo in memos] == [want, want]


def test_prefix_memo_is_bounded() -> None:
    for memo in (_kernel.PrefixMemo(width=3, limit=2), _kernel_py.PrefixMemo(width=3, limit=2)):
        for prefix in ("abc", "abd", "abe", "a", "\u0100b"):
            memo.put(prefix, False)
        memo.put("ab", True)  # in the table: not counted
        assert len(memo.known) == 2
        assert (memo.get("ab"), memo.get("abc"), memo.get("abe"), memo.get("a")) == (
            True,
            False,
            None,
            None,
        )
        assert memo.candidates(["abc", "abe", "abcd", "a"]) == [1, 3]


@given(documents(), st.integers(1, 14))
def test_pattern_flags_on_generated_pages(text: str, min_words: int) -> None:
    doc = prepare(text)
    table = view_table(doc, MARKERS)[1]
    columns = (table.chars, table.words, table.digits, table.sentence_end, table.notice)
    compiled = _kernel.pattern_flags(*columns, min_words=min_words)
    assert compiled.dtype == np.uint8
    assert compiled.tolist() == _kernel_py.pattern_flags(*columns, min_words=min_words).tolist()
    # The flags as lists, and as bytes (read as they are): the same.
    for kind in (list, lambda column: np.asarray(column).astype(np.uint8)):
        given_so = (*columns[:3], kind(columns[3]), kind(columns[4]))
        assert _kernel.pattern_flags(*given_so, min_words=min_words).tolist() == compiled.tolist()
    # With the menu test too (a small min_menu_words, so generated lines qualify).
    menu = {"capitals": table.capitals, "min_menu_words": 2}
    compiled = _kernel.pattern_flags(*columns, min_words=min_words, **menu)
    assert (
        compiled.tolist()
        == _kernel_py.pattern_flags(*columns, min_words=min_words, **menu).tolist()
    )
    # With the cues of a site that speaks to its reader and the long notices, as the
    # patterns filter asks: what the flags and the columns give, in either kernel.
    address = {"cues": table.cues, "address": min_words | 6, "long_notice": True}
    compiled = _kernel.pattern_flags(*columns, min_words=min_words, **menu, **address)
    plain = _kernel.pattern_flags(
        *columns[:4], columns[4] | (table.cues & (min_words | 6) != 0), min_words=min_words, **menu
    )
    long = np.asarray(table.notice, dtype=bool).view(np.uint8) * _kernel.LONG
    assert compiled.tolist() == (plain | long).tolist()
    python = _kernel_py.pattern_flags(*columns, min_words=min_words, **menu, **address)
    assert compiled.tolist() == python.tolist()

    # Read from the arrays the table is made of, in either kernel: the same flags.
    arrays = view_arrays(doc, MARKERS)[1:]
    for kernel_module in (_kernel, _kernel_py):
        of = kernel_module.pattern_flags_of(
            *arrays, min_words=min_words, min_menu_words=2, address=min_words | 6, long_notice=True
        )
        assert of.dtype == np.uint8
        assert of.tolist() == compiled.tolist()
    plain_of = _kernel.pattern_flags_of(*arrays, min_words=min_words)
    assert plain_of.tolist() == _kernel.pattern_flags(*columns, min_words=min_words).tolist()
    with pytest.raises(ValueError, match="LineTable"):
        _kernel.pattern_flags_of(arrays[0][:, :3], *arrays[1:], min_words=min_words)


def test_pattern_flags_mark_a_menu_row() -> None:
    doc = prepare(
        "Home Aktuell Unfälle Newsflash Kantonsübersicht Verkehr Feuerwehr Fahndungen Vermisst "
        "Tiere Ratgeber\nDer Rat hat den Haushalt für das kommende Jahr mit großer Mehrheit "
        "beschlossen, sagte der Sprecher der Stadt"
    )
    table = view_table(doc, MARKERS)[1]
    columns = (table.chars, table.words, table.digits, table.sentence_end, table.notice)
    menu = {"capitals": table.capitals, "min_menu_words": 10}
    for kernel in (_kernel, _kernel_py):
        flags = kernel.pattern_flags(*columns, min_words=12, **menu)
        assert [bool(flag & kernel.MENU) for flag in flags] == [True, False]


@given(documents(), st.sets(st.integers(0, 80)))
def test_any_kept_on_generated_pages(text: str, removed: set[int]) -> None:
    lines = prepare(text).lines
    want = bool(_kernel_py.view_rows(_kernel_py.without(lines, removed))[0])
    assert _kernel.any_kept(lines, removed) is want
    assert _kernel_py.any_kept(lines, removed) is want
    everything = {line.index for line in lines}
    assert not _kernel.any_kept(lines, everything)
    assert not _kernel_py.any_kept(lines, everything)


@given(st.sets(st.integers(0, 8)), st.sets(st.integers(0, 8)))
def test_record_marks_in_line_order(chosen: set[int], gone: set[int]) -> None:
    # Marks in line order (as filters give them) take the kernel's way without a dict.
    shown = {index: Line(index, "" if index == 3 else f"line {index}", index) for index in range(7)}
    marks = [(index, f"reason {index}") for index in sorted(chosen)]
    results = []
    for module in (_kernel, _kernel_py):
        removed: dict[int, object] = dict.fromkeys(gone, "before")
        count = module.record_marks(marks, shown, removed, "name", Removal)
        assert all(type(value) is Removal for value in removed.values() if value != "before")
        results.append((count, removed, list(removed)))
    assert results[0] == results[1]


def test_lines_marks_and_removals_are_made_as_tuple_new_makes_them() -> None:
    # The kernel makes them without calling tuple.__new__: the same objects, and a kind
    # that is no tuple is refused as tuple.__new__ refuses it.
    line = _kernel.make_lines(["Teilen"], [7], Line)[0]
    assert type(line) is Line
    assert line == tuple.__new__(Line, (0, "Teilen", 7))
    assert _kernel.make_lines(["a"], [1], tuple) == [(0, "a", 1)]
    assert type(_kernel.make_marks([line], [0], ["x"], Mark)[0]) is Mark
    with pytest.raises(TypeError, match="not a subtype of tuple"):
        _kernel.make_lines(["a"], [1], list)


@given(documents())
def test_make_lines_on_generated_pages(text: str) -> None:
    lines = prepare(text).lines
    texts = [line.text for line in lines]
    keys = [line.key for line in lines]
    for module in (_kernel, _kernel_py):
        made = module.make_lines(texts, keys, Line)
        assert made == list(lines)
        assert all(type(line) is Line for line in made)
    with pytest.raises(ValueError, match="differ in length"):
        _kernel.make_lines(texts, [*keys, 0], Line)
    with pytest.raises(ValueError, match="differ in length"):
        _kernel_py.make_lines(texts, [*keys, 0], Line)


@given(documents())
def test_line_model_equals_normal_forms_then_make_lines(text: str) -> None:
    # prepare() makes each line in the pass that finds its key (line_model): the lines and
    # normal forms of normal_forms and make_lines, on both kernels.
    texts = [line.text for line in prepare(text).lines] + ["", "Grüße", "𝐀 x\u0308", "\ud800"]
    norms, keys = _kernel_py.normal_forms(texts, _fold_char, normalise_line)
    plain = _kernel_py.make_lines(texts, keys, Line)
    for module in (_kernel, _kernel_py):
        lines, forms = module.line_model(texts, _fold_char, normalise_line, Line)
        assert (lines, forms) == (plain, norms)
        assert all(type(line) is Line for line in lines)
        assert module.line_model(texts, _fold_char, normalise_line, tuple)[0] == plain
    with pytest.raises(TypeError, match="not a subtype of tuple"):
        _kernel.line_model(["a"], _fold_char, normalise_line, list)


def test_kernel_made_named_tuples_are_untracked_and_freed() -> None:
    # Lines made by the kernel hold only str and int: the collector does not track them,
    # and they are freed like any tuple (no reference to them or their type is leaked).
    lines, _ = _kernel.line_model(["Teilen", "", "x" * 300], _fold_char, normalise_line, Line)
    assert not any(gc.is_tracked(line) for line in lines)
    before = sys.getrefcount(Line)
    made = _kernel.make_lines(["a"] * 100, [1] * 100, Line)
    assert sys.getrefcount(Line) == before + 100
    del made
    assert sys.getrefcount(Line) == before
    held = _kernel.make_lines([["a list"]], [1], Line)[0]  # an item the collector tracks
    assert gc.is_tracked(held)
    # They hash and compare as the same tuples made in Python (Python 3.14 caches a
    # tuple's hash in the object: the kernel must leave it unset).
    twins = [Line(*line) for line in lines]
    assert [hash(line) for line in lines] == [hash(twin) for twin in twins]
    assert [hash(line) for line in lines] == [hash(tuple(twin)) for twin in twins]
    assert len({*lines, *twins}) == len(lines)


def test_kernel_made_named_tuples_of_a_subclass_with_a_dict_stay_tracked() -> None:
    # A subclass of Line with a __dict__ could hold a cycle: its instances are allocated
    # as the type allocates them and stay tracked, and a cycle through one is collected.
    class Noted(Line):
        pass

    [line] = _kernel.make_lines(["Teilen"], [7], Noted)
    assert type(line) is Noted
    assert tuple(line) == (0, "Teilen", 7)
    assert gc.is_tracked(line)
    probe = _Probe()
    line.note = [line, probe]  # a cycle through the instance's __dict__
    gone = weakref.ref(probe)
    del line, probe
    gc.collect()
    assert gone() is None


def test_kernel_refuses_no_type_for_its_named_tuples() -> None:
    for kernel in (_kernel, _kernel_py):
        with pytest.raises(TypeError):
            kernel.make_lines(["a"], [1], None)
        with pytest.raises(TypeError):
            kernel.line_model(["a"], _fold_char, normalise_line, None)


class _Probe:
    """An object that takes weak references (to see when a cycle was collected)."""


@given(
    st.text(alphabet=st.sampled_from("ab \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000\U0001f600é"))
)
def test_split_lines(text: str) -> None:
    want = [line.strip() for line in text.split("\n")]
    assert _kernel.split_lines(text) == want
    assert _kernel_py.split_lines(text) == want


@given(
    st.text(
        alphabet=st.sampled_from(
            "ab \t\n\r\x00\x08\x0b\x0c\x0e\x1c\x1e\x1f\x7f\x85\xe9\u2028\u2029\ufeff"
            "\ud800\udfff\U0001f600"
        )
    )
)
def test_cleaned(text: str) -> None:
    # prepare()'s clean-up in one pass: the three regular expressions' result, at the
    # same width (the kernel makes the text from code points).
    want = _kernel_py.CONTROLS.sub("", _kernel_py.BREAKS.sub("\n", text))
    want = _kernel_py.SURROGATES.sub("\ufffd", want)
    assert _kernel_py.cleaned_text(text) == want
    got = _kernel.cleaned_text(text)
    assert got == want
    assert sys.getsizeof(got) == sys.getsizeof(want)


@given(documents())
def test_cleaned_on_generated_pages(text: str) -> None:
    assert _kernel.cleaned_text(text) == _kernel_py.cleaned_text(text)


@given(documents())
def test_split_lines_on_generated_pages(text: str) -> None:
    assert _kernel.split_lines(text) == [line.strip() for line in text.split("\n")]


@given(documents(), st.lists(st.integers(0, 1000)))
def test_make_marks_on_generated_pages(text: str, picks: list[int]) -> None:
    lines = prepare(text).lines
    positions = [pick % len(lines) for pick in picks]
    details = [f"reason {pick}" for pick in picks]
    want = [
        Mark(lines[position].index, detail)
        for position, detail in zip(positions, details, strict=True)
    ]
    for module in (_kernel, _kernel_py):
        made = module.make_marks(lines, positions, details, Mark)
        assert made == want
        assert all(type(mark) is Mark for mark in made)
        with pytest.raises(ValueError, match="differ in length"):
            module.make_marks(lines, positions, [*details, "x"], Mark)


@given(st.text(alphabet=st.sampled_from("0189-a \n:\u0660\u00e9\u2013\U0001d7d8"), max_size=24))
def test_p_may_date(text: str) -> None:
    # Twins agree in every storage width, the hyphen anywhere (at the ends too).
    for wide in ("", "\u2013", "\U0001f600"):
        for probe in (text, wide + text, text + wide):
            assert _kernel.p_may_date(probe) == _kernel_py.p_may_date(probe), probe


def test_p_may_date_at_the_edges() -> None:
    for text, want in [
        ("2016-09", True),
        ("016-09", False),
        ("2016-0", False),
        ("x2016-09", True),
        ("2016-9x", False),
        ("a-b 1-2 2016-x9 2016-09", True),
        ("\u0662\u0660\u0661\u0666-\u0660\u0669", True),
        ("1\u00e91\u2013-\U0001d7d81", True),
        ("20 6-09", False),
    ]:
        assert _kernel.p_may_date(text) is want, text
        assert _kernel_py.p_may_date(text) is want, text
