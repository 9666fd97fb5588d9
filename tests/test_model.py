"""The model file: round trip, determinism, and refusing anything that is not intact."""

from __future__ import annotations

import json
import pickle
import struct
from pathlib import Path

import pytest
import xxhash

from newsclean import BoilerplateModel, ModelError, clean, learn, modelfile

from .test_corpus import STORIES, page, site_pages


@pytest.fixture(scope="module")
def model() -> BoilerplateModel:
    other = [(f"{STORIES[i][2]}\nAlle Rechte vorbehalten.", f"s{i}.example") for i in range(6)]
    return learn([*site_pages(), *other])


def test_round_trip(model: BoilerplateModel, tmp_path: Path) -> None:
    path = tmp_path / "site.ncm"
    model.save(path)
    loaded = BoilerplateModel.load(path)
    assert loaded == model
    assert path.read_bytes() == loaded.to_bytes()
    assert loaded.sites.keys() == model.sites.keys()
    assert loaded.sites["rundschau.example"].samples == model.sites["rundschau.example"].samples
    assert len(loaded.everywhere) == 1
    assert loaded.params == {"min_docs": 3, "min_share": 0.2, "min_sites": 5}


def test_header_is_self_describing(model: BoilerplateModel) -> None:
    data = model.to_bytes()
    assert data.startswith(modelfile.MAGIC)
    _, version, size = struct.unpack_from("<8sII", data)
    header = json.loads(data[16 : 16 + size])
    assert version == modelfile.FORMAT_VERSION
    assert header["hash"] == "xxh3_64"
    assert header["normaliser_version"] == 1
    assert [t["site"] for t in header["tables"]] == [None, "rundschau.example"]


def test_describe_lists_top_lines_per_site(model: BoilerplateModel) -> None:
    text = model.describe(top=3)
    assert "rundschau.example (6 pages" in text
    assert "  6/6  Impressum" in text
    assert "every site (1 lines" in text
    assert "Alle Rechte vorbehalten." in text
    assert len([line for line in text.splitlines() if line.startswith("  6/6")]) == 3


def _rewrite_header(data: bytes, change: dict[str, object]) -> bytes:
    """A file whose header says something else, with a valid checksum."""
    _, version, size = struct.unpack_from("<8sII", data)
    header = json.loads(data[16 : 16 + size])
    header.update(change)
    head = json.dumps(header, sort_keys=True).encode()
    body = data[:8] + struct.pack("<II", version, len(head)) + head + data[16 + size : -8]
    return body + struct.pack("<Q", xxhash.xxh3_64_intdigest(body))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"normaliser_version": 2}, r"normaliser version 2.*learn the model again"),
        ({"hash": "md5"}, r"line hash 'md5'"),
        ({"format": "something-else"}, r"does not describe a boilerplate model"),
        ({"docs": -1}, r"'docs' is not a count"),
    ],
)
def test_refuses_a_mismatched_header(
    model: BoilerplateModel, change: dict[str, object], message: str
) -> None:
    with pytest.raises(ModelError, match=message):
        BoilerplateModel.from_bytes(_rewrite_header(model.to_bytes(), change))


def test_refuses_a_changed_table_size_before_allocating(model: BoilerplateModel) -> None:
    data = model.to_bytes()
    _, _, size = struct.unpack_from("<8sII", data)
    header = json.loads(data[16 : 16 + size])
    header["tables"][1]["keys"] = 10**15  # would be petabytes if trusted
    with pytest.raises(ModelError, match=r"truncated"):
        BoilerplateModel.from_bytes(_rewrite_header(data, {"tables": header["tables"]}))


def test_refuses_truncated_corrupt_and_foreign_files(
    model: BoilerplateModel, tmp_path: Path
) -> None:
    data = model.to_bytes()
    for cut in (0, 5, 20, len(data) // 2, len(data) - 1):
        with pytest.raises(ModelError):
            BoilerplateModel.from_bytes(data[:cut])
    flipped = bytearray(data)
    flipped[len(data) - 20] ^= 0x01
    with pytest.raises(ModelError, match=r"checksum"):
        BoilerplateModel.from_bytes(bytes(flipped))
    with pytest.raises(ModelError, match=r"trailing bytes"):
        BoilerplateModel.from_bytes(data[:-8] + b"\0" + data[-8:])
    with pytest.raises(ModelError, match=r"wrong magic"):
        BoilerplateModel.from_bytes(pickle.dumps(model))
    huge = modelfile.MAGIC + struct.pack("<II", modelfile.FORMAT_VERSION, 2**31) + b"{}" + bytes(8)
    with pytest.raises(ModelError, match=r"header is longer"):
        BoilerplateModel.from_bytes(huge)
    future = modelfile.MAGIC + struct.pack("<II", 99, 2) + b"{}" + bytes(8)
    with pytest.raises(ModelError, match=r"format version 99"):
        BoilerplateModel.from_bytes(future)
    # Version 1 files had no layout counts: learn again, says the error.
    old = data[:8] + struct.pack("<I", 1) + data[12:-8]
    old += struct.pack("<Q", xxhash.xxh3_64_intdigest(old))
    with pytest.raises(ModelError, match=r"format version 1; .* reads version 2 -- learn"):
        BoilerplateModel.from_bytes(old)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("Impressum\nDatenschutz\n")
    with pytest.raises(ModelError, match=r"notes.txt is not a usable newsclean model"):
        BoilerplateModel.load(text_file)
    with pytest.raises(ModelError, match=r"cannot read model file"):
        BoilerplateModel.load(tmp_path / "missing.ncm")


def test_a_loaded_model_cleans_like_the_learned_one(
    model: BoilerplateModel, tmp_path: Path
) -> None:
    model.save(tmp_path / "m.ncm")
    loaded = BoilerplateModel.load(tmp_path / "m.ncm")
    text = page(4, teasers=(1, 2))
    assert clean(text, site="https://rundschau.example/z", model=loaded) == clean(
        text, site="https://rundschau.example/z", model=model
    )
    assert "Impressum" not in clean(text, site="rundschau.example", model=loaded)
