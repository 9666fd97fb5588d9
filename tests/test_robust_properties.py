"""Fuzzing clean() with realistic pages and hostile Unicode (see tests/strategies.py).

Properties that must hold for every input and every valid configuration: never raises,
idempotent, output lines are input lines in order, the explanation accounts for every
removed line, a pickled pipeline cleans identically, and no call depends on an earlier one.
Example counts come from the hypothesis profile (``ci`` in CI, see tests/conftest.py).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsclean import BoilerplateModel, Config, Pipeline, clean, clean_and_explain, learn
from newsclean.filters import Mark
from newsclean.lines import Doc

from .invariants import check_accounting, check_idempotent, check_lines_come_from_input
from .strategies import any_text, configs, documents, sample_documents

DEFAULT = Pipeline.from_config()
BODY_A = "Nach drei Jahren Bauzeit ist die neue Stadtbahn am Freitag in Betrieb gegangen."
BODY_B = "The council approved the new budget on Tuesday after a long debate."
BODY_C = "„Wir haben lange auf diesen Tag hingearbeitet“, sagte die Oberbürgermeisterin."
BODY_D = (
    "Die Opposition kritisierte vor allem die geplanten Kürzungen bei den Zuschüssen für Vereine."
)
REPEATED_BLOCK = f"{BODY_A}\n{BODY_B}\n{BODY_A}\n{BODY_C}\n{BODY_D}\n\n{BODY_C}"
CHROME_BETWEEN_NEAR_DUPLICATES = "\n".join(
    [
        "Bundesregierung beschließt neues Gesetz zur Mietpreisbremse",
        "Lesen Sie auch",
        *("Hochwasser in Bayern", "Streik bei der Bahn", "Neuer Trainer für den HSV"),
        *("Wetter am Wochenende", "Börse im Minus", "Preise für Heizöl sinken"),
        *("Wahl in Berlin", "Unfall auf der A7", ""),
        BODY_D,
        "Bundesregierung beschließt ein neues Gesetz zur Mietpreisbremse",
    ]
)
# The tests that vary the configuration or clean two documents per example cost more:
# they get a quarter of the profile's examples (``ci``: 37), which keeps the file at seconds.
FEWER = settings(max_examples=max(10, settings.default.max_examples // 4))
# Each idempotence example cleans twice or three times: a third of the examples (``ci``: 50).
THIRD = settings(max_examples=max(10, settings.default.max_examples // 3))


def _pipeline(config: Config) -> Pipeline:
    return Pipeline.from_config(config)


@given(any_text, st.sampled_from([None, "https://www.example.de/politik/a.html", "example.de"]))
def test_explanation_accounts_for_every_line(text: str, site: str | None) -> None:
    result = clean_and_explain(text, site=site)
    check_accounting(text, result, DEFAULT)
    check_lines_come_from_input(text, result)
    assert not result.text.startswith("\n")
    assert not result.text.endswith("\n")
    assert "\n\n\n" not in result.text


@FEWER
@given(any_text, configs())
def test_every_config_cleans_any_text(text: str, config: Config) -> None:
    pipeline = _pipeline(config)
    result = pipeline.explain(text)
    check_accounting(text, result, pipeline)
    check_lines_come_from_input(text, result)


@THIRD
@given(any_text)
@example(REPEATED_BLOCK)
def test_idempotent(text: str) -> None:
    check_idempotent(DEFAULT, clean(text))


def test_emptied_document_guard_is_idempotent() -> None:
    # Found by hypothesis (REPEATED_BLOCK, with the seed filters): every line went, and the
    # emptied-document guard kept a block that the filters cleaned on a second run. Shown
    # here with a filter of its own, so the test does not depend on the built-in filters:
    # it removes every line of a long document, but only "Anzeige" from a short one.
    class Context:
        name = "context"

        def __call__(self, doc: Doc) -> Iterator[Mark]:
            lines = doc.nonblank()
            for line in lines:
                if len(lines) > 3 or line.text == "Anzeige":
                    yield Mark(line.index, "context")

    pipeline = Pipeline([Context()])
    text = f"Teilen\n\n{BODY_A}\nAnzeige\n{BODY_D}"
    first = pipeline.explain(text)
    assert "best_block" in first.warnings[0]
    assert pipeline.clean(first.text) == first.text == f"{BODY_A}\n{BODY_D}"


@THIRD
@given(any_text)
def test_idempotent_without_the_context_filters(text: str) -> None:
    pipeline = Pipeline.from_config(
        Config(
            filters=tuple(name for name in Config().filters if name != "span"),
            near_duplicate_window=0,
            strip_leading_metadata=False,
        )
    )
    once = pipeline.clean(text)
    assert pipeline.clean(once) == once


def test_idempotent_when_chrome_sat_between_near_duplicates() -> None:
    # The seed filters named explicitly: filters added later may remove the example's last
    # line for another reason, and the example must keep showing this case.
    pipeline = Pipeline.from_config(Config(filters=("patterns", "duplicates", "sections")))
    once = pipeline.clean(CHROME_BETWEEN_NEAR_DUPLICATES)
    assert pipeline.clean(once) == once


def test_idempotent_when_chrome_stood_above_leading_metadata() -> None:
    once = clean("Teilen\ndatum 2016-09-12 " + BODY_D)
    assert clean(once) == once


def test_idempotent_when_removed_lines_separated_the_article_from_a_menu() -> None:
    # Found by hypothesis once the span filter landed (15 of 1627 dev texts change so).
    pipeline = Pipeline.from_config(Config(filters=("span", "duplicates"), min_body_words=1))
    body = "Die die die die die die die die die die die die."
    text = "\n".join(
        ["AGB"] * 5
        + ["", body, "", "A lire aussi", "Die die die", "Die die die die die die …", "Die die die"]
        + ["", "Startseite | Startseite | Startseite", "", body]
    )
    once = pipeline.clean(text)
    assert pipeline.clean(once) == once


def test_idempotent_when_the_page_decides_which_patterns_apply() -> None:
    # Found by fuzz/fuzz_clean.py within seconds once the quality filters landed: a
    # dateline and a credit line survive the first run and go in the second.
    data = (Path(__file__).parent.parent / "fuzz/findings/second_run_patterns.bin").read_bytes()
    text = data[1:].decode("utf-8", "surrogateescape")  # as the fuzz target reads it
    pipeline = Pipeline.from_config(Config(repair="always", if_emptied="empty"))
    once = pipeline.clean(text)
    assert pipeline.clean(once) == once


class _FewLines:
    """A filter that judges the page by its number of lines: the first line goes when the
    page has at most three (a stand-in for the line model's position features)."""

    name = "few_lines"

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        if len(doc.lines) <= 3:
            yield Mark(doc.lines[0].index, "a short page")


def test_idempotent_when_joining_drops_blank_lines_and_nothing_went() -> None:
    # Found by hypothesis (a page with blank lines at its end, line model only): the first
    # round removed nothing, but the output, without the extra blank lines, is another page
    # to filters that look at positions, and a second run removed a line.
    pipeline = Pipeline([_FewLines()])
    text = "Werbung\n\n\n" + BODY_A + "\n\n"
    once = pipeline.clean(text)
    assert once == BODY_A
    assert pipeline.clean(once) == once


@FEWER
@given(documents(), configs())
def test_idempotent_under_any_config(text: str, config: Config) -> None:
    pipeline = _pipeline(config)
    check_idempotent(pipeline, pipeline.clean(text))


@FEWER
@given(any_text, configs())
def test_a_pickled_pipeline_cleans_identically(text: str, config: Config) -> None:
    pipeline = _pipeline(config)
    clone = pickle.loads(pickle.dumps(pipeline))
    assert clone.explain(text) == pipeline.explain(text)


@FEWER
@given(documents(), documents())
def test_no_call_depends_on_an_earlier_one(first: str, second: str) -> None:
    before = clean_and_explain(second)
    clean_and_explain(first)
    assert clean_and_explain(second) == before


MODEL = learn(
    [(doc, ("a.example", "b.example")[i % 2]) for i, doc in enumerate(sample_documents(60))]
)


@FEWER
@given(documents(), st.sampled_from(["a.example", "https://b.example/x", None]))
def test_a_pickled_or_reloaded_model_cleans_identically(text: str, site: str | None) -> None:
    expected = clean_and_explain(text, site=site, model=MODEL)
    check_accounting(text, expected, DEFAULT.with_model(MODEL))
    for twin in (pickle.loads(pickle.dumps(MODEL)), BoilerplateModel.from_bytes(MODEL.to_bytes())):
        assert clean_and_explain(text, site=site, model=twin) == expected
