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

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ..langdata import Markers
from ..lines import NORMS, Doc, normalise_line

__all__ = ["DocFeatures", "LineFeatures", "features"]

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


@dataclass(frozen=True)
class DocFeatures:
    """Features of a whole document: its language and each line's :class:`LineFeatures`.

    Attributes:
        language: the language code whose stopwords fit the document best, or ``""``.
        of: line index -> features, for every non-blank line of the document.
        languages: the document's languages: ``language`` and any other language with at
            least half as many stopword hits (sorted; empty when ``language`` is).
    """

    language: str
    of: Mapping[int, LineFeatures]
    languages: tuple[str, ...] = ()


def features(doc: Doc, markers: Markers) -> DocFeatures:
    """The features of ``doc`` (computed on first use, then taken from ``doc.cache``)."""
    cached = doc.cache.get(_CACHE_KEY)
    if isinstance(cached, DocFeatures):
        return cached
    lines = [line for line in doc.lines if line.text]
    norms = doc.cache.get(NORMS)
    if norms is None:  # a Doc built by hand, not by prepare()
        words_of = [normalise_line(line.text).split() for line in lines]
    else:
        words_of = [norms[line.index].split() for line in lines]
    language, languages = _language(words_of, markers)
    # Density counts the stopwords of every loaded language: a line's density then does
    # not depend on the rest of the document (which cleaning changes), so the filters
    # that use it decide the same way on a second run. Mixed-language pages gain too.
    stop = markers.stopword_languages if language else {}
    is_stopword = stop.__contains__
    notice_words = markers.notice_words
    of: dict[int, LineFeatures] = {}
    for line, words in zip(lines, words_of, strict=True):
        text = line.text
        first = text[0]
        chars = len(text)
        of[line.index] = LineFeatures(
            chars=chars,
            words=len(words),
            stopwords=sum(map(is_stopword, words)) if stop else 0,
            sentence_end=_sentence_end(text),
            upper_start=first.isupper() or first.isdigit() or first in "\"'„“”«»‚‘(",
            digits=sum(map(str.isdigit, text)) / chars if chars < 80 else 0.0,
            notice=not notice_words.isdisjoint(words),
            colon_end=text.endswith(":"),
            code=not _CODE_MARKS.isdisjoint(text) or "()" in text,
        )
    result = DocFeatures(language, of, languages)
    doc.cache[_CACHE_KEY] = result
    return result


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


def _language(words_of: list[list[str]], markers: Markers) -> tuple[str, tuple[str, ...]]:
    """The language whose stopwords cover most words of the document (ties: by code),
    and every language with at least half as many hits (a page in two languages).

    Only the first few thousand words are looked at: the language is clear long before.
    """
    if not markers.stopwords:
        return "", ()
    sample: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for words in words_of:
        # Each distinct line once: a repeated line (which cleaning removes) must not tip
        # the balance, or a second run would guess differently.
        line = tuple(words)
        if line in seen:
            continue
        seen.add(line)
        sample.extend(words)
        if len(sample) > 3000:
            break
    hits: Counter[str] = Counter()
    languages_of = markers.stopword_languages
    for word, count in Counter(sample).items():
        for code in languages_of.get(word, ()):
            hits[code] += count
    if not hits:
        return "", ()
    best = min(hits, key=lambda code: (-hits[code], code))
    # Running text has far more function words than this; below it the document is in a
    # language without data (or is no running text), and shape filters stay out of it.
    if hits[best] < _MIN_STOPWORD_SHARE * len(sample):
        return "", ()
    # Function words are shared between languages ("in", "die", "de"), so a second
    # language needs half the hits of the first to count.
    return best, tuple(sorted(code for code in hits if hits[code] * 2 >= hits[best]))
