"""Lines that are chrome by themselves: share rows, credits, agency lines, notices, menus."""

from __future__ import annotations

from collections.abc import Iterator

from ..langdata import Markers
from ..lines import Doc
from .base import Mark
from .features import features

__all__ = ["SENTENCE_REASONS", "ChromeLines"]

#: Pattern reasons that may match a line that reads as a sentence: consent and newsletter
#: notices, author boxes and licence notes are written in sentences. They are tried on
#: such a line only when it holds a notice word of the language data.
SENTENCE_REASONS = frozenset({"notice", "bio", "licence"})


class ChromeLines:
    """Remove lines that are chrome on their own, from the language data.

    Two kinds of marker, both from the language files:

    * whole lines (``[chrome_lines]``), looked up by line key, so ``"Teilen"``,
      ``"TEILEN:"`` and ``"Teilen »"`` all match;
    * patterns (``[chrome_patterns]``) a whole line must match, tried only on lines of at
      most ``max_length`` characters (chrome lines are short, and it bounds the cost).

    Section headings are left to the ``sections`` filter, which also removes the block they
    introduce. A line that reads as a full body sentence is never removed by a pattern: a
    sentence of the article that happens to start with "Foto:" or a date stays; only
    the reasons in :data:`SENTENCE_REASONS` (notices, author boxes, licence notes, which
    are written in sentences) apply to such a line, and only where it holds a notice
    word. The pipeline's body-sentence guard still keeps such a line when it stands
    between paragraphs of the article.

    Patterns of the document's languages (guessed from stopwords, see
    :mod:`.features`) and the language-independent ones are tried (all patterns when no
    language is recognised); whole-line markers of
    every loaded language apply to every document (a dict lookup costs nothing).

    The reason of each removal is the marker's category (``share``, ``credit``, ``agency``,
    ``notice``, ``dateline`` …) and the marker or the line.
    """

    name = "patterns"
    strong = False  # a pattern is a weak signal: the body-sentence guard applies

    def __init__(self, markers: Markers, *, max_length: int = 300, min_body_words: int = 12):
        self.markers = markers
        self.max_length = max_length
        self.min_body_words = min_body_words

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        markers = self.markers
        headings = markers.headings
        chrome_lines = markers.lines
        feats = features(doc, markers)
        languages = feats.languages or ("",)
        for line in doc.lines:
            text = line.text
            if not text:
                continue
            if line.key in headings:
                continue
            hit = chrome_lines.get(line.key)
            if hit is not None:
                yield Mark(line.index, f"{hit[0]}: {hit[1]!r}")
                continue
            if line.key == 0 and len(text) <= 3:
                # Only punctuation and symbols: gallery arrows, "+", "***", "|".
                yield Mark(line.index, "gallery: symbol-only line")
                continue
            if len(text) > self.max_length:
                continue
            item = feats.of[line.index]
            sentence = item.sentence_end and item.chars >= 40 and item.words >= self.min_body_words
            if sentence and not item.notice:
                continue  # reads as a body sentence (is_body_like, from the cached features)
            reason = None
            for language in languages:  # usually one; two on a page in two languages
                reason = markers.match_pattern(text, language)
                if reason is not None:
                    break
            if reason is not None and (not sentence or reason in SENTENCE_REASONS):
                yield Mark(line.index, f"{reason}: pattern")
