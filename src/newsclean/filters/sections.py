"""Section headings that start trailing chrome: "Meistgelesene Artikel", "Kommentare" …"""

from __future__ import annotations

from collections.abc import Container, Iterator, Sequence

from .._accel import kernel
from ..langdata import Markers
from ..lines import PASSED, Doc, Line
from .base import Mark, _word_character
from .composite import HEADING, Parts, _dict, chrome_runs
from .patterns import THREAD

__all__ = ["ChromeSections"]

# The heading label of a comment-thread heading (the line itself follows).
_THREAD = "thread: "
# Thread headings quote a title: longer lines are not tried.
_MAX_THREAD = 200


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

    * An author heading (``[sections] authors``: "Über den Autor", "About the author")
      also takes the author box after its block: up to three short lines (the name, a
      role) and the first block of the bio, written in sentences, when it starts with the
      name's first word, goes on from the name in lower case, or stands right after the
      heading. The body-sentence guard trusts these marks (reason ``author box``).

    * A bare author label (``[sections] author_labels``: "Autor", "Author") opens an author
      box only in its strict shape: one name line right below it, then a bio that goes on
      from the name in lower case ("ist Gründungspartner …") or starts with the name's
      first word. The label, the name and the bio's first block go (reason ``author
      box``, trusted by the guard). A label above anything else (a petition's text, a
      source line) is left to the other filters.

    A short row of markers led by a heading ("Kommentar verfassen Antwort abbrechen")
    counts as that heading. A comment-thread heading (pattern reason ``thread``: "3
    Kommentare zu „…“", "12 thoughts on “…”") names the article it comments on, so it
    always opens the comments: when body-like text precedes it, it and everything after it
    go, even where the comments are written in sentences.
    """

    name = "sections"
    strong = False  # a heading is a weak signal: the body-sentence guard applies
    # ... except an author box's bio, which is written in sentences by nature.
    strong_reasons = frozenset({"author box"})

    def __init__(self, markers: Markers, *, min_body_words: int = 12):
        self.markers = markers
        self.min_body_words = min_body_words
        self._rows: dict[str, Parts | None] = {}  # memo of chrome_runs(), by normal form

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        state["_rows"] = {}  # a memo: rebuilt where the filter runs
        return state

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        before = doc.cache.get(PASSED)
        if before is not None and before.get(_QUIET_KEY) is self:
            # Every line passed the round before (see PASSED), where this filter saw no
            # heading and no author label left unmarked: whether a line is either is a
            # function of the line alone, so none of these lines is, and every mark
            # follows one. Nothing to mark, and quiet again.
            doc.cache.setdefault(_QUIET_KEY, self)
            return iter(())
        # The marks made at once, as a list (one at a time from a generator costs a
        # resumption each; a comment thread is a long run of them).
        return iter(self._marks(doc))

    def _marks(self, doc: Doc) -> list[Mark]:
        lines = doc.lines
        headings = self.markers.headings
        authors = self.markers.author_headings
        runs = chrome_runs(doc, self.markers, self._rows)
        labels = self.markers.author_labels
        # The lines that are headings (what _heading says: a heading, a row led by one, a
        # thread heading), and whether a line is an author label (most pages hold none),
        # in one pass. The lines between headings only tell whether body text came before,
        # which the loop below reads from the body lines.
        patterns = self.markers.all_patterns
        candidates, labelled = kernel.section_lines(
            lines,
            _dict(headings),
            _dict(runs),
            labels,
            self.markers.key_bits,
            heading=HEADING,
            thread=THREAD,
            max_thread=_MAX_THREAD,
            matcher=None if patterns is None else patterns.matcher,
        )
        # Every mark follows a heading or an author label: a later cleaning round (the
        # article alone, mostly) has neither, and then nothing else is needed.
        if not candidates and not labelled:
            _settle_quiet(doc.cache, self, quiet=True)
            return []
        # Whether a line is body-like, worked out for the lines looked at (the loop below
        # reads few of them: a page's middle, its article, is mostly never read).
        body = _BodyLines(lines, self.min_body_words)
        marks = list(_labelled_boxes(lines, body, labels, headings)) if labelled else []
        # The position of the last body-like line (-1: none): a heading after it starts
        # the trailing chrome. Read from the end.
        last_body = body.scan(len(lines) - 1, -1, -1)
        # Whether there was body text between the positions looked at and the heading:
        # the ranges not yet read for it (read only where a thread heading asks).
        body_before, unread = False, []
        pos = 0
        for candidate in candidates:
            if candidate < pos:
                continue  # inside the block of a heading before it
            if not body_before:  # body text between the last position looked at and here
                unread.append((pos, candidate))
            line = lines[candidate]
            heading = self._heading(line.text, line.key, runs.get(line.index))
            if heading is None:  # cannot be: the kernel found it a heading
                _settle_quiet(doc.cache, self, quiet=False)  # a heading left unmarked
                continue
            pos = candidate
            start = line.index
            heading_key = line.key
            thread = heading.startswith(_THREAD)
            if thread and not body_before and last_body > pos:
                body_before = body.any_in(unread)
            if last_body <= pos or (thread and body_before):
                reason = f"trailing block after {heading!r} (line {start})"
                marks.append(Mark(start, f"section heading {heading!r}"))
                # Often the longest run of marks on a page (a comment thread): made by the
                # kernel, without a Python-level constructor call for each.
                trailing = [at for at in range(pos + 1, len(lines)) if lines[at].text]
                marks += kernel.make_marks(lines, trailing, [reason] * len(trailing), Mark)
                # Quiet (see _QUIET_KEY) unless there was an author label: every heading
                # is marked, but a label outside the strict shape of a box is not.
                _settle_quiet(doc.cache, self, quiet=not labelled)
                return marks
            marks.append(Mark(start, f"section heading {heading!r}"))
            pos += 1
            # The first line of the heading's block, and the first body-like line from
            # here on (the last one lies ahead): the block ends before it, so its lines
            # are read once, in one compiled pass, not one by one.
            block, next_body = "", body.scan(pos, len(lines), 1)
            said = f"block after {heading!r} (line {start})"
            while pos < len(lines) and lines[pos].text:
                line = lines[pos]
                if pos == next_body or line.key in headings:
                    break
                marks.append(Mark(line.index, said))
                block = block or line.text
                pos += 1
            if heading_key in authors:
                said = f"author box: after {heading!r} (line {start})"
                marks += [
                    Mark(index, said) for index in _author_box(lines, body, pos, headings, block)
                ]
        _settle_quiet(doc.cache, self, quiet=not labelled)  # as above
        return marks

    def _heading(self, text: str, key: int, run: Parts | None) -> str | None:
        """The heading a line is, or None: a heading, a row led by one, a thread heading."""
        if not text:
            return None
        heading = self.markers.headings.get(key)
        if heading is not None:
            return heading
        if run is not None and run[0][0] == HEADING:
            return run[0][1]
        # Thread headings start with the comment count; only such lines pay for a pattern.
        if (
            text[0].isdigit()
            and len(text) <= _MAX_THREAD
            and self.markers.match_pattern(text) == THREAD
        ):
            return f"{_THREAD}{text[:40]}"
        return None


class _BodyLines:
    """Whether each line reads as a full sentence of body text
    (:func:`~newsclean.filters.base.body_like`), worked out for a line when first asked
    for (``body[pos]``), and the first such line of a range of positions (:meth:`scan`)."""

    __slots__ = ("_ahead", "_known", "_lines", "_min_words")

    def __init__(self, lines: Sequence[Line], min_words: int) -> None:
        self._lines = lines
        self._min_words = min_words
        self._known: dict[int, bool] = {}
        # The last scan forward to the end: (its start, what it found). A scan from a
        # position up to what it found finds the same, so a page of many headings is read
        # once, not once for each heading.
        self._ahead: tuple[int, int] | None = None

    def __getitem__(self, pos: int) -> bool:
        known = self._known.get(pos)
        if known is None:
            known = self._known[pos] = self.scan(pos, pos + 1, 1) == pos
        return known

    def any_in(self, ranges: list[tuple[int, int]]) -> bool:
        """Whether a line of the ``(start, stop)`` ranges is body-like; empties ``ranges``
        (read once: a later question needs only the ranges added after it)."""
        found = any(self.scan(low, high, 1) >= 0 for low, high in ranges)
        ranges.clear()
        return found

    def scan(self, start: int, stop: int, step: int) -> int:
        """The first position of ``range(start, stop, step)`` (``step`` 1 or -1) whose line
        is body-like, or -1."""
        ahead = step == 1 and stop == len(self._lines)
        if ahead and self._ahead is not None:
            since, found = self._ahead
            if since <= start and (found < 0 or start <= found):
                return found
        found = int(
            kernel.a_body_scan(
                self._lines, start, stop, step, min_words=self._min_words, is_word=_word_character
            )
        )
        if ahead:
            self._ahead = (start, found)
        return found


# doc.cache key: the filter that saw, in every view of the document it was shown, no
# author label and no heading it left unmarked (False once any view was not so). A later
# round whose lines all passed this one (PASSED) holds neither, so it gets no mark.
_QUIET_KEY = "newsclean.sections_quiet"


def _settle_quiet(cache: dict[str, object], sections: ChromeSections, *, quiet: bool) -> None:
    """Record whether the view ``sections`` was shown was quiet (see ``_QUIET_KEY``)."""
    if quiet:
        cache.setdefault(_QUIET_KEY, sections)
    else:
        cache[_QUIET_KEY] = False


#: At most this many short lines (a name, a role, a photo credit) stand between an author
#: heading and the bio.
_MAX_NAME_LINES = 3
#: The name line below a bare author label: at most this long, and no sentence.
_MAX_NAME = 60
_NAME_END = (".", "!", "?", ":", ";")
_SENTENCE_END = (".", "!", "?")


def _labelled_boxes(
    lines: Sequence[Line], body: _BodyLines, labels: Container[int], headings: Container[int]
) -> Iterator[Mark]:
    """The author boxes under bare author labels, in their strict shape: label, one name
    line (short, capitalised, not a sentence), then a bio, a sentence that goes on from the
    name in lower case or starts with the name's first word, with the body lines of its
    block after it."""
    for pos, line in enumerate(lines):
        if line.key not in labels:
            continue
        name = _next_text(lines, pos + 1)
        if name is None:
            continue
        text = lines[name].text
        if (
            body[name]
            or len(text) > _MAX_NAME
            or not text[0].isupper()
            or text.endswith(_NAME_END)
            or len(text.split()) > 6
        ):
            continue
        bio = _next_text(lines, name + 1)
        if bio is None:
            continue
        said = lines[bio].text
        if not _goes_on_from(said, text.split(maxsplit=1)[0]):
            continue
        if not (body[bio] or said.endswith(_SENTENCE_END)) or lines[bio].key in headings:
            continue
        reason = f"author box: after label {line.text!r} (line {line.index})"
        box = [lines[bio].index, *_body_run(lines, body, bio + 1)]
        for index in (line.index, lines[name].index, *box):
            yield Mark(index, reason)


def _goes_on_from(bio: str, first: str) -> bool:
    """Whether a bio goes on from a name whose first word is ``first``: it starts with
    that word ("Katrin Hoffmann studierte …") or in lower case ("ist Gründungspartner …")."""
    return bio[0].islower() or bio.split(maxsplit=1)[0] == first


def _body_run(lines: Sequence[Line], body: _BodyLines, pos: int) -> list[int]:
    """The indices of the body lines from position ``pos`` to the end of their block."""
    run = []
    while pos < len(lines) and lines[pos].text and body[pos]:
        run.append(lines[pos].index)
        pos += 1
    return run


def _next_text(lines: Sequence[Line], pos: int) -> int | None:
    """The position of the first non-blank line at or after ``pos``, or None."""
    while pos < len(lines):
        if lines[pos].text:
            return pos
        pos += 1
    return None


def _author_box(
    lines: Sequence[Line],
    body: _BodyLines,
    pos: int,
    headings: Container[int],
    block: str,
) -> list[int]:
    """The indices of the author box that starts at position ``pos`` (after an author
    heading and its block, whose first line is ``block``): up to three short lines (the
    name, a role) and the bio's first block of sentences, when the bio is the box's: it
    starts with the name's first word, goes on from the name in lower case ("ist
    Gründungspartner …"), or stands right after the heading. Nothing when another
    heading, a longer run of short lines or no such bio follows: then the heading's block
    was all of it. The name is the first short line, in the heading's block or after it.
    """
    names: list[int] = []
    first = block.split(maxsplit=1)[0] if block else ""
    while pos < len(lines):
        line = lines[pos]
        if not line.text:
            pos += 1
            continue
        if line.key in headings:
            return []
        if body[pos]:
            break
        if len(names) == _MAX_NAME_LINES:
            return []
        names.append(line.index)
        first = first or line.text.split(maxsplit=1)[0]
        pos += 1
    else:
        return names
    if first and not _goes_on_from(lines[pos].text, first):
        return names
    return [*names, *_body_run(lines, body, pos)]
