"""The core filter: lines repeated inside one document, exactly (by key) or nearly."""

from __future__ import annotations

from collections.abc import Iterator

import regex
from rapidfuzz import fuzz

from ..lines import Doc, Line, normalise_line
from .base import Mark

__all__ = ["DuplicateLines"]

# The look-behind makes a search start only where a whitespace run starts: without it every
# position inside a long run restarts `\s*+`, which is quadratic in the run's length.
_ELLIPSIS = regex.compile(r"(?<!\s)\s*+(?:…|\.\.\.)$")


class DuplicateLines:
    """Remove lines that repeat an earlier line of the same document.

    * **Exact**: a later line with the same key (normal form) as an earlier one goes; the
      first occurrence stays. Lines whose normal form is empty never count.
    * **Teaser blocks**: ``headline / teaser / headline`` (the layout of teaser lists, where
      a headline stands twice around its teaser, of at most 400 characters) — all three
      lines go.
    * **Near-duplicates**: a line within ``window`` non-blank lines of an earlier one that
      matches it with a rapidfuzz ratio of at least ``score`` (changed quotes or a trailing
      space), or that is a cut-off form of it ending in "…". Compared on short windows
      only, never all pairs, so the cost stays linear.
    """

    name = "duplicates"

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
            if pos - seen == 2 and (pos - 1) not in marked and len(lines[pos - 1].text) <= 400:
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
        norms: dict[int, str] = {}

        def norm(pos: int) -> str:
            if pos not in norms:
                norms[pos] = normalise_line(_ELLIPSIS.sub("", lines[pos].text))
            return norms[pos]

        limit = self.max_fuzzy_length
        for pos, line in enumerate(lines):
            if pos in marked or len(line.text) > limit:
                continue
            cut_off = _ELLIPSIS.search(line.text) is not None
            for other in range(max(0, pos - self.window), pos):
                if other in marked or len(lines[other].text) > limit * 2:
                    continue
                a, b = norm(other), norm(pos)
                if len(a) < 12 or len(b) < 12:
                    continue  # short lines ("Mehr", "Teilen") are too alike by chance
                if cut_off and a.startswith(b):
                    marked[pos] = f"cut-off repeat of line {lines[other].index}"
                    break
                ratio = fuzz.ratio(a, b, score_cutoff=self.score)
                if ratio:
                    marked[pos] = f"near-duplicate of line {lines[other].index} (ratio {ratio:.0f})"
                    break
