"""Short lines made of several chrome markers: "Teilen Senden", "Vorheriges Weiter".

Text extractors often glue the buttons of one row into one line: a comment form's
"Kommentar verfassen Antwort abbrechen", a pager's "Vorheriger Beitrag Nächster Beitrag",
a share row's "Facebook Twitter WhatsApp". Each part is a whole-line marker of the language
data, but the line as a whole is not. :func:`chrome_runs` splits such a line into markers
(longest parts first), using the line's normal form, so its parts are matched exactly as
whole lines are: by key.

>>> from newsclean import prepare
>>> from newsclean.langdata import compile_markers
>>> doc = prepare("Vorheriger Beitrag Nächster Beitrag\\nDer Rat tagt am Montag.")
>>> chrome_runs(doc, compile_markers(("de",)))
{0: (('navigation', 'Vorheriger Beitrag'), ('navigation', 'Nächster Beitrag'))}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .._accel import kernel
from ..langdata import Markers
from ..lines import NORMS, ORIGIN, Doc, normalise_line

__all__ = ["HEADING", "Parts", "chrome_runs", "split_markers"]

#: The reason given to a part that is a section heading ("Kommentar verfassen").
HEADING = "heading"

_CACHE_KEY = "newsclean.chrome_runs"
_SHOWN_KEY = "newsclean.chrome_runs_shown"
# Lines of up to this many words are tried (button rows are short; it bounds the cost to
# at most 21 hashes a line).
_MAX_WORDS = 6
# A part has at most this many words (the longest markers of the language files).
_MAX_PART = 5
# Normal forms a memo of chrome_runs() holds before it is emptied (a few MB at most).
_MEMO = 32_768

#: A row of markers: (reason, marker) for each part; a heading's reason is :data:`HEADING`.
Parts = tuple[tuple[str, str], ...]


def split_markers(norm: str, markers: Markers) -> Parts | None:
    """Split a normal form into two or more whole-line markers, or return ``None``.

    Each part is ``(reason, marker)``; a section heading's reason is :data:`HEADING`. The
    split with the fewest parts wins (longer markers before shorter ones).

    >>> from newsclean.langdata import compile_markers
    >>> m = compile_markers(("de",))
    >>> split_markers("kommentar verfassen antwort abbrechen", m)
    (('heading', 'Kommentar verfassen'), ('comments', 'Antwort abbrechen'))
    >>> split_markers("der rat tagt", m) is None
    True
    """
    # Each part's key is hashed as a line's, so a part matches exactly as the same text
    # standing on its own line does.
    parts: Parts | None = kernel.marker_split(
        norm,
        _dict(markers.headings),
        _dict(markers.lines),
        heading=HEADING,
        max_words=_MAX_WORDS,
        max_part=_MAX_PART,
    )
    return parts


def chrome_runs(
    doc: Doc,
    markers: Markers,
    memo: dict[str, Parts | None] | None = None,
    words: Sequence[int] | npt.NDArray[np.int64] | None = None,
) -> Mapping[int, Parts]:
    """Line index -> its markers, for every short line of ``doc`` made of 2+ markers.

    Computed once per document (kept in ``doc.cache``): the ``patterns`` filter removes
    such lines and the ``sections`` filter treats one that starts with a heading as that
    heading. A ``memo`` (normal form -> :func:`split_markers` of it, for these ``markers``
    only) spares the splitting of lines seen before: chrome lines repeat from page to page.
    It is a pure function of the line, so it cannot make one document's result depend on
    another. A later cleaning round takes the rows of its lines from the round before.
    ``words``, the words of each non-blank line's normal form in order (the ``words``
    column of the document's :class:`~newsclean.filters.features.LineTable`), spares
    reading the forms of the longer lines.
    """
    cached = doc.cache.get(_CACHE_KEY)
    if isinstance(cached, dict):
        return cached
    runs = _carried(doc, markers)
    if runs is None:
        runs = _split_rows(doc, markers, memo, words)
    doc.cache[_CACHE_KEY] = runs
    # The lines the rows were looked for in, for a later round (see _carried).
    doc.cache[_SHOWN_KEY] = (markers, doc.lines)
    return runs


def _carried(doc: Doc, markers: Markers) -> dict[int, Parts] | None:
    """The rows of a later cleaning round's lines, taken from the round before (see
    :data:`~newsclean.lines.ORIGIN`), or ``None`` where that round did not look at them
    all. A line's row is a function of the line alone (its key and normal form)."""
    origin = doc.cache.get(ORIGIN)
    if origin is None:
        return None
    before, where = origin
    shown = before.get(_SHOWN_KEY)
    runs = before.get(_CACHE_KEY)
    if shown is None or shown[0] is not markers or not isinstance(runs, dict):
        return None
    carried = kernel.carry_over(doc.lines, where, shown[1], runs.items(), tuple)
    return None if carried is None else dict(carried)


def _split_rows(
    doc: Doc,
    markers: Markers,
    memo: dict[str, Parts | None] | None,
    words: Sequence[int] | npt.NDArray[np.int64] | None = None,
) -> dict[int, Parts]:
    """The rows of markers of the lines of ``doc`` (see :func:`chrome_runs`)."""
    norms: Sequence[str] | Mapping[int, str] | None = doc.cache.get(NORMS)
    if norms is None:  # a Doc built by hand, not by prepare()
        norms = {line.index: normalise_line(line.text) for line in doc.lines}
    if memo is None:
        memo = {}
    elif len(memo) >= _MEMO:
        memo.clear()  # bounded: emptied when full
    # The lines that are no marker themselves, of at most _MAX_WORDS words (a normal form
    # with _MAX_WORDS spaces has more, and is passed over: no row, nothing remembered):
    # their splits as remembered, and those of the forms not seen before, computed (and
    # remembered) there, in line order.
    rows = kernel.marker_rows(
        doc.lines,
        _dict(markers.headings),
        _dict(markers.lines),
        norms,
        memo,
        heading=HEADING,
        max_words=_MAX_WORDS,
        max_part=_MAX_PART,
        # Most short lines start or end with a word that no marker does (checked without
        # a string made or a hash looked up): no split is tried, nothing remembered.
        ends=markers.row_ends,
        # A line of more than _MAX_WORDS words has _MAX_WORDS spaces or more: passed over
        # by its count of words, its normal form not read.
        words=words,
    )
    return dict(rows)


def _dict(mapping: Mapping[Any, Any]) -> dict[Any, Any]:
    """``mapping`` as a dict (the kernel looks keys up in dicts)."""
    return mapping if type(mapping) is dict else dict(mapping)
