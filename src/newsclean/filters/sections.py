"""Section headings that start trailing chrome: "Meistgelesene Artikel", "Kommentare" …"""

from __future__ import annotations

from collections.abc import Iterator

from ..langdata import Markers
from ..lines import Doc
from .base import Mark, is_body_like

__all__ = ["ChromeSections"]


class ChromeSections:
    """Remove chrome section headings and the block each one introduces.

    A heading from the language data (``section_headings``: "Auch interessant",
    "Meistgelesene Artikel", "Kommentare", "Lesen Sie auch", "Related", "Most read" …)
    counts only as a whole line, matched by key, so a sentence that contains the word
    ("Die Kommentare des Ministers …") is never touched.

    * If no body-like line (see :func:`~newsclean.filters.base.is_body_like`) follows the
      heading, the heading starts the trailing chrome: it and everything after it go.
    * Otherwise the article goes on after it ("Lesen Sie auch" between two paragraphs):
      the heading goes with the lines of its own block (up to the next blank line), as
      long as they are not body-like.
    """

    name = "sections"
    strong = False  # a heading is a weak signal: the body-sentence guard applies

    def __init__(self, markers: Markers, *, min_body_words: int = 12):
        self.markers = markers
        self.min_body_words = min_body_words

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        lines = doc.lines
        headings = self.markers.headings
        min_words = self.min_body_words
        # last_body[i]: is there a body-like line at position >= i?
        body_after = [False] * (len(lines) + 1)
        for pos in range(len(lines) - 1, -1, -1):
            body_after[pos] = body_after[pos + 1] or is_body_like(lines[pos], min_words)
        pos = 0
        while pos < len(lines):
            heading = headings.get(lines[pos].key) if lines[pos].text else None
            if heading is None:
                pos += 1
                continue
            start = lines[pos].index
            if not body_after[pos + 1]:
                reason = f"trailing block after {heading!r} (line {start})"
                yield Mark(start, f"section heading {heading!r}")
                for line in lines[pos + 1 :]:
                    if line.text:
                        yield Mark(line.index, reason)
                return
            yield Mark(start, f"section heading {heading!r}")
            pos += 1
            while pos < len(lines) and lines[pos].text:
                line = lines[pos]
                if is_body_like(line, min_words) or line.key in headings:
                    break
                yield Mark(line.index, f"block after {heading!r} (line {start})")
                pos += 1
