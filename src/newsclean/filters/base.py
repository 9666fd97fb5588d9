"""What a filter is: an object with a ``name`` that marks lines of a :class:`Doc`.

Filters never edit text and never do bookkeeping: they yield :class:`Mark` objects (a line
index and a short reason), and the :class:`~newsclean.Pipeline` records them, hides the
marked lines from later filters, and applies the guards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, Protocol, runtime_checkable

import regex

from .._accel import kernel
from ..lines import Doc, Line

__all__ = [
    "Filter",
    "LineFilter",
    "Mark",
    "body_like",
    "ends_like_sentence",
    "is_body_like",
    "line_filter",
    "word_count",
]


class Mark(NamedTuple):
    """A filter's verdict on one line: remove line ``index`` because of ``detail``."""

    index: int  # type: ignore[assignment]  # shadows tuple.index on purpose: a line position
    detail: str


@runtime_checkable
class Filter(Protocol):
    """Anything with a ``name`` and ``__call__(doc) -> Iterable[Mark]`` is a filter.

    The doc a filter receives holds only the lines earlier filters left (blank lines
    included, with their original indices). A filter must not mark a line it was not shown.

    A filter may also have a boolean ``strong``. A *weak* filter (``strong = False``: the
    built-in shape, pattern and section heuristics) cannot remove a full sentence that
    sits between two kept body sentences: the pipeline keeps it and says so in
    ``Cleaned.warnings``. Filters without the attribute count as strong (exact
    duplicates, corpus models, your own filters: their marks are trusted). A weak filter
    may name, in a set ``strong_reasons``, reasons whose marks are trusted all the same:
    the text of a mark's detail before its first ``:`` (``patterns`` names ``template``).

    A filter whose every mark is a function of the marked line alone (its text, key and
    normal form; ``patterns``) may say so with ``line_local = True``: the pipeline then
    does not run it in a later cleaning round whose lines all passed the round before.
    """

    name: str

    def __call__(self, doc: Doc) -> Iterable[Mark]: ...


class LineFilter:
    """Adapter: a function of one line's text becomes a filter.

    The function returns a reason (the line goes) or ``None`` (it stays); it is never
    called on blank lines.

    >>> shouting = LineFilter("shouting", lambda text: "all caps" if text.isupper() else None)
    >>> from newsclean import prepare
    >>> list(shouting(prepare("HIER KLICKEN\\nEin Satz.")))
    [Mark(index=0, detail='all caps')]
    """

    def __init__(self, name: str, function: Callable[[str], str | None]) -> None:
        self.name = name
        self.function = function

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        function = self.function
        for line in doc.lines:
            if line.text:
                reason = function(line.text)
                if reason is not None:
                    yield Mark(line.index, reason)

    def __repr__(self) -> str:
        return f"LineFilter({self.name!r}, {self.function!r})"


def line_filter(name: str) -> Callable[[Callable[[str], str | None]], LineFilter]:
    """Decorator form of :class:`LineFilter`.

    >>> @line_filter("no_urls")
    ... def no_urls(text):
    ...     return "bare URL" if text.startswith("http") else None
    >>> no_urls.name
    'no_urls'
    """

    def wrap(function: Callable[[str], str | None]) -> LineFilter:
        return LineFilter(name, function)

    return wrap


_WORD = regex.compile(r"\w+")
# A line ends like a sentence: terminal punctuation, optionally followed by closing quotes
# or brackets. An ellipsis ("…", "...") is the mark of a cut-off teaser, not a sentence end.
_SENTENCE_END = regex.compile(r"(?<![.…])[.!?:;](?:[\"'“”‘’»«)\]]{0,3})$")


def word_count(text: str) -> int:
    """The number of words (``\\w+`` runs) in ``text``."""
    return len(_WORD.findall(text))


def ends_like_sentence(text: str) -> bool:
    """True if ``text`` ends with sentence punctuation, and not with an ellipsis.

    >>> ends_like_sentence("Er war in Nordkorea gestorben.")
    True
    >>> ends_like_sentence("Jetzt werden die Betroffenen rehabilitiert - auch wenn …")
    False
    """
    return _SENTENCE_END.search(text) is not None


def body_like(items: Sequence[Line | Any], min_words: int = 12) -> list[bool]:
    """:func:`is_body_like` of every item (a ``Line``, or any tuple with its text second,
    such as a ``Removal``), in one compiled pass.

    >>> from newsclean import prepare
    >>> body_like(prepare("Der Rat hat am Montag in Berlin den Haushalt für das kommende "
    ...                   "Jahr beschlossen, sagte er.\\n\\nTeilen").lines)
    [True, False, False]
    """
    flags: list[bool] = kernel.body_like(items, min_words, _word_character).tolist()
    return flags


def _word_character(code: int) -> bool:
    """Whether a character is a word character, as :func:`word_count` counts words."""
    return _WORD.fullmatch(chr(code)) is not None


def is_body_like(line: Line | str, min_words: int = 12) -> bool:
    """True if a line reads as a full sentence of body text.

    >>> is_body_like("Die Kommentare des Ministers wurden am Mittwoch in Berlin lebhaft "
    ...              "diskutiert, auch von der Opposition.")
    True
    >>> is_body_like("Meistgelesene Artikel")
    False
    """
    text = line if isinstance(line, str) else line.text
    return len(text) >= 40 and ends_like_sentence(text) and word_count(text) >= min_words
