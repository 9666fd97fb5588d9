"""Per-record cleaning: every record comes out cleaned or rejected with its reason."""

from __future__ import annotations

import base64
import json
import pickle

import orjson
import pytest

from newsclean import Config, Pipeline
from newsclean.records import (
    REJECT_INVALID_JSON,
    REJECT_MISSING_TEXT,
    REJECT_NOT_OBJECT,
    REJECT_REASONS,
    REJECT_TEXT_NOT_STRING,
    REJECT_TOO_LARGE,
    REJECT_UNDECODABLE,
    CleanedRecord,
    Position,
    RecordFormat,
    Reject,
    clean_record,
    dump_json,
    parse_record,
)

ARTICLE = (
    "Die Stadt will die Stadtbahn bis 2030 in den Norden verlängern, sagte der Bürgermeister.\n"
    "Teilen\n"
    "Foto: dpa\n"
    "Der Gemeinderat stimmte am Dienstag mit großer Mehrheit für die Pläne."
)
CLEANED = (
    "Die Stadt will die Stadtbahn bis 2030 in den Norden verlängern, sagte der Bürgermeister.\n"
    "Der Gemeinderat stimmte am Dienstag mit großer Mehrheit für die Pläne."
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config()


def line(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def test_cleans_text_and_keeps_every_other_field_in_order(pipeline: Pipeline) -> None:
    raw = line({"id": "a1", "text": ARTICLE, "meta": {"lang": "de", "tags": [1, 2.5, None]}})
    out = clean_record(raw, pipeline)
    assert isinstance(out, CleanedRecord)
    assert out.record == {
        "id": "a1",
        "text": CLEANED,
        "meta": {"lang": "de", "tags": [1, 2.5, None]},
    }
    assert list(out.record) == ["id", "text", "meta"]
    assert {r.filter for r in out.cleaned.removed} == {"patterns"}
    assert orjson.loads(out.to_json()) == out.record


def test_custom_text_field(pipeline: Pipeline) -> None:
    fmt = RecordFormat(text_field="body")
    out = clean_record(line({"body": ARTICLE, "text": "Teilen"}), pipeline, fmt)
    assert isinstance(out, CleanedRecord)
    assert out.record == {"body": CLEANED, "text": "Teilen"}


@pytest.mark.parametrize(
    ("raw", "reason", "detail"),
    [
        (b'{"text": "Satz eins.", ', REJECT_INVALID_JSON, ""),
        (b"", REJECT_INVALID_JSON, ""),
        (b'["text", "Satz"]', REJECT_NOT_OBJECT, "array"),
        (b'"Satz eins."', REJECT_NOT_OBJECT, "string"),
        (b'{"id": 3}', REJECT_MISSING_TEXT, "'text'"),
        (b'{"text": null}', REJECT_TEXT_NOT_STRING, "null"),
        (b'{"text": ["Satz"]}', REJECT_TEXT_NOT_STRING, "array"),
        (b'{"text": 12}', REJECT_TEXT_NOT_STRING, "number"),
        ('{"text": "Gr\u00f6\u00dfe"}'.encode("latin-1"), REJECT_UNDECODABLE, "not UTF-8"),
    ],
)
def test_rejects_with_reason_and_raw_input(
    pipeline: Pipeline, raw: bytes, reason: str, detail: str
) -> None:
    out = clean_record(raw, pipeline, position=Position("dump.jsonl", 4, 120))
    assert isinstance(out, Reject)
    assert out.reason == reason
    assert reason in REJECT_REASONS
    assert detail in out.detail
    assert out.raw == raw
    assert out.position == Position("dump.jsonl", 4, 120)
    data = orjson.loads(out.to_json())
    assert (data["source"], data["index"], data["offset"]) == ("dump.jsonl", 4, 120)
    if "raw" in data:
        assert data["raw"].encode("utf-8") == raw
    else:
        assert base64.b64decode(data["raw_base64"]) == raw


def test_too_large_is_checked_before_parsing(pipeline: Pipeline) -> None:
    fmt = RecordFormat(max_doc_bytes=50)
    big = line({"text": ARTICLE})
    out = clean_record(big, pipeline, fmt)
    assert isinstance(out, Reject)
    assert out.reason == REJECT_TOO_LARGE
    assert str(len(big)) in out.detail
    # Invalid JSON that is too large is reported as too large: the size check comes first.
    assert clean_record(b"x" * 51, pipeline, fmt).reason == REJECT_TOO_LARGE  # type: ignore[union-attr]
    assert isinstance(clean_record(line({"text": "Kurz."}), pipeline, fmt), CleanedRecord)


def test_legacy_encoding_is_rejected_or_decoded_with_the_fallback(pipeline: Pipeline) -> None:
    raw = '{"text": "Die Größe der Stadtbahn überrascht die Fahrgäste.", "n": 1}'.encode("cp1252")
    assert clean_record(raw, pipeline).reason == REJECT_UNDECODABLE  # type: ignore[union-attr]
    out = clean_record(raw, pipeline, RecordFormat(fallback_encoding="cp1252"))
    assert isinstance(out, CleanedRecord)
    assert out.encoding == "cp1252"
    assert out.record == {"text": "Die Größe der Stadtbahn überrascht die Fahrgäste.", "n": 1}


def test_unknown_fallback_encoding_fails_at_construction() -> None:
    with pytest.raises(LookupError):
        RecordFormat(fallback_encoding="no-such-codec")


@pytest.mark.parametrize("number", [123456789012345678901234567890, -9223372036854775809])
def test_numbers_orjson_would_change_pass_through_exactly(pipeline: Pipeline, number: int) -> None:
    out = clean_record(b'{"id": %d, "text": "Satz."}' % number, pipeline)
    assert isinstance(out, CleanedRecord)
    assert out.record == {"id": number, "text": "Satz."}
    assert type(out.record["id"]) is int
    assert json.loads(out.to_json()) == out.record


def test_lone_surrogate_escape_in_a_passthrough_field_survives(pipeline: Pipeline) -> None:
    out = clean_record(b'{"note": "\\ud800", "text": "Ein Satz."}', pipeline)
    assert isinstance(out, CleanedRecord)
    assert out.record == {"note": "\ud800", "text": "Ein Satz."}
    assert json.loads(out.to_json()) == out.record


def test_parsed_mapping_is_not_mutated(pipeline: Pipeline) -> None:
    obj = {"text": ARTICLE, "url": "https://www.example.de/a"}
    out = clean_record(obj, pipeline)
    assert isinstance(out, CleanedRecord)
    assert obj["text"] == ARTICLE
    assert out.record == {"text": CLEANED, "url": "https://www.example.de/a"}
    reject = clean_record({"body": "x"}, pipeline)
    assert isinstance(reject, Reject)
    assert reject.to_dict()["record"] == {"body": "x"}


def test_site_comes_from_the_site_field_then_the_url() -> None:
    seen: list[str | None] = []

    class Spy:
        name = "spy"

        def __call__(self, doc: object) -> list[object]:
            seen.append(doc.site)  # type: ignore[attr-defined]
            return []

        def site_of(self, url: str) -> str:
            return url.split("/")[2].removeprefix("www.") if "/" in url else url

    pipeline = Pipeline.from_config(Config(filters=()), model=Spy())
    fmt = RecordFormat(url_field="link", site_field="site")
    clean_record({"text": "a", "link": "https://www.zeit.de/x"}, pipeline, fmt)
    clean_record({"text": "a", "link": "https://www.zeit.de/x", "site": "faz.net"}, pipeline, fmt)
    clean_record({"text": "a", "link": None}, pipeline, fmt)
    assert seen == ["zeit.de", "faz.net", None]


def test_plain_text_documents(pipeline: Pipeline) -> None:
    fmt = RecordFormat(json=False)
    out = clean_record(ARTICLE.encode("utf-8"), pipeline, fmt)
    assert isinstance(out, CleanedRecord)
    assert out.record is None
    assert out.cleaned.text == CLEANED
    assert orjson.loads(out.to_json()) == {"text": CLEANED}
    bad = clean_record(b"Gr\xf6\xdfe", pipeline, fmt)
    assert isinstance(bad, Reject)
    assert bad.reason == REJECT_UNDECODABLE


def test_format_and_results_pickle(pipeline: Pipeline) -> None:
    fmt = RecordFormat(text_field="body", max_doc_bytes=10_000)
    assert pickle.loads(pickle.dumps(fmt)) == fmt
    out = clean_record(line({"body": ARTICLE}), pipeline, fmt)
    assert pickle.loads(pickle.dumps(out)) == out


def test_parse_record_returns_object_and_encoding() -> None:
    assert parse_record(b'{"text": "x", "a": 1}') == ({"text": "x", "a": 1}, "utf-8")


def test_dump_json_is_compact_utf8() -> None:
    assert dump_json({"text": "Größe", "n": [1, None]}) == '{"text":"Größe","n":[1,null]}'.encode()
