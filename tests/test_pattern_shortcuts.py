"""The speed shortcuts of chrome-pattern matching change no result.

``PatternSet.match`` skips patterns by the line's first characters and by the words they
require; these tests compare it with the plain way (the whole alternation, then every
wildcard pattern) on realistic lines, on lines built from the patterns' own words, and on
the dev pages when they are present.
"""

from __future__ import annotations

import gzip
import json
import pickle

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from newsclean import _kernel_py, langdata
from newsclean.langdata import PatternSet, available_languages, compile_markers
from newsclean.lines import partial_match, prepare

from .conftest import DEV_DATA

MARKERS = compile_markers(available_languages())
SETS = {**MARKERS.language_patterns, "*": MARKERS.all_patterns}


def plain_match(patterns: PatternSet, text: str) -> str | None:
    """What ``match`` must return: the whole alternation, then each wildcard pattern."""
    if patterns.anchored is not None:
        found = patterns.anchored.fullmatch(text)
        if found is not None:
            return found.lastgroup
    for low, high, core, reason in patterns.floating:
        hit = core.search(text, low)
        if hit is not None and hit.start() <= high:
            return reason
    return None


LINES = [
    "Foto: dpa",
    "(dpa/afp)",
    "Teilen",
    "Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten. Einverstanden?",
    "Diese Website nutzt Tracking-Cookies. Alle akzeptieren",
    "Bitte aktivieren Sie JavaScript in Ihrem Browser.",
    "Jetzt den Newsletter abonnieren",
    "Dieser Artikel ist nur für Abonnenten verfügbar.",
    "Der Text steht unter einer Creative Commons Lizenz.",
    "12. März 2016, 14:30 Uhr",
    "We use cookies to improve your experience. Accept all",
    "5 min read",
    "Photo: Getty Images",
    "By Jane Doe and John Smith",
    "Der Stadtrat hat am Donnerstag ein neues Radwegenetz beschlossen.",
    "ſind COOKIES hier?",  # a long s: case-insensitively an "s"
    "AD-BLOCKER erkannt",
    "",
    "x",
]


@pytest.mark.parametrize("code", sorted(SETS))
def test_shortcuts_agree_with_the_plain_match_on_realistic_lines(code: str) -> None:
    patterns = SETS[code]
    assert patterns is not None
    results = [patterns.match(text) for text in LINES]
    assert results == [plain_match(patterns, text) for text in LINES]
    if code == "de":  # the lines are realistic: real matches, of anchored and wildcard patterns
        assert results[:9] == [
            "credit",
            "agency",
            None,
            *["template"] * 5,
            "licence",
        ]
        assert results[9] == "dateline"
        assert results[16] == "notice"


_WORDS = (
    "Foto Bild dpa cookies Cookie verwenden nutzt Newsletter abonnieren JavaScript Artikel "
    "ist sind steht unter einer Creative Commons Lizenz Adblocker Ad-Blocker Montag 12. "
    "März 2016 14:30 Uhr Von Anna Berg sagt: min read Photo Getty Images By Jane accept "
    "ſ K ß ẞ İ ( ) / : , . … © @ # 3 00 Ä é sagt says: Antwort abbrechen Kommentare 5 "
    "comments Januar Dezember Redakteur is reporter Getty Images Lesezeit Min Autor"
)
WORDS = st.sampled_from(_WORDS.split())


@given(st.lists(WORDS, max_size=12), st.sampled_from(sorted(SETS)), st.sampled_from(" -/"))
def test_shortcuts_agree_with_the_plain_match_on_pattern_words(
    words: list[str], code: str, glue: str
) -> None:
    patterns = SETS[code]
    assert patterns is not None
    text = glue.join(words)
    assert patterns.match(text) == plain_match(patterns, text)


# Digits of several scripts and widths, and the symbols between them in dates, times,
# pagers and counts: what the shapes of digits and a last digit are found by.
_DIGIT_WORDS = (
    "1 12 2024 ٣ ١٢ 𝟏𝟐 １２ ² ½ . : - / | , 12. 3.5 12:30 12.30 1.1.2024 2024-05-01 03.2024 "
    "3/12 Uhr am März Mai Jan. Feb May 30th at um Seite von of Foto Bild Stand: © dpa x"
)


@given(st.lists(st.sampled_from(_DIGIT_WORDS.split()), max_size=10), st.sampled_from(["", " "]))
def test_shortcuts_agree_with_the_plain_match_on_digits(words: list[str], glue: str) -> None:
    patterns = SETS["*"]
    assert patterns is not None
    text = glue.join(words)
    assert patterns.match(text) == plain_match(patterns, text)


@given(st.text(max_size=40))
def test_shortcuts_agree_with_the_plain_match_on_any_text(text: str) -> None:
    patterns = SETS["*"]
    assert patterns is not None
    assert patterns.match(text) == plain_match(patterns, text)


def twin_of(patterns: PatternSet, monkeypatch: pytest.MonkeyPatch) -> PatternSet:
    """A copy of ``patterns`` whose matcher is the kernel's pure-Python twin."""
    twin: PatternSet = pickle.loads(pickle.dumps(patterns))
    with monkeypatch.context() as patch:
        patch.setattr(langdata, "kernel", _kernel_py)
        assert isinstance(twin.matcher, _kernel_py.PatternMatcher)
    return twin


@pytest.mark.parametrize("code", sorted(SETS))
def test_the_twin_matcher_agrees_with_the_kernel(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    patterns = SETS[code]
    assert patterns is not None
    twin = twin_of(patterns, monkeypatch)
    texts = [*LINES, *_WORDS.split(), _WORDS, " ".join(_WORDS.split()[::-3]), "𝔘 Cookies 𝔘"]
    assert [twin.match(text) for text in texts] == [patterns.match(text) for text in texts]
    assert [twin.match(text) for text in texts] == [plain_match(patterns, text) for text in texts]


@given(st.lists(WORDS, max_size=12), st.sampled_from(" -/"))
def test_the_twin_matcher_agrees_on_pattern_words(words: list[str], glue: str) -> None:
    patterns = SETS["*"]
    assert patterns is not None
    text = glue.join(words)
    with pytest.MonkeyPatch.context() as monkeypatch:
        twin = TWINS.setdefault("*", twin_of(patterns, monkeypatch))
    assert twin.match(text) == patterns.match(text) == plain_match(patterns, text)


TWINS: dict[str, PatternSet] = {}


@pytest.mark.parametrize("module", [_kernel_py, langdata.kernel])
def test_a_backreference_makes_the_matcher_try_the_whole_alternation(
    module: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(langdata, "kernel", module)
    patterns = PatternSet(
        {"twice": [r"(?P<w>ab)(?P=w)"], "share": ["Teilen|x"], "notice": [".{0,9}Cookies"]}
    )
    assert not patterns._by_prefix_on
    texts = ["abab", "ab", "x", "TEILEN", "Die Cookies", "Die vielen Cookies", ""]
    results = [patterns.match(text) for text in texts]
    assert results == [plain_match(patterns, text) for text in texts]
    assert results == ["twice", None, "share", "share", "notice", None, None]


@pytest.mark.parametrize("module", [_kernel_py, langdata.kernel])
def test_a_pattern_that_needs_a_digit_is_tried_on_each_line_that_may_hold_one(
    module: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(langdata, "kernel", module)
    patterns = PatternSet({"dateline": [r"\d{1,2}\. Mai"], "pager": [r".{0,20}Seite \d++"]})
    assert patterns._digits != 0
    texts = [
        "3. Mai",
        "٣. Mai",
        "𝟑. Mai",
        "x. Mai",
        "Mai",
        "Zur Seite 12",
        "Zur Seite ١٢",
        "Seite x",
    ]
    results = [patterns.match(text) for text in texts]
    assert results == [plain_match(patterns, text) for text in texts]
    assert results == [*["dateline"] * 3, None, None, "pager", "pager", None]


@pytest.mark.parametrize("module", [_kernel_py, langdata.kernel])
def test_a_pattern_that_needs_a_shape_of_digits_is_tried_on_each_line_that_may_hold_it(
    module: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "0:00" and "0000" stand for digits of any script; a line with a character above
    # U+FFFF is tried whatever its digits.
    monkeypatch.setattr(langdata, "kernel", module)
    patterns = PatternSet({"stamp": [r".{0,20}\d{1,2}[:.]\d{2} Uhr", r"\d{4}-\d{2} Jahr"]})
    assert patterns._astral != 0
    assert ("0:00",) in langdata._required_words(r"\d{1,2}[:]\d{2} Uhr")
    texts = [
        "Stand 12:30 Uhr",
        "Stand 12.30 Uhr",
        "Stand ١٢:٣٠ Uhr",
        "Stand 𝟏𝟐:𝟑𝟎 Uhr",
        "Stand １２:３０ Uhr",
        "Stand 12:3 Uhr",
        "Stand 1:x0 Uhr",
        "Stand 12 30 Uhr",
        "2024-05 Jahr",
        "٢٠٢٤-٠٥ Jahr",
        "𝟐𝟎𝟐𝟒-𝟎𝟓 Jahr",
        "202-05 Jahr",
        "𝔘 1:2 Uhr",
    ]
    results = [patterns.match(text) for text in texts]
    assert results == [plain_match(patterns, text) for text in texts]
    assert results == [*["stamp"] * 5, None, None, None, *["stamp"] * 3, None, None]


@pytest.mark.parametrize("module", [_kernel_py, langdata.kernel])
def test_a_pattern_that_ends_with_a_digit_is_tried_on_each_line_that_may_end_with_one(
    module: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(langdata, "kernel", module)
    patterns = PatternSet({"gallery": [r"\d{1,3}\s*+(?:/|von|z)\s*+\d{1,3}"]})
    assert patterns._last_digit != 0
    texts = ["3 von 12", "3 z ١٢", "3 / 𝟏𝟐", "3 von 12 ", "3 von 12x", "3 von", "𝔘"]
    results = [patterns.match(text) for text in texts]
    assert results == [plain_match(patterns, text) for text in texts]
    assert results == [*["gallery"] * 3, None, None, None, None]


def test_a_pattern_set_pickles_without_its_memo() -> None:
    patterns = SETS["de"]
    assert patterns is not None
    patterns.match("Foto: dpa")
    copy = pickle.loads(pickle.dumps(patterns))
    assert copy.match("Foto: dpa") == "credit"
    assert copy.match("Wir verwenden Cookies. Einverstanden") == "template"
    assert copy.match("Cookies? Einverstanden") == "notice"


def test_shortcuts_agree_with_the_plain_match_on_the_dev_pages() -> None:
    if not DEV_DATA.is_file():
        pytest.skip(f"dev data {DEV_DATA} is absent (../shared/data beside the repository)")
    texts: set[str] = set()
    with gzip.open(DEV_DATA, "rt", encoding="utf-8") as stream:
        for number, raw in enumerate(stream):
            if number % 4:  # a quarter of the pages keeps the suite fast
                continue
            for line in prepare(json.loads(raw)["full"]).lines:
                if line.text and len(line.text) <= 300:
                    texts.add(line.text)
    for code in ("de", "en", "*"):
        patterns = SETS[code]
        assert patterns is not None
        differ = [t for t in sorted(texts) if patterns.match(t) != plain_match(patterns, t)]
        assert differ == []


def test_an_inline_flag_stays_inside_its_pattern_as_in_the_alternation() -> None:
    # Tried one by one or as one alternation, "(?s)" applies to its own pattern only.
    patterns = PatternSet({"a": ["x.y"], "b": ["(?s)z.w"]})
    for text in ("x\ny", "z\nw", "x-y"):
        assert patterns.match(text) == plain_match(patterns, text)
    assert patterns.match("z\nw") == "b"
    assert patterns.match("x\ny") is None


def test_the_prefix_plans_agree_with_partial_matching_on_the_dev_pages() -> None:
    # A plan per line prefix (as the matcher takes it: two characters, or one where they
    # are not ASCII) holds exactly the anchored patterns that partial matching accepts.
    if not DEV_DATA.is_file():
        pytest.skip(f"dev data {DEV_DATA} is absent (../shared/data beside the repository)")
    prefixes: set[str] = {"", "K", "ſ", "İ", "ı", "ß", "ﬁ", "SS"}
    with gzip.open(DEV_DATA, "rt", encoding="utf-8") as stream:
        for raw in stream:
            for line in prepare(json.loads(raw)["full"]).lines:
                prefix = line.text[:2]
                prefixes.add(prefix if prefix.isascii() else prefix[:1])
                prefixes.add(line.text[:1])
    for code in ("de", "en", "*"):
        patterns = SETS[code]
        assert patterns is not None
        fresh = PatternSet(patterns._anchored_by_reason)
        each = fresh._each
        for prefix in sorted(prefixes):
            plain = tuple(
                number
                for number in range(len(each))
                if partial_match(each[number][2], prefix, full=True)
            )
            assert fresh._anchored_for(prefix) == plain, (code, prefix)


def test_no_character_outside_ascii_like_matches_an_ascii_literal() -> None:
    # What langdata._may_begin relies on: within ASCII, a literal matches a character
    # case-insensitively exactly where their lower() is equal; outside ASCII, only
    # characters that _ASCII_LIKE matches can match an ASCII literal.
    flags = regex.IGNORECASE | regex.VERSION0
    ascii_chars = [chr(code) for code in range(128)]
    every = "".join(chr(code) for code in range(128, 0x110000) if not 0xD800 <= code < 0xE000)
    like = set(langdata._ASCII_LIKE.findall(every))
    for char in ascii_chars:
        literal = regex.compile(regex.escape(char), flags)
        same = {other for other in ascii_chars if literal.fullmatch(other) is not None}
        assert same == {other for other in ascii_chars if other.lower() == char.lower()}
        assert set(literal.findall(every)) <= like, char
