"""The pure-Python twin of ``newsclean._kernel`` (the compiled loops).

Each function here gives exactly what its compiled namesake gives; the package uses the
compiled module when it was built and this one otherwise (:data:`newsclean._accel.kernel`).
Tests compare the two on the dev pages and on random Unicode.
"""

from __future__ import annotations

import bisect
import math
import re
import types
import unicodedata
from collections.abc import Callable, Collection, Container, Iterable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import regex
import xxhash

__all__ = [
    "ARTICLE_FEATURES",
    "ARTICLE_INPUTS",
    "BROKEN",
    "CLEANUP",
    "CLEANUP_CHARS",
    "CUE_BIT",
    "CUE_FEATURES",
    "KNOWN",
    "LONG",
    "MATCH",
    "MENU",
    "MOJIBAKE_CONTINUATION",
    "MOJIBAKE_LATER",
    "MOJIBAKE_SIGNATURES",
    "NOTICE",
    "NOTICE_BIT",
    "ONE_WORD",
    "PLAIN",
    "ROW",
    "SENTENCE",
    "SHAPES",
    "SIGNED",
    "SPAN_INPUTS",
    "STATS",
    "SYMBOLS",
    "TABLE_FLAGS",
    "TABLE_INTS",
    "WHOLE",
    "KeyBits",
    "PatternMatcher",
    "PrefixMemo",
    "WordEnds",
    "a_body_scan",
    "any_kept",
    "article_columns",
    "article_matrix",
    "body_guard",
    "body_like",
    "carry_over",
    "chrome_gate",
    "chrome_reasons",
    "chrome_rows",
    "cleaned_text",
    "discount_teasers",
    "features_language",
    "has_new_near_pair",
    "heading_candidates",
    "join_kept",
    "join_kept_lines",
    "kept_indices",
    "kept_lines",
    "keyed_lines",
    "language_hits",
    "line_model",
    "line_reasons",
    "line_shapes",
    "line_stats",
    "line_table",
    "make_lexicon",
    "make_lines",
    "make_marks",
    "make_triggers",
    "marker_rows",
    "marker_split",
    "max_span",
    "may_hold_digit",
    "model_scores",
    "near_pairs",
    "normal_forms",
    "p_may_date",
    "pattern_flags",
    "pattern_flags_of",
    "record_marks",
    "repeat_reasons",
    "restored_lines",
    "section_lines",
    "segment",
    "span_plan",
    "span_scores",
    "split_lines",
    "table_columns",
    "table_of",
    "table_rows",
    "text_marks",
    "trigger_mask",
    "view_rows",
    "weak_removals",
    "without",
    "without_marked",
    "word_stats",
    "worst_features",
]

#: Columns of :func:`line_stats`.
STATS = (
    "chars",
    "digits",
    "capitals",
    "letters",
    "punctuation",
    "separators",
    "code_marks",
    "paren_pair",
    "first_class",
    "last",
    "core_last",
    "core_before_last",
    "address",
)

_CLOSERS = "\"'“”‘’»«)]"

Ints = npt.NDArray[np.int64]


def line_stats(texts: Sequence[str], classify: Callable[[int], int]) -> Ints:
    """Per line: length, counts of each character class, and the characters that decide
    how it starts and ends (see :data:`STATS`; -1 where a line has no such character).

    ``classify(code_point) -> bits`` gives a character's class bits (digit 1, capital 2,
    lower case 4, letter 8, punctuation or symbol 16, separator 32, code mark 64, quote
    128). ``address``: the line holds "@", "www.", "http:", "https:", or "#" before a
    letter, digit or "_".
    """
    out = np.zeros((len(texts), len(STATS)), dtype=np.int64)
    for row, text in enumerate(texts):
        counts = [0] * 6
        for char in text:
            bits = classify(ord(char))
            counts[0] += bits & 1
            counts[1] += (bits >> 1) & 1
            counts[2] += (bits >> 3) & 1
            counts[3] += (bits >> 4) & 1
            counts[4] += (bits >> 5) & 1
            counts[5] += (bits >> 6) & 1
        if not text:
            out[row] = (0, *counts, 0, 0, -1, -1, -1, 0)
            continue
        core = text.rstrip(_CLOSERS)
        out[row] = (
            len(text),
            *counts,
            "()" in text,
            classify(ord(text[0])),
            ord(text[-1]),
            ord(core[-1]) if core else -1,
            ord(core[-2]) if len(core) >= 2 else -1,
            _has_address(text, classify),
        )
    return out


#: Columns of the flags of :func:`line_shapes`.
SHAPES = (
    "sentence_end", "upper_start", "colon_end", "code", "lower_start", "ellipsis_end", "address",
)  # fmt: skip


def line_shapes(
    texts: Sequence[str], classify: Callable[[int], int]
) -> tuple[Ints, npt.NDArray[np.uint8], npt.NDArray[np.float64]]:
    """Per line, from :func:`line_stats`: its length and counts of digits, capitals,
    letters, punctuation and separators; flags (0 or 1, columns :data:`SHAPES`): ends
    with . ! ? or ; (closing quotes and brackets aside) and not with an ellipsis, starts
    with a capital, digit or quote, ends with a colon, holds a code mark or "()", starts
    with a lower-case letter, ends with "…" or "..", holds an address; and its share of
    digits (0 from 80 characters on).

    >>> counts, flags, shares = line_shapes(["Ein Satz.", "Mehr …"], lambda code: 0)
    >>> counts[:, 0].tolist(), flags[:, 0].tolist(), flags[:, 5].tolist()
    ([9, 6], [1, 0], [0, 1])
    """
    stats = line_stats(texts, classify)
    chars, digits, capitals, letters, punctuation, separators, code_marks = stats[:, :7].T
    paren, first, last, core_last, before_last, address = stats[:, 7:].T
    dots = (core_last == 0x2026) | ((core_last == 0x2E) & (before_last == 0x2E))
    sentence_end = (
        (core_last == 0x2E) | (core_last == 0x21) | (core_last == 0x3F) | (core_last == 0x3B)
    ) & ~dots
    flags = np.column_stack(
        (
            sentence_end,
            (first & (2 | 1 | 128)) > 0,  # a capital, a digit or a quote
            last == 0x3A,
            (code_marks > 0) | (paren > 0),
            (first & 4) > 0,  # lower case
            dots,
            address > 0,
        )
    ).astype(np.uint8)
    shares = np.where(chars < 80, digits / np.maximum(chars, 1), 0.0)
    counts = np.column_stack((chars, digits, capitals, letters, punctuation, separators))
    return counts.reshape(len(texts), 6), flags.reshape(len(texts), 7), shares


def _has_address(text: str, classify: Callable[[int], int]) -> bool:
    """Holds "@", "www.", "http:", "https:", or "#" before a letter, digit or "_"."""
    if "@" in text or "www." in text or "http:" in text or "https:" in text:
        return True
    position = text.find("#")
    while 0 <= position < len(text) - 1:
        after = text[position + 1]
        if after == "_" or classify(ord(after)) & 9:  # a digit (1) or a letter (8)
            return True
        position = text.find("#", position + 1)
    return False


def make_lexicon(words: dict[str, int]) -> Mapping[str, int]:
    """The lexicon :func:`word_stats` takes: word -> bits (see there)."""
    return words


def word_stats(norms: Sequence[str], lexicon: Mapping[str, int], languages: int) -> Ints:
    """Per normal form: its words, how many are stopwords of any language, how many are
    notice words, which cue classes its words belong to (bit k for class k), then how many
    are stopwords of each language (``languages`` columns).

    ``lexicon`` maps a word to bits: bit k (k < ``languages``) for a stopword of language
    k, :data:`NOTICE_BIT` for a notice word, ``CUE_BIT << k`` for a word of cue class k.

    >>> lexicon = {"der": 1, "die": 3, "cookies": NOTICE_BIT, "ich": 1 | CUE_BIT}
    >>> word_stats(["der rat tagt", "die cookies", "ich und ich"], lexicon, 2).tolist()
    [[3, 1, 0, 0, 1, 0], [2, 1, 1, 0, 1, 1], [3, 2, 0, 1, 2, 0]]
    """
    out = np.zeros((len(norms), 4 + languages), dtype=np.int64)
    language_bits = (1 << languages) - 1
    for row, norm in enumerate(norms):
        for word in norm.split(" "):
            if not word:
                continue
            out[row, 0] += 1
            bits = lexicon.get(word, 0)
            out[row, 1] += bool(bits & language_bits)
            out[row, 2] += bool(bits & NOTICE_BIT)
            out[row, 3] |= (bits >> _CUE_SHIFT) & _CUE_MASK
            mask = bits & language_bits
            k = 0
            while mask:
                out[row, 4 + k] += mask & 1
                mask >>= 1
                k += 1
    return out


def language_hits(norms: Sequence[str], rows: Ints, limit: int) -> tuple[Ints, int]:
    """The stopword hits of each language over the words of the distinct normal forms, in
    order, until more than ``limit`` words are taken; and how many were taken. ``rows``
    are the forms' :func:`word_stats`.

    >>> rows = word_stats(["der rat", "der rat", "die tagung"], {"der": 1, "die": 1}, 1)
    >>> hits, taken = language_hits(["der rat", "der rat", "die tagung"], rows, 3000)
    >>> hits.tolist(), taken
    ([2], 4)
    """
    hits = np.zeros(rows.shape[1] - 4, dtype=np.int64)
    seen: set[str] = set()
    taken = 0
    for row, norm in enumerate(norms):
        if norm in seen:
            continue
        seen.add(norm)
        taken += int(rows[row, 0])
        hits += rows[row, 4:]
        if taken > limit:
            break
    return hits, taken


def features_language(
    codes: Sequence[str], hits: Ints, taken: int, share: float
) -> tuple[str, tuple[str, ...]]:
    """The language (of ``codes``, one a column of ``hits``) with most stopword hits (ties:
    the first), and every language with at least half as many hits, in order; ``("",
    ())`` without hits, or with fewer than ``share`` of the ``taken`` words (see
    :func:`line_table`).

    >>> features_language(("de", "en", "fr"), np.array([40, 25, 19]), 200, 0.08)
    ('de', ('de', 'en'))
    >>> features_language(("de", "en"), np.array([10, 0]), 200, 0.08)
    ('', ())
    """
    counts: list[int] = hits.tolist()
    top = max(counts, default=0)
    if not top or top < share * taken:
        return "", ()
    best = codes[counts.index(top)]  # the first of the best, in code order
    return best, tuple([code for code, hit in zip(codes, counts, strict=True) if hit * 2 >= top])


#: Columns of the integer matrix of :func:`line_table`; one column per language follows
#: (its stopwords): ``words`` and the columns after it are the line's :func:`word_stats`.
TABLE_INTS = (
    "index", "place", "chars", "capitals", "letters", "punctuation", "separators", "words",
    "stopwords", "notices", "cues",
)  # fmt: skip
#: Columns of the flags of :func:`line_table`: :data:`SHAPES`, then "holds a notice word".
TABLE_FLAGS = (*SHAPES, "notice")
_T_WORDS = TABLE_INTS.index("words")


def line_table(
    lines: Sequence[Any],
    norms: Sequence[str] | Mapping[int, str],
    lexicon: Mapping[str, int],
    languages: int,
    classify: Callable[[int], int],
    *,
    limit: int,
    before: tuple[Ints, npt.NDArray[np.uint8], npt.NDArray[np.float64], Ints] | None = None,
) -> tuple[list[Any], Ints, npt.NDArray[np.uint8], npt.NDArray[np.float64], Ints, int] | None:
    """The features of the non-blank lines of a view in one pass: the lines (as
    :func:`view_rows` gives them); an integer matrix, one row per line, columns
    :data:`TABLE_INTS` and the stopwords of each of the ``languages`` (:func:`line_shapes`'
    counts, :func:`word_stats` of the line's normal form ``norms[index]``); flags
    (:data:`TABLE_FLAGS`); the shares of digits; and :func:`language_hits` over the normal
    forms (``limit`` words).

    ``before``, the matrix, flags and shares of a cleaning round before and ``where`` (each
    line's index then, -1 for none: :func:`kept_lines`), takes each line's row from there
    instead of computing it (renumbered); ``None`` when a non-blank line has no row there
    (or two lines the same row, or rows out of order).

    >>> lines = [(0, "Der Rat tagt.", 1), (1, "", 0), (2, "Mehr …", 2)]
    >>> _none = lambda code: 0  # no character classes
    >>> made = line_table(lines, ["der rat tagt", "", "mehr"], {"der": 1}, 1, _none, limit=9)
    >>> made[1].tolist()
    [[0, 0, 13, 0, 0, 0, 0, 3, 1, 0, 0, 1], [2, 2, 6, 0, 0, 0, 0, 1, 0, 0, 0, 0]]
    >>> made[2][:, 0].tolist(), made[4].tolist(), made[5]
    ([1, 0], [1], 4)
    >>> again = line_table([(0, "Mehr …", 2)], ["mehr"], {}, 1, _none, limit=9,
    ...                    before=(*made[1:4], np.array([2])))
    >>> again[1][:, :3].tolist()
    [[0, 0, 6]]
    >>> line_table([(0, "Mehr …", 2)], ["mehr"], {}, 1, _none, limit=9,
    ...            before=(*made[1:4], np.array([1]))) is None
    True
    """
    chosen, index, place = view_rows(lines)
    normal = [norms[i] for i in index.tolist()]
    if before is None:
        words = word_stats(normal, lexicon, languages)
        counts, shapes, digits = line_shapes([line[1] for line in chosen], classify)
        ints = np.zeros((len(chosen), len(TABLE_INTS) + languages), dtype=np.int64)
        ints[:, 2:_T_WORDS] = counts[:, [0, 2, 3, 4, 5]]
        ints[:, _T_WORDS:] = words
        flags = np.zeros((len(chosen), len(TABLE_FLAGS)), dtype=np.uint8)
        flags[:, : len(SHAPES)] = shapes
        flags[:, len(SHAPES)] = words[:, 2] > 0
    else:
        rows, shown, shares, where = before
        wanted = np.array(
            [where[i] if 0 <= i < len(where) else -1 for i in index.tolist()], dtype=np.int64
        )
        pos = np.searchsorted(rows[:, 0], wanted)
        if not _found(rows[:, 0], pos, wanted):
            return None
        ints, flags, digits = rows[pos], shown[pos], shares[pos]
    ints[:, 0] = index
    ints[:, 1] = place
    hits, taken = language_hits(normal, ints[:, _T_WORDS:], limit)
    return chosen, ints, flags, digits, hits, taken


def table_columns(
    ints: Ints,
    flags: npt.NDArray[np.uint8],
    digits: npt.NDArray[np.float64],
    sources: Sequence[tuple[int, int]],
) -> list[npt.NDArray[Any]]:
    """Columns of :func:`line_table`'s arrays, as views of them: for each ``(part, k)``
    of ``sources``, column ``k`` of the integers (part 0) or of the flags, as booleans
    (part 1), the shares of digits (part 2), or zeros (part 3).

    >>> ints, flags = np.array([[1, 2], [3, 4]]), np.array([[0, 1], [1, 1]], dtype=np.uint8)
    >>> [c.tolist() for c in table_columns(ints, flags, np.zeros(2), [(0, 1), (1, 0), (3, 0)])]
    [[2, 4], [False, True], [0, 0]]
    """
    shown = flags.view(np.bool_)
    parts = (ints, shown)
    return [
        parts[part][:, k] if part < 2 else digits if part == 2 else np.zeros(len(ints), np.int64)
        for part, k in sources
    ]


def _found(index: Ints, pos: Ints, wanted: Ints) -> bool:
    """Whether ``index[pos]`` is ``wanted``, one row each, in order (the compiled kernel
    walks both once)."""
    if not len(pos):
        return True
    if pos[-1] >= len(index) or not np.array_equal(index[pos], wanted):
        return False
    return bool((np.diff(pos) > 0).all())


def table_rows(
    lines: Sequence[Any], ints: Ints, flags: npt.NDArray[np.uint8], digits: npt.NDArray[np.float64]
) -> tuple[list[Any], Ints, npt.NDArray[np.uint8], npt.NDArray[np.float64]]:
    """The rows of :func:`line_table`'s arrays for the non-blank lines of a view whose lines
    all have one there (one each, in order), their place column that of the view.

    >>> _none = lambda code: 0  # no character classes
    >>> made = line_table([(0, "a", 1), (1, "", 0), (2, "b", 2)], ["a", "", "b"], {}, 0, _none,
    ...                   limit=9)
    >>> rows = table_rows([(2, "b", 2)], *made[1:4])
    >>> rows[0], rows[1][:, :3].tolist(), rows[2][:, 0].tolist()
    ([(2, 'b', 2)], [[2, 0, 1]], [0])

    Raises:
        ValueError: a non-blank line of ``lines`` has no row.
    """
    chosen, index, place = view_rows(lines)
    pos = np.searchsorted(ints[:, 0], index)
    if not _found(ints[:, 0], pos, index):
        raise ValueError("a line of the view has no row in the table")
    taken = ints[pos]
    taken[:, 1] = place
    return chosen, taken, flags[pos], digits[pos]


#: The bit of a notice word in the lexicon of :func:`word_stats`.
NOTICE_BIT = 1 << 62
#: The bit of the first cue class in the lexicon of :func:`word_stats`; class k has
#: ``CUE_BIT << k`` (up to 14 classes, below :data:`NOTICE_BIT`; the bits under it are
#: the languages').
CUE_BIT = 1 << 48
_CUE_SHIFT = 48
_CUE_MASK = (1 << 14) - 1
#: The article filter's cue features: bit k of a line's cue classes is feature k (the
#: classes of ``newsclean.langdata.CUE_CLASSES``, in order).
CUE_FEATURES = ("self_words", "bio_words", "promo_words", "caption_words", "reader_words")


def segment(scores: Ints, switch: int) -> npt.NDArray[np.bool_]:
    """Chrome flags of the labelling with the best total: the scores of the article lines,
    less ``switch`` for each change between article and chrome (two-state Viterbi).

    >>> segment(np.array([5, -1, 5, -3, -3], dtype=np.int64), 2).tolist()
    [False, False, False, True, True]
    """
    n = len(scores)
    out = np.zeros(n, dtype=bool)
    if not n:
        return out
    values = scores.tolist()
    from_drop = [False] * n  # the article state at i came from the chrome state at i-1
    from_keep = [False] * n  # the chrome state at i came from the article state at i-1
    keep, drop = values[0], 0
    for i in range(1, n):
        if drop - switch > keep:
            new_keep = drop - switch + values[i]
            from_drop[i] = True
        else:
            new_keep = keep + values[i]
        if keep - switch > drop:
            new_drop = keep - switch
            from_keep[i] = True
        else:
            new_drop = drop
        keep, drop = new_keep, new_drop
    state_drop = drop > keep
    for i in range(n - 1, -1, -1):
        out[i] = state_drop
        state_drop = not from_keep[i] if state_drop else from_drop[i]
    return out


def chrome_rows(scores: Ints, threshold: int, switch: int) -> Ints:
    """The positions of the chrome rows: the ``scores`` below ``threshold`` or, with a
    ``switch`` of 0 or more, the chrome rows of :func:`segment` of the scores less the
    threshold.

    >>> chrome_rows(np.array([5, -1, 5, -3, -3]), 0, 2).tolist()
    [3, 4]
    >>> chrome_rows(np.array([5, -1, 5, -3, -3]), 0, -1).tolist()
    [1, 3, 4]
    """
    flags = scores < threshold if switch < 0 else segment(scores - threshold, switch)
    return np.flatnonzero(flags).astype(np.int64)


#: The columns of :func:`article_columns`, in order (the article filter's features).
ARTICLE_FEATURES = (
    "chars", "words", "very_short", "short", "long", "few_words", "many_words", "density",
    "no_stopwords", "sentence_end", "colon_end", "ellipsis_end", "upper_start", "lower_start",
    "digits", "notice", *CUE_FEATURES, "code", "body", "menu", "short_sentence",
    "removed_before",
    "removed_after", "gap_before", "gap_after", "position", "top", "bottom", "body_before",
    "body_after", "before_body", "after_body", "in_span", "before_span", "after_span",
    "span_distance", "teaser", "span_removes", "capitals", "punctuation", "separators",
    "address", "menu_run", "local_body", "body_above", "body_below", "block_size",
    "block_first", "block_last", "block_body", "doc_body", "doc_chrome", "clean_doc",
    "clean_outside", "doc_lines",
    *(
        f"{side}{step}_{name}"
        for side in ("prev", "next")
        for step in (1, 2)
        for name in ("body", "menu", "chars", "density", "sentence_end", "missing")
    ),
)  # fmt: skip

#: The columns of the integer input of :func:`article_columns`, in order.
ARTICLE_INPUTS = (
    "chars", "words", "stopwords", "capitals", "letters", "punctuation", "separators",
    "sentence_end", "colon_end", "ellipsis_end", "upper_start", "lower_start", "notice",
    "code", "index", "place", "teaser", "span_removes", "address", "cues",
)  # fmt: skip

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
_Columns = dict[str, npt.NDArray[Any]]


def article_columns(
    ints: Ints,
    digits: Floats,
    *,
    total: int,
    view_lines: int,
    core: tuple[int, int],
    min_words: int,
    min_density: float,
    clean_share: float,
) -> Floats:
    """The article filter's features of each line (columns: :data:`ARTICLE_FEATURES`).

    ``ints`` holds one row per non-blank line of a view, columns :data:`ARTICLE_INPUTS`
    (``index``: the line's number in the document, ``place``: its position in the view,
    blank lines included); ``digits`` the digit shares. ``total`` is the number of lines of
    the whole document, ``view_lines`` that of the view; ``core`` the span rules' core span
    (positions among the non-blank lines; ``(-1, -1)`` when there is none). Only
    comparisons, the four operations and square roots are used, which IEEE 754 rounds
    alike on every machine.
    """
    data = dict(zip(ARTICLE_INPUTS, ints.T, strict=True))
    n = len(ints)
    shape = _shape(data, digits, min_words, min_density)
    columns = {**shape, **_gaps(data, total, view_lines), **_place(data, shape, core)}
    columns.update(_neighbours(columns))
    columns.update(_document(columns, n, clean_share))
    return np.column_stack(
        [np.asarray(columns[name], dtype=np.float64) for name in ARTICLE_FEATURES]
    )


def table_of(ints: Ints, flags: npt.NDArray[np.uint8], digits: Floats, *, stopwords: bool) -> Any:
    """The columns of a view's rows of :func:`line_table`'s arrays (:func:`table_rows`) by
    name, as :class:`~newsclean.filters.features.LineTable` has them: those of
    :data:`TABLE_INTS` (``place``: each line's position in the view, blank lines counted)
    and of :data:`TABLE_FLAGS` (as booleans), and ``digits``; the stopword counts zeros
    unless ``stopwords``.

    Raises:
        ValueError: the arrays are not a line table's (rows for other lines, too few
            columns).
    """
    ints, flags, digits = np.asarray(ints), np.asarray(flags), np.asarray(digits)
    n = len(ints)
    if (
        ints.ndim != 2
        or flags.ndim != 2
        or len(flags) != n
        or len(digits) != n
        or ints.shape[1] < len(TABLE_INTS)
        or flags.shape[1] < len(TABLE_FLAGS)
    ):
        raise ValueError("not the arrays of a line table")
    columns: dict[str, npt.NDArray[Any]] = {name: ints[:, k] for k, name in enumerate(TABLE_INTS)}
    columns.update({name: flags[:, k] != 0 for k, name in enumerate(TABLE_FLAGS)})
    columns["digits"] = digits
    if not stopwords:
        columns["stopwords"] = np.zeros(n, dtype=np.int64)
    return types.SimpleNamespace(**columns)


def article_matrix(
    ints: Ints,
    flags: npt.NDArray[np.uint8],
    digits: Floats,
    teasers: Iterable[int],
    removed: Iterable[int],
    *,
    stopwords: bool,
    total: int,
    view_lines: int,
    core: tuple[int, int],
    min_words: int,
    min_density: float,
    clean_share: float,
) -> Floats:
    """:func:`article_columns` of a view's non-blank lines: the view's rows of
    :func:`line_table`'s arrays (:func:`table_of` names their columns; ``stopwords``:
    whether the document has a language, else its stopword counts are zeros) give the
    inputs, the span rules' ``teasers`` and ``removed`` positions (a set, a dict's keys)
    the teaser and span_removes flags.
    """
    table = table_of(ints, flags, digits, stopwords=stopwords)
    place = table.place
    n = len(table.index)
    flags = np.zeros((2, n), dtype=np.int64)
    flags[0, list(teasers)] = 1
    flags[1, list(removed)] = 1
    columns = (
        table.chars,
        table.words,
        table.stopwords,
        table.capitals,
        table.letters,
        table.punctuation,
        table.separators,
        table.sentence_end,
        table.colon_end,
        table.ellipsis_end,
        table.upper_start,
        table.lower_start,
        table.notice,
        table.code,
        table.index,
        place,
        *flags,
        table.address,
        table.cues,
    )
    ints = np.ascontiguousarray(np.array(columns, dtype=np.int64).T)
    return article_columns(
        ints,
        table.digits,
        total=total,
        view_lines=view_lines,
        core=core,
        min_words=min_words,
        min_density=min_density,
        clean_share=clean_share,
    )


def _root(values: npt.NDArray[Any], cap: float) -> Floats:
    """``sqrt(min(values, cap)) / sqrt(cap)``: 0 to 1, finer for small values."""
    out: Floats = np.sqrt(np.minimum(values, cap)) / np.sqrt(cap)
    return out


def _shape(data: _Columns, digits: Floats, min_words: int, min_density: float) -> _Columns:
    """Features of each line on its own: length, words, punctuation, body or menu."""
    chars = data["chars"]
    words = data["words"]
    stop = data["stopwords"]
    send = data["sentence_end"] > 0
    colon = data["colon_end"] > 0
    code = data["code"] > 0
    density = stop / np.maximum(words, 1)
    body = (words >= min_words) & (density >= min_density) & (send | (chars >= 100) | colon)
    # As the span rules' menu-like lines: at most 3 words, no stopword, no sentence, no
    # code, no colon.
    menu = (words <= 3) & (stop == 0) & ~send & ~code & ~colon
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
        "ellipsis_end": data["ellipsis_end"],
        "upper_start": data["upper_start"],
        "lower_start": data["lower_start"],
        "digits": digits,
        "notice": data["notice"],
        **{name: (data["cues"] >> k) & 1 for k, name in enumerate(CUE_FEATURES)},
        "code": code,
        "body": body,
        "menu": menu,
        "short_sentence": send & (words >= 4) & ~body,
        "capitals": data["capitals"] / np.maximum(data["letters"], 1),
        "punctuation": data["punctuation"] / chars,
        "separators": data["separators"] > 0,
        "address": data["address"],
        "teaser": data["teaser"],
        "span_removes": data["span_removes"],
        "_body_chars": chars * body,
    }


def _gaps(data: _Columns, total: int, view_lines: int) -> _Columns:
    """Where each line stands in the whole document, and what earlier filters removed.

    Lines earlier filters removed between two kept lines: the difference of the line
    numbers, less the blank lines (which no filter removes) between them.
    """
    index = data["index"]
    place = data["place"]
    between = np.diff(index) - np.diff(place)
    head = index[0] - place[0]
    tail = max(0, int((total - 1 - index[-1]) - (view_lines - 1 - place[-1])))
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


def _place(data: _Columns, shape: _Columns, core: tuple[int, int]) -> _Columns:
    """Each line's place relative to the body text and to the core span."""
    body = shape["body"]
    n = len(body)
    body_chars = shape["_body_chars"]
    body_total = float(body_chars.sum()) or 1.0
    cum = np.cumsum(body_chars)
    body_before = (cum - body_chars) / body_total
    body_after = (body_total - cum) / body_total if body_chars.any() else np.zeros(n)
    pos = np.arange(n)
    has_core = core[0] >= 0
    if not has_core:
        start, end = n, -1  # nothing is inside; everything is "distant"
        distance = np.full(n, 100.0)
    else:
        start, end = core
        distance = np.maximum(np.maximum(start - pos, pos - end), 0).astype(np.float64)
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
        "before_span": (pos < start) & has_core,
        "after_span": (pos > end) & has_core,
        "span_distance": _root(distance, 100),
        "menu_run": _root(_run_lengths(shape["menu"]), 25),
        "local_body": (padded[pos + 2 * window + 1] - padded[pos]) / local_count,
        "body_above": _root(_distance_to(body, pos, -1), 25),
        "body_below": _root(_distance_to(body, pos, 1), 25),
    }


def _neighbours(columns: _Columns) -> _Columns:
    """Features of the lines one and two above and below."""
    present = np.ones(len(columns["body"]), dtype=bool)
    out: _Columns = {}
    for side, sign in (("prev", -1), ("next", 1)):
        for step in (1, 2):
            for name in ("body", "menu", "chars", "density", "sentence_end"):
                out[f"{side}{step}_{name}"] = _shifted(columns[name], sign * step)
            out[f"{side}{step}_missing"] = 1.0 - _shifted(present, sign * step)
    return out


def _document(columns: _Columns, n: int, clean_share: float) -> _Columns:
    """Features of blocks and of the whole document."""
    body = columns["body"]
    block = columns["_block"]
    block_size = np.bincount(block).astype(np.float64)
    removed = float(columns["_removed"])
    chrome = (float(columns["menu"].sum()) + removed) / (n + removed)
    clean = chrome < clean_share
    return {
        "block_size": _root(block_size[block], 25),
        "block_body": (np.bincount(block, weights=body.astype(np.float64)) / block_size)[block],
        "doc_body": np.full(n, body.mean()),
        "doc_chrome": np.full(n, chrome),
        "clean_doc": np.full(n, clean),
        "clean_outside": clean & ~columns["in_span"],
        "doc_lines": np.full(n, _root(np.array(n), 2500)),
    }


def _shifted(values: npt.ArrayLike, shift: int) -> Floats:
    """``values`` moved by ``shift`` places (the previous line's value at -1), 0 outside."""
    array = np.asarray(values, dtype=np.float64)
    out = np.zeros_like(array)
    if shift < 0 and -shift < len(array):
        out[-shift:] = array[:shift]
    elif shift > 0 and shift < len(array):
        out[:-shift] = array[shift:]
    return out


def _distance_to(flags: npt.NDArray[np.bool_], pos: Ints, side: int) -> Floats:
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


def _run_lengths(flags: npt.NDArray[np.bool_]) -> Floats:
    """For each position, the length of the run of true flags it stands in (0 if false)."""
    out = np.zeros(len(flags))
    if not flags.any():
        return out
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        out[start:end] = end - start
    return out


#: The columns of the integer input of :func:`span_scores`, in order.
SPAN_INPUTS = (
    "index", "place", "words", "stopwords", "sentence_end", "chars", "colon_end", "notice",
    "code",
)  # fmt: skip


def span_scores(
    ints: Ints,
    digits: Floats,
    *,
    last: int,
    min_words: int,
    min_density: float,
    max_gain: float,
    tail: float,
    short_run: int,
    cost: float,
    teaser_factor: float,
) -> tuple[Floats, npt.NDArray[np.bool_], tuple[int, int], npt.NDArray[np.bool_], Bools]:
    """The span rules' score of each non-blank line, its teaser flags, the core span, and
    which lines are body and which menu-like.

    ``ints`` holds one row per non-blank line of a view, columns :data:`SPAN_INPUTS`
    (``place``: the line's position in the view, blank lines included); ``last`` is the
    number of the view's last line (at least 1). See
    :meth:`newsclean.filters.span.ArticleSpan.scores` for the rules. The core span is
    ``(-1, -1)`` when no line scores above zero. A body line has at least ``min_words``
    words, a stopword density of at least ``min_density``, and ends like a sentence or
    has 100 characters or ends with a colon; a menu-like line has at most 3 words, no
    stopword, no sentence end, no code mark, no colon at the end.
    """
    out: list[float] = []
    body: list[bool] = []
    menu: list[bool] = []
    run = 0
    previous_index = -1
    previous_place = -1
    for row in ints.tolist():
        index, place, words, stop, send, chars, colon, notice, code = row
        # Lines earlier filters removed since the previous non-blank line.
        run += (index - previous_index) - (place - previous_place)
        previous_index, previous_place = index, place
        density = stop / words if words else 0.0
        body.append(
            words >= min_words and density >= min_density and bool(send or chars >= 100 or colon)
        )
        menu.append(words <= 3 and not stop and not send and not code and not colon)
        if body[-1]:
            gain = min(chars / 100, max_gain)
        elif send and words >= 4:
            gain = 0.0
        else:
            gain = -1.0
        if gain > 0:
            where = index / last
            if where > tail:
                gain *= 1 - 0.5 * (where - tail) / (1 - tail)
            out.append(gain * 0.25 if notice else gain)
            run = 0
        elif gain == 0 or code:
            out.append(0.0)  # a short sentence, or a line of a code listing
        elif words >= 3 and stop and digits[len(out)] < 0.2:
            out.append(-0.3)  # short text: a subheading, a list item, a kicker
        else:
            run += 1
            out.append(-0.3 if run <= short_run else -cost)
    teasers = discount_teasers(out, teaser_factor)
    flags = np.zeros(len(out), dtype=bool)
    flags[sorted(teasers)] = True
    found = max_span(out)
    return (
        np.array(out, dtype=np.float64),
        flags,
        (-1, -1) if found is None else found,
        np.array(body, dtype=bool),
        np.array(menu, dtype=bool),
    )


#: What :func:`span_plan` finds: each line's span score, the teaser positions, the core
#: span (``None`` when no line scores above zero), the grown span (``(-1, -1)`` without a
#: core), the headline positions kept before it, how many lines are menu-like, the first
#: and the last line that is not (``n`` and ``-1`` when none), and the grown span's mass
#: (``math.fsum`` of its scores; 0.0 without a core).
SpanLayout = tuple[
    list[float], set[int], "tuple[int, int] | None", int, int, set[int], int, int, int, float
]


def span_plan(
    ints: Ints,
    flags: npt.NDArray[np.uint8],
    digits: Floats,
    *,
    stopwords: bool,
    last: int,
    min_words: int,
    min_density: float,
    max_gain: float,
    tail: float,
    short_run: int,
    cost: float,
    teaser_factor: float,
    barrier: int,
    headline_lines: int,
) -> SpanLayout:
    """The span rules' plan of a view's non-blank lines (their rows of :func:`line_table`'s
    arrays, as :func:`article_matrix` takes them): :func:`span_scores`, then the core
    span grown over further body lines that no run of ``barrier`` menu-like lines (lines
    earlier filters removed count as such) separates from it, a lead-in sentence ending
    in a colon right after it taken in, and the up to ``headline_lines`` lines right
    before it that read as headline or lead (2 words or more, at most 300 characters, at
    most 30% digits). The grown span's mass is ``math.fsum`` of its scores.
    See :class:`newsclean.filters.span.ArticleSpan`.
    """
    table = table_of(ints, flags, digits, stopwords=stopwords)
    place = table.place
    columns = (table.index, place, table.words, table.stopwords, table.sentence_end)
    more = (table.chars, table.colon_end, table.notice, table.code)
    rows = np.ascontiguousarray(np.array((*columns, *more), dtype=np.int64).T)
    values, teaser_flags, core, bodies, menus = span_scores(
        rows,
        table.digits,
        last=last,
        min_words=min_words,
        min_density=min_density,
        max_gain=max_gain,
        tail=tail,
        short_run=short_run,
        cost=cost,
        teaser_factor=teaser_factor,
    )
    scores: list[float] = values.tolist()
    teasers = set(np.flatnonzero(teaser_flags).tolist())
    body: list[bool] = bodies.tolist()
    menu: list[bool] = menus.tolist()
    n = len(scores)
    head = next((pos for pos, flag in enumerate(menu) if not flag), n)
    back = next((pos for pos in range(n - 1, -1, -1) if not menu[pos]), -1)
    if core[0] < 0:
        return scores, teasers, None, -1, -1, set(), menu.count(True), head, back, 0.0
    index: list[int] = rows[:, 0].tolist()
    places: list[int] = rows[:, 1].tolist()
    start, end = core
    for step in (1, -1):
        pos = end if step == 1 else start
        run = 0
        probe = pos + step
        while 0 <= probe < n:
            gap = abs(places[probe] - places[probe - step]) - 1
            # Removed lines between the two.
            run += abs(index[probe] - index[probe - step]) - 1 - gap
            if run >= barrier:
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
    after = end + 1
    if (
        after < n
        and table.colon_end[after]
        and table.words[after] >= 4
        and table.stopwords[after] >= 2
        and not table.notice[after]
    ):
        end = after  # "Das Papier finden Sie hier:" ends the article, it points to a link
    kept: set[int] = set()
    for pos in range(start - 1, max(-1, start - 1 - headline_lines), -1):
        if table.words[pos] < 2 or table.chars[pos] > 300 or table.digits[pos] > 0.3:
            break
        kept.add(pos)
    return (
        scores,
        teasers,
        (int(core[0]), int(core[1])),
        start,
        end,
        kept,
        menu.count(True),
        head,
        back,
        math.fsum(scores[start : end + 1]),
    )


#: The settings of :func:`span_plan` in the order :func:`_article_span_plan` takes them.
SPAN_SETTINGS = (
    "min_words",
    "min_density",
    "max_gain",
    "tail",
    "short_run",
    "cost",
    "teaser_factor",
    "barrier",
    "headline_lines",
)


def _article_span_plan(
    view: tuple[Any, Ints, npt.NDArray[np.uint8], Floats],
    stopwords: bool,
    last: int,
    settings: tuple[Any, ...],
) -> SpanLayout:
    """:func:`span_plan` of a view's ``(lines, ints, flags, digits)`` (what
    ``filters.features.view_arrays`` gives) with its settings in one tuple, in the order
    of :data:`SPAN_SETTINGS` (the span filter makes it once, not a mapping a call).
    """
    if len(settings) != len(SPAN_SETTINGS):
        raise ValueError("_article_span_plan: settings are the 9 of SPAN_SETTINGS")
    named = dict(zip(SPAN_SETTINGS, settings, strict=True))
    _, ints, flags, digits = view
    return span_plan(ints, flags, digits, stopwords=stopwords, last=last, **named)


def _article_mass(values: list[float]) -> float:
    """``math.fsum(values)``: the kernel's twin sums the span's scores (span_plan's mass)
    with its own port of CPython's ``math.fsum``, which this checks.

    >>> _article_mass([0.1] * 10), _article_mass([1e-16, 1.0, 1e16])
    (1.0, 1.0000000000000002e+16)
    """
    return math.fsum(values)


def discount_teasers(scores: list[float], factor: float) -> set[int]:
    """Scale down body lines in teaser-list shape, in place; return their positions.

    A teaser list is a run of short texts, each framed by non-body lines (kicker and
    headline before, the next item after). Three or more framed body lines in a row,
    with only non-body lines between them, are such a run: each scores ``factor`` times
    its gain, so that a list of teasers does not outweigh the article.

    >>> scores = [-0.3, 1.5, -0.3, -0.3, 1.5, -0.3, 1.2, -0.3, 4.0, 3.0]
    >>> sorted(discount_teasers(scores, 0.5))
    [1, 4, 6]
    >>> scores[1], scores[4], scores[6], scores[8]
    (0.75, 0.75, 0.6, 4.0)
    """
    framed = [
        pos
        for pos, value in enumerate(scores)
        if value > 0
        and (pos == 0 or scores[pos - 1] < 0)
        and (pos == len(scores) - 1 or scores[pos + 1] < 0)
    ]
    group: list[int] = []
    teasers: set[int] = set()
    for pos in [*framed, -1]:
        if group and pos >= 0 and all(scores[i] <= 0 for i in range(group[-1] + 1, pos)):
            group.append(pos)
            continue
        if len(group) >= 3:
            for item in group:
                scores[item] *= factor
            teasers.update(group)
        group = [pos]
    return teasers


def max_span(scores: Sequence[float]) -> tuple[int, int] | None:
    """The (start, end) positions of the maximum-sum run, or ``None`` if nothing is positive.

    >>> max_span([-1, 3, -1, 2, -5, 1])
    (1, 3)
    >>> max_span([-1, -1]) is None
    True
    """
    best = 0.0
    best_span: tuple[int, int] | None = None
    total = 0.0
    start = 0
    for pos, value in enumerate(scores):
        if total <= 0:
            total, start = value, pos
        else:
            total += value
        if total > best:
            best, best_span = total, (start, pos)
    return best_span


def make_triggers(words: dict[str, int]) -> tuple[tuple[str, int], ...]:
    """The table :func:`trigger_mask` takes: word -> bits (words of two characters or more;
    see there)."""
    return tuple(words.items())


def trigger_mask(text: str, table: Sequence[tuple[str, int]]) -> int:
    """The bits of every word of ``table`` (:func:`make_triggers`) that occurs in ``text``,
    or-ed together.

    >>> trigger_mask("wir nutzen cookies", make_triggers({"cookie": 1, "nutzt": 2, "wir": 4}))
    5
    """
    found = 0
    for word, bits in table:
        if word in text:
            found |= bits
    return found


def folded(text: str) -> str:
    """The case folding of ``text`` with each decimal digit read as ``"0"``: the text a
    folding table of the compiled kernel (``Triggers(words, True)``) finds words in, as
    :func:`trigger_mask` finds them in it. So ``"0:00"`` stands for a digit, a colon and
    two digits ("12:30", "٣:١٥").

    >>> folded("Stand: 12:30 STRASSE ٣")
    'stand: 00:00 strasse 0'
    """
    text = text.casefold()
    if not any(char.isdecimal() for char in text):
        return text
    return "".join(["0" if char.isdecimal() else char for char in text])


def may_hold_digit(text: str) -> bool:
    """Whether ``text`` holds a decimal digit (``str.isdecimal``) or a character above
    U+FFFF (whatever it is).

    >>> may_hold_digit("Seite 3"), may_hold_digit("Seite ٣"), may_hold_digit("Seite drei")
    (True, True, False)
    """
    return any(char.isdecimal() or char > "\uffff" for char in text)


class PatternMatcher:
    """What ``newsclean.langdata.PatternSet.match`` says of a line: the reason of the first
    pattern that matches it as a whole, or ``None`` (see there for the shortcuts).

    * ``words``: required word -> its bits, as :func:`make_triggers` takes them, found in
      the line's :func:`folded` text (a digit read as "0");
    * ``anchored``: ``(reason, compiled)`` of each pattern tried with ``fullmatch``, in
      order; ``choose(prefix)`` gives the numbers of those that a line starting with
      ``prefix`` may match (its first two characters when both are ASCII, else its first
      one), in order; a pair of ASCII characters is asked for when it is seen a second
      time (the first time, the plan of its first character is tried: a superset);
    * ``floating``: ``(low, high, core, reason)`` of each wildcard pattern: it matches
      where the leftmost match of ``core`` from ``low`` on starts at ``high`` at the latest;
    * ``needs``: ``(first bit, bits)`` of each pattern, anchored then floating: it is tried
      only on a line that holds a word of each of its bits ``first, first + 1, …``;
    * ``alternation``: instead of ``anchored`` and ``choose``, one compiled alternation of
      named groups tried as a whole (the name of the group that matched is the reason);
    * ``digits``: bits held by every line that may hold a digit (:func:`may_hold_digit`);
    * ``astral``: bits held by every line with a character above U+FFFF;
    * ``last_digit``: bits held by every line whose last character is decimal
      (``str.isdecimal``) or above U+FFFF;
    * ``memo``: line text -> result, kept for lines of at most ``memo_text`` characters and
      emptied when it holds ``memo_lines``. The results are a pure function of the text.

    The patterns are ``regex`` patterns: they are called with ``concurrent=False`` (as a
    fourth argument), which keeps the GIL through a match. Releasing it around each of
    thousands of short matches a page cost more than the matching of a short line.

    >>> import regex
    >>> matcher = PatternMatcher(
    ...     {"cookie": 1}, [("share", regex.compile("(?i)teilen"))],
    ...     [(0, 40, regex.compile(r"(?i)cookies?.{0,9}\\Z"), "notice")], [(0, 0), (0, 1)],
    ...     choose=lambda prefix: (0,), memo={}, memo_lines=10, memo_text=300,
    ... )
    >>> matcher.match("TEILEN"), matcher.match("Wir nutzen Cookies."), matcher.match("Teil")
    ('share', 'notice', None)
    """

    def __init__(
        self,
        words: dict[str, int],
        anchored: Sequence[tuple[str, Any]],
        floating: Sequence[tuple[int, int, Any, str]],
        needs: Sequence[tuple[int, int]],
        *,
        choose: Callable[[str], Sequence[int]] | None,
        memo: dict[str, str | None],
        alternation: Any = None,
        digits: int = 0,
        astral: int = 0,
        last_digit: int = 0,
        memo_lines: int,
        memo_text: int,
        memo_plans: int = 20_000,
    ) -> None:
        masks = [((1 << count) - 1) << first for first, count in needs]
        self._table = make_triggers(words)
        self._words = bool(words)
        self._anchored = [
            (reason, compiled, need)
            for (reason, compiled), need in zip(anchored, masks[: len(anchored)], strict=True)
        ]
        self._floating = [
            (low, high, core, reason, need)
            for (low, high, core, reason), need in zip(
                floating, masks[len(anchored) :], strict=True
            )
        ]
        self._choose = choose
        self._alternation = alternation
        self._digits = digits
        self._astral = astral
        self._last_digit = last_digit
        # a plan of patterns by line start; _SEEN for a pair seen once (no plan asked yet)
        self._plans: dict[str, Sequence[int] | Literal[False]] = {}
        self.memo = memo
        self._memo_lines = memo_lines
        self._memo_text = memo_text
        self._memo_plans = memo_plans

    def match(self, text: str) -> str | None:
        """The reason of the first pattern that matches the whole of ``text``, or ``None``."""
        memo = self.memo
        reason = memo.get(text, _MISSING)
        if reason is not _MISSING:
            return reason  # type: ignore[return-value]
        reason = self._match(text)
        if len(text) <= self._memo_text:
            if len(memo) >= self._memo_lines:
                memo.clear()
            memo[text] = reason
        return reason

    def _match(self, text: str) -> str | None:
        found = trigger_mask(folded(text), self._table) if self._words else 0
        if self._digits and may_hold_digit(text):
            found |= self._digits
        if self._astral and text and max(text) > "\uffff":
            found |= self._astral
        if self._last_digit and text and (text[-1].isdecimal() or text[-1] > "\uffff"):
            found |= self._last_digit
        if self._alternation is not None:
            whole = self._alternation.fullmatch(text)
            if whole is not None:
                return whole.lastgroup  # type: ignore[no-any-return]
        elif self._choose is not None:
            prefix = text[:2]
            if len(prefix) < 2 or not prefix.isascii():
                prefix = text[:1]
            plan = self._plans.get(prefix)
            if plan is None or plan is _SEEN:
                if plan is None and len(prefix) == 2:
                    # A pair seen for the first time: the plan of its first character,
                    # which holds every pattern of the pair's; its own when seen again.
                    if len(self._plans) < self._memo_plans:
                        self._plans[prefix] = _SEEN
                    prefix = text[:1]
                    plan = self._plans.get(prefix)
                if plan is None or plan is _SEEN:
                    plan = self._choose(prefix)
                    if len(self._plans) < self._memo_plans:
                        self._plans[prefix] = plan
            for number in plan:
                reason, compiled, need = self._anchored[number]
                if found & need == need and compiled.fullmatch(text, None, None, False) is not None:
                    return reason
        for low, high, core, reason, need in self._floating:
            if found & need == need:
                hit = core.search(text, low, None, False)
                if hit is not None and hit.start() <= high:
                    return reason
        return None


def normal_forms(
    texts: list[str], fold: Callable[[str], str], reference: Callable[[str], str]
) -> tuple[list[str], list[int]]:
    """Every line's normal form and key.

    The normal form of a line is ``reference(text)`` (:func:`newsclean.lines.normalise_line`:
    NFKC, case-folded, digits to ``0``, runs of other characters than letters, marks and
    digits to one space, trimmed); ``fold(char)`` is one character's part of it (its case
    folding, digits to ``0``, separators to a space). The key is the xxh3-64 hash of the
    form's UTF-8, ``1`` where that hash is 0, and ``0`` for an empty form.

    Equal to the reference on every line (tests check it on real pages and on arbitrary
    Unicode), and several times faster, because most characters are ASCII and ASCII needs
    no Unicode tables:

    * NFKC runs only on the lines that are not NFKC already (a line break is a
      normalisation boundary, so line by line equals all at once);
    * ``lower()`` then folds ASCII; each *distinct* non-ASCII character of the document is
      folded once and replaced (``casefold(c) == casefold(lower(c))`` for every ``c``);
    * one ``bytes.translate`` folds the ASCII punctuation and digits, and space runs
      collapse, on the UTF-8 bytes that are hashed anyway.

    >>> from newsclean.lines import _fold_char, normalise_line
    >>> normal_forms(["Auch  Interessant:", "+"], _fold_char, normalise_line)
    (['auch interessant', ''], [15621580712033862145, 0])
    """
    forms = _normal_bytes(texts, fold, reference)
    norms = b"\n".join(forms).decode("utf-8", "surrogatepass").split("\n")
    if len(norms) != len(forms):  # a reference form with a line break inside
        norms = [form.decode("utf-8", "surrogatepass") for form in forms]
    hash_ = xxhash.xxh3_64_intdigest
    return norms, [(hash_(form) or 1) if form else 0 for form in forms]


def _normal_bytes(
    texts: list[str], fold: Callable[[str], str], reference: Callable[[str], str]
) -> list[bytes]:
    """The normal form of every line as UTF-8 (see :func:`normal_forms`)."""
    is_normalized = unicodedata.is_normalized
    joined = "\n".join(
        text if is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)
        for text in texts
    ).lower()
    try:
        data = joined.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return [reference(text).encode("utf-8", "surrogatepass") for text in texts]
    if not joined.isascii():
        changes: dict[str, str] = {}
        for char in set(data.translate(None, _ASCII_BYTES).decode("utf-8")):
            folded = fold(char)
            if folded != char:
                changes[char] = folded
        if changes:
            if any(ch in changes for folded in changes.values() for ch in folded):
                # A replacement would be replaced again: the reference, line by line.
                return [reference(text).encode("utf-8", "surrogatepass") for text in texts]
            # str.replace of one character is a fast scan; bytes.replace of a UTF-8
            # sequence is not (typographic characters share their first two bytes).
            for char, folded in changes.items():
                joined = joined.replace(char, folded)
            data = joined.encode("utf-8")
    data = _SPACE_RUNS.sub(b" ", data.translate(_ASCII_FOLD))
    forms = data.split(b"\n")
    if len(forms) != len(texts):  # a line break inside a line (prepare() splits on them)
        return [reference(text).encode("utf-8", "surrogatepass") for text in texts]
    return [form.strip(b" ") for form in forms]


# ASCII folding for keys, byte for byte: letters stay, digits become "0", and everything
# else but the line break (punctuation, symbols, spaces, tabs, controls) becomes a space.
# Bytes >= 0x80 (UTF-8 of non-ASCII characters, already folded) stay as they are.
_ASCII_FOLD = bytes(
    c if c >= 0x80 or c == 0x0A or chr(c).isalpha() else ord("0") if chr(c).isdigit() else ord(" ")
    for c in range(256)
)
_ASCII_BYTES = bytes(range(0x80))
# A literal two-space prefix lets the regular expression engine skip ahead quickly.
_SPACE_RUNS = re.compile(rb"  +")


#: The characters that the clean-up steps of ``newsclean.lines.prepare`` change (line
#: breaks other than ``\n``, controls, BOM, lone surrogates), as a regex class body.
CLEANUP_CHARS = "\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff\ud800-\udfff"
#: What a byte of a UTF-8 sequence after its lead decodes to in Latin-1 or cp1252, as a
#: regex class body (the second character of a mojibake pair).
MOJIBAKE_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
#: What may stand for a later byte of a UTF-8 sequence of three or four bytes, after its
#: lead and first continuation, in text that ftfy can repair, as a regex class body: a
#: continuation character (:data:`MOJIBAKE_CONTINUATION`), a character that a byte
#: 0x80 to 0xBF decodes to in any other single-byte encoding ftfy tries (Windows-1250,
#: -1251, -1253, -1254, -1257, ISO 8859-2, Mac Roman, cp437), a space (a no-break
#: space that was turned into one: ftfy's restore_byte_a0), "?" or U+FFFD (a byte that
#: was lost: ftfy's replace_lossy_sequences), or a lead that restore_byte_a0 makes a
#: continuation with the space after it in an earlier round of ftfy ("Â " a no-break
#: space, "Å " "Š": "Â", "Ã", "Å", "Î", "Ð" and "Ù").
MOJIBAKE_LATER = (
    f"{MOJIBAKE_CONTINUATION} ?\u00c2\u00c3\u00c5\u00ce\u00d0\u00d9"
    "\u00c4-\u00c7\u00c9\u00d1\u00d6\u00d8\u00dc\u00df-\u00ef\u00f1-\u00f6\u00f8-\u00fc\u00ff"
    "\u0104\u0105\u013d\u013e\u0141\u0142\u0156\u0157\u015a\u015b\u015e\u015f\u0164\u0165"
    "\u0179-\u017c\u02c7\u02d8\u02db\u02dd\u0384-\u0386\u0388-\u038a\u038c\u038e\u038f"
    "\u03a9\u03c0\u0401-\u040c\u040e\u040f\u0451-\u045c\u045e\u045f\u0490\u0491\u2015"
    "\u20a7\u2116\u2202\u220f\u2211\u221e\u222b\u2260\u2264\u2265\u2310\u2502\u2510"
    "\u2524\u2551\u2555-\u2557\u255b-\u255d\u2561-\u2563\u2591-\u2593\ufffd"
)
#: Bits of :func:`text_marks`.
CLEANUP, BROKEN = 1, 2
_CLEANUP_RE = re.compile(f"[{CLEANUP_CHARS}]")
# The mojibake signatures: a C1 control, or a Latin-1/cp1252 lead character of a UTF-8
# sequence before a continuation character ("ï¿½", a replacement character decoded
# twice, is such a sequence); but a lead of three or four bytes (U+00E0 to U+00F4) before
# a soft hyphen or a no-break space counts only with one or two characters of
# MOJIBAKE_LATER after those. That pair alone ("ä" and a soft hyphen, "é" and a no-break
# space) is frequent in German and French text, and ftfy cannot repair it: it decodes the
# whole text, or runs of leads and continuations (decode_inconsistent_utf8: three
# characters for such a lead, the last a continuation or a space), from the bytes of a
# single-byte encoding as UTF-8, which needs every sequence whole; a byte is taken for a
# lost one only where a space, "?" or U+FFFD stands (restore_byte_a0,
# replace_lossy_sequences, all of MOJIBAKE_LATER). Every other pair counts as it is: in
# Mac Roman and cp437 mojibake, U+00E0 to U+00F4 are continuations, and "é¼" (of "Γé¼",
# the euro sign read as cp437) is a pair that ftfy repairs. What is given up: the
# mojibake of a character whose last byte reads as "æ" (in cp1257 and cp437: mostly CJK
# and Hangul) with a real soft hyphen or no-break space right after it; a review found
# none in European text read in any of ftfy's encodings, nor in the dev data or the dumps.
#: The mojibake signatures as a regex (``newsclean.lines.looks_broken`` compiles it too).
MOJIBAKE_SIGNATURES = (
    f"[\u00c2-\u00df][{MOJIBAKE_CONTINUATION}]"
    f"|[\u00e0-\u00f4](?![\u00a0\u00ad])[{MOJIBAKE_CONTINUATION}]"
    f"|[\u00e0-\u00ef][\u00a0\u00ad][{MOJIBAKE_LATER}]"
    f"|[\u00f0-\u00f4][\u00a0\u00ad][{MOJIBAKE_LATER}]{{2}}"
    "|[\u0080-\u009f]"
)
_BROKEN_RE = re.compile(MOJIBAKE_SIGNATURES)


def text_marks(text: str) -> int:
    """:data:`CLEANUP` when ``text`` holds a character of :data:`CLEANUP_CHARS`, plus
    :data:`BROKEN` when it holds a mojibake signature (what
    ``newsclean.lines.looks_broken`` looks for): one pass for both.

    >>> text_marks("Gr\u00c3\u00b6\u00c3\u0178e"), text_marks("a\x0cb"), text_marks("„Größe“ …")
    (2, 1, 0)
    """
    marks = CLEANUP if _CLEANUP_RE.search(text) else 0
    return marks | (BROKEN if _BROKEN_RE.search(text) else 0)


# The clean-up of prepare() (newsclean.lines), step by step: line breaks other than "\n"
# to "\n", then controls and BOMs out, then lone surrogates to U+FFFD.
BREAKS = regex.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c\x1c-\x1e]")
# C0/C1 controls other than tab and newline, BOM/zero-width no-break space.
CONTROLS = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufeff]+")
SURROGATES = regex.compile(r"[\ud800-\udfff]")


def cleaned_text(text: str) -> str:
    """``text`` cleaned up as :func:`newsclean.lines.prepare` does it: ``"\\r\\n"``,
    ``"\\r"`` and the other line breaks (U+2028/2029, NEL, VT, FF, U+001C-001E) to
    ``"\\n"``, then the controls but tab and newline and the BOM (U+FEFF) removed, then
    lone surrogates replaced by U+FFFD.

    >>> cleaned_text("a\\r\\nb\\r\\rc\\x0cd\\x00e\\ufeff\\ud800")
    'a\\nb\\n\\nc\\nde�'
    """
    text = CONTROLS.sub("", BREAKS.sub("\n", text))
    if SURROGATES.search(text):
        text = SURROGATES.sub("\ufffd", text)
    return text


_MISSING = object()

# PatternMatcher's plan of a pair of ASCII characters seen once (not asked for yet): never a
# plan, and (a singleton) the same object in a copied or unpickled matcher.
_SEEN: Literal[False] = False

#: What :func:`chrome_gate` found for a line: the key of a whole-line marker, a row of
#: markers, a line of symbols only, a pattern result known before, a line to match, a
#: line signed as a copyright notice.
WHOLE, ROW, SYMBOLS, KNOWN, MATCH, SIGNED = range(1, 7)
#: What :func:`chrome_gate` found for a line given a ``matcher``: no pattern matches it,
#: and it is flagged :data:`MENU` (a closer look of its own follows).
PLAIN = 7
#: Flags of :func:`chrome_gate`: reads as a body sentence, holds a notice word (or an
#: address cue), one word without digits, holds a notice word itself (may be long); and,
#: for the patterns filter, may be a menu written out as a row of words (:data:`MENU`).
SENTENCE, NOTICE, ONE_WORD, LONG, MENU = 1, 2, 4, 8, 16


def chrome_gate(
    lines: Sequence[tuple[int, str, int]],
    *,
    skip: Mapping[int, object],
    whole: Mapping[int, Any],
    runs: Mapping[int, Any],
    flags: bytes | npt.NDArray[np.uint8],
    max_length: int,
    starts: str,
    known: Mapping[str, str | None],
    long_length: int = 0,
    matcher: PatternMatcher | None = None,
    keys: KeyBits | None = None,
) -> list[tuple[int, int, int, Any]]:
    """The non-blank lines that a closer look may find chrome, in order, as ``(position
    among the non-blank lines, index, what, payload)``; ``what``:

    * :data:`WHOLE`: the key is in ``whole`` (payload: its value); lines whose key is in
      ``skip`` are passed over first;
    * :data:`ROW`: the index is in ``runs`` (payload: its value);
    * :data:`SYMBOLS`: no letter or digit (key 0), at most 3 characters;
    * :data:`KNOWN`: ``known`` has a result other than ``None`` for the text (payload);
    * :data:`MATCH`: ``known`` has no result for it, or has ``None`` and the line is
      flagged :data:`MENU` (a closer look of its own follows; payload: the text);
    * :data:`SIGNED`: it starts as a copyright notice does (:func:`signed`; payload
      ``None``), whatever its length and shape.

    Lines longer than ``max_length`` (except those of at most ``long_length`` characters
    flagged ``LONG``: a template's long sentence holds a notice word), lines of one word
    without digits (``flags[position] & ONE_WORD``) that do not start with a character of
    ``starts``, and lines that read as a sentence without a notice word (``SENTENCE``
    without ``NOTICE``) get no closer look.

    ``keys`` (a :class:`KeyBits` of every key of ``skip`` and ``whole``) only spares the
    compiled kernel lookups.

    With a ``matcher`` (:class:`PatternMatcher`, whose memo ``known`` is), a line to match
    is matched here: a reason makes it :data:`KNOWN` (payload: the reason); no reason
    makes it :data:`PLAIN` when it is flagged ``MENU`` (payload: the text), and leaves it
    out otherwise. Nothing is then :data:`MATCH`.

    >>> lines = [(0, "Teilen", 7), (1, "", 0), (2, "+", 0), (3, "Foto: dpa", 9)]
    >>> chrome_gate(lines, skip={}, whole={7: "share"}, runs={}, flags=bytes(3), max_length=300,
    ...             starts="+", known={})
    [(0, 0, 1, 'share'), (1, 2, 3, None), (2, 3, 5, 'Foto: dpa')]
    """
    out: list[tuple[int, int, int, Any]] = []
    position = -1
    for index, text, key in lines:
        if not text:
            continue
        position += 1
        if key in skip:
            continue
        hit = whole.get(key)
        if hit is not None:
            out.append((position, index, WHOLE, hit))
            continue
        parts = runs.get(index)
        if parts is not None:
            out.append((position, index, ROW, parts))
            continue
        if key == 0 and len(text) <= 3:
            out.append((position, index, SYMBOLS, None))
            continue
        if text[0] in "©Cc" and signed(text):
            out.append((position, index, SIGNED, None))
            continue
        flag = flags[position]
        if len(text) > max_length and (len(text) > long_length or not flag & LONG):
            continue
        if flag & ONE_WORD and text[0] not in starts:
            continue
        if flag & SENTENCE and not flag & NOTICE:
            continue
        reason = known.get(text, _MISSING)
        if matcher is not None:
            if reason is _MISSING:
                reason = matcher.match(text)
            if reason is not None:
                out.append((position, index, KNOWN, reason))
            elif flag & MENU:
                out.append((position, index, PLAIN, text))
        elif reason is _MISSING or (reason is None and flag & MENU):
            out.append((position, index, MATCH, text))
        elif reason is not None:
            out.append((position, index, KNOWN, reason))
    return out


def signed(text: str) -> bool:
    """Whether ``text`` starts as a copyright notice: with "©", or with "Copyright" and then
    "©", "(c)" or a year. No sentence of an article starts so, however long.

    >>> [signed(t) for t in ("© 2024 Site", "Copyright (c) Site", "COPYRIGHT 2020 Site",
    ...                      "Copyright law", "Copyright: Anna")]
    [True, True, True, False, False]
    """
    if text[:1] == "©":
        return True
    if text[:9].lower() != "copyright":
        return False
    rest = text[9:].lstrip()
    return rest[:1] == "©" or rest[:1].isdigit() or rest[:3].lower() == "(c)"


def view_rows(lines: Sequence[Any]) -> tuple[list[Any], Ints, Ints]:
    """The non-blank lines of a view (``Line`` tuples), their line indices, and each one's
    position in the view (blank lines counted).

    >>> rows = view_rows([(0, "a", 1), (2, "", 0), (5, "b", 2)])
    >>> rows[0], rows[1].tolist(), rows[2].tolist()
    ([(0, 'a', 1), (5, 'b', 2)], [0, 5], [0, 2])
    """
    chosen = [(place, line) for place, line in enumerate(lines) if line[1]]
    index = np.array([line[0] for _, line in chosen], dtype=np.int64)
    place = np.array([place for place, _ in chosen], dtype=np.int64)
    return [line for _, line in chosen], index, place


# The tests of newsclean.filters.base.is_body_like, as it makes them.
_WORD_RUN = regex.compile(r"\w+")
_SENTENCE_END = regex.compile(r"(?<![.…])[.!?:;](?:[\"'“”‘’»«)\]]{0,3})$")


def body_like(
    items: Sequence[Any], min_words: int, is_word: Callable[[int], bool]
) -> npt.NDArray[np.bool_]:
    """For each item (a ``Line``, a ``Removal``: its text is ``item[1]``), whether its text
    reads as a full sentence of body text: :func:`newsclean.filters.base.is_body_like`
    with ``min_words``. ``is_word(code_point)`` tells whether a character is a word
    character (``\\w``).

    >>> texts = ["Der Rat hat am Montag den Haushalt für das kommende Jahr beschlossen.", "Ja."]
    >>> body_like([(0, text) for text in texts], 12, lambda code: chr(code).isalnum()).tolist()
    [True, False]
    """
    return np.array(
        [
            len(text) >= 40
            and _SENTENCE_END.search(text) is not None
            and len(_WORD_RUN.findall(text)) >= min_words
            for text in (item[1] for item in items)
        ],
        dtype=bool,
    )


def body_guard(
    removed: Mapping[int, Any],
    strong: Container[str],
    strong_reasons: Mapping[str, Container[str]],
    lines: Sequence[Any],
    listed: Container[int],
    *,
    min_words: int,
    is_word: Callable[[int], bool],
) -> list[int]:
    """The indices of the removed lines the body-sentence guard gives back, in order.

    Its candidates are the removals (``removed``: index -> ``Removal``, a tuple of the
    index, text, filter name and detail) that :func:`weak_removals` gives (a filter not in
    ``strong``, a line not ``listed``, a text that reads as body text) whose reason, the
    detail up to its first colon, is not one of the ``strong_reasons`` of their filter;
    of those, what :func:`restored_lines` gives back.

    >>> body = "Der Rat hat am Montag den Haushalt für das kommende Jahr beschlossen."
    >>> lines = [(0, body, 1), (1, body, 2), (2, body, 3)]
    >>> gone = {1: (1, body, "patterns", "template: x")}
    >>> is_word = lambda code: chr(code).isalnum()
    >>> body_guard(gone, {"duplicates"}, {}, lines, set(), min_words=12, is_word=is_word)
    [1]
    >>> reasons = {"patterns": {"template"}}
    >>> body_guard(gone, {"duplicates"}, reasons, lines, set(), min_words=12, is_word=is_word)
    []
    """
    candidates = weak_removals(
        removed.values(), strong, lines, listed, min_words=min_words, is_word=is_word
    )
    if candidates and strong_reasons:
        candidates = [
            r
            for r in candidates
            if r[3].partition(":")[0] not in strong_reasons.get(r[2], frozenset())
        ]
    if not candidates:
        return []
    return restored_lines(lines, removed, sorted(r[0] for r in candidates), min_words, is_word)


def restored_lines(
    lines: Sequence[Any],
    removed: Container[int],
    indices: Iterable[int],
    min_words: int,
    is_word: Callable[[int], bool],
) -> list[int]:
    """Which of the removed lines at ``indices`` (in order) the body-sentence guard gives
    back: each whose three nearest kept non-blank lines above it, and its three below,
    each hold a line whose text reads as a full sentence of body text (:func:`body_like`).
    The kept lines are those of ``lines`` (each at the position of its index) that are
    not blank and whose index ``removed`` does not hold, and each line given back joins
    them for the lines after it.

    >>> body = "Der Rat hat am Montag den Haushalt für das kommende Jahr beschlossen."
    >>> lines = [(0, body, 1), (1, "Teilen", 2), (2, body, 3), (3, "Mehr", 4)]
    >>> restored_lines(lines, {1, 3}, [1, 3], 12, lambda code: chr(code).isalnum())
    [1]
    """
    kept = kept_indices(lines, removed)
    body: dict[int, bool] = {}  # line index -> body_like (neighbouring lines share lines)

    def body_near(index: int, step: int) -> bool:
        # A kept body sentence among the next three kept lines (a subheading may stand
        # between two paragraphs).
        if step < 0:
            start = bisect.bisect_left(kept, index)
            near = kept[max(0, start - 3) : start]
        else:
            start = bisect.bisect_right(kept, index)
            near = kept[start : start + 3]
        for i in near:
            found = body.get(i)
            if found is None:
                found = body[i] = bool(body_like((lines[i],), min_words, is_word)[0])
            if found:
                return True
        return False

    out = []
    for index in indices:
        if body_near(index, -1) and body_near(index, 1):
            out.append(index)
            bisect.insort(kept, index)
    return out


def a_body_scan(
    items: Sequence[Any],
    start: int,
    stop: int,
    step: int,
    *,
    min_words: int,
    is_word: Callable[[int], bool],
) -> int:
    """The first position of ``range(start, stop, step)`` (``step`` 1 or -1; positions
    outside the items left out) whose item's text reads as a full sentence of body text
    (:func:`body_like`), or -1: the items between are never read.

    >>> texts = ["Ja.", "Der Rat hat am Montag den Haushalt für das kommende Jahr beschlossen."]
    >>> items, word = [(0, text) for text in texts], lambda code: chr(code).isalnum()
    >>> a_body_scan(items, 0, 2, 1, min_words=12, is_word=word)
    1
    >>> a_body_scan(items, 1, -1, -1, min_words=12, is_word=word)
    1
    >>> a_body_scan(items, 0, 1, 1, min_words=12, is_word=word)
    -1
    """
    if step not in (1, -1):
        raise ValueError("a_body_scan: the step is 1 or -1")
    for pos in range(start, stop, step):
        if 0 <= pos < len(items) and body_like((items[pos],), min_words, is_word)[0]:
            return pos
    return -1


def section_lines(
    lines: Sequence[tuple[int, str, int]],
    headings: Mapping[int, Any],
    runs: Mapping[int, Any],
    labels: Container[int] | None,
    keys: KeyBits | None = None,
    *,
    heading: str | None = None,
    thread: str | None = None,
    max_thread: int = 0,
    matcher: PatternMatcher | None = None,
) -> tuple[list[int], bool]:
    """:func:`heading_candidates`, and whether the key of a line (blank or not) is in
    ``labels`` (False without). ``keys`` (a :class:`KeyBits` of every key of ``headings``
    and ``labels``) only spares the compiled kernel lookups.

    With ``heading`` (the reason of a part that is a heading), only the candidates that are
    headings: a key in ``headings`` with a value, a row of ``runs`` whose first part's
    reason is ``heading``, or a line that starts with a digit, of at most ``max_thread``
    characters, that ``matcher`` matches with reason ``thread``.

    >>> section_lines([(0, "Autor", 5), (1, "", 0), (2, "3 Kommentare", 6)], {}, {}, {5})
    ([2], True)
    >>> section_lines([(0, "Autor", 5), (1, "", 0), (2, "3 Kommentare", 6)], {5: "Autor"}, {},
    ...               None, heading="heading", thread="thread", max_thread=200)
    ([0], False)
    """
    labelled = labels is not None and any(key in labels for _, _, key in lines)
    if heading is None:
        return heading_candidates(lines, headings, runs), labelled
    found = []
    for position, (index, text, key) in enumerate(lines):
        if not text:
            continue
        run = runs.get(index)
        if (
            headings.get(key) is not None
            or (run is not None and run[0][0] == heading)
            or (
                text[0].isdigit()
                and len(text) <= max_thread
                and matcher is not None
                and matcher.match(text) == thread
            )
        ):
            found.append(position)
    return found, labelled


class KeyBits:
    """Line keys (``keys``), which the compiled kernel tells most lines are none of
    without a dictionary lookup (by a set of bits); here just a set.

    >>> KeyBits([5, 7]).may_hold(5), KeyBits([5, 7]).may_hold(6)
    (True, False)
    """

    def __init__(self, keys: Iterable[int]) -> None:
        self.keys = frozenset(keys)

    def may_hold(self, key: object) -> bool:
        """Whether ``key`` may be one of the keys (False: it is none)."""
        return key in self.keys

    def __reduce__(self) -> tuple[Any, ...]:
        return (KeyBits, (self.keys,))


def heading_candidates(
    lines: Sequence[tuple[int, str, int]], headings: Mapping[int, Any], runs: Mapping[int, Any]
) -> list[int]:
    """The positions (in ``lines``, blank lines counted) of the non-blank lines whose key is
    in ``headings``, whose index is in ``runs``, or whose first character is a digit.

    >>> heading_candidates([(0, "Kommentare", 5), (1, "", 0), (2, "3 Kommentare", 6)], {5: ""}, {})
    [0, 2]
    """
    return [
        position
        for position, (index, text, key) in enumerate(lines)
        if text and (key in headings or index in runs or text[0].isdigit())
    ]


def near_pairs(
    lines: Sequence[tuple[int, str, int]],
    norms: Sequence[str],
    marked: Collection[int],
    *,
    window: int,
    limit: int,
    stretch: float,
    reach: float = 0.0,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The pairs of ``lines`` (``later``, ``earlier`` position) the near-duplicate test
    looks at, the normal form of a line being ``norms[index]``: the earlier line within
    ``window`` lines before the later one, neither in ``marked``, both with a normal form
    of 12 characters or more and a text of at most ``2 * limit`` characters, the later one
    of at most ``limit``. Returns the pairs whose later text ends with an ellipsis and
    whose earlier form starts with the later one (a cut-off repeat), and the pairs whose
    normal forms differ in length by less than ``stretch`` allows and whose characters
    let the ratio reach ``reach`` (either may reach the score); in order of the later
    line, then of the distance.

    The ratio of two forms (``fuzz.ratio``) is ``200 * common / (len(a) + len(b))``, where
    ``common`` is the length of their longest common subsequence: at most the characters
    they share, counted with repeats. Counting characters by code point modulo 64 (a
    few counters per line, compared at once) only adds to what is shared, so a pair with
    ``200 * shared / (len(a) + len(b)) < reach`` cannot reach it, and is left out.

    >>> norms = ["stadtrat beschliesst", "", "stadtrat beschliesst mehr", "stadtrat be"]
    >>> texts = ["Stadtrat beschließt", "Stadtrat beschließt mehr", "Stadtrat be …"]
    >>> lines = [(0, texts[0], 7), (2, texts[1], 8), (3, texts[2], 9)]
    >>> near_pairs(lines, norms, set(), window=8, limit=300, stretch=0.8)
    ([], [(1, 0)])
    >>> near_pairs(lines, norms, set(), window=8, limit=300, stretch=0.8, reach=90.0)
    ([], [])
    """
    texts = [line[1] for line in lines]
    norms = [norms[line[0]] for line in lines]
    earlier = [
        len(norm) >= 12 and len(text) <= 2 * limit and position not in marked
        for position, (text, norm) in enumerate(zip(texts, norms, strict=True))
    ]
    counts = [_char_counts(norm) if take else [] for take, norm in zip(earlier, norms, strict=True)]
    cut: list[tuple[int, int]] = []
    fuzzy: list[tuple[int, int]] = []
    for later, text in enumerate(texts):
        if not earlier[later] or len(text) > limit:
            continue
        cut_off = text.endswith(("…", "...", "…\n", "...\n"))
        b = len(norms[later])
        for other in range(later - 1, max(later - window, 0) - 1, -1):
            if not earlier[other]:
                continue
            if cut_off and norms[other].startswith(norms[later]):
                cut.append((later, other))
            a = len(norms[other])
            if min(a, b) < max(a, b) * stretch:
                continue
            shared = sum(map(min, counts[later], counts[other]))
            if not 200 * shared / (a + b) < reach:
                fuzzy.append((later, other))
    return cut, fuzzy


def has_new_near_pair(
    seen: Sequence[tuple[int, str, int]],
    lines: Sequence[tuple[int, str, int]],
    where: Sequence[int],
    norms: Sequence[str],
    *,
    window: int,
    limit: int,
    stretch: float,
    reach: float = 0.0,
) -> bool:
    """Whether a later cleaning round's ``lines`` hold a pair of lines with a key that
    :func:`near_pairs` (no line marked; the other arguments as there) gives and that the
    round before did not look at: more than ``window`` apart among ``seen``, the lines
    with a key the duplicates filter was shown the round before, in order.
    ``where[index]`` is a line's index in the round before. True also when a line with a
    key is not found among ``seen``, read in order, with its key (undecided).

    >>> seen = [(0, "a" * 12, 5), (1, "b" * 12, 6), (2, "a" * 12 + "x", 7)]
    >>> lines = [(0, "a" * 12, 5), (1, "a" * 12 + "x", 7)]
    >>> norms = ["a" * 12, "a" * 12 + "x"]
    >>> has_new_near_pair(seen, lines, [0, 2], norms, window=2, limit=300, stretch=0.8)
    False
    >>> has_new_near_pair(seen, lines, [0, 2], norms, window=1, limit=300, stretch=0.8)
    True
    """
    keyed = []  # the lines with a key
    at: list[int] = []  # each one's position among seen, found in order
    position = 0
    for line in lines:  # in order, as the kernel reads them (it stops where this does)
        key = line[2]
        if not key:
            continue
        origin = where[line[0]]
        while position < len(seen) and seen[position][0] < origin:
            position += 1
        if position == len(seen) or seen[position][0] != origin or seen[position][2] != key:
            return True
        keyed.append(line)
        at.append(position)
        position += 1
    cut, fuzzy = near_pairs(
        keyed, norms, set(), window=window, limit=limit, stretch=stretch, reach=reach
    )
    return any(at[later] - at[earlier] > window for later, earlier in (*cut, *fuzzy))


def _char_counts(text: str) -> list[int]:
    """How many characters of ``text`` have each code point modulo 64."""
    counts = [0] * 64
    for char in text:
        counts[ord(char) & 63] += 1
    return counts


def without(lines: Sequence[Any], removed: Container[int]) -> tuple[Any, ...]:
    """The lines (``Line`` tuples) whose index is not in ``removed``, as a tuple (what a
    :class:`~newsclean.Doc` holds, so a view of them copies nothing).

    >>> without([(0, "a", 1), (1, "b", 2)], {1})
    ((0, 'a', 1),)
    """
    return tuple(line for line in lines if line[0] not in removed)


def kept_indices(lines: Sequence[Any], removed: Container[int]) -> list[int]:
    """The indices of the non-blank lines (``Line`` tuples) whose index is not in
    ``removed``, in order: ``view_rows(without(lines, removed))[1].tolist()``.

    >>> kept_indices([(0, "a", 1), (1, "", 0), (2, "b", 2), (3, "c", 3)], {2})
    [0, 3]
    """
    return [line[0] for line in lines if line[1] and line[0] not in removed]


def without_marked(
    lines: Sequence[Any], marks: Sequence[tuple[int, str]], removed: Container[int]
) -> tuple[Any, ...]:
    """The lines (``Line`` tuples) but those whose index a mark names and ``removed``
    holds: :func:`without` for lines none of which ``removed`` held before the marks
    were recorded (what a filter's marks take away from the lines it was shown).

    >>> without_marked([(0, "a", 1), (1, "b", 2), (2, "", 0)], [(1, "x"), (2, "y")], {1: "x"})
    ((0, 'a', 1), (2, '', 0))
    """
    marked = {mark[0] for mark in marks}
    return tuple(line for line in lines if line[0] not in marked or line[0] not in removed)


class WordEnds:
    """The words a row of markers (:func:`marker_rows`) may start and end with: the first
    words (``firsts``) and the last words (``lasts``) of the normal forms of the markers.

    A split's parts are words joined by single spaces, each the normal form of a marker
    (its key is the part's hash): so a row's first word is the first word of a marker, its
    last word the last word of one. Any other normal form is no row.
    """

    def __init__(self, firsts: Iterable[str], lasts: Iterable[str]) -> None:
        self.firsts = frozenset(firsts)
        self.lasts = frozenset(lasts)

    def __reduce__(self) -> tuple[Any, ...]:
        return (WordEnds, (self.firsts, self.lasts))


def marker_rows(
    lines: Sequence[tuple[int, str, int]],
    headings: Mapping[int, str],
    whole: Mapping[int, tuple[str, str]],
    norms: Sequence[str] | Mapping[int, str],
    memo: dict[str, Any],
    *,
    heading: str,
    max_words: int,
    max_part: int,
    ends: WordEnds | None = None,
    words: Sequence[int] | npt.NDArray[np.int64] | None = None,
) -> list[tuple[int, tuple[tuple[str, str], ...]]]:
    """``(index, parts)`` of each non-blank line, in order, whose normal form
    (``norms[index]``) :func:`marker_split` splits into ``parts``; lines whose key is in
    ``headings`` or ``whole`` and forms of ``max_words`` spaces or more are passed over,
    and so are those whose first or last word is not one of ``ends`` (see
    :class:`WordEnds`), which no split has. ``memo`` (form -> its split, or ``None``)
    gives the splits it holds and gets those it lacks.

    ``words``, the words of each non-blank line's normal form (as :func:`word_stats`
    counts them), in order, passes over a line of more than ``max_words`` words (it has
    ``max_words`` spaces or more) without reading its form.

    >>> from newsclean.lines import line_key
    >>> whole = {line_key("Teilen"): ("share", "Teilen"), line_key("Senden"): ("share", "Senden")}
    >>> lines = [(0, "Teilen", line_key("Teilen")), (1, "", 0), (2, "Teilen Senden", 8)]
    >>> memo = {}
    >>> marker_rows(lines, {}, whole, ["teilen", "", "teilen senden"], memo,
    ...             heading="heading", max_words=6, max_part=5)
    [(2, (('share', 'Teilen'), ('share', 'Senden')))]
    >>> memo
    {'teilen senden': (('share', 'Teilen'), ('share', 'Senden'))}
    """
    rows: list[tuple[int, tuple[tuple[str, str], ...]]] = []
    position = -1
    for index, text, key in lines:
        if not text:
            continue
        position += 1
        if words is not None and position < len(words) and words[position] > max_words:
            continue
        norm = norms[index]
        if norm.count(" ") >= max_words:
            continue
        if ends is not None:
            split = norm.split()
            if len(split) < 2 or split[0] not in ends.firsts or split[-1] not in ends.lasts:
                continue
        if key in headings or key in whole:
            continue
        parts = memo.get(norm, _MISSING)
        if parts is _MISSING:
            parts = memo[norm] = marker_split(
                norm, headings, whole, heading=heading, max_words=max_words, max_part=max_part
            )
        if parts is not None:
            rows.append((index, parts))
    return rows


def marker_split(
    norm: str,
    headings: Mapping[int, str],
    lines: Mapping[int, tuple[str, str]],
    *,
    heading: str,
    max_words: int,
    max_part: int,
) -> tuple[tuple[str, str], ...] | None:
    """Split a normal form of 2 to ``max_words`` words into two or more parts of at most
    ``max_part`` words, each the normal form of a marker: ``(heading, text)`` for a key
    in ``headings``, else the value of ``lines`` for it. The split with the fewest parts
    wins (longer parts before shorter ones); ``None`` when there is none.

    A part's key is the xxh3-64 hash of its UTF-8 (``1`` for a hash of 0), as a line's.

    >>> from newsclean.lines import line_key
    >>> marker_split("teilen drucken", {}, {line_key("Teilen"): ("share", "Teilen"),
    ...     line_key("Drucken"): ("share", "Drucken")}, heading="heading", max_words=6,
    ...     max_part=5)
    (('share', 'Teilen'), ('share', 'Drucken'))
    """
    words = norm.split()
    count = len(words)
    if not 2 <= count <= max_words:
        return None
    hash_ = xxhash.xxh3_64_intdigest
    # best[i]: the fewest parts that cover words[:i] (None: not coverable).
    best: list[tuple[tuple[str, str], ...] | None] = [None] * (count + 1)
    best[0] = ()
    for start in range(count):
        done = best[start]
        if done is None:
            continue
        for end in range(min(count, start + max_part), start, -1):
            key = hash_(" ".join(words[start:end]).encode("utf-8", "surrogatepass")) or 1
            found_heading = headings.get(key)
            part = (heading, found_heading) if found_heading is not None else lines.get(key)
            if part is None:
                continue
            found = (*done, part)
            current = best[end]
            if current is None or len(found) < len(current):
                best[end] = found
    result = best[count]
    return result if result is not None and len(result) >= 2 else None


def keyed_lines(
    lines: Sequence[tuple[int, str, int]],
) -> tuple[list[Any], list[tuple[int, int]]]:
    """The lines with a key (not 0), and for each repeated key ``(position, position of
    its first line)``, positions counted among the lines with a key.

    >>> keyed_lines([(0, "A", 5), (1, "", 0), (2, "B", 6), (3, "a", 5)])
    ([(0, 'A', 5), (2, 'B', 6), (3, 'a', 5)], [(2, 0)])
    """
    keyed = [line for line in lines if line[2]]
    first: dict[int, int] = {}
    repeats = []
    for position, line in enumerate(keyed):
        seen = first.setdefault(line[2], position)
        if seen != position:
            repeats.append((position, seen))
    return keyed, repeats


def repeat_reasons(
    lines: Sequence[tuple[int, str, int]],
    repeats: Sequence[tuple[int, int]],
    headline: Callable[[str], bool],
    unexplained: str | None = None,
) -> dict[int, str]:
    """The duplicates filter's reasons for the exact repeats of :func:`keyed_lines`
    (``lines``, ``repeats``), by position: a repeat two lines after its first line, a
    ``headline`` around a teaser of at most 400 characters not taken yet, marks the
    whole block as a teaser; every repeat itself repeats its first line (the first
    reason given to a position stays). With ``unexplained``, that is every reason (the
    same positions, none spelt out).

    >>> lines = [(0, "Titel", 1), (1, "Teaser", 2), (4, "Titel", 1), (5, "Titel", 1)]
    >>> repeat_reasons(lines, [(2, 0), (3, 0)], lambda text: True)
    {0: 'teaser block: headline at lines 0 and 4', 1: 'teaser block: headline at lines 0 \
and 4', 2: 'repeats line 0', 3: 'repeats line 0'}
    """
    marked: dict[int, str] = {}
    for pos, seen in repeats:
        line = lines[pos]
        if (
            pos - seen == 2
            and (pos - 1) not in marked
            and len(lines[pos - 1][1]) <= 400
            and headline(line[1])
        ):
            reason = f"teaser block: headline at lines {lines[seen][0]} and {line[0]}"
            marked.setdefault(seen, reason if unexplained is None else unexplained)
            marked.setdefault(pos - 1, reason if unexplained is None else unexplained)
        reason = f"repeats line {lines[seen][0]}" if unexplained is None else unexplained
        marked.setdefault(pos, reason)
    return marked


def model_scores(matrix: Floats, columns: Ints, weights: Ints, *, offset: int, scale: int) -> Ints:
    """Each row's score under a linear model in fixed point: the sum over ``columns`` of
    ``rint(value * scale) * weight``, plus ``offset``, floor-divided by ``scale``.

    >>> model_scores(np.array([[0.5, 1.0]]), np.array([1]), np.array([3]), offset=8, scale=4)
    array([5])
    """
    fixed = np.rint(matrix[:, columns] * scale).astype(np.int64)
    total: Ints = fixed @ weights + offset
    return total // scale


def worst_features(
    matrix: Floats, reference: Floats, scale: Floats, weights: Floats, count: int
) -> list[tuple[list[int], list[float]]]:
    """For each row, the ``count`` columns whose ``(value - reference) / scale * weight``
    is lowest, in order (ties: the earlier column), and those values: one
    ``(columns, values)`` pair per rank.

    >>> matrix = np.array([[1.0, 0.0, 3.0]])
    >>> worst_features(matrix, np.zeros(3), np.ones(3), np.array([1.0, 1.0, -1.0]), 2)
    [([2], [-3.0]), ([1], [0.0])]
    """
    moved: Floats = (matrix - reference) / scale
    parts: Floats = moved * weights
    rows = np.arange(len(parts))
    worst = []
    for _ in range(count):
        column = np.argmin(parts, axis=1)
        worst.append((column.tolist(), parts[rows, column].tolist()))
        parts[rows, column] = np.inf
    return worst


def chrome_reasons(
    scores: Floats | Sequence[float],
    worst: Sequence[tuple[Sequence[int], Sequence[float]]],
    names: Sequence[str],
    threshold: float,
    said: dict[Any, str],
) -> list[str]:
    """Why each row of the line model is chrome: its score (``scores``, in units) against
    ``threshold``, and the features among ``worst`` (what :func:`worst_features` gives:
    a ``(columns, values)`` pair per rank) that pull it down (a value below 0), each as
    ``"{names[column]} {value:+.1f}"``, remembered in ``said`` by ``(column, value)``.

    >>> chrome_reasons([-1.5, 0.25], [([0, 1], [-2.0, -0.5]), ([1, 0], [0.5, -0.04])],
    ...                ["short", "body"], 0.0, {})  # doctest: +NORMALIZE_WHITESPACE
    ['line model: score -1.50 below +0.00 (short -2.0)',
     'line model: score +0.25, inside a run of chrome lines (body -0.5, short -0.0)']
    """
    below = f"{threshold:+.2f}"
    out = []
    for row, score in enumerate(np.asarray(scores, dtype=np.float64).tolist()):
        texts = []
        for columns, values in worst:
            value = values[row]
            if value < 0:
                column = columns[row]
                part = said.get((column, value))
                if part is None:
                    part = said[column, value] = f"{names[column]} {value:+.1f}"
                texts.append(part)
        joined = ", ".join(texts)
        if score < threshold:
            out.append(f"line model: score {score:+.2f} below {below} ({joined})")
        else:
            out.append(f"line model: score {score:+.2f}, inside a run of chrome lines ({joined})")
    return out


def line_reasons(
    matrix: Floats,
    rows: Ints,
    scores: Ints,
    *,
    columns: Ints,
    reference: Floats,
    scale: Floats,
    weights: Floats,
    unit: int,
    names: Sequence[str],
    threshold: float,
    count: int,
) -> list[str]:
    """Why each of the ``rows`` of ``matrix`` is chrome: :func:`chrome_reasons` of the
    row's score (``scores``, in ``1/unit``) and of its ``count`` worst features among
    ``columns`` (:func:`worst_features`), ``names`` naming those columns in order.

    >>> matrix = np.array([[0.0, 1.0], [2.0, 0.0]])
    >>> line_reasons(matrix, np.array([1]), np.array([0, -6144]), columns=np.array([1, 0]),
    ...              reference=np.zeros(2), scale=np.ones(2), weights=np.array([1.0, -1.0]),
    ...              unit=4096, names=("b", "a"), threshold=0.0, count=3)
    ['line model: score -1.50 below +0.00 (a -2.0)']
    """
    worst = worst_features(matrix[rows][:, columns], reference, scale, weights, count)
    return chrome_reasons(scores[rows] / unit, worst, names, threshold, {})


def record_marks(
    marks: Sequence[tuple[int, str]],
    shown: Mapping[int, Any] | tuple[Any, ...],
    removed: dict[int, Any],
    name: str,
    kind: type[tuple[Any, ...]],
) -> int:
    """Record the first mark of each line: ``removed[index] = tuple.__new__(kind, (index,
    text, name, detail))`` (a ``Removal``) for the lines of ``shown`` (index -> ``Line``)
    that are not blank. Returns how many lines were recorded, or -1, recording nothing,
    when a mark names a line not in ``shown`` or one in ``removed`` already.

    ``shown`` may also be a tuple of lines, each at the position of its index (the lines
    of a document, all shown), which saves making the dict. Then -2, recording nothing,
    when such a tuple cannot serve: a mark is no pair of an ``int`` and a detail, or a
    marked position holds a line of another index (pass the dict).

    >>> removed = {}
    >>> record_marks([(1, "x"), (1, "y")], {1: (1, "Teilen", 5)}, removed, "patterns", tuple)
    1
    >>> removed
    {1: (1, 'Teilen', 'patterns', 'x')}
    >>> record_marks([(0, "x")], ((0, "Mehr", 3), (1, "Teilen", 5)), removed, "patterns", tuple)
    1
    >>> record_marks([(0, "x")], ((5, "Mehr", 3),), removed, "patterns", tuple)
    -2
    """
    if isinstance(shown, tuple):
        size = len(shown)
        for mark in marks:
            if not isinstance(mark, tuple) or len(mark) != 2 or type(mark[0]) is not int:
                return -2
            if 0 <= mark[0] < size and shown[mark[0]][0] != mark[0]:
                return -2
        shown = {mark[0]: shown[mark[0]] for mark in marks if 0 <= mark[0] < size}
    first: dict[int, str] = {}
    for index, detail in marks:
        first.setdefault(index, detail)
    if not first.keys() <= shown.keys() or not first.keys().isdisjoint(removed):
        return -1
    count = 0
    for index, detail in first.items():
        text = shown[index][1]
        if text:  # blank lines are never removed
            removed[index] = tuple.__new__(kind, (index, text, name, detail))
            count += 1
    return count


def kept_lines(
    lines: Sequence[tuple[int, str, int]],
    removed: Container[int],
    norms: Sequence[str],
    kind: type[tuple[Any, ...]],
) -> tuple[list[Any], list[str], Ints]:
    """The lines ``removed`` leaves, renumbered as preparing their joined text numbers
    them (one blank line between blocks, none at the edges, one blank line for none),
    made as ``tuple.__new__(kind, (index, text, key))`` (``Line``); their normal forms
    (``norms[index]``); and each one's index before (-1 for a blank line).

    >>> kept = kept_lines([(0, "a", 1), (1, "b", 2), (2, "", 0), (3, "c", 3)], {1}, "abxc", tuple)
    >>> kept[0], kept[1], kept[2].tolist()
    ([(0, 'a', 1), (1, '', 0), (2, 'c', 3)], ['a', '', 'c'], [0, -1, 3])
    """
    out: list[Any] = []
    forms: list[str] = []
    origin: list[int] = []
    gap = False
    for index, text, key in lines:
        if index in removed:
            continue
        if not text:
            gap = True
            continue
        if gap and out:
            out.append(tuple.__new__(kind, (len(out), "", 0)))
            forms.append("")
            origin.append(-1)
        out.append(tuple.__new__(kind, (len(out), text, key)))
        forms.append(norms[index])
        origin.append(index)
        gap = False
    if not out:  # prepare("") gives one blank line
        out.append(tuple.__new__(kind, (0, "", 0)))
        forms.append("")
        origin.append(-1)
    return out, forms, np.array(origin, dtype=np.int64)


def carry_over(
    lines: Sequence[tuple[int, str, int]],
    where: Ints,
    judged: Sequence[tuple[int, str, int]],
    pairs: Iterable[tuple[int, Any]],
    kind: type[tuple[Any, ...]],
) -> list[Any] | None:
    """Per-line results of the round before for the ``lines`` of a later cleaning round
    (results that are functions of the line alone, such as a filter's marks).

    ``where[index]`` is each line's index in that round's document (:func:`kept_lines`),
    ``judged`` the lines the results were computed for then, and ``pairs`` the results,
    ``(index, value)``. Returns the pairs of the lines kept, in their order, renumbered as
    ``tuple.__new__(kind, (index, value))`` (a ``Mark``, say); ``None`` when a non-blank
    line of ``lines`` was not judged then (its result must be computed).

    >>> lines = [(0, "a", 1), (1, "", 0), (2, "c", 3)]
    >>> judged = [(0, "a", 1), (1, "b", 2), (2, "", 0), (3, "c", 3)]
    >>> carry_over(lines, np.array([0, -1, 3]), judged, [(1, "x"), (3, "y")], tuple)
    [(2, 'y')]
    >>> carry_over(lines, np.array([0, -1, 3]), judged[:2], [], tuple) is None
    True
    """
    shown = {index for index, text, _ in judged if text}
    now: dict[int, int] = {}  # index before -> index now, for the non-blank lines
    for index, text, _ in lines:
        if not text:
            continue
        before = int(where[index]) if 0 <= index < len(where) else -1
        if before not in shown:
            return None
        now[before] = index
    return [tuple.__new__(kind, (now[index], value)) for index, value in pairs if index in now]


def join_blocks(texts: Iterable[str]) -> str:
    """Join lines, keeping one blank line between blocks and none at the edges, line by
    line (:func:`newsclean.pipeline.join_lines` takes a shortcut where it can).

    >>> join_blocks(["", "a", "", "", "b", "c", ""])
    'a\\n\\nb\\nc'
    """
    out: list[str] = []
    gap = False
    for text in texts:
        if not text:
            gap = True
            continue
        if gap and out:
            out.append("")
        out.append(text)
        gap = False
    return "\n".join(out)


def join_kept(texts: Sequence[str], removed: Container[int]) -> str:
    """The texts whose position is not in ``removed``, joined as :func:`join_blocks` joins
    them (the cleaned text of a document, from its lines and removals).

    >>> join_kept(["", "a", "x", "", "", "b", "c", ""], {2})
    'a\\n\\nb\\nc'
    """
    return join_blocks(text for index, text in enumerate(texts) if index not in removed)


def join_kept_lines(lines: Sequence[Any], removed: Container[int]) -> tuple[str, bool]:
    """``join_kept`` of the lines' texts, and whether that is every text joined by newlines
    (the lines' text as it was: nothing removed, no blank line dropped).

    >>> join_kept_lines([(0, "a", 0), (1, "", 0), (2, "b", 0)], {})
    ('a\\n\\nb', True)
    >>> join_kept_lines([(0, "a", 0), (1, "", 0), (2, "", 0)], {})
    ('a', False)
    >>> join_kept_lines([(0, "a", 0), (1, "x", 0), (2, "b", 0)], {1})
    ('a\\nb', False)
    """
    texts = [line[1] for line in lines]
    joined = join_kept(texts, removed)
    return joined, len(joined) == sum(map(len, texts)) + len(texts) - 1


def weak_removals(
    removals: Iterable[tuple[int, str, str, str]],
    strong: Container[str],
    lines: Sequence[tuple[int, str, int]],
    listed: Container[int],
    *,
    min_words: int = 0,
    is_word: Callable[[int], bool] | None = None,
) -> list[Any]:
    """The removals (``Removal`` tuples: index, text, filter, detail) whose filter is not in
    ``strong`` and whose line (``lines[index]``) has a key not in ``listed``, in order.
    With ``min_words`` (and ``is_word``, as :func:`body_like` takes them), only those whose
    text reads as body text (:func:`body_like`).

    >>> weak_removals([(0, "a", "dup", ""), (1, "b", "pat", ""), (2, "c", "pat", "")],
    ...               {"dup"}, [(0, "a", 1), (1, "b", 2), (2, "c", 3)], {3})
    [(1, 'b', 'pat', '')]
    """
    # The tests in the order the kernel makes them (the name, the text, the line's key), so
    # that a removal of a line the page does not hold fails, or not, alike.
    weak = [r for r in removals if r[2] not in strong]
    if min_words > 0:
        if is_word is None:
            raise TypeError("weak_removals: min_words needs is_word")
        flags = body_like(weak, min_words, is_word)
        weak = [r for r, flag in zip(weak, flags, strict=True) if flag]
    return [r for r in weak if lines[r[0]][2] not in listed]


class PrefixMemo:
    """What partial matching said of the prefixes of lines (prefix -> whether a match may
    start with it), for a cheap pass over every line: :meth:`candidates`. A memo: each
    answer is a pure function of the prefix (and of the pattern the memo is kept for).

    Args:
        width: the length of the longer prefixes looked at (see :meth:`candidates`).
        limit: how many prefixes other than those of two characters below U+0100 (kept
            in a table in the kernel) are remembered; more are not stored.

    >>> memo = PrefixMemo()
    >>> memo.put("ab", True)
    >>> memo.put("xy", False)
    >>> memo.put("ab c", False)
    >>> memo.get("ab"), memo.get("xy"), memo.get("zz")
    (True, False, None)
    >>> memo.candidates(["", "ab c", "abcd", "xyz", "a", "zz"])
    [2, 4, 5]
    """

    def __init__(self, width: int = 4, limit: int = 1 << 14) -> None:
        if width < 2:
            raise ValueError("PrefixMemo: the longer prefixes need 2 characters or more")
        self.width = width
        self.limit = limit
        self.known: dict[str, bool] = {}
        self._pairs: dict[str, bool] = {}

    def get(self, prefix: str) -> bool | None:
        """True or False as put, or None."""
        if len(prefix) == 2 and max(prefix) < "\u0100":
            return self._pairs.get(prefix)
        return self.known.get(prefix)

    def put(self, prefix: str, may: bool) -> None:
        """Remember ``may`` for ``prefix`` (beyond ``limit`` other prefixes, not)."""
        if len(prefix) == 2 and max(prefix) < "\u0100":
            self._pairs[prefix] = bool(may)
        elif len(self.known) < self.limit:
            self.known[prefix] = bool(may)

    def candidates(self, texts: Sequence[str]) -> list[int]:
        """The positions of the non-blank texts whose first two characters are not known
        to start no match, less those whose two characters may and whose first ``width``
        characters are known to start none.
        """
        out = []
        for i, text in enumerate(texts):
            if not text:
                continue
            may = self.get(text[:2])
            if may is False or (may and self.get(text[: self.width]) is False):
                continue
            out.append(i)
        return out


def pattern_flags(
    chars: npt.NDArray[np.int64],
    words: npt.NDArray[np.int64],
    digits: npt.NDArray[np.float64],
    sentence_end: npt.NDArray[np.bool_],
    notice: npt.NDArray[np.bool_],
    *,
    min_words: int,
    capitals: npt.NDArray[np.int64] | None = None,
    min_menu_words: int = 0,
    cues: npt.NDArray[np.int64] | None = None,
    address: int = 0,
    long_notice: bool = False,
) -> npt.NDArray[np.uint8]:
    """The :func:`chrome_gate` flags of each line from its features (columns of a
    ``LineTable``): :data:`SENTENCE` where it ends like a sentence with at least 40
    characters and ``min_words`` words, :data:`NOTICE` where it holds a notice word (or,
    with ``cues`` and ``address``, a cue of a class of the bits of ``address``),
    :data:`ONE_WORD` where it is one word (or none) without digits; with ``capitals`` and
    a ``min_menu_words`` above 0, :data:`MENU` where it has that many words or more, no
    digit, no sentence end, and a capital letter for every word (a menu written out as one
    row, if each word is capitalised and none is a function word); with ``long_notice``,
    :data:`LONG` where it holds a notice word.

    >>> pattern_flags(np.array([50, 5]), np.array([12, 1]), np.array([0.0, 0.0]),
    ...               np.array([True, False]), np.array([True, False]), min_words=12).tolist()
    [3, 4]
    >>> pattern_flags(np.array([90, 90]), np.array([10, 10]), np.array([0.0, 0.0]),
    ...               np.array([False, False]), np.array([False, False]), min_words=12,
    ...               capitals=np.array([10, 9]), min_menu_words=10).tolist()
    [16, 0]
    >>> pattern_flags(np.array([90, 90]), np.array([3, 3]), np.array([0.0, 0.0]),
    ...               np.array([False, False]), np.array([True, False]), min_words=12,
    ...               cues=np.array([0, 6]), address=4, long_notice=True).tolist()
    [10, 2]
    """
    sentence = sentence_end & (chars >= 40) & (words >= min_words)
    held = notice
    if cues is not None and address:
        held = notice | (cues & address != 0)
    flags: npt.NDArray[np.uint8] = (
        sentence * SENTENCE + held * NOTICE + ((words <= 1) & (digits == 0)) * ONE_WORD
    ).astype(np.uint8)
    if long_notice:
        flags |= (np.asarray(notice, dtype=bool) * LONG).astype(np.uint8)
    if min_menu_words > 0 and capitals is not None:
        menu = (words >= min_menu_words) & (digits == 0) & (capitals >= words) & ~sentence_end
        flags |= (menu * MENU).astype(np.uint8)
    return flags


def pattern_flags_of(
    ints: Ints,
    shapes: npt.NDArray[np.uint8],
    shares: npt.NDArray[np.float64],
    *,
    min_words: int,
    min_menu_words: int = 0,
    address: int = 0,
    long_notice: bool = False,
) -> npt.NDArray[np.uint8]:
    """:func:`pattern_flags` of the columns of a ``LineTable``, read from the arrays it is
    made of (``line_table``'s integers and flags, and its shares of digits), with its
    capitals and cues.

    >>> ints = np.zeros((2, len(TABLE_INTS)), np.int64)
    >>> ints[:, TABLE_INTS.index("words")] = [12, 1]
    >>> ints[:, TABLE_INTS.index("chars")] = [50, 5]
    >>> shapes = np.zeros((2, len(TABLE_FLAGS)), np.uint8)
    >>> shapes[0, TABLE_FLAGS.index("sentence_end")] = shapes[0, TABLE_FLAGS.index("notice")] = 1
    >>> pattern_flags_of(ints, shapes, np.zeros(2), min_words=12).tolist()
    [3, 4]
    """
    if ints.shape[1] < len(TABLE_INTS) or shapes.shape[1] != len(TABLE_FLAGS):
        raise ValueError("pattern_flags_of: not the arrays of a LineTable")
    if len(shapes) != len(ints) or len(shares) != len(ints):
        raise ValueError("pattern_flags_of: arrays of different lengths")
    shown = shapes.view(np.bool_)
    column = TABLE_INTS.index
    return pattern_flags(
        ints[:, column("chars")],
        ints[:, column("words")],
        shares,
        shown[:, TABLE_FLAGS.index("sentence_end")],
        shown[:, TABLE_FLAGS.index("notice")],
        min_words=min_words,
        capitals=ints[:, column("capitals")],
        min_menu_words=min_menu_words,
        cues=ints[:, column("cues")],
        address=address,
        long_notice=long_notice,
    )


def any_kept(lines: Iterable[tuple[int, str, int]], removed: Container[int]) -> bool:
    """Whether a non-blank line (``Line`` tuple) has an index not in ``removed``.

    >>> any_kept([(0, "a", 1), (1, "", 0)], {0}), any_kept([(0, "a", 1)], {})
    (False, True)
    """
    return any(text and index not in removed for index, text, _ in lines)


def line_model(
    texts: list[str],
    fold: Callable[[str], str],
    reference: Callable[[str], str],
    kind: type[tuple[Any, ...]],
) -> tuple[list[Any], list[str]]:
    """The lines of ``texts`` (:func:`make_lines` of them and their keys) and their normal
    forms: what :func:`normal_forms` and :func:`make_lines` give, in one call (the compiled
    kernel makes each line in the pass that finds its key).

    >>> from newsclean.lines import _fold_char, normalise_line
    >>> line_model(["Auch  Interessant:", ""], _fold_char, normalise_line, tuple)
    ([(0, 'Auch  Interessant:', 15621580712033862145), (1, '', 0)], ['auch interessant', ''])
    """
    norms, keys = normal_forms(texts, fold, reference)
    return make_lines(texts, keys, kind), norms


def make_lines(texts: Sequence[str], keys: Sequence[int], kind: type[tuple[Any, ...]]) -> list[Any]:
    """``tuple.__new__(kind, (index, text, key))`` (a ``Line``) for each text and its key,
    numbered from 0.

    >>> make_lines(["a", ""], [7, 0], tuple)
    [(0, 'a', 7), (1, '', 0)]
    """
    if len(keys) != len(texts):
        raise ValueError("make_lines: texts and keys differ in length")
    return [tuple.__new__(kind, item) for item in zip(range(len(texts)), texts, keys, strict=True)]


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` (split at ``"\\n"``), each stripped of whitespace at both ends.

    >>> split_lines(" a \\n\\n\\tb")
    ['a', '', 'b']
    """
    return list(map(str.strip, text.split("\n")))


# Four characters \\d may match (ASCII digits, or not ASCII), a hyphen-minus, two more.
_P_DATE_LIKE = re.compile("[0-9\x80-\U0010ffff]{4}-[0-9\x80-\U0010ffff]{2}")


def p_may_date(text: str) -> bool:
    """Whether ``text`` holds four characters that are ASCII digits or not ASCII, a
    hyphen-minus, then two more such: where a pattern's every match holds an ISO date
    (``\\d{4}-\\d{2}``), a text without them holds no match.

    >>> p_may_date("Stand: 2016-09-01 Text"), p_may_date("CDU-Chef 20-16")
    (True, False)
    """
    return _P_DATE_LIKE.search(text) is not None


def make_marks(
    lines: Sequence[tuple[int, str, int]],
    positions: Sequence[int],
    details: Sequence[str],
    kind: type[tuple[Any, ...]],
) -> list[Any]:
    """``tuple.__new__(kind, (lines[position][0], detail))`` (a ``Mark`` of the line at
    each position) for each position and its detail.

    >>> make_marks([(4, "a", 1), (6, "b", 2)], [1, 0], ["x", "y"], tuple)
    [(6, 'x'), (4, 'y')]
    """
    if len(details) != len(positions):
        raise ValueError("make_marks: positions and details differ in length")
    return [
        tuple.__new__(kind, (lines[position][0], detail))
        for position, detail in zip(positions, details, strict=True)
    ]
