"""Lines that are chrome by themselves: share rows, credits, agency lines, notices, menus."""

from __future__ import annotations

import functools
from collections.abc import Callable, Container, Iterator

from .._accel import kernel
from ..langdata import CUE_CLASSES, Markers
from ..lines import ORIGIN, Doc, normalise_line
from .base import Mark
from .composite import HEADING, Parts, _dict, chrome_runs
from .features import view_arrays

__all__ = ["COPYRIGHT", "SENTENCE_REASONS", "TEMPLATE", "THREAD", "ChromeLines"]

#: Pattern reasons that may match a line that reads as a sentence: the fixed sentences of
#: site templates, author boxes and licence notes are written in sentences. They are tried
#: on such a line only when it holds a notice word of the language data, or a word by
#: which a site speaks of itself or to its reader (the ``self``, ``promo`` and ``reader``
#: cue classes: "uns", "kostenlos", "bitte"). A ``notice`` pattern (a mention of cookies,
#: ad blockers, a newsletter) is not: an article sentence may speak of the same things,
#: and the ``article`` filter judges such a line.
SENTENCE_REASONS = frozenset({"template", "bio", "licence"})

#: The pattern reason of the fixed sentences of site templates (comment forms, sign-up
#: prompts, blog footers, placeholders of embedded content, disclaimers): sentences no
#: article says, so the body-sentence guard trusts them (``ChromeLines.strong_reasons``).
TEMPLATE = "template"

#: The reason of copyright notices: the pattern reason of short ones ("© dpa", "Copyright
#: Anna Berger"), and of every line that starts as one (:func:`newsclean._kernel_py.signed`).
COPYRIGHT = "copyright"

#: The pattern reason of comment-thread headings ("3 Kommentare zu „…“"): left to the
#: ``sections`` filter, which removes the comments they open.
THREAD = "thread"

# First characters of one-word lines that only patterns recognise: handles, copyright.
_PATTERN_STARTS = "@#©(+×‹›<>«»|•·*-–—"


class ChromeLines:
    """Remove lines that are chrome on their own, from the language data.

    Two kinds of marker, both from the language files:

    * whole lines (``[chrome_lines]``), looked up by line key, so ``"Teilen"``,
      ``"TEILEN:"`` and ``"Teilen »"`` all match;
    * patterns (``[chrome_patterns]``) a whole line must match, tried only on lines of at
      most ``max_length`` characters (chrome lines are short, and it bounds the cost).

    A short line made of two or more such markers ("Teilen Senden", "Vorheriger Beitrag
    Nächster Beitrag", see :mod:`~newsclean.filters.composite`) goes as a row of markers.
    Section headings, and rows led by one, are left to the ``sections`` filter, which also
    removes the block they introduce; so are comment-thread headings (pattern reason
    ``thread``). A line that reads as a full body sentence is never removed by a pattern:
    a sentence of the article that happens to start with "Foto:" or a date stays; only
    the reasons in :data:`SENTENCE_REASONS` (the fixed sentences of site templates,
    author boxes, licence notes, which are written in sentences) apply to such a line,
    and only where it holds a notice word or a word of the ``self``, ``promo`` or
    ``reader`` cue classes. The pipeline's body-sentence guard still keeps such a line
    when it stands between paragraphs of the article, unless its reason is ``template``:
    the fixed sentences of site templates (comment forms, sign-up prompts, blog footers,
    placeholders of embedded content, disclaimers), which no article says.

    A menu written out as one row ("Home Aktuell Unfälle Newsflash Verkehr Feuerwehr
    Fahndungen Ratgeber Kurioses Kantons-Sudoku") goes too (reason ``navigation``): at least
    ``min_menu_words`` words, each capitalised, none a stopword of a loaded language, no
    digit and no sentence end. A headline in title case holds a function word ("How To
    …", "Der Tag, An Dem …") and stays.

    A line that starts as a copyright notice does ("©", or "Copyright" and then "©",
    "(c)" or a year) goes whatever its length and shape, with reason ``copyright``: the
    notices of news sites run to several sentences ("© 2022, Site.com. This article is the
    copyrighted property of …"), captions start with the agency's "© Getty Images …", and
    no sentence of an article starts so. The guard trusts it too.

    The patterns and whole-line markers of every loaded language (``Config.languages``)
    apply to every document.

    The reason of each removal is the marker's category (``share``, ``credit``, ``agency``,
    ``notice``, ``dateline`` …) and the marker or the line.
    """

    name = "patterns"
    strong = False  # a pattern is a weak signal: the body-sentence guard applies
    # ... except a template's fixed sentence ("Mit dem von dir abgeschickten Kommentar …",
    # "Dieser Eintrag wurde veröffentlicht in …"): no article says it.
    # ... and a copyright notice: a line that starts with "©" or "Copyright 2024" is one,
    # however long and even written in sentences ("© 2022, Site.com. This article is the
    # copyrighted property of …"), as no article sentence starts so.
    strong_reasons = frozenset({TEMPLATE, COPYRIGHT})
    # Every mark is a function of its line alone (see __call__): not run again on lines
    # that passed a cleaning round (see newsclean.filters.base.Filter).
    line_local = True

    def __init__(
        self,
        markers: Markers,
        *,
        max_length: int = 300,
        max_notice_length: int | None = None,
        min_body_words: int = 12,
        min_menu_words: int = 10,
    ):
        self.markers = markers
        self.min_menu_words = min_menu_words
        self.max_length = max_length
        # Lines up to this long get a look when they hold a notice word (1.5 x max_length
        # unless given).
        self.max_notice_length = (
            max_length * 3 // 2 if max_notice_length is None else max_notice_length
        )
        self.min_body_words = min_body_words
        self._rows: dict[str, Parts | None] = {}  # memo of chrome_runs(), by normal form
        # The reason said for each whole-line marker (a pure function of it, and few).
        self._details: dict[tuple[str, str], str] = {}

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        state["_rows"] = {}  # memos: rebuilt where the filter runs
        state["_details"] = {}
        return state

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        # Every mark is a function of its line alone (its text, key, normal form and
        # features; the patterns of every loaded language apply to every page). A later
        # cleaning round's lines are lines of the round before (ORIGIN), so their marks
        # are the marks of the round before, renumbered, unless a line was not shown to
        # this filter then (when it was not the first filter, say): then it judges again.
        marks = None
        origin = doc.cache.get(ORIGIN)
        if origin is not None:
            before, where = origin
            found = before.get(_MARKS_KEY)
            if found is not None and found[0] is self:
                marks = kernel.carry_over(doc.lines, where, found[1], found[2], Mark)
        if marks is None:
            marks = list(self._judge(doc))
        doc.cache[_MARKS_KEY] = (self, doc.lines, marks)
        return iter(marks)

    def _judge(self, doc: Doc) -> Iterator[Mark]:
        markers = self.markers
        # The columns of the document's LineTable read here, from the arrays it is made of
        # (its columns are views of them): the table itself is not made for them.
        ints, shapes, shares = view_arrays(doc, markers)[1:]
        runs = chrome_runs(doc, markers, self._rows, ints[:, _WORDS])
        # Per non-blank line: reads as a body sentence (is_body_like, from the features),
        # holds a notice word (or an address cue), is one word without digits. Such a word
        # is left to the whole-line markers (the language files list them: "Akzeptieren",
        # "Copyright"); a regex pass would cost a quarter of the filter's time on a page of
        # menus and find nothing. A sentence is left alone unless it holds a notice word,
        # or a word by which the site speaks of itself or to its reader (a template's
        # sentence: "Ihr Beitrag hilft, unsere Berichterstattung …"). (pattern_flags of
        # the table's chars, words, shares of digits, sentence_end and notice, capitals and
        # cues, read by the kernel from the arrays.)
        flags = kernel.pattern_flags_of(
            ints,
            shapes,
            shares,
            min_words=self.min_body_words,
            # A menu written out as one row of capitalised words without a function word:
            # few lines qualify by their counts (MENU), and only those are read. (Not by the
            # table's stopword count: it is 0 on a page without a language, so it would make
            # a line's verdict depend on the rest of the page.)
            min_menu_words=self.min_menu_words,
            # NOTICE also for a word of a site that speaks of itself or to its reader.
            address=_ADDRESS_CUES,
            # A template's sentence can be long (a comment form's consent, a blog footer):
            # lines up to max_notice_length characters get a look when they hold a notice
            # word (LONG).
            long_notice=True,
        )
        patterns = markers.all_patterns
        # The patterns of every loaded language: choosing them by the page's language
        # would let a second run, on the cleaned text, guess another language and remove
        # more (clean() must be idempotent). Config.languages narrows the set. The gate
        # matches the lines it lets through (what Markers.match_pattern gives, without its
        # dispatch), with the matcher's memo.
        matcher = patterns.matcher if patterns is not None else None
        known = patterns.memo if patterns is not None else _NOTHING_KNOWN
        mark = _new_mark
        details = self._details
        pattern_details = _PATTERN_DETAILS
        whole_, row_, symbols_, signed_, known_ = _KINDS
        looks = flags.tobytes()  # a byte per line: faster to index than the array
        for position, index, what, payload in kernel.chrome_gate(
            doc.lines,
            skip=_dict(markers.headings),
            whole=_dict(markers.lines),
            runs=_dict(runs),
            flags=flags,
            max_length=self.max_length,
            starts=_PATTERN_STARTS,
            known=known,
            long_length=self.max_notice_length,
            matcher=matcher,
            keys=markers.key_bits,  # the keys of skip and whole
        ):
            if what == whole_:
                detail = details.get(payload)
                if detail is None:
                    detail = details[payload] = f"{payload[0]}: {payload[1]!r}"
                yield mark((index, detail))
            elif what == known_:  # payload: the reason of a pattern
                if payload == THREAD:
                    continue  # a comment-thread heading: the sections filter takes its comments
                if not looks[position] & _SENTENCE or payload in SENTENCE_REASONS:
                    detail = pattern_details.get(payload)
                    if detail is None:
                        detail = pattern_details[payload] = f"{payload}: pattern"
                    yield mark((index, detail))
            elif what == row_:
                if payload[0][0] != HEADING:  # a row led by a heading is the sections filter's
                    yield mark((index, f"{payload[0][0]}: row of markers {_joined(payload)}"))
            elif what == symbols_:
                # Only punctuation and symbols: gallery arrows, "+", "***", "|".
                yield mark((index, "gallery: symbol-only line"))
            elif what == signed_:
                yield mark((index, _SIGNED_DETAIL))
            elif (  # PLAIN or, without patterns, MATCH: no pattern matches (payload: the text)
                looks[position] & _MENU and _is_menu_row(payload, markers.stopword_languages)
            ):
                yield mark((index, _MENU_ROW))


# doc.cache key of the marks of a cleaning round: (the filter, the lines it was shown, its
# marks), for the next round (see ChromeLines.__call__).
_MARKS_KEY = "newsclean.pattern_marks"

_NOTHING_KNOWN: dict[str, str | None] = {}

_MENU_ROW = "navigation: a row of capitalised words without a function word"


def _is_menu_row(text: str, stopwords: Container[str]) -> bool:
    """Whether each word of ``text`` is a capitalised word (a capital, then a small letter,
    then letters, "-" or "&") and none of its words (as the normal form splits them) is in
    ``stopwords``: the items of a menu written out as one row ("Home Aktuell Unfälle
    Newsflash Verkehr …"), not a headline in title case ("How To …").

    >>> _is_menu_row("Home Aktuell Unfälle Kantons-Sudoku", {"to"})
    True
    >>> _is_menu_row("Home AKTUELL 24", {"to"}), _is_menu_row("How To Cook Rice", {"to"})
    (False, False)
    """
    capitalised = all(
        len(word) > 1
        and word[0].isupper()
        and word[1].islower()
        and word.replace("-", "").replace("&", "").isalpha()
        for word in text.split()
    )
    return capitalised and not any(word in stopwords for word in normalise_line(text).split())


_SIGNED_DETAIL = f"{COPYRIGHT}: starts as a copyright notice"

# What chrome_gate finds, and the flags read here (the same in either kernel).
_KINDS = (kernel.WHOLE, kernel.ROW, kernel.SYMBOLS, kernel.SIGNED, kernel.KNOWN)
_SENTENCE = kernel.SENTENCE
_MENU = kernel.MENU

# The column of LineTable's words in the integers of view_arrays (read by _judge).
_WORDS = kernel.TABLE_INTS.index("words")

# The detail of each pattern reason ("credit: pattern"): the reasons of the language data.
_PATTERN_DETAILS: dict[str, str] = {}

# The cue classes of a site that speaks of itself or to its reader ("wir", "unser",
# "kostenlos", "du", "bitte"): a sentence holding one may be a template's.
_ADDRESS_CUES = sum(1 << CUE_CLASSES.index(name) for name in ("self", "promo", "reader"))


# tuple.__new__ directly: a Mark per removed line without a Python-level constructor call.
_new_mark: Callable[[tuple[int, str]], Mark] = functools.partial(tuple.__new__, Mark)


def _joined(parts: Parts) -> str:
    return " + ".join(repr(marker) for _, marker in parts)
