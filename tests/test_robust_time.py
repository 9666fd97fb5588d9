"""Linear time on hostile input: doubling an adversarial document at most about doubles the time.

Every shape is cleaned at a size where one run takes a few milliseconds and at twice that
size; the ratio of the two times must stay below 3 (linear is 2, quadratic 4). The sizes
grow only as far as needed, so the whole file runs in a few seconds.

The same shapes at 1 MB are a slower check with an absolute bound, relative to clean()
on 1 MB of ordinary article text timed in the same run; they are marked ``large`` and run
with ``--run-large`` (or ``NEWSCLEAN_LARGE=1``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsclean import clean

from .robust_timing import assert_linear, run_time


def _fill(unit: str, n: int) -> str:
    """``unit`` repeated to exactly ``n`` characters."""
    return (unit * (n // len(unit) + 1))[:n]


def _distinct_lines(template: Callable[[int], str], n: int) -> str:
    """Lines made by ``template(i)`` until ``n`` characters; keys differ line by line."""
    out: list[str] = []
    size = 0
    i = 0
    while size < n:
        line = template(i)
        out.append(line)
        size += len(line) + 1
        i += 1
    return "\n".join(out)


def _letters(i: int) -> str:
    """A short letter code unique to ``i`` (digits would all fold to 0 in line keys)."""
    code = ""
    i += 1
    while i:
        i, rest = divmod(i, 26)
        code += "abcdefghijklmnopqrstuvwxyz"[rest]
    return code


TEASER = (
    "EU verlängert Sanktionen gegen Russland\n"
    "Trotz hoher Verluste für die eigene Wirtschaft hält die EU an ihrem Kurs fest. Zum …\n"
    "EU verlängert Sanktionen gegen Russland\n"
)
SENTENCE = "und dann sagte die Ministerin am Mittwoch in Berlin, dass die Verhandlungen "
MIXED = "Straße 日本語の記事 русский текст 😀🎉👍🏽 👨‍👩‍👧 عربى עברית ﬁ Ⅻ ＡＢＣ \u0301\u200b "
MOJIBAKE = "GrÃ¶ÃŸere StraÃŸen fÃ¼r MÃ¼nchen â€“ â€žneuâ€œ "

#: name -> make(n): an adversarial document of about ``n`` characters.
SHAPES: dict[str, Callable[[int], str]] = {
    "one character": lambda n: "a" * n,
    "one non-ASCII character": lambda n: "ß" * n,
    "spaces": lambda n: " " * n,
    "newlines": lambda n: "\n" * n,
    "CR LF and other breaks": lambda n: _fill("\r\n\r\u2028\x85\x0c", n),
    "control characters": lambda n: _fill("\x00\x01\x1b[0m\x7f\ufeff", n),
    "one marker line repeated": lambda n: _fill("Meistgelesene Artikel\n", n),
    "one chrome line repeated": lambda n: _fill("Teilen\n", n),
    "'Foto: dpa / ' repeated": lambda n: _fill("Foto: dpa / ", n),
    "'Foto: dpa / ' lines": lambda n: _distinct_lines(lambda i: f"Foto: dpa / {_letters(i)}", n),
    "punctuation": lambda n: _fill("!?.,;:-–…\"'«»()[]/|+*#@©", n),
    "duplicated teasers": lambda n: _fill(TEASER, n),
    "distinct teasers": lambda n: _distinct_lines(
        lambda i: (
            f"Auch interessant\nSchlagzeile {_letters(i)} zur Lage\nText {i}.\n"
            f"Schlagzeile {_letters(i)} zur Lage"
        ),
        n,
    ),
    "mixed scripts and emoji": lambda n: _fill(MIXED, n),
    "mojibake on one line": lambda n: _fill(MOJIBAKE, n),
    "mojibake lines": lambda n: _distinct_lines(lambda i: MOJIBAKE + _letters(i), n),
    "one endless sentence": lambda n: _fill(SENTENCE, n - 1) + ".",
    "digits": lambda n: _fill("1234567890", n),
    # Lines just under the pattern length cap that nearly match chrome patterns.
    "near-miss pattern lines": lambda n: _distinct_lines(
        lambda i: (
            _fill(("Foto: ", "Cookies ", "Von Anna ", "12. ", "#ab ", "dpa / ")[i % 6], 290)
            + _letters(i)
        ),
        n,
    ),
    # Long whitespace runs inside lines just under the near-duplicate length cap.
    "inner whitespace with ellipsis": lambda n: _distinct_lines(
        lambda i: f"{_letters(i)}{' ' * 280}{_letters(i + 7)} …", n
    ),
    # Near-duplicate headlines: every line is compared with its window of predecessors.
    "near-duplicate lines": lambda n: _distinct_lines(
        lambda i: f"Bundesregierung beschließt neues Gesetz zur Lage {_letters(i)}", n
    ),
    "headings between paragraphs": lambda n: _distinct_lines(
        lambda i: f"Lesen Sie auch\nSchlagzeile {_letters(i)}\n\n{SENTENCE}{_letters(i)}.\n", n
    ),
    # Comment-thread headings, each asking whether body text came before it, and the only
    # body sentence at the very end: each heading must not read the page again.
    "comment threads before one sentence": lambda n: (
        _distinct_lines(
            lambda i: f"{i + 1} Kommentare zu „Radweg {_letters(i)}“\n\nPunkt {_letters(i)}", n
        )
        + f"\n\n{SENTENCE}am Ende."
    ),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_doubling_the_input_at_most_doubles_the_time(shape: str) -> None:
    scaling = assert_linear(clean, SHAPES[shape], what=f"clean() on {shape}")
    print(f"{shape}: {scaling}")  # shown with -s; the report quotes these ratios


def test_the_timer_catches_quadratic_work() -> None:
    # The helper itself must fail on a quadratic function, or the tests above prove nothing.
    def quadratic(text: str) -> int:
        return sum(text.count(char) for char in text[: len(text) // 4])

    with pytest.raises(AssertionError, match="faster than linear"):
        assert_linear(
            quadratic, lambda n: "ab" * (n // 2), start=2048, max_size=1 << 16, what="quadratic"
        )


def _article(n: int) -> str:
    paragraph = (
        "Die Stadtverwaltung hat am Dienstag die Pläne für den Umbau des Bahnhofsvorplatzes "
        "vorgestellt. Nach Angaben der Baudezernentin sollen die Arbeiten im Frühjahr beginnen "
        "und rund zwei Jahre dauern.\n\n"
    )
    return _distinct_lines(lambda i: paragraph + f"Abschnitt {_letters(i)}.", n)


MEGABYTE = 1 << 20


@pytest.mark.large
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_one_megabyte_of_each_shape_is_bounded(shape: str) -> None:
    baseline = min(run_time(clean, _article(MEGABYTE)) for _ in range(2))
    took = run_time(clean, SHAPES[shape](MEGABYTE))
    # A megabyte of ordinary text takes well under a second; hostile shapes may cost a few
    # times more per byte (a million empty lines), never the minutes of a backtracking blow-up.
    assert took < 10 * baseline + 1.0, f"{shape}: {took:.2f} s vs {baseline:.2f} s for an article"
