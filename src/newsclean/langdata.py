"""Language data: chrome markers and stopwords, loaded from TOML files.

Each language is one file in ``newsclean/data/lang/`` (``de.toml``, ``en.toml`` …); the
format is described at the top of ``common.toml``. A user can add a language without
touching code: pass the path of a TOML file of the same form in ``Config.languages``.

Whole-line markers are stored as *line keys* (see :func:`newsclean.lines.line_key`), so a
marker matches whatever the case, punctuation, spacing or digits of the line; patterns are
compiled once, when first used (see :class:`PatternSet`).

>>> from newsclean.lines import line_key
>>> markers = compile_markers(("de", "en"))
>>> markers.heading(line_key("Meistgelesene Artikel:"))
'Meistgelesene Artikel'
>>> markers.chrome_line(line_key("TEILEN"))
('share', 'Teilen')
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import regex

from ._accel import kernel
from .errors import ConfigError
from .lines import dated_pattern, is_dated, normal_forms, normalise_line, partial_match

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "CUE_CLASSES",
    "LanguageData",
    "Markers",
    "available_languages",
    "compile_markers",
    "load_language",
]

_PACKAGE_DIR = "data/lang"
_ALWAYS = "common"


@dataclass(frozen=True)
class LanguageData:
    """The raw data of one language file.

    Attributes:
        code: the language code (``"de"``) or ``"common"``.
        name: a readable name.
        section_headings: whole lines that start a block of chrome.
        author_headings: whole lines that open an author box ("Über den Autor"): the
            name and the bio after them are chrome even where written in sentences.
        author_labels: bare labels of author boxes ("Autor", "Author"): they open one
            only in its strict shape, a name line and a bio that goes on from the name.
        chrome_lines: reason -> whole lines that are chrome on their own.
        chrome_patterns: reason -> regular expressions a whole line must match.
        metadata_labels: labels extractors glue before the first sentence.
        stopwords: the language's function words (lower case).
        notice_words: words of consent, newsletter, licence and legal notices (lower case).
        cue_words: cue class (one of :data:`CUE_CLASSES`) -> its words (lower case).
    """

    code: str
    name: str
    section_headings: tuple[str, ...] = ()
    author_headings: tuple[str, ...] = ()
    author_labels: tuple[str, ...] = ()
    chrome_lines: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    chrome_patterns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    metadata_labels: tuple[str, ...] = ()
    stopwords: frozenset[str] = frozenset()
    notice_words: frozenset[str] = frozenset()
    cue_words: Mapping[str, frozenset[str]] = field(default_factory=dict)


#: The word classes of a language file's ``[cues]`` table, in the order of their bits in
#: the word lexicon and of their features in the article filter's line model: first-person
#: words (an author's own box), career words (author bios), offers and subscriptions,
#: picture credits, and words that address the reader.
CUE_CLASSES = ("self", "bio", "promo", "caption", "reader")


def available_languages() -> tuple[str, ...]:
    """The codes of the language files shipped with newsclean (``common`` excluded).

    >>> "de" in available_languages() and "en" in available_languages()
    True
    """
    folder = resources.files("newsclean").joinpath(_PACKAGE_DIR)
    codes = sorted(
        entry.name[: -len(".toml")]
        for entry in folder.iterdir()
        if entry.name.endswith(".toml") and entry.name != f"{_ALWAYS}.toml"
    )
    return tuple(codes)


def _is_path(source: str) -> bool:
    """Whether ``source`` names a language file by its path (else: a shipped code)."""
    return source.endswith(".toml") or "/" in source or "\\" in source


def _read_source(source: str) -> tuple[str, str]:
    """Return (origin, TOML text) for a shipped language code or a file path."""
    if _is_path(source):
        path = Path(source)
        try:
            return str(path), path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read language file {source}: {exc.strerror}") from exc
    entry = resources.files("newsclean").joinpath(f"{_PACKAGE_DIR}/{source}.toml")
    if not entry.is_file():
        known = ", ".join(available_languages())
        raise ConfigError(f"no language data for {source!r}; shipped languages: {known}")
    return f"newsclean/{_PACKAGE_DIR}/{source}.toml", entry.read_text(encoding="utf-8")


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)


def _groups(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of lists")
    return {str(name): _strings(items, f"{where}.{name}") for name, items in value.items()}


def _normal_words(words: list[str]) -> frozenset[str]:
    """Words in the normal form of line keys, the form filters compare them in.

    >>> sorted(_normal_words(["Daß", "don't"]))
    ['dass', 'don', 't']
    """
    return frozenset(part for word in words for part in normalise_line(word).split())


def _words(raw: dict[str, Any], name: str, origin: str) -> list[str]:
    words = _table(raw, name, origin).get("words", "")
    if not isinstance(words, str):
        raise ConfigError(f"{origin}: [{name}] words must be one string of words")
    return words.split()


def _cues(raw: dict[str, Any], origin: str) -> dict[str, frozenset[str]]:
    """The ``[cues]`` table: class -> its words in normal form (see :data:`CUE_CLASSES`)."""
    out: dict[str, frozenset[str]] = {}
    for name, words in _table(raw, "cues", origin).items():
        if name not in CUE_CLASSES:
            known = ", ".join(CUE_CLASSES)
            raise ConfigError(f"{origin}: [cues] has no class {name!r} (classes: {known})")
        if not isinstance(words, str):
            raise ConfigError(f"{origin}: [cues] {name} must be one string of words")
        out[name] = _normal_words(words.split())
    return out


def _table(raw: dict[str, Any], name: str, origin: str) -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{origin}: [{name}] must be a table")
    return value


@functools.lru_cache(maxsize=64)
def load_language(source: str) -> LanguageData:
    """Load one language file, by shipped code (``"de"``) or by path.

    Raises:
        ConfigError: the file is missing, is not TOML, or has fields of the wrong form.
    """
    origin, text = _read_source(source)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin} is not valid TOML: {exc}") from exc
    meta = raw.get("language", {})
    code = meta.get("code") if isinstance(meta, dict) else None
    if not isinstance(code, str) or not code:
        raise ConfigError(f'{origin} needs [language] code = "…"')
    stopwords = " ".join(_words(raw, "stopwords", origin))
    data = LanguageData(
        code=code,
        name=str(meta.get("name", code)),
        section_headings=_strings(
            _table(raw, "sections", origin).get("headings", []), f"{origin}: [sections] headings"
        ),
        author_headings=_strings(
            _table(raw, "sections", origin).get("authors", []), f"{origin}: [sections] authors"
        ),
        author_labels=_strings(
            _table(raw, "sections", origin).get("author_labels", []),
            f"{origin}: [sections] author_labels",
        ),
        chrome_lines=_groups(raw.get("chrome_lines", {}), f"{origin}: chrome_lines"),
        chrome_patterns=_groups(raw.get("chrome_patterns", {}), f"{origin}: chrome_patterns"),
        metadata_labels=_strings(
            _table(raw, "metadata", origin).get("labels", []), f"{origin}: [metadata] labels"
        ),
        stopwords=_normal_words(stopwords.split()),
        notice_words=_normal_words(_words(raw, "notice", origin)),
        cue_words=_cues(raw, origin),
    )
    # A file given by its path is checked here: a bad pattern fails the load, with its
    # file and reason. The shipped files' patterns are checked by the tests
    # (tests/test_langdata_files.py) and compiled when first tried (see PatternSet): a
    # process compiles only those its lines need, not all of them before its first page.
    shipped = not _is_path(source)
    for reason, patterns in data.chrome_patterns.items():
        for pattern in patterns:
            if shipped:
                _SHIPPED.add(pattern)
                continue
            try:
                _compile(pattern)  # kept: PatternSet takes it from there, not compiled twice
            except regex.error as exc:
                raise ConfigError(
                    f"{origin}: chrome_patterns.{reason} has a bad pattern {pattern!r}: {exc}"
                ) from exc
    return data


#: The patterns of the shipped language files loaded so far: checked by the tests, so
#: :class:`PatternSet` compiles them (and the cores of those with a leading wildcard) when
#: first tried (:class:`_Lazy`). Any other pattern is compiled when the set is made, so a
#: bad one fails there, as it always did.
_SHIPPED: set[str] = set()


class _Lazy:
    """A pattern compiled (by :func:`_compile`) when one of its methods (``fullmatch``,
    ``search``, ``match``...) is first asked for; it then stands for the compiled pattern.

    >>> lazy = _Lazy("Teilen")
    >>> "fullmatch" in vars(lazy), lazy.fullmatch("TEILEN") is not None, "search" in vars(lazy)
    (False, True, True)
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)  # copy, pickle... ask for these: nothing to compile
        compiled = _compile(self.pattern)
        self.fullmatch = compiled.fullmatch
        self.search = compiled.search
        self.match = compiled.match
        return getattr(compiled, name)

    def __reduce__(self) -> tuple[type[_Lazy], tuple[str]]:
        return _Lazy, (self.pattern,)


def _compile(pattern: str) -> regex.Pattern[str]:
    """A chrome pattern compiled as :class:`PatternSet` matches it (case-insensitively).

    Compiled patterns are kept by their text (a pure function of it, so no document can
    change another's result): a language file given by its path is checked when loaded,
    and its patterns are compiled for matching once, not twice.
    """
    try:
        return _COMPILED[pattern]
    except KeyError:
        pass
    compiled = regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)
    if len(_COMPILED) < 8192:  # bounded: user language files may add patterns
        _COMPILED[pattern] = compiled
    return compiled


_COMPILED: dict[str, regex.Pattern[str]] = {}


def _lazy(pattern: str, source: str) -> Any:
    """``pattern`` (made of the data's ``source``) compiled, or a :class:`_Lazy` of it
    when ``source`` is a shipped pattern (see :data:`_SHIPPED`)."""
    if source in _SHIPPED:
        return _Lazy(pattern)
    return _compile(pattern)


# The key under which a pickled Markers says its metadata pattern is dated (see
# Markers.__getstate__).
_PREFIX_DATED = "_metadata_prefix_dated"


@dataclass(frozen=True)
class Markers:
    """Everything the built-in filters need from the language files, compiled once.

    Attributes:
        languages: the language data the markers were built from (``common`` first).
        headings: line key -> the section heading as written in the data file.
        author_headings: the keys of the headings that open an author box (each also in
            ``headings``).
        author_labels: the keys of the bare labels of author boxes ("Autor"; not in
            ``headings``): they open one only in its strict shape (see the sections filter).
        lines: line key -> (reason, the chrome line as written in the data file).
        pattern: one compiled alternation; the name of the group that matched is the reason
            (compiled when first asked for: cleaning matches with ``all_patterns``).
        stopwords: language code -> its stopwords.
        notice_words: words of notices (cookies, newsletter, licence), of every language.
        cue_words: cue class -> its words, of every language (each of :data:`CUE_CLASSES`).
        stopword_languages: stopword -> the codes of the languages it belongs to.
        language_patterns: language code -> its patterns and the language-independent
            ones, compiled (:class:`PatternSet`) when first asked for.
        all_patterns: every pattern, compiled (:class:`PatternSet`) when first asked for
            (so a process pool's workers compile it each, at once, not the parent first).
        metadata_prefix: matches metadata glued before the first sentence.
    """

    languages: tuple[LanguageData, ...]
    headings: Mapping[int, str]
    lines: Mapping[int, tuple[str, str]]
    stopwords: Mapping[str, frozenset[str]]
    metadata_prefix: regex.Pattern[str] | None
    author_headings: frozenset[int] = frozenset()
    author_labels: frozenset[int] = frozenset()
    notice_words: frozenset[str] = frozenset()
    cue_words: Mapping[str, frozenset[str]] = field(default_factory=dict)
    stopword_languages: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    language_patterns: Mapping[str, PatternSet | None] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        # Whether the metadata pattern is known to match only where an ISO date stands
        # (dated_pattern): prepare() then skips its search on pages without one. That is
        # known of the pattern object, which a pickle or a copy does not carry; the copy's
        # own pattern is registered again when it is unpickled (Dask, spawned workers).
        prefix = self.metadata_prefix
        state[_PREFIX_DATED] = prefix is not None and is_dated(prefix)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        state = dict(state)
        dated = state.pop(_PREFIX_DATED, False)
        self.__dict__.update(state)  # a frozen dataclass: no __setattr__
        if dated and self.metadata_prefix is not None:
            dated_pattern(self.metadata_prefix)

    @functools.cached_property
    def pattern(self) -> regex.Pattern[str] | None:
        """Every chrome pattern as one alternation; the group that matched is the reason."""
        return _alternation(self.languages)

    @functools.cached_property
    def all_patterns(self) -> PatternSet | None:
        """Every pattern of every loaded language, compiled."""
        return _pattern_set(self.languages)

    @functools.cached_property
    def row_ends(self) -> Any:
        """The first and the last words of the normal forms of the headings and whole-line
        markers (a :class:`newsclean._kernel_py.WordEnds`): a row of markers starts with
        one and ends with one. ``None`` when a key is not the key of its text (markers
        made by hand): then it tells nothing.

        >>> ends = compile_markers(("de",)).row_ends
        >>> "teilen" in ends.firsts, "beitrag" in ends.lasts, "rat" in ends.firsts
        (True, True, False)
        """
        texts = [(key, text) for key, text in self.headings.items() if text is not None]
        texts += [(key, value[1]) for key, value in self.lines.items() if value is not None]
        if not all(isinstance(text, str) for _, text in texts):
            return None
        norms, keys = normal_forms([text for _, text in texts])
        firsts: set[str] = set()
        lasts: set[str] = set()
        for (key, _), norm, text_key in zip(texts, norms, keys, strict=True):
            if text_key != key:
                return None
            firsts.add(norm.split(" ")[0])
            lasts.add(norm.split(" ")[-1])
        return kernel.WordEnds(firsts, lasts)

    @functools.cached_property
    def key_bits(self) -> Any:
        """The keys of the headings, the whole-line markers and the author labels (a
        :class:`newsclean._kernel_py.KeyBits`): the compiled kernel tells by it, without
        a lookup, that most lines are none of them."""
        return kernel.KeyBits({*self.headings, *self.lines, *self.author_labels})

    def pattern_sets(self) -> list[PatternSet]:
        """The pattern sets compiled so far (``all_patterns`` and the languages' used)."""
        sets = self.language_patterns
        built = sets.built() if isinstance(sets, _PatternSets) else list(sets.values())
        built.append(self.__dict__.get("all_patterns"))
        return [item for item in built if item is not None]

    def heading(self, key: int) -> str | None:
        """The section heading a line key stands for, or ``None``."""
        return self.headings.get(key)

    def chrome_line(self, key: int) -> tuple[str, str] | None:
        """(reason, marker) for a line key that is chrome on its own, or ``None``."""
        return self.lines.get(key)

    def match_pattern(self, text: str, language: str = "") -> str | None:
        """The reason of the first chrome pattern that matches the whole line, or ``None``.

        With a ``language`` (a code among the loaded ones), only the patterns of that
        language and the language-independent ones are tried: a German page needs no
        English date patterns, and the cost stays flat as languages are added.
        """
        patterns = self.language_patterns.get(language) if language else None
        if patterns is None:
            patterns = self.all_patterns
        return None if patterns is None else patterns.match(text)


@functools.lru_cache(maxsize=32)
def compile_markers(languages: tuple[str, ...]) -> Markers:
    """Merge and compile the data of ``languages`` (codes or paths) plus ``common``.

    Raises:
        ConfigError: a language is unknown or its file is broken.
    """
    data = tuple(load_language(source) for source in (_ALWAYS, *languages))
    texts = [
        text
        for lang in data
        for group in (
            lang.section_headings,
            lang.author_headings,
            lang.author_labels,
            *lang.chrome_lines.values(),
        )
        for text in group
    ]
    key_of = dict(zip(texts, normal_forms(texts)[1], strict=True))  # line_key of each, at once
    headings: dict[int, str] = {}
    authors: set[int] = set()
    author_labels: set[int] = set()
    lines: dict[int, tuple[str, str]] = {}
    labels: list[str] = []
    for lang in data:
        for heading in lang.section_headings:
            headings.setdefault(key_of[heading], heading)
        for heading in lang.author_headings:
            headings.setdefault(key_of[heading], heading)
            authors.add(key_of[heading])
        author_labels.update(key_of[label] for label in lang.author_labels)
        for reason, markers in lang.chrome_lines.items():
            for marker in markers:
                lines.setdefault(key_of[marker], (reason, marker))
        labels.extend(lang.metadata_labels)
    prefix = None
    if labels:
        alternatives = "|".join(regex.escape(label) for label in dict.fromkeys(labels))
        # (a match holds an ISO date: prepare() may skip pages without one)
        prefix = dated_pattern(
            regex.compile(
                rf"(?:{alternatives})\s*+:?\s*+\d{{4}}-\d{{2}}(?:-\d{{2}})?+"
                r"(?:[T ]\d{2}:\d{2}(?::\d{2})?+)?+\s++(?=[\p{Lu}\"„“«])",
                regex.IGNORECASE,
            )
        )
    return Markers(
        languages=data,
        headings=headings,
        lines=lines,
        stopwords={lang.code: lang.stopwords for lang in data if lang.stopwords},
        metadata_prefix=prefix,
        author_headings=frozenset(authors),
        author_labels=frozenset(author_labels - headings.keys()),
        notice_words=frozenset().union(*(lang.notice_words for lang in data)),
        cue_words={
            name: frozenset().union(*(lang.cue_words.get(name, ()) for lang in data))
            for name in CUE_CLASSES
        },
        stopword_languages=_languages_by_word(data),
        language_patterns=_PatternSets(data),
    )


class _PatternSets(Mapping[str, "PatternSet | None"]):
    """Language code -> the :class:`PatternSet` of its patterns and the common ones, each
    compiled when first asked for (cleaning uses ``Markers.all_patterns``; compiling every
    language's set too cost each process a tenth of a second before its first page)."""

    def __init__(self, data: tuple[LanguageData, ...]) -> None:
        common = tuple(lang for lang in data if lang.code == _ALWAYS)
        self._data = {lang.code: (*common, lang) for lang in data if lang.code != _ALWAYS}
        self._built: dict[str, PatternSet | None] = {}

    def __getitem__(self, code: str) -> PatternSet | None:
        try:
            return self._built[code]
        except KeyError:
            pass
        built = self._built[code] = _pattern_set(self._data[code])
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def built(self) -> list[PatternSet | None]:
        """The sets compiled so far."""
        return list(self._built.values())


class PatternSet:
    """Chrome patterns compiled for speed; :meth:`match` tells which reason matches a line.

    Patterns that start at the line's start must match the whole line (``fullmatch``);
    the first that does, in the order of the data, gives the reason, as one alternation
    of them all (:attr:`anchored`) would. Patterns that start with a bounded wildcard
    (``.{0,80}Cookies…``, a phrase somewhere in the line) would make that alternation try
    every prefix length; each is instead compiled without the wildcard, anchored at the
    line's end, and searched for: the leftmost match must start within the wildcard's
    bounds. Both ways accept exactly the lines the pattern matches as a whole.

    Two shortcuts keep a line that matches nothing (nearly every line) cheap, and
    change no result:

    * **By prefix.** Only the anchored patterns that can match a text starting with the
      line's first two characters (one, when they are not both ASCII) are tried, each
      compiled on its own, in their order: those that ``regex``'s partial matching
      accepts that prefix for. (An alternation of them is no faster, measured, and
      compiling one per set of patterns cost a worker process a third of a second before
      its first page.)
    * **By required words.** Where a pattern holds, outside any optional part, literal
      words or a group of literal alternatives (``\\s++(?:sagt|schreibt)``, ``Cookies?``,
      ``Antwort(?:en)? abbrechen``), or a class of literal symbols (``[|•»]``), every
      match contains one of them: the pattern is
      tried only when, for each such group, one of its words occurs in the case-folded
      line. One pass over the line finds every required word it holds
      (:func:`newsclean._kernel_py.trigger_mask`).

    The patterns to try for each prefix are remembered (a pure function of it and of the
    patterns, bounded in size), so one document cannot change what another matches; so
    is the result of each short line (chrome lines repeat from page to page). The
    kernel's :attr:`matcher` does the matching: one call a line, whose words are found
    once and checked for each pattern right before it is tried.

    >>> patterns = PatternSet({"share": ["Teilen|Share"], "notice": [".{0,40}Cookies?.{0,9}"]})
    >>> patterns.match("TEILEN"), patterns.match("Wir nutzen Cookies."), patterns.match("Teil")
    ('share', 'notice', None)
    """

    _FLOATING = regex.compile(r"\.\{(\d++),(\d++)\}(.++)", regex.DOTALL)
    _MEMO = 20_000  # prefixes and plans remembered (more are computed each time, not stored)
    _MEMO_LINES = 32_768  # line results remembered (a few MB of short lines)
    _MEMO_TEXT = 300  # longer lines are not remembered (chrome lines are short)
    # A backreference would count groups differently in a partial alternation.
    _BACKREFERENCE = regex.compile(r"\\[1-9]|\(\?P=|\\g<")

    def __init__(self, by_reason: Mapping[str, list[str]]) -> None:
        anchored: dict[str, list[str]] = {}
        self.floating: list[tuple[int, int, regex.Pattern[str], str]] = []
        required: list[list[tuple[str, ...]]] = []  # per floating pattern: its word groups
        for reason, patterns in by_reason.items():
            for pattern in patterns:
                parts = self._FLOATING.fullmatch(pattern)
                if parts is None or "|" in _top_level(parts.group(3)):
                    anchored.setdefault(reason, []).append(pattern)
                    continue
                core = _lazy(f"(?:{parts.group(3)})\\Z", pattern)
                self.floating.append((int(parts.group(1)), int(parts.group(2)), core, reason))
                required.append(_required_words(parts.group(3)))
        self._anchored_by_reason = anchored
        self._anchored: tuple[regex.Pattern[str] | None] | None = None  # compiled when used
        self._each = [
            (reason, pattern, _lazy(pattern, pattern))
            for reason, patterns in anchored.items()
            for pattern in patterns
        ]
        # Which anchored patterns a line's first one or two characters rule in or out
        # without regex (see _anchored_for): per pattern its kind, and the patterns by
        # the case-folded heads (first one and two characters) of their leading words.
        self._kinds: list[int] = []
        self._heads: dict[str, set[int]] = {}
        digits_known = _digits_decimal()
        for number, (_, pattern, _) in enumerate(self._each):
            leading = _plain_leading_words(pattern)
            if leading is not None and all(word[:2].isascii() for word in leading):
                self._kinds.append(_BY_WORDS)
                for word in leading:
                    for head in (word[:1].lower(), word[:2].lower()):
                        self._heads.setdefault(head, set()).add(number)
            elif digits_known and not _opaque(pattern) and _digit_first(pattern):
                self._kinds.append(_BY_DIGIT)
            else:
                self._kinds.append(_BY_REGEX)
        # Each pattern on its own matches as it does inside the alternation (inline flags
        # stay inside the pattern's group), unless it refers to groups by number.
        self._by_prefix_on = not any(
            self._BACKREFERENCE.search(pattern) for _, pattern, _ in self._each
        )
        # Required word groups: one bit each, a pattern's next to each other. Pattern
        # number (anchored first, then floating) -> (its first bit, how many); word -> the
        # bits of the groups it is in.
        groups = [_required_words(pattern) for _, pattern, _ in self._each] + required
        words: dict[str, int] = {}
        self._needs: list[tuple[int, int]] = []
        bit = 0
        # A digit's group (_DIGIT) is set for a line that holds a digit, not by words, and
        # the group of a digit that ends the line (_LAST_DIGIT) for one that may end so. A
        # group with a shape of digits ("0:00", found where the line's digits are read as
        # "0") is set for a line with a character above U+FFFF as well. Where the kernel's
        # test could miss a digit (_usable), such a group is no requirement.
        digits = 0
        last_digit = 0
        astral = 0
        for found_groups in groups:
            pattern_groups = [group for group in found_groups if _usable(group)]
            self._needs.append((bit, len(pattern_groups)))
            for group in pattern_groups:
                if group == _DIGIT:
                    digits |= 1 << bit
                elif group == _LAST_DIGIT:
                    last_digit |= 1 << bit
                else:
                    for word in group:
                        words[word] = words.get(word, 0) | 1 << bit
                    if _has_shape(group):
                        astral |= 1 << bit
                bit += 1
        self._words = words
        self._digits = digits
        self._last_digit = last_digit
        self._astral = astral
        # The kernel's matcher (PatternMatcher: the table of the words, the plans per
        # prefix), made when first used.
        self._table: Any = None
        self._by_prefix: dict[str, tuple[int, ...]] = {}
        self._memo: dict[str, str | None] = {}

    @property
    def anchored(self) -> regex.Pattern[str] | None:
        """The anchored patterns as one alternation; the group that matched is the reason.

        Compiled when first asked for: matching tries the patterns one by one (see the
        class docstring) unless one refers to a group by number.
        """
        if self._anchored is None:
            self._anchored = (_compile_alternation(self._anchored_by_reason),)
        return self._anchored[0]

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        state["_anchored"] = None  # compiled again where it is used
        state["_table"] = None
        state["_by_prefix"] = {}  # memos: rebuilt where they are used
        state["_memo"] = {}
        return state

    @property
    def memo(self) -> dict[str, str | None]:
        """The results remembered so far: line text -> :meth:`match` of it (read only)."""
        return self._memo

    @property
    def matcher(self) -> Any:
        """The kernel's matcher of these patterns (:class:`newsclean._kernel_py.PatternMatcher`):
        its ``match`` is :meth:`match`, its memo :attr:`memo`."""
        matcher = self._table
        if matcher is None:
            matcher = self._table = self._make_matcher(kernel)
        return matcher

    def _make_matcher(self, module: Any, **limits: int) -> Any:
        """A ``PatternMatcher`` of these patterns from ``module`` (the kernel, or its twin
        in tests), sharing :attr:`memo`; ``limits`` override the memo sizes."""
        on = self._by_prefix_on
        sizes = {
            "memo_lines": self._MEMO_LINES,
            "memo_text": self._MEMO_TEXT,
            "memo_plans": self._MEMO,
            **limits,
        }
        return module.PatternMatcher(
            self._words,
            [(reason, compiled) for reason, _, compiled in self._each],
            self.floating,
            self._needs,
            choose=self._anchored_for if on else None,
            memo=self._memo,
            alternation=None if on else self.anchored,
            digits=self._digits,
            astral=self._astral,
            last_digit=self._last_digit,
            **sizes,
        )

    def match(self, text: str) -> str | None:
        """The reason of a pattern that matches the whole of ``text``, or ``None``."""
        # Chrome lines repeat from page to page of a site, so results are remembered by
        # the line's exact text. The memo is a pure function (text -> the reason the
        # patterns give it), so what was matched before cannot change a result; it is
        # emptied when full, which bounds its memory.
        reason: str | None = self.matcher.match(text)
        return reason

    def _anchored_for(self, prefix: str) -> tuple[int, ...]:
        """The numbers of the anchored patterns a line starting with ``prefix`` may match,
        in order."""
        try:
            return self._by_prefix[prefix]
        except KeyError:
            pass
        # A pattern that may match a text starting with "ab" may match one starting with
        # "a": only those of the shorter prefix need the test.
        each = self._each
        pool = self._anchored_for(prefix[:-1]) if len(prefix) > 1 else range(len(each))
        # The patterns are compiled with IGNORECASE and VERSION0 (no full case folding): a
        # character of the text matches a literal one of the pattern if they are case
        # variants of each other, one for one. Within ASCII that means equal lower()
        # (tests/test_pattern_shortcuts.py checks it); outside ASCII only a character
        # that _ASCII_LIKE matches (the Kelvin sign, the long s...) can match an ASCII
        # letter. A leading word's head being ASCII (_BY_WORDS), a prefix of one or two
        # characters begins a match exactly where it is such a head (a match may go on
        # with the rest of the word); one that starts with a character outside ASCII
        # that no ASCII character matches begins none. A pattern whose matches start
        # with a digit (_BY_DIGIT) has none starting with a character below U+10000 that
        # Python holds not decimal (_digits_decimal). Everything else asks regex.
        by_words = 0 < len(prefix) <= 2 and (
            prefix.isascii() or _ASCII_LIKE.fullmatch(prefix[0]) is None
        )
        heads = self._heads.get(prefix.lower(), set()) if prefix.isascii() else set()
        no_digit = prefix[:1] != "" and prefix[0] < "\U00010000" and not prefix[0].isdecimal()
        kinds = self._kinds
        found: list[int] = []
        for number in pool:
            kind = kinds[number]
            if kind == _BY_WORDS and by_words:
                may = number in heads
            elif kind == _BY_DIGIT and no_digit:
                may = False
            else:
                may = partial_match(each[number][2], prefix, full=True)
            if may:
                found.append(number)
        chosen = tuple(found)
        if len(self._by_prefix) < self._MEMO:
            self._by_prefix[prefix] = chosen
        return chosen


@functools.cache
def _digits_decimal() -> bool:
    """Whether every character below U+10000 that the patterns' ``\\d`` matches is decimal
    to Python (``str.isdecimal``, as the kernel tests a line without astral characters;
    one with them counts as holding a digit). ``regex`` may know a newer Unicode than
    Python: where it does, digits give no shortcut.
    """
    return all(char.isdecimal() for char in _plane_digits())


@functools.cache
def _plane_digits() -> tuple[str, ...]:
    """The characters below U+10000 that the patterns' ``\\d`` matches."""
    return tuple(regex.findall(r"\d", _plane(), regex.IGNORECASE | regex.VERSION0))


@functools.cache
def _shape_found(word: str) -> bool:
    """Whether a word of digits and symbols (a shape of :func:`_digit_shape`) occurs in
    the folded text (:func:`newsclean._kernel_py.folded`) of every line without a
    character above U+FFFF where the patterns match what it stands for: each character
    below U+10000 that the patterns' ``\\d`` matches is decimal to Python and its own
    case folding, and each that a symbol of the word matches case-insensitively folds as
    the symbol does (so that it is the same character in the pattern and the line).
    """
    return all(map(_char_found, word))


@functools.cache
def _char_found(char: str) -> bool:
    """:func:`_shape_found` of one character (asked once a process, not once a word)."""
    flags = regex.IGNORECASE | regex.VERSION0
    if char == "0":
        return _digits_decimal() and all(digit.casefold() == digit for digit in _plane_digits())
    found = regex.findall(regex.escape(char), _plane(), flags)
    return all(other.casefold() == char.casefold() for other in found)


@functools.cache
def _plane() -> str:
    """Every character below U+10000 (the surrogates too), in order.

    >>> _plane() == "".join(map(chr, range(0x10000)))
    True
    """
    codes = np.arange(0x10000, dtype="<u4")  # as UTF-32: no loop over 65536 characters
    return codes.tobytes().decode("utf-32-le", "surrogatepass")


def _usable(group: tuple[str, ...]) -> bool:
    """Whether the kernel's test of a group of :func:`_required_words` cannot miss a line
    the pattern matches: a digit's where every character below U+10000 that ``\\d``
    matches is decimal to Python (:func:`_digits_decimal`), a shape's where
    :func:`_shape_found` holds for each of its words; every other group's."""
    if group in (_DIGIT, _LAST_DIGIT):
        return _digits_decimal()
    return not _has_shape(group) or all(map(_shape_found, group))


def _has_shape(group: tuple[str, ...]) -> bool:
    """Whether ``group`` holds a shape of digits (no other word holds a digit)."""
    return any("0" in word for word in group)


def _plain_leading_words(pattern: str) -> tuple[str, ...] | None:
    r"""Literal texts one of which every match of ``pattern`` starts with, each of them
    the start of a match as far as it goes, or ``None``: :func:`_leading_words`, also
    after an optional ``\(`` or an optional group of such words (``(?:Jetzt\s++)?``).
    ``None`` for a pattern with a group ``(?`` other than ``(?:`` or a look around
    (:func:`_opaque`).

    >>> _plain_leading_words(r"\(?(?:Jetzt\s++)?(?:Hol dir|Lade)")
    ('(Jetzt', '(Hol dir', '(Lade', 'Jetzt', 'Hol dir', 'Lade')
    """
    if _opaque(pattern):
        return None
    return _starts(pattern)


def _opaque(pattern: str) -> bool:
    """Whether ``pattern`` has a group ``(?`` other than ``(?:`` or a look around: one
    with flags (a verbose one changes how the pattern reads), a name, a comment..."""
    return _OPAQUE.search(_ESCAPE.sub("", pattern)) is not None


# How PatternSet._anchored_for tells whether a line prefix may begin a pattern's match.
_BY_REGEX, _BY_WORDS, _BY_DIGIT = 0, 1, 2
_ESCAPE = regex.compile(r"\\.", regex.DOTALL)  # an escaped character: "\(", "\\", "\d"
_OPAQUE = regex.compile(r"\(\?(?![:=!]|<[=!])")


def _digit_first(pattern: str) -> bool:
    r"""Whether every match of ``pattern`` starts with a character ``\d`` matches: the
    pattern starts with a ``\d`` that must occur, or with a group (not optional) each
    alternative of which does.

    >>> _digit_first(r"\d{1,2}:\d{2}"), _digit_first(r"(?:\d{4}-|\d\.)x"), _digit_first(r"\d?x")
    (True, True, False)
    """
    if pattern.startswith("\\d"):
        return _at_least_once(pattern, 2)
    if pattern.startswith("(?:"):
        end = _group_end(pattern, 0)
        if end is None or pattern[end + 1 : end + 2] in ("?", "*", "{"):
            return False
        alternatives = _alternatives(pattern[3:end])
        return bool(alternatives) and all(map(_digit_first, alternatives))
    return False


def _starts(pattern: str) -> tuple[str, ...] | None:
    """:func:`_plain_leading_words` of a pattern without flags or look arounds."""
    words = _leading_words(pattern)
    if words is not None:
        return words
    if pattern.startswith("\\(?") and pattern[3:4] not in ("?", "+"):
        rest = _starts(pattern[3:])
        return None if rest is None else tuple("(" + word for word in rest) + rest
    if pattern.startswith("(?:"):
        end = _group_end(pattern, 0)
        if end is None or pattern[end + 1 : end + 2] != "?":
            return None
        if pattern[end + 2 : end + 3] in ("?", "+"):  # lazy or possessive: not here
            return None
        inner = _leading_words(pattern[: end + 1])  # the group when it matches
        rest = _starts(pattern[end + 2 :])  # and when it does not
        return None if inner is None or rest is None else inner + rest
    return None


# A character that some ASCII character of a pattern matches case-insensitively.
_ASCII_LIKE = regex.compile("[\\x00-\\x7f]", regex.IGNORECASE | regex.VERSION0)


def _fewest(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The case-folded ``words`` without those that contain another (which then occurs too).

    >>> _fewest(["Adblocker", "Ad", "wurde", "wurden"])
    ('ad', 'wurde')
    """
    folded = sorted({word.casefold() for word in words}, key=lambda word: (len(word), word))
    kept: list[str] = []
    for word in folded:
        if not any(shorter in word for shorter in kept):
            kept.append(word)
    return tuple(kept)


def _leading_words(
    pattern: str, letters: regex.Pattern[str] | None = None
) -> tuple[str, ...] | None:
    r"""Literal words one of which every match of ``pattern`` starts with, or ``None``.

    Only the plain forms are understood: a run of letters and spaces (``Cookies?`` gives
    ``Cookie``: a quantifier takes the last letter), or a group of alternatives that each
    start so (``(?:Adblocker|Ad-Blocker)`` gives ``Adblocker``, ``Ad``). Anything else,
    or a word of fewer than two letters, gives ``None`` (no shortcut).

    >>> _leading_words("Cookies?.{0,40}")
    ('Cookie',)
    >>> _leading_words("(?:aktivieren Sie JavaScript|JavaScript (?:ist )?deaktiviert).{0,9}")
    ('aktivieren Sie JavaScript', 'JavaScript ')
    >>> _leading_words(r"\d{1,2}\.") is None, _leading_words("(?:a|b)?c") is None
    (True, True)

    ``letters`` (``_LETTERS`` unless given) matches the run: :func:`_required_words` takes
    hyphens into it too (``Ad-Blocker``).
    """
    if pattern.startswith("(?:"):
        end = _group_end(pattern, 0)
        if end is None or pattern[end + 1 : end + 2] in ("?", "*", "{"):
            return None
        words: list[str] = []
        for alternative in _alternatives(pattern[3:end]):
            found = _leading_words(alternative, letters)
            if found is None:
                return None
            words.extend(found)
        return tuple(words) or None
    run = (letters or _LETTERS).match(pattern)
    word = run.group() if run is not None else ""
    if pattern[len(word) : len(word) + 1] in ("?", "*", "+", "{"):
        word = word[:-1]  # the quantifier belongs to the last letter
    return (word,) if len(word.strip()) >= 2 and word == word.lstrip() else None


def _required_words(pattern: str) -> list[tuple[str, ...]]:
    r"""Groups of case-folded words such that every match of ``pattern`` contains a word of
    each group.

    Each item of the pattern's top level (outside groups, classes and optional parts) that
    is a run of letters or a group ``(?:…)`` of such runs gives a group (the words of
    :func:`_leading_words` there), and so does each literal symbol (``©``, ``\.``). A
    pattern with an alternative at its top level, a verbose flag or an escape not
    understood here gives none: no shortcut. A ``\d`` that must occur gives
    :data:`_DIGIT`, or the shape of digits it starts (:func:`_digit_shape`: words of the
    line's :func:`newsclean._kernel_py.folded` text); a group ``(?:…)`` counts where a
    quantifier of at least one follows it (``{1,6}``). A pattern whose last item is such
    a ``\d`` gives :data:`_LAST_DIGIT` as well: the patterns match whole lines (or, the
    cores of wildcard patterns, up to the line's end).

    >>> _required_words(r"\S.{0,59}\s++Antwort(?:en)? abbrechen")
    [('antwort',), ('abbrechen',)]
    >>> _required_words(r"[\p{Lu}]\w*+\s++(?:sagt|meint)\s*+:?"), _required_words("a|bc")
    ([('sagt', 'meint')], [])
    >>> _required_words(r"\d{1,2}\.\d{0,2}\.? ©")  # a "\d" that must occur, and before "."
    [('0.',), ('.',), ('©',)]
    >>> _required_words(r"\d{1,2}[:.]\d{2} \d{4}|x"), _required_words(r"(?:ab|cd){1,3}x")
    ([], [('ab', 'cd')])
    >>> _required_words(r"\d{1,3}\s*+/\s*+\d{1,3}+")
    [('\\d',), ('/',), ('\\d',), ('\\d$',)]
    >>> _required_words(r"\w++\s[|•»]\s[^|]{1,9}"), _required_words(r"[|•]?x[a-z]")
    ([('|', '•', '»')], [])
    """
    if "|" in _top_level(pattern) or _VERBOSE.search(pattern):
        return []
    groups: list[tuple[str, ...]] = []
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            follows = pattern[position + 1 : position + 2]
            if follows in ("p", "P") and pattern[position + 2 : position + 3] == "{":
                position = pattern.find("}", position) + 1 or len(pattern)
            elif follows.isalnum() and follows not in _PLAIN_ESCAPES:
                return []  # \x41, \N{…}, \g<…>, \1 …: not worth understanding here
            elif follows == "d":  # a digit, unless a quantifier lets it be absent
                groups.extend(_digit_groups(pattern, position))
                position += 2
            else:
                if not follows.isalnum() and not follows.isspace():
                    _add_symbol(groups, follows, pattern[position + 2 : position + 3])
                position += 2
            continue
        if char == "{":  # a quantifier's bounds
            position = pattern.find("}", position) + 1 or len(pattern)
            continue
        if char == "[":
            closing = _class_end(pattern, position)
            symbols = _class_symbols(pattern[position + 1 : closing])
            if symbols and pattern[closing + 1 : closing + 2] not in ("?", "*", "{"):
                groups.append(symbols)
            position = closing + 1
            continue
        if char == "(":
            end = _group_end(pattern, position)
            if end is None:
                return []
            # A group that must occur (no quantifier, or one of at least one: "{1,6}").
            if pattern.startswith("(?:", position) and _at_least_once(pattern, end + 1):
                group = _group_words(pattern[position : end + 1], "")
                if group is not None:
                    groups.append(group)
            position = end + 1
            continue
        run = _LITERAL.match(pattern, position)
        if run is not None and run.end() > position and char not in " -":
            words = _leading_words(pattern[position:], _LITERAL)
            if words is not None:
                groups.append(_fewest(words))
            position = run.end()
            continue
        if not char.isalnum() and not char.isspace() and char not in _SPECIAL:
            _add_symbol(groups, char, pattern[position + 1 : position + 2])
        position += 1
    return groups


def _group_words(group: str, follows: str) -> tuple[str, ...] | None:
    r"""A group of :func:`_required_words` for a group ``(?:…)`` of a pattern (``follows``:
    the character after it), or ``None``: none when a quantifier may leave it out. Of the
    words its alternatives start with (:func:`_leading_words`) and the union of a group of
    words each alternative requires, the group whose shortest word is the longer (the
    rarer, mostly): every match of the group is a match of an alternative.

    >>> _group_words("(?:ad ?blocker|adblock)", ".")
    ('adblock', 'blocker')
    >>> _group_words("(?:Adblocker|Ad-Blocker|Werbeblocker)", "")
    ('adblocker', 'ad-blocker', 'werbeblocker')
    >>> _group_words("(?:Foto|Bild)", "?") is None, _group_words(r"(?:\d|x)", "")
    (True, None)
    """
    if follows in ("?", "*", "{"):
        return None
    found: list[tuple[str, ...]] = []
    leading = _leading_words(group, _LITERAL)
    if leading is not None:
        found.append(_fewest(leading))
        if _shortest(found[0]) >= _RARE:
            return found[0]  # rare enough: the alternatives are not read again
    union: list[str] = []
    for alternative in _alternatives(group[3:-1]):
        words: list[tuple[str, ...]] = [
            item for item in _required_words(alternative) if item not in (_DIGIT, _LAST_DIGIT)
        ]
        if not words:
            break
        union.extend(max(words, key=_shortest))
    else:
        if union:
            found.append(_fewest(union))
    return max(found, key=_shortest) if found else None


def _shortest(words: Iterable[str]) -> int:
    return min(map(len, words))


# Words of this many characters or more are rare enough as required words: a group of them
# is kept as it is (see _group_words).
_RARE = 4


def _at_least_once(pattern: str, position: int) -> bool:
    r"""Whether what precedes ``position`` in ``pattern`` must occur: no quantifier follows
    it, or one of at least one (``+``, ``{2}``, ``{1,3}``).

    >>> [_at_least_once(p, 2) for p in (r"\d", r"\d+", r"\d{1,2}", r"\d?", r"\d{0,2}", r"\d*")]
    [True, True, True, False, False, False]
    """
    follows = pattern[position : position + 1]
    if follows in ("?", "*"):
        return False
    if follows != "{":
        return True
    bounds = _BOUNDS.match(pattern, position)
    return bounds is not None and int(bounds.group(1)) >= 1


_BOUNDS = regex.compile(r"\{(\d++)(?:,\d*+)?\}")

# The longest run of digits a digit shape holds (a year: "0000").
_SHAPE_DIGITS = 4


def _digit_groups(pattern: str, position: int) -> list[tuple[str, ...]]:
    r"""The groups of :func:`_required_words` of the ``\d`` at ``position`` in ``pattern``:
    none where a quantifier lets it be absent, else its :func:`_digit_shape`, and
    :data:`_LAST_DIGIT` too where it is the pattern's last item (the line ends with it).

    >>> _digit_groups(r"x\d?", 1), _digit_groups(r"\d\.", 0), _digit_groups(r"x\d{1,3}+", 1)
    ([], [('0.',)], [('\\d',), ('\\d$',)])
    """
    if not _at_least_once(pattern, position + 2):
        return []
    if _least(pattern, position + 2)[1] == len(pattern):
        return [_digit_shape(pattern, position), _LAST_DIGIT]
    return [_digit_shape(pattern, position)]


def _digit_shape(pattern: str, position: int) -> tuple[str, ...]:
    r"""The group of :func:`_required_words` of the ``\d`` at ``position`` in ``pattern``,
    which must occur: the shapes of the digits every match holds there, as words of the
    line's :func:`newsclean._kernel_py.folded` text (each digit read as "0"). Its run of
    digits (as many as its quantifier's least, up to four), then a literal symbol or a
    class of them that occurs once (``\.``, ``:``, ``[:.]``), then the run of a ``\d``
    that must occur right after it; :data:`_DIGIT` for a lone digit.

    >>> _digit_shape(r"\d{1,2}[:.]\d{2}", 0), _digit_shape(r"x\d{4}-\d", 1)
    (('0:00', '0.00'), ('0000-0',))
    >>> _digit_shape(r"\d{2,4},?\s", 0), _digit_shape(r"\d+\.?\d", 0), _digit_shape(r"\d\s", 0)
    (('00',), ('\\d',), ('\\d',))
    """
    least, after = _least(pattern, position + 2)
    digits = "0" * min(least, _SHAPE_DIGITS)
    symbols: tuple[str, ...] | None = None
    follows = pattern[after : after + 1]
    if follows == "\\":
        escaped = pattern[after + 1 : after + 2]
        if escaped and not escaped.isalnum() and not escaped.isspace():
            symbols, after = (escaped,), after + 2
    elif follows == "[":
        closing = _class_end(pattern, after)
        symbols, after = _class_symbols(pattern[after + 1 : closing]), closing + 1
    elif follows and not follows.isalnum() and not follows.isspace() and follows not in _SPECIAL:
        symbols, after = (follows,), after + 1
    if (
        symbols is None
        or pattern[after : after + 1] in ("?", "*", "+", "{")
        or any(len(symbol.casefold()) != 1 for symbol in symbols)
    ):
        return (digits,) if len(digits) > 1 else _DIGIT
    then = ""
    if pattern.startswith("\\d", after) and _at_least_once(pattern, after + 2):
        then = "0" * min(_least(pattern, after + 2)[0], _SHAPE_DIGITS)
    return tuple(dict.fromkeys(digits + symbol.casefold() + then for symbol in symbols))


def _least(pattern: str, position: int) -> tuple[int, int]:
    """How many times at least what precedes ``position`` in ``pattern`` occurs (0 for
    ``?`` and ``*``), and where its quantifier ends (a lazy or possessive one too)."""
    follows = pattern[position : position + 1]
    least = 1
    if follows in ("?", "*", "+"):
        least = 0 if follows != "+" else 1
        position += 1
    elif follows == "{":
        bounds = _BOUNDS.match(pattern, position)
        if bounds is None:
            return 1, position
        least = int(bounds.group(1))
        position = bounds.end()
    else:
        return 1, position
    if pattern[position : position + 1] in ("?", "+"):
        position += 1
    return least, position


#: The group of :func:`_required_words` of a digit (``\d``): no word, but the line must
#: hold a character ``\d`` matches.
_DIGIT: tuple[str, ...] = ("\\d",)

#: The group of :func:`_required_words` of a ``\d`` that ends every match: no word, but
#: the line's last character must be one ``\d`` matches.
_LAST_DIGIT: tuple[str, ...] = ("\\d$",)


def _class_symbols(members: str) -> tuple[str, ...] | None:
    r"""The members of a character class (its text between the brackets) when each is a
    literal symbol ("|•·»", an escaped "\|"), else ``None``: a negated class, a range, a
    letter, a digit or a class escape (``\s``, ``\p{L}``) gives no shortcut.

    >>> _class_symbols("|•·»"), _class_symbols(r"\|›"), _class_symbols("^|"), _class_symbols("a-z")
    (('|', '•', '·', '»'), ('|', '›'), None, None)
    """
    if not members or members[0] == "^":
        return None
    symbols: list[str] = []
    position = 0
    while position < len(members):
        char = members[position]
        if char == "\\":
            char = members[position + 1 : position + 2]
            position += 1
        elif char == "-" and 0 < position < len(members) - 1:
            return None  # a range
        if not char or char.isalnum() or char.isspace() or char in _CLASS_SPECIAL:
            return None
        symbols.append(char.casefold())
        position += 1
    return tuple(dict.fromkeys(symbols))


# Characters of a class that are no literal symbol there, however escaped: "[", "]".
_CLASS_SPECIAL = frozenset("[]")


def _add_symbol(groups: list[tuple[str, ...]], symbol: str, follows: str) -> None:
    # A literal symbol ("©", "/", an escaped ".") that no quantifier makes optional.
    if follows not in ("?", "*", "{"):
        groups.append((symbol.casefold(),))


# A run of letters and spaces (literal, in a pattern).
_LETTERS = regex.compile(r"[\p{L} ]*")
# A literal run of :func:`_required_words`: letters, spaces and hyphens ("Ad-Blocker").
_LITERAL = regex.compile(r"[\p{L} \-]*")
# Escapes of one character class or position, which contain no literal letter.
_PLAIN_ESCAPES = frozenset("sSdDwWbBAZ")
# Characters with a meaning of their own at a pattern's top level.
_SPECIAL = frozenset(".^$*+?{}[]()|\\")
_VERBOSE = regex.compile(r"\(\?[a-zA-Z]*x")


# The characters the scans below stop at (they step over every other one at once: these
# run for each pattern when a worker process starts).
_GROUP_STOPS = regex.compile(r"[\\\[()]")
_CLASS_STOPS = regex.compile(r"[\\\]]")
_ALTERNATIVE_STOPS = regex.compile(r"[\\\[()|]")
_TOP_LEVEL_PARTS = regex.compile(r"\\.?|[(\[]|[)\]]|[^\\()\[\]]++", regex.DOTALL)


def _group_end(pattern: str, start: int) -> int | None:
    """The position of the ``)`` closing the group opened at ``start`` (brackets aware)."""
    depth = 0
    position = start
    search = _GROUP_STOPS.search
    while (found := search(pattern, position)) is not None:
        position = found.start()
        char = pattern[position]
        if char == "\\":
            position += 2
            continue
        if char == "[":
            position = _class_end(pattern, position)
        elif char == "(":
            depth += 1
        else:  # ")"
            depth -= 1
            if depth == 0:
                return position
        position += 1
    return None


def _class_end(pattern: str, start: int) -> int:
    """The position of the ``]`` closing the character class opened at ``start``."""
    position = start + 1
    if pattern[position : position + 1] == "^":
        position += 1
    if pattern[position : position + 1] == "]":
        position += 1  # a leading "]" is a member
    search = _CLASS_STOPS.search
    while (found := search(pattern, position)) is not None:
        position = found.start()
        if pattern[position] == "]":
            return position
        position += 2  # an escape
    return max(position, len(pattern))


def _alternatives(body: str) -> list[str]:
    """The top-level alternatives of a group's body (nested groups and classes aware)."""
    out: list[str] = []
    depth = 0
    begin = 0
    position = 0
    search = _ALTERNATIVE_STOPS.search
    while (found := search(body, position)) is not None:
        position = found.start()
        char = body[position]
        if char == "\\":
            position += 2
            continue
        if char == "[":
            position = _class_end(body, position)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:  # "|"
            out.append(body[begin:position])
            begin = position + 1
        position += 1
    out.append(body[begin:])
    return out


def _top_level(pattern: str) -> str:
    """``pattern`` with every bracketed or parenthesised part removed (escapes kept out)."""
    out: list[str] = []
    depth = 0
    for part in _TOP_LEVEL_PARTS.findall(pattern):
        char = part[0]
        if char == "\\":
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0:
            out.append(part)
    return "".join(out)


def _compile_alternation(by_reason: Mapping[str, list[str]]) -> regex.Pattern[str] | None:
    if not by_reason:
        return None
    groups = "|".join(
        f"(?P<{_group_name(reason)}>{'|'.join(f'(?:{p})' for p in patterns)})"
        for reason, patterns in by_reason.items()
    )
    return regex.compile(groups, regex.IGNORECASE | regex.VERSION0)


def _by_reason(data: tuple[LanguageData, ...]) -> dict[str, list[str]]:
    by_reason: dict[str, list[str]] = {}
    for lang in data:
        for reason, patterns in lang.chrome_patterns.items():
            by_reason.setdefault(reason, []).extend(patterns)
    return by_reason


def _alternation(data: tuple[LanguageData, ...]) -> regex.Pattern[str] | None:
    """One compiled alternation of the patterns of ``data``; each reason a named group."""
    return _compile_alternation(_by_reason(data))


def _pattern_set(data: tuple[LanguageData, ...]) -> PatternSet | None:
    by_reason = _by_reason(data)
    return PatternSet(by_reason) if by_reason else None


def _languages_by_word(data: tuple[LanguageData, ...]) -> dict[str, tuple[str, ...]]:
    """Stopword -> the codes of the languages it is a stopword of (one lookup per word)."""
    by_word: dict[str, list[str]] = {}
    for lang in data:
        for word in lang.stopwords:
            by_word.setdefault(word, []).append(lang.code)
    return {word: tuple(codes) for word, codes in by_word.items()}


def _group_name(reason: str) -> str:
    if not regex.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", reason):
        raise ConfigError(f"a chrome_patterns reason must be an identifier, got {reason!r}")
    return reason
