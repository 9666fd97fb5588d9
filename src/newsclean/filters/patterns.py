"""Lines that are chrome by themselves: share rows, credits, agency lines, notices, menus."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

from ..langdata import Markers
from ..lines import Doc
from .base import Mark
from .composite import HEADING, Parts, chrome_runs
from .features import features

__all__ = ["SENTENCE_REASONS", "THREAD", "ChromeLines"]

#: Pattern reasons that may match a line that reads as a sentence: consent and newsletter
#: notices, author boxes and licence notes are written in sentences. They are tried on
#: such a line only when it holds a notice word of the language data.
SENTENCE_REASONS = frozenset({"notice", "bio", "licence"})

#: The pattern reason of comment-thread headings ("3 Kommentare zu „…“"): left to the
#: ``sections`` filter, which removes the comments they open.
THREAD = "thread"

# First characters of one-word lines that only patterns recognise: handles, copyright.
_PATTERN_STARTS = frozenset("@#©(+×‹›<>«»|•·*-–—")


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
    the reasons in :data:`SENTENCE_REASONS` (notices, author boxes, licence notes, which
    are written in sentences) apply to such a line, and only where it holds a notice
    word. The pipeline's body-sentence guard still keeps such a line when it stands
    between paragraphs of the article.

    The patterns and whole-line markers of every loaded language (``Config.languages``)
    apply to every document.

    The reason of each removal is the marker's category (``share``, ``credit``, ``agency``,
    ``notice``, ``dateline`` …) and the marker or the line.
    """

    name = "patterns"
    strong = False  # a pattern is a weak signal: the body-sentence guard applies

    def __init__(self, markers: Markers, *, max_length: int = 300, min_body_words: int = 12):
        self.markers = markers
        self.max_length = max_length
        self.min_body_words = min_body_words
        self._rows: dict[str, Parts | None] = {}  # memo of chrome_runs(), by normal form

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        state["_rows"] = {}  # a memo: rebuilt where the filter runs
        return state

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        markers = self.markers
        headings = markers.headings
        chrome_lines = markers.lines
        of = features(doc, markers).of
        runs = chrome_runs(doc, markers, self._rows)
        match_pattern = markers.match_pattern
        max_length = self.max_length
        min_words = self.min_body_words
        mark = _new_mark
        for index, text, key in doc.lines:
            if not text or key in headings:
                continue
            hit = chrome_lines.get(key)
            if hit is not None:
                yield mark((index, f"{hit[0]}: {hit[1]!r}"))
                continue
            parts = runs.get(index) if runs else None
            if parts is not None:
                if parts[0][0] != HEADING:  # a row led by a heading is the sections filter's
                    yield mark((index, f"{parts[0][0]}: row of markers {_joined(parts)}"))
                continue
            if key == 0 and len(text) <= 3:
                # Only punctuation and symbols: gallery arrows, "+", "***", "|".
                yield mark((index, "gallery: symbol-only line"))
                continue
            if len(text) > max_length:
                continue
            item = of[index]
            if item.words <= 1 and not item.digits and text[0] not in _PATTERN_STARTS:
                # One word without digits: whole-line markers decide (the language files
                # list such words, "Akzeptieren", "Copyright"); a regex pass would cost a
                # quarter of the filter's time on a page of menus and find nothing.
                continue
            sentence = item.sentence_end and item.chars >= 40 and item.words >= min_words
            if sentence and not item.notice:
                continue  # reads as a body sentence (is_body_like, from the cached features)
            # The patterns of every loaded language: choosing them by the page's language
            # would let a second run, on the cleaned text, guess another language and
            # remove more (clean() must be idempotent). Config.languages narrows the set.
            reason = match_pattern(text)
            if reason == THREAD:
                continue  # a comment-thread heading: the sections filter takes its comments
            if reason is not None and (not sentence or reason in SENTENCE_REASONS):
                yield mark((index, f"{reason}: pattern"))


# tuple.__new__ directly: a Mark per removed line without a Python-level constructor call.
_new_mark: Callable[[tuple[int, str]], Mark] = functools.partial(tuple.__new__, Mark)


def _joined(parts: Parts) -> str:
    return " + ".join(repr(marker) for _, marker in parts)
