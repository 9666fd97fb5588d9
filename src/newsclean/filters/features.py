"""Per-line features, computed once per document and shared by every filter.

Filters that judge lines by their shape (length, words, sentence punctuation, stopword
density) call :func:`features` with the view they were given; the features of every line
of the document are computed on the first call and kept in ``doc.cache``, so later
filters and later views pay nothing.

The document's language is guessed once, from stopword hits of all loaded languages over
the whole document: the language whose stopwords cover most words wins. Stopword density
(the share of a line's words that are stopwords of that language) is jusText's signal:
body text is full of function words ("der", "und", "the", "of"), menus, teaser headlines
and captions have few.

>>> from newsclean import prepare
>>> from newsclean.langdata import compile_markers
>>> doc = prepare("Startseite\\nDer Rat hat den Haushalt für das kommende Jahr beschlossen.")
>>> feats = features(doc, compile_markers(("de", "en")))
>>> feats.language
'de'
>>> feats.of[0].words, feats.of[0].stopwords, feats.of[1].sentence_end
(1, 0, True)
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from .._accel import kernel
from ..errors import ConfigError
from ..langdata import CUE_CLASSES, Markers
from ..lines import NORMS, ORIGIN, Doc, Line, normalise_line

__all__ = [
    "DocFeatures",
    "LineFeatures",
    "LineTable",
    "ViewArrays",
    "features",
    "view_arrays",
    "view_table",
]

_CACHE_KEY = "newsclean.features"
_MIN_STOPWORD_SHARE = 0.08
# Characters that program code and markup use and menus, teasers and headlines do not.
_CODE_MARKS = frozenset("={};_")
_CLOSERS = "\"'“”‘’»«)]"
_SENTENCE_MARKS = frozenset(".!?;:")


class LineFeatures(NamedTuple):
    """The shape of one non-blank line.

    Attributes:
        chars: length in characters.
        words: number of words.
        stopwords: how many of the words are stopwords of the document's language.
        sentence_end: ends with sentence punctuation (not with an ellipsis or a colon).
        upper_start: starts with an upper-case letter (or a digit or a quote).
        digits: share of characters that are digits (for lines under 80 characters).
        notice: holds a word of consent, newsletter, licence or legal notices.
        colon_end: ends with a colon (introduces a list or a quote).
        code: looks like a line of program code or markup (``=``, braces, ``;``, ``_``).
    """

    chars: int
    words: int
    stopwords: int
    sentence_end: bool
    upper_start: bool
    digits: float
    notice: bool
    colon_end: bool
    code: bool

    @property
    def density(self) -> float:
        """The share of words that are stopwords (0 for a line without words)."""
        return self.stopwords / self.words if self.words else 0.0


class _Deferred(NamedTuple):
    """The arrays a :class:`LineTable` is made of (see :func:`_table`), for a table made
    when first read: a later cleaning round's filters read the arrays, not the table."""

    ints: npt.NDArray[np.int64]
    flags: npt.NDArray[np.uint8]
    digits: npt.NDArray[np.float64]
    stopwords: bool


class _TableField:
    """The ``table`` field of :class:`DocFeatures`: a :class:`LineTable`, or ``None``; given
    a :class:`_Deferred`, the table is made from it when first read (the same table)."""

    def __get__(self, instance: object, owner: type | None = None) -> LineTable | None:
        if instance is None:
            return None  # the field's default
        held = instance.__dict__["_table"]
        if type(held) is _Deferred:
            held = instance.__dict__["_table"] = _table(*held)
        table: LineTable | None = held
        return table

    def __set__(self, instance: object, value: LineTable | _Deferred | None) -> None:
        instance.__dict__["_table"] = value


@dataclass(frozen=True)
class DocFeatures:
    """Features of a whole document: its language and each line's :class:`LineFeatures`.

    Attributes:
        language: the language code whose stopwords fit the document best, or ``""``.
        of: line index -> features, for every non-blank line of the document.
        languages: the document's languages: ``language`` and any other language with at
            least half as many stopword hits (sorted; empty when ``language`` is).
        table: the same features (and a few more) as arrays, one row per non-blank line
            (:func:`features` gives one that is made when first read).
    """

    language: str
    of: Mapping[int, LineFeatures]
    languages: tuple[str, ...] = ()
    table: LineTable | None = _TableField()  # type: ignore[assignment]  # made when read


def features(doc: Doc, markers: Markers) -> DocFeatures:
    """The features of ``doc`` (computed on first use, then taken from ``doc.cache``)."""
    cached = doc.cache.get(_CACHE_KEY)
    if isinstance(cached, DocFeatures):
        return cached
    norms = doc.cache.get(NORMS)
    if norms is None:  # a Doc built by hand, not by prepare()
        norms = {line.index: normalise_line(line.text) for line in doc.lines if line.text}
    codes, lexicon = _lexicon(markers)
    made = _carried(doc, markers, norms, codes, lexicon)
    if made is None:
        made = kernel.line_table(
            doc.lines, norms, lexicon, len(codes), _class_of, limit=_SAMPLE_WORDS
        )
        if made is None:  # pragma: no cover - only rows taken over can be missing
            raise ValueError("line_table made no table")
    lines, ints, flags, digits, hits, taken = made
    language, languages = _language(codes, hits, taken)
    # Density counts the stopwords of every loaded language: a line's density then does
    # not depend on the rest of the document (which cleaning changes), so the filters
    # that use it decide the same way on a second run. Mixed-language pages gain too.
    # Without a language with data: no stopwords, shape filters stay out.
    # The table is made when first read (the line model of a later round reads the arrays).
    deferred = _Deferred(ints, flags, digits, bool(language))
    # What DocFeatures(language, _FeatureRows(deferred), languages, deferred) makes, without
    # the frozen dataclass's __init__ (an object.__setattr__ a field): the fields put in the
    # instance's __dict__, the table where _TableField.__set__ puts it.
    result = _new_object(DocFeatures)
    fields = result.__dict__
    fields["language"] = language
    fields["of"] = _FeatureRows(deferred)
    fields["languages"] = languages
    fields["_table"] = deferred
    doc.cache[_CACHE_KEY] = result
    doc.cache[_ROWS_KEY] = (markers, ints, flags, digits)
    # The view asked for is mostly this one: view_table (for a filter that reads the table;
    # the built-in ones read view_arrays) takes its table from the result.
    doc.cache[_VIEW_KEY] = (doc.lines, None)
    doc.cache[_ARRAYS_KEY] = (doc.lines, (lines, ints, flags, digits))
    return result


_new_object = object.__new__
_ROWS_KEY = "newsclean.feature_rows"
_Made = tuple[
    list[Line],
    npt.NDArray[np.int64],
    npt.NDArray[np.uint8],
    npt.NDArray[np.float64],
    npt.NDArray[np.int64],
    int,
]


def _carried(
    doc: Doc,
    markers: Markers,
    norms: Sequence[str] | Mapping[int, str],
    codes: tuple[str, ...],
    lexicon: Mapping[str, int],
) -> _Made | None:
    """What :func:`newsclean._kernel_py.line_table` gives for a later cleaning round's
    document, with the rows of its lines taken from the round before (see
    :data:`~newsclean.lines.ORIGIN`); ``None`` where that round did not compute them all.

    Every column but the stopword counts is a function of the line alone; those depend
    on the document's language, which is guessed again from the carried counts.
    """
    origin = doc.cache.get(ORIGIN)
    if origin is None:
        return None
    before, where = origin
    found = before.get(_ROWS_KEY)
    if found is None or found[0] is not markers:
        return None
    _, ints, flags, digits = found
    made: _Made | None = kernel.line_table(
        doc.lines,
        norms,
        lexicon,
        len(codes),
        _class_of,
        limit=_SAMPLE_WORDS,
        before=(ints, flags, digits, where),
    )
    return made


class _FeatureRows(Mapping[int, "LineFeatures"]):
    """Line index -> :class:`LineFeatures`, made from the table when first asked for (the
    built-in filters read the table's columns, not a tuple per line)."""

    def __init__(self, arrays: _Deferred) -> None:
        self._arrays = arrays  # what the table is made of
        self._rows: dict[int, LineFeatures] | None = None

    def _built(self) -> dict[int, LineFeatures]:
        if self._rows is None:
            table = _table(*self._arrays)
            rows = map(_new_features, zip(*table.fields(), strict=True))
            self._rows = dict(zip(table.index.tolist(), rows, strict=True))
        return self._rows

    def __getitem__(self, index: int) -> LineFeatures:
        return self._built()[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._arrays.ints)


_VIEW_KEY = "newsclean.view_table"
_ARRAYS_KEY = "newsclean.view_arrays"
#: What :func:`view_arrays` gives: the non-blank lines of a view, and their rows of
#: :func:`newsclean._kernel_py.line_table`'s arrays (integers, flags, shares of digits;
#: the place column is each line's position in the view).
ViewArrays = tuple[
    list[Line], npt.NDArray[np.int64], npt.NDArray[np.uint8], npt.NDArray[np.float64]
]


def view_table(doc: Doc, markers: Markers) -> tuple[list[Line], LineTable, npt.NDArray[np.int64]]:
    """The non-blank lines of a view, their rows of the document's :class:`LineTable`, and
    each one's position in the view (blank lines counted).

    The last view asked for is remembered in ``doc.cache`` (a filter that reads the table
    may ask for its view more than once). The built-in filters read :func:`view_arrays`,
    which makes no table.
    """
    cached = doc.cache.get(_VIEW_KEY)
    if cached is not None and cached[0] is doc.lines and cached[1] is not None:
        view: tuple[list[Line], LineTable, npt.NDArray[np.int64]] = cached[1]
        return view
    lines, ints, flags, digits = view_arrays(doc, markers)
    found = features(doc, markers)
    # features() was made for this view: its table (made now, if not read before)
    table = found.table if doc.cache[_VIEW_KEY][0] is doc.lines else None
    if table is None:
        table = _table(ints, flags, digits, bool(found.language))
    view = (lines, table, ints[:, _PLACE])
    doc.cache[_VIEW_KEY] = (doc.lines, view)
    return view


def view_arrays(doc: Doc, markers: Markers) -> ViewArrays:
    """The non-blank lines of a view and their rows of the arrays the document's
    :class:`LineTable` is made of (what :func:`view_table` gives, before its columns are
    named). Their stopword counts are the counts: the table's are zeros where the
    document has no language (``features(doc, markers).language`` empty), which readers
    of the arrays say to the kernel (``stopwords=`` of ``span_plan``, ``article_matrix``).

    The last view asked for is remembered in ``doc.cache``, as by :func:`view_table`.
    """
    cached = doc.cache.get(_ARRAYS_KEY)
    if cached is not None and cached[0] is doc.lines:
        view: ViewArrays = cached[1]
        return view
    features(doc, markers)
    cached = doc.cache[_ARRAYS_KEY]
    if cached[0] is doc.lines:  # features() made the arrays of this view
        made: ViewArrays = cached[1]
        return made
    _, ints, flags, digits = doc.cache[_ROWS_KEY]
    view = kernel.table_rows(doc.lines, ints, flags, digits)
    doc.cache[_ARRAYS_KEY] = (doc.lines, view)
    return view


def int_rows(columns: tuple[npt.NDArray[Any], ...]) -> npt.NDArray[np.int64]:
    """Integer (or boolean) columns of equal length side by side, as a C-ordered int64
    matrix: what ``np.column_stack(columns).astype(np.int64)`` gives, for a third of its
    cost (the kernel's scoring passes take one row per line).

    >>> int_rows((np.array([1, 2]), np.array([True, False]))).tolist()
    [[1, 1], [2, 0]]
    """
    rows: npt.NDArray[np.int64] = np.ascontiguousarray(np.array(columns, dtype=np.int64).T)
    return rows


class LineTable(NamedTuple):
    """The features of every non-blank line of a document, one array each (row order =
    line order); the same values :class:`LineFeatures` holds, plus character counts.

    Attributes:
        index: the line index of each row.
        chars, words, stopwords, sentence_end, upper_start, digits, notice, colon_end,
            code: as in :class:`LineFeatures`.
        lower_start: starts with a lower-case letter.
        ellipsis_end: ends with "…" or "..", closing quotes and brackets aside.
        letters, capitals, punctuation, separators: how many letters, capital letters,
            punctuation marks and symbols, and menu separators (``| » › • ·``) it holds.
        address: holds "@", "www.", "http:", "https:", or "#" before a letter, digit or
            "_" (a web or mail address, a handle, a hashtag).
        cues: the cue classes its words belong to, bit k for class k of
            :data:`newsclean.langdata.CUE_CLASSES` (a first-person word, a career word …).
    """

    index: npt.NDArray[np.int64]  # type: ignore[assignment]  # a line position, as in Line
    chars: npt.NDArray[np.int64]
    words: npt.NDArray[np.int64]
    stopwords: npt.NDArray[np.int64]
    sentence_end: npt.NDArray[np.bool_]
    upper_start: npt.NDArray[np.bool_]
    digits: npt.NDArray[np.float64]
    notice: npt.NDArray[np.bool_]
    colon_end: npt.NDArray[np.bool_]
    code: npt.NDArray[np.bool_]
    lower_start: npt.NDArray[np.bool_]
    ellipsis_end: npt.NDArray[np.bool_]
    letters: npt.NDArray[np.int64]
    capitals: npt.NDArray[np.int64]
    punctuation: npt.NDArray[np.int64]
    separators: npt.NDArray[np.int64]
    address: npt.NDArray[np.bool_]
    cues: npt.NDArray[np.int64]

    def take(self, rows: npt.NDArray[np.intp]) -> LineTable:
        """The table of the given rows only."""
        # tuple.__new__ of a list: what _make gives, without a generator's frame per column.
        taken: LineTable = tuple.__new__(type(self), [column[rows] for column in self])
        return taken

    def fields(self) -> list[list[Any]]:
        """The columns of :class:`LineFeatures`, as Python lists."""
        return [
            getattr(self, name).tolist()
            for name in LineFeatures._fields  # same names, in order
        ]


# Character classes, one bit each (see _classes).
_DIGIT, _UPPER, _LOWER, _LETTER, _PUNCT, _SEPARATOR, _CODE, _QUOTE = (1 << b for b in range(8))
_CLOSER_CHARS = frozenset(_CLOSERS)
_SEPARATOR_CHARS = frozenset("|»›•·")
_QUOTE_CHARS = frozenset("\"'„“”«»‚‘(")


@functools.lru_cache(maxsize=1 << 16)
def _class_of(code: int) -> int:
    """The class bits of one character (the predicates the per-line features use).

    A pure function of the character, memoised: it cannot make one document's features
    depend on another's.
    """
    char = chr(code)
    category = unicodedata.category(char)
    bits = 0
    if char.isdigit():
        bits |= _DIGIT
    if char.isupper():
        bits |= _UPPER
    if char.islower():
        bits |= _LOWER
    if category[0] == "L":
        bits |= _LETTER
    if category[0] in "PS":
        bits |= _PUNCT
    if char in _SEPARATOR_CHARS:
        bits |= _SEPARATOR
    if char in _CODE_MARKS:
        bits |= _CODE
    if char in _QUOTE_CHARS:
        bits |= _QUOTE
    return bits


_INTS = {name: k for k, name in enumerate(kernel.TABLE_INTS)}
_FLAGS = {name: k for k, name in enumerate(kernel.TABLE_FLAGS)}
_PLACE = _INTS["place"]


# Where each column of LineTable is (see newsclean._kernel_py.table_columns): (0, k)
# column k of the integers, (1, k) of the flags, (2, 0) the shares of digits; the stopwords
# are zeros (3, 0) without a language.
_SOURCES = [
    (2, 0) if name == "digits" else (0, _INTS[name]) if name in _INTS else (1, _FLAGS[name])
    for name in LineTable._fields
]
_NO_STOPWORDS = [
    (3, 0) if name == "stopwords" else source
    for name, source in zip(LineTable._fields, _SOURCES, strict=True)
]


def _table(
    ints: npt.NDArray[np.int64],
    flags: npt.NDArray[np.uint8],
    digits: npt.NDArray[np.float64],
    stopwords: bool,
) -> LineTable:
    """The :class:`LineTable` of the arrays of :func:`newsclean._kernel_py.line_table`
    (its columns are views of them); its stopword counts zero unless ``stopwords``."""
    columns = kernel.table_columns(ints, flags, digits, _SOURCES if stopwords else _NO_STOPWORDS)
    # tuple.__new__ of a list: what LineTable(...) gives, without its keyword parsing.
    table: LineTable = tuple.__new__(LineTable, columns)
    return table


_Fields = tuple[int, int, int, bool, bool, float, bool, bool, bool]
_new_features: Callable[[_Fields], LineFeatures] = functools.partial(tuple.__new__, LineFeatures)


def _sentence_end(text: str) -> bool:
    """Ends with . ! ? or ; (closing quotes and brackets aside), and not with an ellipsis.

    >>> _sentence_end('Er sagte: „Wir bleiben.“'), _sentence_end("Lesen Sie weiter ..."),
    (True, False)
    """
    core = text.rstrip(_CLOSERS)
    return (
        bool(core)
        and core[-1] in _SENTENCE_MARKS
        and core[-1] != ":"
        and not (core.endswith(("..", "…")))
    )


def _language(
    codes: tuple[str, ...], hits: npt.NDArray[np.int64], taken: int
) -> tuple[str, tuple[str, ...]]:
    """The language whose stopwords cover most words of the document (ties: by code),
    and every language with at least half as many hits (a page in two languages).

    ``hits`` counts each language's stopwords among the first few thousand words
    (``taken``) of the document's distinct lines (:func:`newsclean._kernel_py.word_stats`):
    the language is clear long before, and a repeated line (which cleaning removes) must
    not tip the balance, or a second run would guess differently. Running text has far
    more function words than ``_MIN_STOPWORD_SHARE`` of its words; below it the document
    is in a language without data (or is no running text), and shape filters stay out of
    it. Function words are shared between languages ("in", "die", "de"), so a second
    language needs half the hits of the first to count.
    """
    found: tuple[str, tuple[str, ...]] = kernel.features_language(
        codes, hits, taken, _MIN_STOPWORD_SHARE
    )
    return found


_SAMPLE_WORDS = 3000
# The lexicon's bits below the cue classes' (kernel.CUE_BIT) are the languages'.
_MAX_LANGUAGES = kernel.CUE_BIT.bit_length() - 1
# (id(markers), kernel) -> (markers, language codes, word -> bits). Holding the markers
# keeps their id from being reused; compiled markers are few and cached.
_LEXICONS: dict[tuple[int, str], tuple[Markers, tuple[str, ...], Mapping[str, int]]] = {}
# The last of them asked for: (markers, kernel module, codes, lexicon).
_LAST_LEXICON: list[tuple[Any, ...]] = [(None, None, None, None)]


def _lexicon(markers: Markers) -> tuple[tuple[str, ...], Mapping[str, int]]:
    """The codes of the languages with stopwords, in order, and each stopword's, notice
    word's and cue word's bits for :func:`newsclean._kernel_py.word_stats`."""
    last = _LAST_LEXICON[0]  # one tuple, read once (threads may replace it)
    if last[0] is markers and last[1] is kernel:  # the markers of the document before
        return last[2], last[3]
    key = (id(markers), kernel.__name__)
    found = _LEXICONS.get(key)
    if found is not None and found[0] is markers:
        _LAST_LEXICON[0] = (markers, kernel, found[1], found[2])
        return found[1], found[2]
    languages_of = markers.stopword_languages
    codes = tuple(sorted({code for group in languages_of.values() for code in group}))
    place = {code: 1 << k for k, code in enumerate(codes)}
    lexicon = {word: sum(place[c] for c in set(group)) for word, group in languages_of.items()}
    if len(codes) > _MAX_LANGUAGES:
        raise ConfigError(f"at most {_MAX_LANGUAGES} languages with stopwords can be loaded")
    for word in markers.notice_words:
        lexicon[word] = lexicon.get(word, 0) | kernel.NOTICE_BIT
    for k, name in enumerate(CUE_CLASSES):
        for word in markers.cue_words.get(name, ()):
            lexicon[word] = lexicon.get(word, 0) | (kernel.CUE_BIT << k)
    made = kernel.make_lexicon(lexicon)
    if len(_LEXICONS) >= 64:
        _LEXICONS.clear()
    _LEXICONS[key] = (markers, codes, made)
    _LAST_LEXICON[0] = (markers, kernel, codes, made)
    return codes, made
