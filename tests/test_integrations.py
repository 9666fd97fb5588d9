"""The integration recipes: pandas, Hugging Face datasets, datatrove.

Each library is optional: its tests skip, saying what to install, where it is absent.
"""

from __future__ import annotations

import builtins
import importlib
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import newsclean
from newsclean import ConfigError, Doc, Mark
from newsclean.integrations.hf import clean_batch

PAGE = """Startseite
Politik
Nach drei Jahren Bauzeit ist die neue Stadtbahnlinie 7 am Freitagmorgen in Betrieb gegangen.
Teilen
Die Strecke ist 6,4 Kilometer lang und verbindet elf Haltestellen im Norden der Stadt.
Foto: Stadtwerke/Jens Mahler
dpa/lsw

Lesen Sie auch
Radwege: Stadt will bis 2027 zwanzig Kilometer neu bauen
Der Ausbau soll vor allem die Verbindungen in die Vororte verbessern. Doch an mehreren Stellen …
Radwege: Stadt will bis 2027 zwanzig Kilometer neu bauen"""

REVIEW = """The council approved the new tram line on Tuesday after a two-hour debate in the chamber.
Share this article
Most read
Storm closes coastal road for a week
Storm closes coastal road for a week"""

TEXTS = [PAGE, REVIEW, ""]
# A body line the built-in filters keep, so only the stand-in model below can remove it.
SITE_LINE = "Die Strecke ist 6,4 Kilometer lang und verbindet elf Haltestellen im Norden der Stadt."


class SiteLines:
    """A stand-in corpus model: removes one line, but only on documents of one site."""

    name = "site_lines"

    def __init__(self, site: str, line: str) -> None:
        self.site, self.line = site, line

    def site_of(self, url: str | None) -> str:
        return "" if url is None else url.split("/")[2]

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        if doc.site == self.site:
            yield from (Mark(line.index, "site line") for line in doc if line.text == self.line)


# --- Hugging Face: the helper itself needs no library ---------------------------------------


def test_clean_batch_overwrites_the_text_column_like_clean() -> None:
    out = clean_batch({"text": TEXTS, "id": [1, 2, 3]})
    assert out == {"text": [newsclean.clean(text) for text in TEXTS]}
    assert "Teilen" not in out["text"][0]
    assert "Nach drei Jahren Bauzeit" in out["text"][0]


def test_clean_batch_output_and_removed_columns() -> None:
    out = clean_batch(
        {"body": [PAGE, None]}, text_column="body", output_column="clean", removed_column="n"
    )
    assert set(out) == {"clean", "n"}
    assert out["clean"][1] is None
    assert out["n"] == [len(newsclean.clean_and_explain(PAGE).removed), 0]
    assert out["n"][0] > 0


def test_clean_batch_passes_sites_to_a_model() -> None:
    model = SiteLines("example.org", SITE_LINE)
    batch = {
        "text": [PAGE, PAGE],
        "url": ["https://example.org/a.html", "https://other.net/b.html"],
    }
    out = clean_batch(batch, site_column="url", model=model)
    assert SITE_LINE not in out["text"][0].splitlines()
    assert SITE_LINE in out["text"][1].splitlines()


def test_clean_batch_uses_the_config() -> None:
    config = newsclean.Config(filters=("patterns",))
    out = clean_batch({"text": [PAGE]}, config=config)
    # Without the duplicates filter, the repeated teaser headline survives twice.
    assert out["text"][0].count("Radwege: Stadt will bis 2027") == 2


def test_clean_batch_names_the_columns_it_has() -> None:
    with pytest.raises(ConfigError, match=r"no column 'text'.*'body'"):
        clean_batch({"body": [PAGE]})
    with pytest.raises(ConfigError, match=r"no column 'url'"):
        clean_batch({"text": [PAGE]}, site_column="url")


def test_clean_batch_refuses_non_text() -> None:
    with pytest.raises(TypeError):
        clean_batch({"text": [b"bytes"]})


# --- pandas ---------------------------------------------------------------------------------


def test_pandas_series_map() -> None:
    pd = pytest.importorskip("pandas", reason="pandas recipe needs pandas (pip install pandas)")
    df = pd.DataFrame({"text": TEXTS})
    df["clean"] = df["text"].map(newsclean.clean)
    assert df["clean"].tolist() == [newsclean.clean(text) for text in TEXTS]
    assert "Share this article" not in df.loc[1, "clean"]


# --- Hugging Face datasets ------------------------------------------------------------------


def test_datasets_map_batched(tmp_path: Path) -> None:
    datasets = pytest.importorskip(
        "datasets", reason='datasets recipe needs pip install "newsclean[hf]"'
    )
    ds = datasets.Dataset.from_dict({"text": TEXTS, "id": [1, 2, 3]})
    out = ds.map(clean_batch, batched=True, batch_size=2, fn_kwargs={"removed_column": "removed"})
    assert out.column_names == ["text", "id", "removed"]
    assert list(out["text"]) == [newsclean.clean(text) for text in TEXTS]
    assert list(out["removed"]) == [len(newsclean.clean_and_explain(t).removed) for t in TEXTS]


def test_clean_batch_arguments_pickle_for_num_proc() -> None:
    # num_proc > 1 ships fn_kwargs to worker processes.
    kwargs = {"config": newsclean.Config(filters=("patterns",)), "removed_column": "n"}
    clone = pickle.loads(pickle.dumps(kwargs))
    assert clean_batch({"text": [PAGE]}, **clone) == clean_batch({"text": [PAGE]}, **kwargs)


# --- datatrove (tests/test_integrations_datatrove.py needs it installed) ------------------


def test_datatrove_missing_gives_an_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_datatrove(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "datatrove" or name.startswith("datatrove."):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_datatrove)
    monkeypatch.delitem(sys.modules, "newsclean.integrations.datatrove", raising=False)
    module = importlib.import_module("newsclean.integrations.datatrove")
    with pytest.raises(ImportError, match=r'pip install "newsclean\[datatrove\]"'):
        module.NewscleanFormatter  # noqa: B018  # the attribute access is what raises
    with pytest.raises(AttributeError):
        module.something_else  # noqa: B018
