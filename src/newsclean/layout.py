"""Where a site's learned lines stand on a page, and which blocks of text they head.

Corpus mode cuts a page at the lines its model learned for the page's site: a *run* of
consecutive learned lines, then a *gap* of the lines that change from page to page, up to
the next run. Each gap gets a role:

* :data:`MAIN`: the gap with the most body text (lines that read as sentences), the
  article or its largest part;
* :data:`INLINE`: a gap that continues the main one across a run standing between
  sentences (a sentence ends right before the run, another starts right after it or after
  one short line), as an article goes on after an ad marker; reader comments open with an
  author or a date line instead;
* :data:`TEXT`: any other gap with body text: reader comments, teaser summaries, an
  author box;
* ``0``: a gap without body text (menus, headline lists), or no gap.

The second pass of learning counts, for every learned line, on how many pages a run that
holds it heads a gap of each role (:func:`observe`). A line that heads other text on many
pages and (almost) never the article is a *block head* ("View all Comments »", the "RSS"
link above a teaser list): the text after it is chrome on that site, on every page,
whatever its words.

>>> from newsclean import prepare
>>> lines = prepare(
...     "Menü\\n"
...     "Der Stadtrat hat am Mittwoch nach langer Debatte den Haushalt für 2025 beschlossen, "
...     "gegen die Stimmen der Opposition.\\n"
...     "Foto: Stadt Erfurt\\n"
...     "Teilen\\n"
...     "Kommentare\\n"
...     "Ich finde das richtig, denn die Stadt muss endlich wieder in ihre Schulen investieren."
... ).nonblank()
>>> learned = {lines[0].key, lines[4].key}
>>> [(s.run, s.gap, s.role) for s in segments(lines, learned)] == [
...     ((0,), (1, 2, 3), MAIN),
...     ((4,), (5,), TEXT),
... ]
True
>>> observe(lines, learned) == {lines[0].key: MAIN, lines[4].key: TEXT}
True
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import NamedTuple

from .filters.base import is_body_like
from .lines import Line

__all__ = ["FIELDS", "INLINE", "MAIN", "TEXT", "Segment", "observe", "segments"]

#: Roles of a gap, as bits (:func:`observe` ORs them), in the order of :data:`FIELDS`.
TEXT, MAIN, INLINE = 1, 2, 4
#: What each layout count of a learned line counts, in model files too: pages on which a
#: run holding the line heads other text, the article, the article's continuation.
FIELDS: tuple[str, ...] = ("text", "main", "inline")

#: A run stands between sentences when one is among the last ``_BEFORE`` lines of the gap
#: above it and among the first ``_AFTER`` lines of its own gap (an ad marker, maybe the
#: ad's one-line label, then the article goes on).
_BEFORE, _AFTER = 1, 2


class Segment(NamedTuple):
    """A run of learned lines and the gap after it (positions in the page's lines).

    The page's first segment has an empty run when the page does not open with a learned
    line; a segment's gap is empty when the page ends with its run.
    """

    run: tuple[int, ...]
    gap: tuple[int, ...]
    role: int  # MAIN, INLINE, TEXT or 0 (see the module docstring)


def segments(lines: Sequence[Line], learned: Container[int]) -> list[Segment]:
    """Cut ``lines`` (the non-blank lines of a page) at the lines whose keys are ``learned``
    and give every gap its role."""
    cuts: list[tuple[list[int], list[int]]] = []
    run: list[int] = []
    gap: list[int] = []
    for pos, line in enumerate(lines):
        if line.key and line.key in learned:
            if gap:
                cuts.append((run, gap))
                run, gap = [], []
            run.append(pos)
        else:
            gap.append(pos)
    if run or gap:
        cuts.append((run, gap))
    body = [sum(len(lines[pos].text) for pos in gap if is_body_like(lines[pos])) for _, gap in cuts]
    main = max(range(len(cuts)), key=lambda i: (body[i], -i), default=0)
    roles = [TEXT if mass else 0 for mass in body]
    if cuts and body[main]:
        roles[main] = MAIN
        # The article goes on across runs that stand between sentences, both ways.
        joined = [
            number > 0
            and _has_body(lines, cuts[number - 1][1][-_BEFORE:])
            and _has_body(lines, cuts[number][1][:_AFTER])
            for number in range(len(cuts))
        ]
        number = main + 1
        while number < len(cuts) and joined[number]:
            roles[number] = INLINE
            number += 1
        number = main
        while number > 0 and joined[number]:
            roles[number - 1] = INLINE
            number -= 1
    return [
        Segment(tuple(run), tuple(gap), role) for (run, gap), role in zip(cuts, roles, strict=True)
    ]


def _has_body(lines: Sequence[Line], positions: Sequence[int]) -> bool:
    return any(is_body_like(lines[pos]) for pos in positions)


def observe(lines: Sequence[Line], learned: Container[int]) -> dict[int, int]:
    """The roles of the gaps after the learned lines on one page: key -> role bits, each
    line once however often it stands on the page."""
    roles: dict[int, int] = {}
    for segment in segments(lines, learned):
        if segment.role and segment.gap:
            for pos in segment.run:
                key = lines[pos].key
                roles[key] = roles.get(key, 0) | segment.role
    return roles
