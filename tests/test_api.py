"""The public API contract: __all__, types, errors."""

from __future__ import annotations

import pickle
import pkgutil

import pytest

import newsclean
from newsclean import Config, ConfigError, Pipeline, clean, clean_and_explain


def test_all_is_sorted_and_complete() -> None:
    public = {name for name in dir(newsclean) if not name.startswith("_")}
    # Submodules show up in dir() once something imported them; they are not API names.
    modules = {module.name for module in pkgutil.iter_modules(newsclean.__path__)}

    # isort-style order, as ruff's RUF022 keeps it: CONSTANTS, then Classes, then functions.
    def order(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert newsclean.__all__ == sorted(newsclean.__all__, key=order)
    assert len(set(newsclean.__all__)) == len(newsclean.__all__)
    assert set(newsclean.__all__) - {"__version__"} == public - modules
    for name in newsclean.__all__:
        assert hasattr(newsclean, name), name


def test_bytes_get_a_type_error_that_says_how_to_decode() -> None:
    with pytest.raises(TypeError, match=r"decode"):
        clean(b"Ein Text")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, 42, ["a line"]])
def test_non_str_gets_a_type_error(value: object) -> None:
    with pytest.raises(TypeError, match=r"cleans str"):
        clean(value)  # type: ignore[arg-type]


def test_empty_and_blank_text() -> None:
    assert clean("") == ""
    assert clean("\n \r\n\t\n") == ""
    assert clean_and_explain("").warnings == ()


def test_unknown_filter_lists_the_available_ones() -> None:
    with pytest.raises(ConfigError, match=r"available filters: .*duplicates.*patterns"):
        Pipeline.from_config(Config(filters=("patterns", "nonsense")))


def test_unknown_language_lists_the_shipped_ones() -> None:
    with pytest.raises(ConfigError, match=r"shipped languages: .*de"):
        Pipeline.from_config(Config(languages=("xx",)))


def test_config_rejects_bad_values() -> None:
    with pytest.raises(ConfigError):
        Config(repair="sometimes")  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        Config(filters="patterns")  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        Config(near_duplicate_score=0)


def test_a_plain_function_becomes_a_filter() -> None:
    @newsclean.line_filter("no_prices")
    def no_prices(text: str) -> str | None:
        return "price line" if text.endswith("€") else None

    pipeline = Pipeline([no_prices])
    result = pipeline.explain("Ein Satz über den Markt.\n12,99 €")
    assert result.text == "Ein Satz über den Markt."
    assert [(r.text, r.filter, r.detail) for r in result.removed] == [
        ("12,99 €", "no_prices", "price line")
    ]


def test_a_filter_may_not_mark_lines_it_was_not_shown() -> None:
    class Rogue:
        name = "rogue"

        def __call__(self, doc: newsclean.Doc) -> list[newsclean.Mark]:
            return [newsclean.Mark(99, "made up")]

    with pytest.raises(newsclean.NewscleanError, match=r"rogue.*99"):
        Pipeline([Rogue()]).explain("eins\nzwei")


def test_non_filters_are_refused() -> None:
    with pytest.raises(TypeError, match=r"name"):
        Pipeline([lambda doc: []])  # type: ignore[list-item]


def test_pipeline_pickles_and_cleans_identically() -> None:
    text = "+\nDer Zug fuhr um fünf Uhr los und war schon am Nordbahnhof voll besetzt.\nTeilen\ndpa"
    pipeline = Pipeline.from_config()
    clone = pickle.loads(pickle.dumps(pipeline))
    assert clone.explain(text) == pipeline.explain(text)
    assert (
        clone.clean(text)
        == "Der Zug fuhr um fünf Uhr los und war schon am Nordbahnhof voll besetzt."
    )
