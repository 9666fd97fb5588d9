"""Coverage-guided fuzz target for clean() (atheris / libFuzzer).

Run from the repository root (see docs/robustness.md)::

    pip install ".[fuzz]"   # atheris
    mkdir -p fuzz/corpus/clean
    PYTHONPATH=src:. python fuzz/fuzz_clean.py fuzz/corpus/clean fuzz/seeds/clean \\
        -max_total_time=300 -timeout=5 -rss_limit_mb=2048 -max_len=65536

The first input byte picks a configuration; the rest is the document, decoded as UTF-8
with ``surrogateescape`` so invalid bytes become lone surrogates (which a ``str`` may hold).
Any exception is a finding, and so is a broken invariant (``AssertionError``): the
explanation must account for every line, output lines must be input lines in order,
cleaning must be idempotent, and a pickled pipeline must give the same result. libFuzzer's
``-timeout`` turns a slow input (backtracking, quadratic work) into a finding too.
"""

from __future__ import annotations

import os
import pickle
import sys

import atheris

with atheris.instrument_imports(include=["newsclean"]):
    from newsclean import Config, Pipeline

from tests.invariants import check_accounting, check_idempotent, check_lines_come_from_input

CONFIGS = (
    Config(),
    Config(if_emptied="original"),
    Config(if_emptied="empty", repair="always"),
    Config(repair="never", strip_leading_metadata=False, near_duplicate_window=0),
    Config(filters=("sections", "duplicates", "patterns"), languages=("en",)),
    Config(filters=(), min_body_words=1),
    Config(max_pattern_length=10_000, near_duplicate_window=30, near_duplicate_score=60.0),
    Config(languages=("de",), min_body_words=30, max_pattern_length=1),
)
PIPELINES = [Pipeline.from_config(config) for config in CONFIGS]
# NEWSCLEAN_FUZZ_IDEMPOTENCE=0 skips the idempotence check, to hunt other findings while an
# idempotence finding is being fixed (it would otherwise stop every run at once).
SKIP_IDEMPOTENCE = os.environ.get("NEWSCLEAN_FUZZ_IDEMPOTENCE") == "0"
CLONES = [pickle.loads(pickle.dumps(pipeline)) for pipeline in PIPELINES]


def test_one_input(data: bytes) -> None:
    """Clean one fuzzed document and check every invariant."""
    if not data:
        return
    choice = data[0] % len(PIPELINES)
    text = data[1:].decode("utf-8", "surrogateescape")
    pipeline = PIPELINES[choice]
    result = pipeline.explain(text, site="example.de" if data[0] & 0x80 else None)
    check_accounting(text, result, pipeline)
    check_lines_come_from_input(text, result)
    if not SKIP_IDEMPOTENCE:
        check_idempotent(pipeline, result.text)
    if CLONES[choice].explain(text, site="example.de" if data[0] & 0x80 else None) != result:
        raise AssertionError("a pickled pipeline cleaned differently")


def main() -> None:
    """Hand the target to libFuzzer (it reads its own options from ``sys.argv``)."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
