"""Language data: chrome markers and stopwords, loaded from TOML files.

Each language is one file in ``newsclean/data/lang/`` (``de.toml``, ``en.toml`` …); the
format is described at the top of ``common.toml``. A user can add a language without
touching code: pass the path of a TOML file of the same form in ``Config.languages``.

Whole-line markers are stored as *line keys* (see :func:`newsclean.lines.line_key`), so a
marker matches whatever the case, punctuation, spacing or digits of the line; patterns are
compiled once into a single alternation per document pass.

>>> markers = compile_markers(("de", "en"))
>>> markers.heading(line_key("Meistgelesene Artikel:"))
'Meistgelesene Artikel'
>>> markers.chrome_line(line_key("TEILEN"))
('share', 'Teilen')
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from .errors import ConfigError
from .lines import line_key, normalise_line

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
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
        chrome_lines: reason -> whole lines that are chrome on their own.
        chrome_patterns: reason -> regular expressions a whole line must match.
        metadata_labels: labels extractors glue before the first sentence.
        stopwords: the language's function words (lower case).
        notice_words: words of consent, newsletter, licence and legal notices (lower case).
    """

    code: str
    name: str
    section_headings: tuple[str, ...] = ()
    chrome_lines: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    chrome_patterns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    metadata_labels: tuple[str, ...] = ()
    stopwords: frozenset[str] = frozenset()
    notice_words: frozenset[str] = frozenset()


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


def _read_source(source: str) -> tuple[str, str]:
    """Return (origin, TOML text) for a shipped language code or a file path."""
    if source.endswith(".toml") or "/" in source or "\\" in source:
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
        chrome_lines=_groups(raw.get("chrome_lines", {}), f"{origin}: chrome_lines"),
        chrome_patterns=_groups(raw.get("chrome_patterns", {}), f"{origin}: chrome_patterns"),
        metadata_labels=_strings(
            _table(raw, "metadata", origin).get("labels", []), f"{origin}: [metadata] labels"
        ),
        stopwords=_normal_words(stopwords.split()),
        notice_words=_normal_words(_words(raw, "notice", origin)),
    )
    for reason, patterns in data.chrome_patterns.items():
        for pattern in patterns:
            try:
                regex.compile(pattern, regex.IGNORECASE)
            except regex.error as exc:
                raise ConfigError(
                    f"{origin}: chrome_patterns.{reason} has a bad pattern {pattern!r}: {exc}"
                ) from exc
    return data


@dataclass(frozen=True)
class Markers:
    """Everything the built-in filters need from the language files, compiled once.

    Attributes:
        languages: the language data the markers were built from (``common`` first).
        headings: line key -> the section heading as written in the data file.
        lines: line key -> (reason, the chrome line as written in the data file).
        pattern: one compiled alternation; the name of the group that matched is the reason.
        stopwords: language code -> its stopwords.
        notice_words: words of notices (cookies, newsletter, licence), of every language.
        stopword_languages: stopword -> the codes of the languages it belongs to.
        language_patterns: language code -> the alternation of its patterns and the
            language-independent ones.
        metadata_prefix: matches metadata glued before the first sentence.
    """

    languages: tuple[LanguageData, ...]
    headings: Mapping[int, str]
    lines: Mapping[int, tuple[str, str]]
    pattern: regex.Pattern[str] | None
    stopwords: Mapping[str, frozenset[str]]
    metadata_prefix: regex.Pattern[str] | None
    notice_words: frozenset[str] = frozenset()
    stopword_languages: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    language_patterns: Mapping[str, regex.Pattern[str] | None] = field(default_factory=dict)

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
        pattern = self.language_patterns.get(language, self.pattern) if language else self.pattern
        if pattern is None:
            return None
        match = pattern.fullmatch(text)
        return None if match is None else match.lastgroup


@functools.lru_cache(maxsize=32)
def compile_markers(languages: tuple[str, ...]) -> Markers:
    """Merge and compile the data of ``languages`` (codes or paths) plus ``common``.

    Raises:
        ConfigError: a language is unknown or its file is broken.
    """
    data = tuple(load_language(source) for source in (_ALWAYS, *languages))
    headings: dict[int, str] = {}
    lines: dict[int, tuple[str, str]] = {}
    labels: list[str] = []
    for lang in data:
        for heading in lang.section_headings:
            headings.setdefault(line_key(heading), heading)
        for reason, markers in lang.chrome_lines.items():
            for marker in markers:
                lines.setdefault(line_key(marker), (reason, marker))
        labels.extend(lang.metadata_labels)
    pattern = _alternation(data)
    common = [lang for lang in data if lang.code == _ALWAYS]
    language_patterns = {
        lang.code: _alternation((*common, lang)) for lang in data if lang.code != _ALWAYS
    }
    prefix = None
    if labels:
        alternatives = "|".join(regex.escape(label) for label in dict.fromkeys(labels))
        prefix = regex.compile(
            rf"(?:{alternatives})\s*+:?\s*+\d{{4}}-\d{{2}}(?:-\d{{2}})?+"
            r"(?:[T ]\d{2}:\d{2}(?::\d{2})?+)?+\s++(?=[\p{Lu}\"„“«])",
            regex.IGNORECASE,
        )
    return Markers(
        languages=data,
        headings=headings,
        lines=lines,
        pattern=pattern,
        stopwords={lang.code: lang.stopwords for lang in data if lang.stopwords},
        metadata_prefix=prefix,
        notice_words=frozenset().union(*(lang.notice_words for lang in data)),
        stopword_languages=_languages_by_word(data),
        language_patterns=language_patterns,
    )


def _alternation(data: tuple[LanguageData, ...]) -> regex.Pattern[str] | None:
    """One compiled alternation of the patterns of ``data``; each reason a named group."""
    by_reason: dict[str, list[str]] = {}
    for lang in data:
        for reason, patterns in lang.chrome_patterns.items():
            by_reason.setdefault(reason, []).extend(patterns)
    if not by_reason:
        return None
    groups = "|".join(
        f"(?P<{_group_name(reason)}>{'|'.join(f'(?:{p})' for p in patterns)})"
        for reason, patterns in by_reason.items()
    )
    return regex.compile(groups, regex.IGNORECASE | regex.VERSION0)


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
