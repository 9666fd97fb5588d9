"""The core filter: lines repeated inside one document, exactly (by key) or nearly."""

from __future__ import annotations

from collections.abc import Iterator

import regex
from rapidfuzz import fuzz

from ..lines import Doc, Line, normalise_line
from .base import Mark, is_body_like

__all__ = ["DuplicateLines"]

# The look-behind makes a search start only where a whitespace run starts: without it every
# position inside a long run restarts `\s*+`, which is quadratic in the run's length.
# A full stop at the end, maybe inside closing quotes or brackets; not an ellipsis.
_SENTENCE_PERIOD = regex.compile(r"(?<![.…])\.[\"'“”‘’»«)\]]{0,3}$")
_ELLIPSIS = regex.compile(r"(?<!\s)\s*+(?:…|\.\.\.)$")


class DuplicateLines:
    """Remove lines that repeat an earlier line of the same document.

    * **Exact**: a later line with the same key (normal form) as an earlier one goes; the
      first occurrence stays. Lines whose normal form is empty never count.
    * **Teaser blocks**: ``headline / teaser / headline`` (the layout of teaser lists, where
      a headline stands twice around its teaser, of at most 400 characters) — all three
      lines go. A repeated line that reads as a full sentence is no headline: only its
      repeat goes.
    * **Near-duplicates**: a line within ``window`` non-blank lines of an earlier one that
      matches it with a rapidfuzz ratio of at least ``score`` (changed quotes or a trailing
      space), or that is a cut-off form of it ending in "…". Compared on short windows
      only, never all pairs, so the cost stays linear.
    """

    name = "duplicates"
    strong = True  # a repeat inside the document is chrome even when it is a sentence

    def __init__(self, *, window: int = 8, score: float = 90.0, max_fuzzy_length: int = 300):
        self.window = window
        self.score = score
        self.max_fuzzy_length = max_fuzzy_length

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        lines = [line for line in doc.lines if line.key]
        first: dict[int, int] = {}  # key -> position in `lines` of its first occurrence
        marked: dict[int, str] = {}  # position -> reason
        for pos, line in enumerate(lines):
            seen = first.get(line.key)
            if seen is None:
                first[line.key] = pos
                continue
            if (
                pos - seen == 2
                and (pos - 1) not in marked
                and len(lines[pos - 1].text) <= 400
                # A headline, not a sentence said twice: headlines do not end in a period.
                and not is_body_like(line)
                and _SENTENCE_PERIOD.search(line.text) is None
            ):
                # headline / teaser / headline: the whole block is a teaser.
                reason = f"teaser block: headline at lines {lines[seen].index} and {line.index}"
                marked.setdefault(seen, reason)
                marked.setdefault(pos - 1, reason)
            marked.setdefault(pos, f"repeats line {lines[seen].index}")
        if self.window:
            self._near(lines, marked)
        for pos in sorted(marked):
            yield Mark(lines[pos].index, marked[pos])

    def _near(self, lines: list[Line], marked: dict[int, str]) -> None:
        limit = self.max_fuzzy_length
        # Normal forms of the lines short enough to compare (None: never compared).
        norms: list[str | None] = [
            normalise_line(_ELLIPSIS.sub("", line.text)) if len(line.text) <= limit * 2 else None
            for line in lines
        ]
        # ratio = 2 * matches / (len(a) + len(b)), so two strings whose lengths differ by
        # more than this share cannot reach `score`: skip them before calling rapidfuzz.
        stretch = self.score / (200 - self.score)
        for pos, line in enumerate(lines):
            b = norms[pos]
            if pos in marked or b is None or len(line.text) > limit or len(b) < 12:
                continue
            cut_off = _ELLIPSIS.search(line.text) is not None
            for other in range(max(0, pos - self.window), pos):
                a = norms[other]
                if a is None or other in marked or len(a) < 12:
                    continue  # short lines ("Mehr", "Teilen") are too alike by chance
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
