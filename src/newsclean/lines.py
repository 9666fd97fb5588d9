"""The line model: text in, a :class:`Doc` of :class:`Line` objects out.

:func:`prepare` is the only place where newsclean changes text. It

1. normalises line breaks (``\\r\\n``, ``\\r``, U+2028/2029, NEL, VT, FF) to ``\\n``,
2. removes control characters and replaces lone surrogates with U+FFFD,
3. repairs mojibake with ftfy on the lines where a cheap check finds it
   (legitimate typography such as „…“, dashes, ellipses and no-break spaces is left alone),
4. trims each line, and
5. cuts metadata glued before the first sentence (``" date 2016-09 Russland will …"``).

Every line then gets a *key*: its normal form (NFKC, case-folded, digits folded to ``0``,
punctuation, symbols and whitespace runs collapsed to one space) hashed with xxh3 to an
unsigned 64-bit integer. The key is identical in every process and on every machine, and it
is computed here and nowhere else, so in-document deduplication, corpus learning and corpus
filtering cannot drift apart. Lines whose normal form is empty (blank lines, ``"+"``,
``"***"``) get key ``0``.

>>> doc = prepare("Auch interessant:\\r\\nauch  INTERESSANT")
>>> [line.text for line in doc]
['Auch interessant:', 'auch  INTERESSANT']
>>> doc.lines[0].key == doc.lines[1].key != 0
True
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import regex
import xxhash

from . import _kernel_py
from ._accel import kernel

__all__ = [
    "HASH_NAME",
    "NORMALISER_VERSION",
    "NORMS",
    "ORIGIN",
    "PASSED",
    "Doc",
    "Edit",
    "Line",
    "line_key",
    "looks_broken",
    "normalise_line",
    "prepare",
    "prepare_kept",
]

#: Bumped whenever :func:`normalise_line` changes what it produces; saved in model files.
NORMALISER_VERSION = 1
#: The hash behind line keys; saved in model files.
HASH_NAME = "xxh3_64"

#: ``doc.cache`` key of the normal form of every line (by line index), set by prepare().
NORMS = "newsclean.norms"
#: ``doc.cache`` key of where the lines of a later cleaning round come from, set by
#: :func:`prepare_kept`: the ``doc.cache`` of the round before, and an array of each
#: line's index in that round's document (-1 for a blank line put between blocks).
#: Per-line results computed there (functions of the line alone) can be taken over.
ORIGIN = "newsclean.origin"
#: ``doc.cache`` key set by the pipeline on a later cleaning round's document whose lines
#: all passed the round before: each filter of that round was shown every one of them and
#: marked none (no guard gave a line back). Its value is that round's ``doc.cache``.
#: A filter whose marks need a line of some kind (a heading, say) that it always marks
#: may then know it marks nothing, when the round before held no such line.
PASSED = "newsclean.passed"

#: doc.cache key: when set, the caller reads only the cleaned text (``Pipeline.clean``), so a
#: filter may leave out the details of its marks that nothing else reads (see
#: ``ArticleLines``: its details never decide a line, as it names no ``strong_reasons``).
TEXT_ONLY = "newsclean.text_only"

_DIGITS = regex.compile(r"\d")
# Everything that is not a letter, mark or digit becomes a separator (newlines excepted).
_SEPARATORS = regex.compile(r"[^\p{L}\p{M}\p{N}\n]+")

# Mojibake signatures: a Latin-1/cp1252 lead character of a UTF-8 sequence followed by a
# character that a continuation byte decodes to (but a soft hyphen or a no-break space
# after a lead of three or four bytes only with one or two more characters that may stand
# for the sequence's later bytes); C1 controls. The replacement character decoded twice,
# "ï¿½", is such a sequence. Real German, English, French or Spanish text almost never has
# these sequences; "ä" and a soft hyphen, "é" and a no-break space alone are frequent in
# it, and ftfy cannot repair them (see MOJIBAKE_SIGNATURES in newsclean._kernel_py).
_CP1252_CONTINUATION = _kernel_py.MOJIBAKE_CONTINUATION
_LATER = _kernel_py.MOJIBAKE_LATER
_MOJIBAKE = regex.compile(_kernel_py.MOJIBAKE_SIGNATURES)


def _utf8_alternatives(chars: Iterable[str]) -> bytes:
    """A bytes pattern matching the UTF-8 form of exactly one of ``chars``."""
    by_prefix: dict[bytes, list[int]] = {}
    for char in chars:
        encoded = char.encode("utf-8")
        by_prefix.setdefault(encoded[:-1], []).append(encoded[-1])
    return b"|".join(
        re.escape(prefix)
        + b"["
        + b"".join(re.escape(bytes([last])) for last in sorted(lasts))
        + b"]"
        for prefix, lasts in sorted(by_prefix.items())
    )


def _mojibake_utf8() -> re.Pattern[bytes]:
    # _MOJIBAKE, translated to the UTF-8 bytes of the text: the same matches (UTF-8 cannot
    # match out of step), found about five times faster than the Unicode-aware scan.
    def chars(first: int, last: int) -> bytes:
        return _utf8_alternatives(chr(c) for c in range(first, last + 1))

    # Every continuation character is one of _LATER's, all below U+2600 but U+FFFD (tests
    # check it).
    is_later = regex.compile(f"[{_LATER}]").fullmatch
    is_continuation = regex.compile(f"[{_CP1252_CONTINUATION}]").fullmatch
    later_chars = [c for c in map(chr, (*range(0x20, 0x2600), 0xFFFD)) if is_later(c)]
    continuations = list(filter(is_continuation, later_chars))
    continuation = b"(?:" + _utf8_alternatives(continuations) + b")"
    # A soft hyphen or a no-break space after a lead of three or four (see _MOJIBAKE).
    weak = b"(?:" + _utf8_alternatives("\u00a0\u00ad") + b")"
    strong = b"(?:" + _utf8_alternatives(c for c in continuations if c not in "\u00a0\u00ad") + b")"
    later = b"(?:" + _utf8_alternatives(later_chars) + b")"
    return re.compile(
        b"(?:"
        + chars(0xC2, 0xDF)
        + b")"
        + continuation
        + b"|(?:"
        + chars(0xE0, 0xF4)
        + b")"
        + strong
        + b"|(?:"
        + chars(0xE0, 0xEF)
        + b")"
        + weak
        + later
        + b"|(?:"
        + chars(0xF0, 0xF4)
        + b")"
        + weak
        + later
        + later
        + b"|"
        + chars(0x80, 0x9F)
    )


_MOJIBAKE_UTF8 = _mojibake_utf8()


@functools.lru_cache(maxsize=1)
def _ftfy() -> tuple[Callable[[str, Any], str], Any]:
    """ftfy's ``fix_text`` and its configuration, imported when first needed: few
    documents need repair, and the import costs every process a few hundredths of a
    second before its first page."""
    import ftfy  # noqa: PLC0415  # see the docstring

    # ftfy repairs encoding only: it leaves curly quotes, ligatures, full-width forms,
    # line breaks, HTML entities and the Unicode normal form of the text alone.
    config = ftfy.TextFixerConfig(
        unescape_html=False,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        fix_line_breaks=False,
        normalization=None,
        explain=False,
    )
    return ftfy.fix_text, config


class Line(NamedTuple):
    """One prepared line of a document.

    Attributes:
        index: position in the prepared document (0-based), stable through every filter.
        text: the prepared text (trimmed; empty for a blank line).
        key: the stable 64-bit hash of the line's normal form; ``0`` when that is empty.
    """

    index: int  # type: ignore[assignment]  # shadows tuple.index on purpose: a line position
    text: str
    key: int


class Edit(NamedTuple):
    """A change :func:`prepare` made to one line's text, for the explanation.

    Attributes:
        index: the line's index in the prepared document.
        step: ``"repair"`` (ftfy mojibake repair) or ``"leading_metadata"``.
        before: the line before the change (whitespace-trimmed).
        after: the line after the change.
    """

    index: int  # type: ignore[assignment]  # shadows tuple.index on purpose: a line position
    step: str
    before: str
    after: str


class Doc:
    """A prepared document: the lines a filter sees, plus context shared by all views.

    Filters receive a *view*: the lines that earlier filters left, with their original
    indices. ``doc.cache`` is shared between all views of one document, for per-document
    data that filters compute lazily (language, line features); it never outlives the
    document.

    Attributes:
        lines: the lines of this view, in order (blank lines included).
        site: the site key the document belongs to, or ``None``.
        edits: what :func:`prepare` changed.
        cache: per-document memo shared by every view.
    """

    __slots__ = ("cache", "edits", "lines", "site")

    def __init__(
        self,
        lines: Sequence[Line],
        *,
        site: str | None = None,
        edits: Sequence[Edit] = (),
        cache: dict[str, Any] | None = None,
    ) -> None:
        self.lines: tuple[Line, ...] = tuple(lines)
        self.site = site
        self.edits: tuple[Edit, ...] = tuple(edits)
        self.cache: dict[str, Any] = {} if cache is None else cache

    def view(self, lines: Sequence[Line]) -> Doc:
        """Return a view of this document with only ``lines`` (sharing site, edits, cache)."""
        # What Doc(lines, site=..., edits=..., cache=...) makes, without the call's keyword
        # arguments (the pipeline makes a view for every filter).
        view = _new_doc(Doc)
        view.lines = lines if type(lines) is tuple else tuple(lines)
        view.site = self.site
        view.edits = self.edits
        view.cache = self.cache
        return view

    @property
    def texts(self) -> list[str]:
        """The text of every line of this view."""
        return [line.text for line in self.lines]

    def nonblank(self) -> list[Line]:
        """The lines of this view that are not blank."""
        return [line for line in self.lines if line.text]

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[Line]:
        return iter(self.lines)

    def __repr__(self) -> str:
        return f"Doc({len(self.lines)} lines, site={self.site!r})"


_new_doc = object.__new__


def looks_broken(text: str) -> bool:
    """Tell cheaply whether ``text`` may hold mojibake that ftfy should repair.

    The signatures: a C1 control; a Latin-1/cp1252 lead of a UTF-8 sequence ("Ã", "â",
    "ð") and a character a continuation byte decodes to; but a soft hyphen or a no-break
    space after a lead of three or four bytes ("ä", "é") only with as many characters
    after it as the sequence needs, where a space, "?" or U+FFFD may stand for a lost
    byte (alone, ftfy leaves such a pair as it is).

    >>> looks_broken("GrÃ¶ÃŸe")
    True
    >>> looks_broken("„Größe“ – 100 € …")
    False
    >>> looks_broken("Bun\u00addes\u00adprä\u00adsi\u00addent"), looks_broken("â€œZitatâ€\u009d")
    (False, True)
    """
    return _MOJIBAKE_UTF8.search(text.encode("utf-8", "surrogatepass")) is not None


def _repair(text: str) -> str:
    # Lines of a site's template repeat from page to page, and a page that keeps looking
    # broken is repaired again in each cleaning round: ftfy's result is remembered by the
    # line's text (a pure function of it, so no document changes another's result).
    try:
        return _REPAIRED[text]
    except KeyError:
        pass
    fix_text, config = _ftfy()
    fixed: str = fix_text(text, config)
    if len(_REPAIRED) >= _REPAIRED_MAX:
        _REPAIRED.clear()  # bounded: emptied when full
    _REPAIRED[text] = fixed
    return fixed


_REPAIRED: dict[str, str] = {}
_REPAIRED_MAX = 16_384


def _forget_repairs() -> None:
    """Empty the memo of mojibake repairs (for benchmarks; it changes no result)."""
    _REPAIRED.clear()


def normalise_line(text: str) -> str:
    """Return the normal form of one line, the text its key is the hash of.

    >>> normalise_line("  Auch   Interessant: ")
    'auch interessant'
    >>> normalise_line("Foto: dpa/AP 2016")
    'foto dpa ap 0000'
    """
    norm = unicodedata.normalize("NFKC", text).casefold()
    norm = _DIGITS.sub("0", norm)
    return _SEPARATORS.sub(" ", norm).strip()


def _hash(norm: str) -> int:
    if not norm:
        return 0
    return xxhash.xxh3_64_intdigest(norm.encode("utf-8", "surrogatepass")) or 1


def line_key(text: str) -> int:
    """Return the stable 64-bit key of one line (``0`` if it has no letters or digits).

    >>> line_key("Kommentare") == line_key("KOMMENTARE:")
    True
    >>> line_key("+")
    0
    """
    return _hash(normalise_line(text))


def _keys(texts: list[str]) -> list[int]:
    """The key of every line: ``[line_key(text) for text in texts]``, computed faster."""
    return kernel.normal_forms(texts, _fold_char, normalise_line)[1]


def normal_forms(texts: list[str]) -> tuple[list[str], list[int]]:
    """The normal form and the key of every text (:func:`normalise_line` and
    :func:`line_key` of each), computed at once.

    >>> normal_forms(["Auch  Interessant:", "+"]) == (
    ...     [normalise_line("Auch  Interessant:"), ""], [line_key("auch interessant"), 0]
    ... )
    True
    """
    return kernel.normal_forms(texts, _fold_char, normalise_line)


def _keys_slow(texts: list[str]) -> list[int]:
    # The reference: three Unicode-aware passes over the whole document.
    joined = unicodedata.normalize("NFKC", "\n".join(texts)).casefold()
    joined = _SEPARATORS.sub(" ", _DIGITS.sub("0", joined))
    norms = joined.split("\n")
    if len(norms) != len(texts):
        return [line_key(text) for text in texts]
    return [_hash(norm.strip()) for norm in norms]


# Non-ASCII character -> its case-folded, digit- and separator-folded form. A pure
# function of the character, memoised: it cannot make one document's keys depend on
# another's.
_FOLDED: dict[str, str] = {}


def _fold_char(char: str) -> str:
    try:
        return _FOLDED[char]
    except KeyError:
        pass
    folded = _SEPARATORS.sub(" ", _DIGITS.sub("0", char.casefold()))
    if len(_FOLDED) < 1 << 16:  # bounded: a stream of exotic characters cannot grow it
        _FOLDED[char] = folded
    return folded


def _check_text(text: object) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(
            "newsclean cleans str, not bytes: decode first, "
            "e.g. text = data.decode('utf-8', errors='replace')"
        )
    raise TypeError(f"newsclean cleans str, got {type(text).__name__}")


def prepare(
    text: str,
    *,
    site: str | None = None,
    repair: str = "auto",
    leading_metadata: regex.Pattern[str] | None = None,
) -> Doc:
    """Turn raw text into a :class:`Doc` of trimmed lines with stable keys.

    Args:
        text: the document.
        site: the site key to attach to the document (used by corpus models).
        repair: ``"auto"`` runs ftfy on the lines where :func:`looks_broken` finds mojibake,
            ``"always"`` runs it on every document, ``"never"`` skips it.
        leading_metadata: a pattern for metadata glued before the first sentence
            (``" date 2016-09 Russland …"``); a match at the start of the first non-blank
            line is cut off. The language data provides one (see
            :func:`newsclean.langdata.compile_markers`).

    Raises:
        TypeError: ``text`` is not a ``str`` (for ``bytes`` the message says how to decode).
    """
    text = _check_text(text)
    if repair not in ("auto", "always", "never"):
        raise ValueError(f"repair must be 'auto', 'always' or 'never', got {repair!r}")
    # One pass finds what the clean-up steps change (line breaks other than \n, controls,
    # BOM, lone surrogates; almost no document holds any) and what looks_broken() finds.
    marks = kernel.text_marks(text)
    if marks & kernel.CLEANUP:
        text = kernel.cleaned_text(text)  # the clean-up's steps, in one pass
        marks = kernel.text_marks(text)  # the clean-up may make or break a mojibake pair
    texts = kernel.split_lines(text)  # text.split("\n"), each stripped
    edits: list[Edit] = []
    if repair == "always" or (repair == "auto" and marks & kernel.BROKEN):
        texts = _repair_lines(texts, edits, every=repair == "always")
    if leading_metadata is not None and (
        edits  # repaired lines are not the text's
        or not is_dated(leading_metadata)
        or kernel.p_may_date(text)
    ):
        _strip_leading_metadata(texts, edits, leading_metadata)
    # Lines made by the kernel (tuple.__new__, without a Python-level constructor call), each
    # in the pass that finds its key: normal_forms and make_lines at once.
    lines, norms = kernel.line_model(texts, _fold_char, normalise_line, Line)
    # Filters that look at words (stopword density) reuse the normal forms: no second pass.
    return Doc(lines, site=site, edits=edits, cache={NORMS: norms})


def prepare_kept(doc: Doc, removed: Container[int]) -> Doc | None:
    """What :func:`prepare` gives for the lines of ``doc`` that ``removed`` leaves, re-joined.

    The pipeline cleans its output again (rounds, for idempotence); that output is the
    text of the kept lines, joined with one blank line between blocks. When ``prepare``
    changed nothing (``doc.edits`` is empty), preparing that text again changes nothing
    either, so its lines, keys and normal forms are those of ``doc``, renumbered:

    * the kept texts are substrings of a text that was already cleaned up, so holding no
      line break or control character they split into the same lines, and ``strip`` (the
      step that made them) leaves them alone;
    * mojibake repair changed none of them, and it is a function of the line (with
      ``repair="auto"`` it runs on the lines that look broken, a property of the line
      alone): it changes none of them again;
    * the leading-metadata pattern cut none of them, and it is tried on each line alone;
    * normal forms and keys are functions of the line's text.

    Returns ``None`` when ``doc`` has edits (or no normal forms): then call ``prepare``
    on the joined text. Equal to ``prepare(join_lines(kept texts), site=doc.site)`` in
    lines, edits and normal forms (tests check it on the dev pages and on arbitrary text).

    >>> doc = prepare("Titel\\n\\nTeilen\\nText.\\n\\n\\nFoto: dpa")
    >>> [line.text for line in prepare_kept(doc, {2, 6})]
    ['Titel', '', 'Text.']
    """
    norms = doc.cache.get(NORMS)
    if doc.edits or not isinstance(norms, list) or len(norms) != len(doc.lines):
        return None
    lines, kept_norms, where = kernel.kept_lines(doc.lines, removed, norms, Line)
    return Doc(lines, site=doc.site, cache={NORMS: kept_norms, ORIGIN: (doc.cache, where)})


def _repair_lines(texts: list[str], edits: list[Edit], *, every: bool) -> list[str]:
    # ftfy judges every non-ASCII line (``every``, repair="always") or those where the
    # cheap check finds mojibake (repair="auto"): the check sees a line's mojibake in the
    # line itself (tested on every dev line), and most lines of a broken page are fine,
    # so ftfy runs on a twentieth of them. ASCII lines cannot hold mojibake.
    # (looks_broken, compiled: kernel.text_marks finds what it finds, tested on random text.)
    broken = kernel.BROKEN
    text_marks = kernel.text_marks
    out = []
    for index, line in enumerate(texts):
        if line and not line.isascii() and (every or text_marks(line) & broken):
            fixed = _repair(line).strip()
        else:
            fixed = line
        if fixed != line:
            edits.append(Edit(index, "repair", line, fixed))
        out.append(fixed)
    return out


def _strip_leading_metadata(
    texts: list[str], edits: list[Edit], pattern: regex.Pattern[str]
) -> None:
    # Every line, not only the first: which line comes first changes once chrome above it
    # is removed, and a cut that depends on the line alone keeps cleaning idempotent. The
    # pattern (a label, an ISO date, then a capital letter) does not occur in prose.
    memo = _starts_of(pattern)
    # The lines whose first characters are not known to start no match (most lines are:
    # the pattern starts with a label): two characters, then, where those may, more.
    for index in memo.candidates(texts):
        line = texts[index]
        if not _may_start(pattern, line[:2], memo):
            continue
        if not _may_start(pattern, line[: memo.width], memo):
            continue
        match = pattern.match(line)
        if match is not None and match.end() < len(line):
            after = line[match.end() :]
            edits.append(Edit(index, "leading_metadata", line, after))
            texts[index] = after


def dated_pattern(pattern: regex.Pattern[str]) -> regex.Pattern[str]:
    """Remember that every match of ``pattern``, a leading-metadata pattern, holds an ISO
    date (``\\d{4}-\\d{2}``), and return it: :func:`prepare` then skips the search on a
    text where ``kernel.p_may_date`` finds nothing that could be one (most pages)."""
    if len(_DATED) >= 64:
        _DATED.clear()
    _DATED[id(pattern)] = pattern  # held: its id is not reused while it is here
    return pattern


def is_dated(pattern: regex.Pattern[str]) -> bool:
    """Whether :func:`dated_pattern` was told of ``pattern`` (this very object: a copy or
    an unpickled pattern is another, which the owner registers again; see
    ``Markers.__setstate__``)."""
    return _DATED.get(id(pattern)) is pattern


# id(pattern) -> pattern, for the patterns dated_pattern() was told of.
_DATED: dict[int, regex.Pattern[str]] = {}


def _starts_of(pattern: regex.Pattern[str]) -> _kernel_py.PrefixMemo:
    """The memo of :func:`_may_start` for ``pattern``."""
    found = _STARTS.get(id(pattern))
    if found is None or found[0] is not pattern:
        if len(_STARTS) >= 64:
            _STARTS.clear()
        found = _STARTS[id(pattern)] = (pattern, kernel.PrefixMemo(width=4))
    return found[1]


def _may_start(pattern: regex.Pattern[str], prefix: str, memo: _kernel_py.PrefixMemo) -> bool:
    """Whether a match of ``pattern`` may start with ``prefix`` (partial matching accepts
    it), remembered in ``memo``: a pure function of the prefix and the pattern."""
    may = memo.get(prefix)
    if may is None:
        may = partial_match(pattern, prefix)
        memo.put(prefix, may)
    return may


def partial_match(pattern: regex.Pattern[str], prefix: str, *, full: bool = False) -> bool:
    """Whether a text that starts with ``prefix`` may match ``pattern`` (``regex``'s partial
    matching; ``full``: as a whole, with ``fullmatch``).

    The one place where newsclean matches partially. Releases of ``regex`` before
    2026.11.15 read memory before the start of the text when it is shorter than a literal
    the pattern requires, which crashed the process now and then; the package requires a
    fixed release, and ``tests/test_regex_dependency.py`` checks the installed one.

    >>> partial_match(regex.compile("(?i)foto:"), "FO"), partial_match(regex.compile("ab"), "x")
    (True, False)
    """
    if full:
        return pattern.fullmatch(prefix, partial=True) is not None
    return pattern.match(prefix, partial=True) is not None


# id(pattern) -> (pattern, what partial matching said of prefixes of two and of four
# characters). Holding the pattern keeps its id from being reused; leading-metadata
# patterns are few.
_STARTS: dict[int, tuple[regex.Pattern[str], _kernel_py.PrefixMemo]] = {}
