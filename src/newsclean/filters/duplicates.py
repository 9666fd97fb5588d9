"""The core filter: lines repeated inside one document, exactly (by key) or nearly."""

from __future__ import annotations

from collections.abc import Iterator

import numpy
import regex
from rapidfuzz import fuzz, process

from .._accel import kernel
from ..lines import NORMS, ORIGIN, PASSED, TEXT_ONLY, Doc, Line, normalise_line
from .base import Mark, is_body_like

__all__ = ["DuplicateLines"]

# A full stop at the end, maybe inside closing quotes or brackets; not an ellipsis.
_SENTENCE_PERIOD = regex.compile(r"(?<![.…])\.[\"'“”‘’»«)\]]{0,3}$")


# A cut-off headline ends in an ellipsis: what the pattern (?<!\s)\s*+(?:…|\.\.\.)$ finds,
# without a regex call (`$` also matches before a final line break).
_CUT_OFF = ("…", "...", "…\n", "...\n")


def _cut_off(text: str) -> bool:
    """The line ends with an ellipsis ("…" or "..."), as a cut-off headline does.

    >>> _cut_off("Stadtrat beschließt neues …"), _cut_off("Stadtrat beschließt.")
    (True, False)
    """
    return text.endswith(_CUT_OFF)


def _headline(text: str) -> bool:
    """A repeated line that may be a headline, not a sentence said twice: headlines do not
    end in a period.

    >>> _headline("Stadtrat tagt"), _headline("Der Stadtrat tagt.")
    (True, False)
    """
    return not is_body_like(text) and _SENTENCE_PERIOD.search(text) is None


# Fewer candidate pairs than this are scored one by one, more in one cpdist call.
_BATCH = 16

# The detail of the marks when only the cleaned text is read (Pipeline.clean) or the
# removals are counted, not read (explain(details=False)).
_UNEXPLAINED = "repeated line (details not asked for)"

# doc.cache key: the filter that last judged a document in full, its settings and the
# lines with a key it was shown (a later cleaning round reads them; see
# DuplicateLines._passed).
_SEEN_KEY = "newsclean.duplicates_seen"


class DuplicateLines:
    """Remove lines that repeat an earlier line of the same document.

    * **Exact**: a later line with the same key (normal form) as an earlier one goes; the
      first occurrence stays. Lines whose normal form is empty never count.
    * **Teaser blocks**: ``headline / teaser / headline`` (the layout of teaser lists, where
      a headline stands twice around its teaser, of at most 400 characters) — all three
      lines go. A repeated line that reads as a full sentence is no headline: only its
      repeat goes.
    * **Near-duplicates**: a line within ``window`` lines of an earlier one (counting the
      lines whose normal form is not empty) that matches it with a rapidfuzz ratio of at
      least ``score`` (changed quotes or a trailing space), or that is a cut-off form of
      it ending in "…". Compared on short windows only, never all pairs, so the cost stays
      linear.
    """

    name = "duplicates"
    strong = True  # a repeat inside the document is chrome even when it is a sentence

    def __init__(self, *, window: int = 8, score: float = 90.0, max_fuzzy_length: int = 300):
        self.window = window
        self.score = score
        self.max_fuzzy_length = max_fuzzy_length

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        settings = (self.window, self.score, self.max_fuzzy_length)
        if self._passed(doc, settings):
            return iter(())
        # The lines with a key, and the (position, first position) of each repeated key.
        lines, repeats = kernel.keyed_lines(doc.lines)
        doc.cache[_SEEN_KEY] = (self, settings, lines)
        # Only the cleaned text is read (Pipeline.clean), or the removals are counted and
        # not read (explain(details=False)): the details of the marks decide nothing
        # there. The body-sentence guard reads a detail only to look its reason up in the
        # filter's strong_reasons (this filter names none; one that does keeps its
        # details), and the other readers of details (warnings, explanations) are dropped
        # by clean() or give the placeholder. tests/test_article.py checks clean() and
        # explain(details=False) against explain() on real pages.
        unexplained = (
            _UNEXPLAINED
            if doc.cache.get(TEXT_ONLY) and not getattr(self, "strong_reasons", None)
            else None
        )
        # position -> reason: headline / teaser / headline is a teaser block (all three
        # lines go), any other repeat goes alone.
        marked: dict[int, str] = kernel.repeat_reasons(lines, repeats, _headline, unexplained)
        if self.window:
            self._near(lines, doc.cache.get(NORMS), marked, unexplained)
        order = sorted(marked)
        # The marks made at once, as a list (one at a time from a generator costs a
        # resumption each).
        marks: list[Mark] = kernel.make_marks(
            lines, order, list(map(marked.__getitem__, order)), Mark
        )
        return iter(marks)

    def _passed(self, doc: Doc, settings: tuple[int, float, int]) -> bool:
        """Whether ``doc`` is a later cleaning round's document on which this filter
        provably marks nothing, by what it saw the round before.

        Every line passed the round before (``PASSED``: lines of it, none marked by any
        filter, none given back by a guard), where this filter, with these settings, was
        shown them all, among others (those it marked itself, and those later filters
        removed). So no two of them have
        the same key (the later would have been marked: every exact repeat is), which
        leaves no teaser block either; and a near-duplicate pair of them that was within
        the window there was looked at there (its earlier line was not marked: it is
        kept), so it is no pair, or its later line would have been marked. What is left
        is pairs that came within the window as lines between them went
        (:func:`newsclean._kernel_py.has_new_near_pair` looks for any that near_pairs would
        consider). Only for this class's own judging (a subclass may judge otherwise).
        """
        before = doc.cache.get(PASSED)
        if before is None:
            return False
        seen = before.get(_SEEN_KEY)
        origin = doc.cache.get(ORIGIN)
        norms = doc.cache.get(NORMS)
        if (
            seen is None
            or seen[0] is not self
            or seen[1] != settings
            or origin is None
            or origin[0] is not before
            or norms is None
            or type(self).__call__ is not DuplicateLines.__call__
            or type(self)._near is not DuplicateLines._near
        ):
            return False
        return not kernel.has_new_near_pair(
            seen[2],
            doc.lines,
            origin[1],
            norms,
            window=self.window,
            limit=self.max_fuzzy_length,
            stretch=self.score / (200 - self.score),
            reach=max(self.score - 1, 0),
        )

    def _near(
        self,
        lines: list[Line],
        norms: list[str] | None,
        marked: dict[int, str],
        unexplained: str | None = None,
    ) -> None:
        """Mark near-duplicates: for each line, the first earlier line in the window it repeats
        (with ``unexplained``, that is the reason of each).

        The pairs of a document are judged at once (one compiled pass for the cheap tests,
        :func:`newsclean._kernel_py.near_pairs`, one rapidfuzz ``cpdist`` call for the
        ratios); what the pairs give is then read line by line, in order, as a
        pair-by-pair loop would: a line already marked as a near-duplicate is no longer an
        original for later lines.
        """
        limit = self.max_fuzzy_length
        # Normal forms of the lines short enough to compare (the others are never
        # compared), by line index. A trailing ellipsis is punctuation, so it is not part
        # of the normal form: the forms prepare() computed (doc.cache, given as ``norms``)
        # serve as they are.
        if norms is None:
            norms = [""] * (max((line[0] for line in lines), default=-1) + 1)
            for index, text, _ in lines:
                norms[index] = normalise_line(text) if len(text) <= limit * 2 else ""
        # An earlier line is compared when it is not marked and its form has 12+
        # characters (short lines, "Mehr", "Teilen", are too alike by chance); a later
        # line also needs a text of at most `limit` characters. Lines marked as exact
        # repeats are settled here; near marks, made in order, are settled when the hits
        # are read. ratio = 2 * matches / (len(a) + len(b)), so two strings whose lengths
        # differ by more than `stretch` cannot reach `score`: no rapidfuzz call for them.
        cut, fuzzy = kernel.near_pairs(
            lines,
            norms,
            marked,
            window=self.window,
            limit=limit,
            stretch=self.score / (200 - self.score),
            # Nor when the characters the two share cannot make the ratio reach `score`
            # (most pairs of a page): an upper bound, so no pair that reaches it is lost;
            # one point lower, as the cutoff below.
            reach=max(self.score - 1, 0),
        )
        hits: dict[int, dict[int, str]] = {}  # later position -> earlier position -> reason
        # A line cut off with "…" repeats the start of an earlier one (few lines are).
        for later_pos, earlier_pos in cut:
            reason = unexplained or f"cut-off repeat of line {lines[earlier_pos].index}"
            hits.setdefault(later_pos, {})[earlier_pos] = reason
        if fuzzy:
            pairs = fuzzy
            if len(pairs) >= _BATCH:
                # A cutoff one point lower finds every pair at or above `score` (both
                # compute the same ratio); each is then confirmed, and its ratio taken,
                # pair by pair. (A few pairs go straight to the confirmation: calling
                # cpdist costs more than they do.)
                ratios = process.cpdist(
                    [norms[lines[earlier_pos][0]] for _, earlier_pos in pairs],
                    [norms[lines[later_pos][0]] for later_pos, _ in pairs],
                    scorer=fuzz.ratio,
                    score_cutoff=max(self.score - 1, 0),
                    dtype=numpy.float64,
                )
                pairs = [pairs[number] for number in numpy.flatnonzero(ratios).tolist()]
            for later_pos, earlier_pos in pairs:
                found = hits.setdefault(later_pos, {})
                if earlier_pos in found:
                    continue  # a cut-off repeat: tested first
                ratio = fuzz.ratio(
                    norms[lines[earlier_pos][0]],
                    norms[lines[later_pos][0]],
                    score_cutoff=self.score,
                )
                if ratio:
                    found[earlier_pos] = unexplained or (
                        f"near-duplicate of line {lines[earlier_pos].index} (ratio {ratio:.0f})"
                    )
        for later_pos in sorted(hits):
            for earlier_pos in sorted(hits[later_pos]):
                if earlier_pos not in marked:
                    marked[later_pos] = hits[later_pos][earlier_pos]
                    break
