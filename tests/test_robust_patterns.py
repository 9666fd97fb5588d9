"""Every regular expression newsclean runs stays linear, including language files added later.

Two guards, because neither alone is enough:

* **Static review** of every pattern in every shipped language file: an unbounded
  repeat must be possessive (``*+``, ``++``) or inside an atomic group, and nested
  backtracking repeats must not multiply to a large number of ways to split a line. This is
  the rule ``common.toml`` states for contributors, checked rather than hoped for.
* **Timing on hostile lines** built from each pattern's own words (near-misses repeated,
  followed by a character that makes the match fail at the very end, the classic
  backtracking attack): doubling the line at most about doubles the time. This also covers
  the patterns in the code (module-level and on filter objects), under ``search``,
  ``fullmatch`` and ``findall``.

The language patterns are run with ``fullmatch`` on lines of at most
``Config.max_pattern_length`` characters; they are tested here on much longer lines, so
the cap is a second line of defence, not the only one.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import pytest
import regex

import newsclean
from newsclean import Config, Pipeline
from newsclean.langdata import compile_markers

from .robust_timing import RATIO_BOUND

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

FLAGS = regex.IGNORECASE | regex.VERSION0  # as compile_markers() compiles them


def _language_files() -> dict[str, dict[str, Any]]:
    folder = resources.files("newsclean").joinpath("data/lang")
    return {
        entry.name: tomllib.loads(entry.read_text(encoding="utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    }


def _pattern_lists(table: Any, path: str) -> Iterator[tuple[str, str]]:
    """(where, pattern) for every string under a key whose path names patterns or regexes."""
    if isinstance(table, dict):
        for key, value in table.items():
            yield from _pattern_lists(value, f"{path}.{key}")
    elif isinstance(table, list):
        for item in table:
            yield from _pattern_lists(item, path)
    elif isinstance(table, str) and ("pattern" in path or "regex" in path):
        yield path, table


LANGUAGE_PATTERNS: list[tuple[str, str]] = [
    (f"{name}:{where}", pattern)
    for name, data in _language_files().items()
    for where, pattern in _pattern_lists(data, "")
]


def test_the_language_files_have_patterns_to_check() -> None:
    # If the TOML layout changes and the walk above finds nothing, every test below is void.
    assert len(LANGUAGE_PATTERNS) >= 30
    assert {where.split(":")[0] for where, _ in LANGUAGE_PATTERNS} >= {"de.toml", "en.toml"}


# --------------------------------------------------------------------------------------
# Static review (parsed with the standard library's parser, which knows possessive
# quantifiers and atomic groups since Python 3.11; regex-only \p{..} classes become \w).

#: Nested backtracking repeats whose ranges multiply to this many ways fail the review.
MAX_NESTED_WAYS = 10_000


def _parse(pattern: str) -> Any:
    if sys.version_info < (3, 11):  # pragma: no cover
        pytest.skip("the static review needs Python >= 3.11 (possessive quantifiers in re)")
    from re import _constants, _parser  # type: ignore[attr-defined]  # noqa: PLC0415

    translated = regex.sub(r"\\[pP]\{[^}]*\}", r"\\w", pattern)
    try:
        return _parser.parse(translated), _constants
    except re.error as exc:
        pytest.fail(
            f"the static review cannot read {pattern!r} ({exc}); extend _parse() for the "
            "regex-only syntax it uses, or review the pattern by hand and say so here"
        )


def _review(pattern: str) -> list[str]:
    """What is wrong with ``pattern``'s quantifiers (an empty list: nothing)."""
    tree, c = _parse(pattern)
    problems: list[str] = []

    def walk(items: Any, protected: bool, ways: int) -> None:
        for op, arg in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT):
                low, high, body = arg
                if high == c.MAXREPEAT and not protected:
                    problems.append(
                        f"unbounded backtracking repeat {{{low},}} over {body!s:.60}: make it "
                        "possessive (*+, ++) or bound it ({0,120})"
                    )
                inner = ways * (min(high, 1000) - low + 1) if not protected else ways
                if inner >= MAX_NESTED_WAYS:
                    problems.append(
                        f"nested repeats allow {inner:,} ways to split a line (at {body!s:.60})"
                    )
                walk(body, protected, inner if high > 1 else ways)
            elif op == c.POSSESSIVE_REPEAT:
                walk(arg[2], True, ways)
            elif op == c.ATOMIC_GROUP:
                walk(arg, True, ways)
            elif op == c.SUBPATTERN:
                walk(arg[3], protected, ways)
            elif op == c.BRANCH:
                for branch in arg[1]:
                    walk(branch, protected, ways)
            elif op in (c.ASSERT, c.ASSERT_NOT):
                walk(arg[1], protected, ways)
            elif op == c.GROUPREF_EXISTS:
                for branch in arg[1:]:
                    if branch is not None:
                        walk(branch, protected, ways)

    walk(tree, False, 1)
    return problems


@pytest.mark.parametrize(("where", "pattern"), LANGUAGE_PATTERNS, ids=lambda v: v[:40])
def test_language_pattern_passes_the_backtracking_review(where: str, pattern: str) -> None:
    assert _review(pattern) == [], where


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (r"(?:\w+\s?)+", "unbounded backtracking repeat"),
        (r".*x.*y", "unbounded backtracking repeat"),
        (r"(?:\w{1,100}\s?){1,100}", "ways to split"),
    ],
)
def test_the_review_catches_known_bad_shapes(pattern: str, problem: str) -> None:
    assert any(problem in found for found in _review(pattern))


@pytest.mark.parametrize("pattern", [r"(?:\w++\s?)++", r"(?>.*x).{0,20}y", r"\d{1,3}\s*+/"])
def test_the_review_accepts_safe_shapes(pattern: str) -> None:
    assert _review(pattern) == []


# --------------------------------------------------------------------------------------
# Timing on hostile lines built from each pattern's own alternatives.

GENERIC_PUMPS = (" ", "a", "a ", "Ab ", ". ", "1", "12. ", "1 / ", "#ab ", "@a.", ", ", "…", "ß")
SEPARATORS = (" ", ": ", " / ", ", ", "")
FAIL = "\u2603"  # a snowman: no pattern expects one, so a match must fail at the very end


def _words(pattern: str) -> list[str]:
    """The literal words of a pattern, in order of first appearance."""
    text = regex.sub(r"\\[pP]\{[^}]*\}|\\[a-zA-Z]|\{\d*,?\d*\}", " ", pattern)
    return list(dict.fromkeys(regex.findall(r"[^\W\d_]{2,}", text)))


def hostile_lines(pattern: str, size: int) -> dict[str, str]:
    """Lines of ``size`` characters: each pattern word (and generic shapes) repeated.

    Every line exists in two forms: the bare repetition, and one with the first word of
    the pattern in front and a non-matching character at the end.
    """
    words = _words(pattern)
    pumps = list(GENERIC_PUMPS)
    pumps += [word + " " for word in words]
    pumps += [word + sep for word in words[:8] for sep in SEPARATORS if sep != " "]
    pumps += [word[:-1] + " " for word in words[:8]]  # near-misses: the word cut short
    lead = f"{words[0]} " if words else ""
    lines = {}
    for pump in dict.fromkeys(pumps):
        body = pump * (size // len(pump) + 1)
        lines[f"{pump!r}"] = body[:size]
        lines[f"lead {pump!r} fail"] = (lead + body)[: size - 1] + FAIL
    return lines


def _batch_time(call: Callable[[Any], object], line: Any, reps: int) -> float:
    """CPU seconds of ``reps`` calls (see robust_timing: CPU time ignores other processes)."""
    gc.disable()
    try:
        start = time.thread_time()
        for _ in range(reps):
            call(line)
        return time.thread_time() - start
    finally:
        gc.enable()


def _ratio(call: Callable[[Any], object], small: Any, large: Any) -> float:
    """t(large) / t(small), each the min of three batches of about 2 ms."""
    reps = 1
    while reps < 4096 and _batch_time(call, small, reps) < 0.002:
        reps *= 4
    best_small = best_large = float("inf")
    for _ in range(3):
        best_small = min(best_small, _batch_time(call, small, reps))
        best_large = min(best_large, _batch_time(call, large, reps))
    return best_large / best_small


def _all_lines(
    call: Callable[[Any], object], small: dict[str, Any], large: dict[str, Any], tries: int
) -> tuple[dict[str, float], float]:
    """Each hostile line's time at ``2n`` and how much the sum of their times grows from
    ``n`` to ``2n`` (each time the min of ``tries`` calls, the two sizes interleaved)."""
    t_small = dict.fromkeys(small, float("inf"))
    t_large = dict.fromkeys(large, float("inf"))
    for _ in range(tries):
        for name, line in small.items():
            t_small[name] = min(t_small[name], _batch_time(call, line, 1))
            t_large[name] = min(t_large[name], _batch_time(call, large[name], 1))
    return t_large, sum(t_large.values()) / sum(t_small.values())


#: Below this, one call on the longest hostile line cannot hide quadratic work (n >= 1000:
#: a million steps take milliseconds), so the careful ratio of the worst line is skipped.
QUICK = 100e-6


def assert_pattern_linear(
    compiled: Any, raw: str, methods: tuple[str, ...], *, n: int = 1000
) -> None:
    """Fail if a method of ``compiled`` grows faster than linearly on its hostile lines.

    All hostile lines are timed at ``n`` and ``2n`` characters (the sum must grow less than
    ``RATIO_BOUND`` times); the slowest line is then timed alone, in batches, unless even
    it is too fast to hide superlinear work.
    """
    small, large = hostile_lines(raw, n), hostile_lines(raw, 2 * n)
    if isinstance(compiled.pattern, bytes):  # a bytes pattern (records, io) reads UTF-8
        small = {name: line.encode("utf-8", "surrogatepass") for name, line in small.items()}
        large = {name: line.encode("utf-8", "surrogatepass") for name, line in large.items()}
    for method in methods:
        call = getattr(compiled, method)
        t_large, total = _all_lines(call, small, large, 2)
        if total >= RATIO_BOUND:  # a second, longer look before failing: the machine is shared
            t_large, total = _all_lines(call, small, large, 5)
        assert total < RATIO_BOUND, f"{method} of {raw!r}: all lines grow {total:.1f}x"
        worst = max(t_large, key=t_large.__getitem__)
        if t_large[worst] < QUICK:
            continue
        ratio = _ratio(call, small[worst], large[worst])
        if ratio >= RATIO_BOUND:  # a second look before failing: the machine is shared
            ratio = min(ratio, _ratio(call, small[worst], large[worst]))
        assert ratio < RATIO_BOUND, (
            f"{method} of {raw!r} on {worst} grows {ratio:.1f}x when the line doubles"
        )


@pytest.mark.parametrize(("where", "pattern"), LANGUAGE_PATTERNS, ids=lambda v: v[:40])
def test_language_pattern_is_linear_on_its_own_near_misses(where: str, pattern: str) -> None:
    assert_pattern_linear(regex.compile(pattern, FLAGS), pattern, ("fullmatch",))


def test_the_combined_pattern_is_fast_at_the_length_cap() -> None:
    # How the filter runs it: one alternation of every pattern, fullmatch, lines <= the cap.
    markers = compile_markers(tuple(Config().languages or newsclean.available_languages()))
    assert markers.pattern is not None
    cap = Config().max_pattern_length
    lines = [line for _, raw in LANGUAGE_PATTERNS for line in hostile_lines(raw, cap).values()]
    worst = 0.0
    for line in lines:
        worst = max(worst, min(_batch_time(markers.pattern.fullmatch, line, 1) for _ in range(3)))
    # ~40 µs is typical; a backtracking blow-up at 300 characters takes seconds.
    assert worst < 0.005, f"worst line took {worst * 1000:.1f} ms"


def _code_patterns() -> Iterator[tuple[str, regex.Pattern[str] | re.Pattern[str]]]:
    """Every compiled pattern in newsclean's modules, markers and built-in filter objects."""
    seen: set[int] = set()

    def found(where: str, value: object) -> Iterator[tuple[str, Any]]:
        if isinstance(value, (regex.Pattern, re.Pattern)) and id(value) not in seen:
            seen.add(id(value))
            yield where, value

    for info in pkgutil.walk_packages(newsclean.__path__, "newsclean."):
        if info.name.endswith("__main__"):  # importing it runs the command line
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra (dask …) that is not installed
            continue
        for name, value in vars(module).items():
            yield from found(f"{info.name}.{name}", value)
    markers = compile_markers(newsclean.available_languages())
    for name, value in vars(markers).items():
        if name != "pattern":  # the combined language pattern is tested above
            yield from found(f"Markers.{name}", value)
    for item in Pipeline.from_config().filters:
        for name, value in vars(item).items():
            yield from found(f"{type(item).__name__}.{name}", value)


CODE_PATTERNS = sorted(_code_patterns(), key=lambda item: item[0])


def test_the_code_has_patterns_to_check() -> None:
    names = {where for where, _ in CODE_PATTERNS}
    assert {"newsclean.lines._SEPARATORS", "newsclean.filters.duplicates._SENTENCE_PERIOD"} <= names


@pytest.mark.parametrize(("where", "compiled"), CODE_PATTERNS, ids=[w for w, _ in CODE_PATTERNS])
def test_code_pattern_is_linear_on_hostile_lines(where: str, compiled: Any) -> None:
    # Code patterns run with search(), sub() and findall() on whole lines or documents.
    raw = compiled.pattern
    raw = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    assert_pattern_linear(compiled, raw, ("search", "fullmatch", "findall"), n=2000)
