"""The Dask path gives the single machine's answer: the same model file, the same texts."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsclean import BoilerplateModel, learn
from newsclean.cli import main

from .test_corpus import site_pages

distributed = pytest.importorskip("distributed", reason="needs the dask extra")
nd = pytest.importorskip("newsclean.dask")

BROKEN = '{"id": 99, "text": "abgeschnitten'


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def write_shards(directory: Path) -> list[dict[str, object]]:
    """Three shards (one gzip'd) of one site, plus other sites and a broken line."""
    pages = site_pages() * 2
    pages += [
        (f"Meldung {word}.\nAlle Rechte vorbehalten.", f"https://{word}.example/")
        for word in "abcdef"
    ]
    records: list[dict[str, object]] = [
        {"id": i, "text": text, "url": url} for i, (text, url) in enumerate(pages)
    ]
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    (directory / "a.jsonl").write_text("\n".join([*lines[:7], BROKEN, ""]) + "\n")
    (directory / "b.jsonl").write_text("\n".join(lines[7:13]) + "\n")
    with gzip.open(directory / "c.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines[13:]) + "\n")
    return records


def cli(*argv: str | Path) -> None:
    err = io.StringIO()
    code = main([str(a) for a in argv], stdin=io.BytesIO(), stdout=io.BytesIO(), stderr=err)
    assert code == 0, err.getvalue()


def test_same_model_and_texts_as_one_machine(client: object, tmp_path: Path) -> None:
    shards = tmp_path / "in"
    shards.mkdir()
    records = write_shards(shards)
    bag = nd.read_jsonl(str(shards / "*.jsonl*"))
    assert bag.npartitions == 3

    model = nd.learn(bag, key_ranges=3, split_every=2)
    pairs = [(str(r["text"]), str(r["url"])) for r in records]
    assert model.to_bytes() == learn(pairs).to_bytes()
    assert len(model.sites["rundschau.example"]) > 0
    assert len(model.everywhere) == 1

    # `newsclean learn` over the same files (it runs the sample pass too): the same model.
    cli_model = tmp_path / "cli.ncm"
    cli("learn", *sorted(shards.iterdir()), "-o", cli_model, "-w", "2")
    assert model.to_bytes() == cli_model.read_bytes()

    out = tmp_path / "out"
    report = nd.write(nd.clean(bag, model), out)
    cli_out = tmp_path / "cli.jsonl"
    model.save(tmp_path / "m.ncm")
    cli("clean", "--model", tmp_path / "m.ncm", *sorted(shards.iterdir()), "-o", cli_out)
    expected = {row["id"]: row["text"] for row in map(json.loads, cli_out.read_text().splitlines())}
    got = {
        row["id"]: row["text"]
        for part in sorted(out.glob("part-*.jsonl"))
        for row in map(json.loads, part.read_text().splitlines())
    }
    assert got == expected
    assert len(got) == len(records)
    assert "Impressum" not in got[0]

    # Nothing lost: the broken line is a reject with its reason and raw text.
    rejects = [
        json.loads(line)
        for path in out.glob("rejects-*.jsonl")
        for line in path.read_text().splitlines()
    ]
    assert [(r["reason"], r["raw"]) for r in rejects] == [("invalid_json", BROKEN)]
    assert report.records == len(records) + 1
    assert report.rejected_by_reason == {"invalid_json": 1}
    assert json.loads((out / "report.json").read_text())["documents"] == len(records)
    assert nd.records(nd.clean(bag, model)).count().compute() == len(records)


def test_core_never_imports_dask() -> None:
    code = "import sys, newsclean; newsclean.clean('Ein Satz.'); print('dask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_without_dask_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ImportError, match=r"pip install 'newsclean\[dask\]'"):
        nd.read_jsonl("dump/*.jsonl")


def test_bad_thresholds_fail_before_any_work(client: object) -> None:
    import newsclean  # noqa: PLC0415

    bag = nd.read_jsonl(str(Path(__file__)))  # never read: the check comes first
    with pytest.raises(newsclean.ConfigError):
        nd.learn(bag, min_docs=1)
    assert isinstance(learn(site_pages()), BoilerplateModel)
