r"""Per-record logic shared by the CLI and the Dask integration: parse, clean, or reject.

A *record* is one unit of input: a line of JSONL (``bytes`` or ``str``), an already-parsed
mapping (Dask, Parquet), or one plain-text document. :func:`clean_record` turns it into
either a :class:`CleanedRecord` (the input with its text field replaced by the cleaned text;
every other field passes through untouched, in its order) or a :class:`Reject` that says
why not and keeps the raw input, so a run never loses a record silently:
``records in == cleaned + rejected``.

Interface (other modules rely on these names)::

    RecordFormat(text_field="text", url_field="url", site_field=None, json=True,
                 max_doc_bytes=None, fallback_encoding=None)        # frozen, pickles
    Position(source="", index=0, offset=-1)                         # where a record was read
    clean_record(raw, pipeline, fmt=RecordFormat(), position=Position())
        -> CleanedRecord | Reject
    CleanedRecord(record, cleaned, position, encoding)              # .to_json() -> bytes
    Reject(reason, detail, position, raw)                           # .to_dict(), .to_json()
    parse_record(raw, fmt, position) -> (dict, encoding) | Reject   # parsing only
    parse_document(raw, fmt, position) -> (text, site, encoding) | Reject   # for learning
    site_value(obj, fmt) -> str | None          # site field, else URL field (not reduced)
    dump_json(obj) -> bytes                                         # one JSONL line, no newline
    REJECT_INVALID_JSON, REJECT_NOT_OBJECT, REJECT_MISSING_TEXT, REJECT_TEXT_NOT_STRING,
    REJECT_UNDECODABLE, REJECT_TOO_LARGE, REJECT_REASONS

Legacy-encoded (non-UTF-8) input is *rejected* by default with reason
``"undecodable"``: guessing an encoding can turn a record into plausible-looking garbage,
and the reject keeps the exact bytes (base64) for a second run. With
``RecordFormat(fallback_encoding="cp1252")`` (CLI: ``--fallback-encoding cp1252``) such a
record is decoded with that encoding instead and cleaned; ``CleanedRecord.encoding`` then
names it so the run's report can count it.

JSON is parsed with ``orjson`` where that is exact and with the standard library where it
is not (lone surrogate escapes, ``NaN``, integers of 19 or more digits that orjson would
turn into floats), so pass-through fields keep their values.

>>> from newsclean import Pipeline
>>> pipeline = Pipeline.from_config()
>>> out = clean_record(b'{"id": 7, "text": "Ein Satz zum Haushalt.\\nTeilen"}', pipeline)
>>> out.record
{'id': 7, 'text': 'Ein Satz zum Haushalt.'}
>>> out.to_json()
b'{"id":7,"text":"Ein Satz zum Haushalt."}'
>>> bad = clean_record(b'{"id": 8}', pipeline, position=Position("dump.jsonl", 1, 40))
>>> bad.reason, bad.detail
('missing_text', "no field 'text'")
>>> bad.to_dict()["source"], bad.to_dict()["offset"], bad.to_dict()["raw"]
('dump.jsonl', 40, '{"id": 8}')
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson

from .pipeline import Cleaned, Pipeline

__all__ = [
    "REJECT_INVALID_JSON",
    "REJECT_MISSING_TEXT",
    "REJECT_NOT_OBJECT",
    "REJECT_REASONS",
    "REJECT_TEXT_NOT_STRING",
    "REJECT_TOO_LARGE",
    "REJECT_UNDECODABLE",
    "CleanedRecord",
    "Position",
    "RecordFormat",
    "Reject",
    "clean_record",
    "dump_json",
    "parse_document",
    "parse_record",
    "site_value",
]

#: The line is not valid JSON.
REJECT_INVALID_JSON = "invalid_json"
#: The line is valid JSON but not an object (a list, a string, a number …).
REJECT_NOT_OBJECT = "not_object"
#: The object has no text field.
REJECT_MISSING_TEXT = "missing_text"
#: The text field holds something other than a string (``null``, a number, a list …).
REJECT_TEXT_NOT_STRING = "text_not_string"
#: The bytes are not UTF-8 (and no fallback encoding was given, or it failed too).
REJECT_UNDECODABLE = "undecodable"
#: The raw record is larger than ``RecordFormat.max_doc_bytes``.
REJECT_TOO_LARGE = "too_large"
#: Every reject reason, in the order they are checked.
REJECT_REASONS: tuple[str, ...] = (
    REJECT_TOO_LARGE,
    REJECT_UNDECODABLE,
    REJECT_INVALID_JSON,
    REJECT_NOT_OBJECT,
    REJECT_MISSING_TEXT,
    REJECT_TEXT_NOT_STRING,
)

# orjson turns integers outside the 64-bit range into floats; 19 digits is the shortest run
# that can overflow. Such records (rare: some ids) take the exact standard-library path.
# For bytes, folding every digit to "0" and searching for nineteen of them is two C passes,
# several times faster than a regular expression.
_LONG_ZEROS = b"0" * 19
_FOLD_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_LONG_DIGITS_STR = re.compile(r"[0-9]{19}")


@dataclass(frozen=True)
class RecordFormat:
    """How to read one record. Immutable and picklable, so it travels to worker processes.

    Attributes:
        text_field: the field holding the text to clean.
        url_field: the field holding the page URL (or host), used as the site for a corpus
            model; ``None`` to ignore URLs.
        site_field: a field holding a ready site key; when present and a string it is used
            instead of ``url_field``. ``None`` (the default) to use the URL only.
        json: ``True`` for JSON records; ``False`` when a record is a plain-text document.
        max_doc_bytes: records larger than this many bytes (UTF-8, as read) are rejected
            as ``"too_large"`` before they are parsed; ``None`` for no limit.
        fallback_encoding: the encoding to decode records that are not UTF-8 with
            (e.g. ``"cp1252"``); ``None`` rejects them as ``"undecodable"``.
    """

    text_field: str = "text"
    url_field: str | None = "url"
    site_field: str | None = None
    json: bool = True
    max_doc_bytes: int | None = None
    fallback_encoding: str | None = None

    def __post_init__(self) -> None:
        if not self.text_field:
            raise ValueError("RecordFormat.text_field must not be empty")
        if self.max_doc_bytes is not None and self.max_doc_bytes < 1:
            raise ValueError("RecordFormat.max_doc_bytes must be >= 1 (or None for no limit)")
        if self.fallback_encoding is not None:
            "".encode(self.fallback_encoding)  # LookupError now, not on the millionth record


class Position(NamedTuple):
    """Where a record was read.

    Attributes:
        source: the input's name (a file name, ``"-"`` for stdin, a partition id).
        index: the record's 0-based number in that source (for JSONL: line number - 1).
        offset: the byte offset of the record's first byte in the (decompressed) source,
            or ``-1`` when unknown.
    """

    source: str = ""
    index: int = 0  # type: ignore[assignment]  # shadows tuple.index on purpose
    offset: int = -1


#: The position of a record read from nowhere in particular.
_UNKNOWN = Position()


class Reject(NamedTuple):
    """A record that could not be cleaned, with its reason and the raw input.

    Attributes:
        reason: one of :data:`REJECT_REASONS`.
        detail: a short message for a person (the parser's error, the field's type …).
        position: where the record was read.
        raw: the record exactly as it came in (bytes, text or a mapping).
    """

    reason: str
    detail: str
    position: Position
    raw: bytes | str | Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The reject as plain data for a rejects file (the JSON form of one line).

        The raw input is under ``"raw"`` as text; bytes that are not UTF-8 are under
        ``"raw_base64"`` instead; a mapping that came in already parsed is under
        ``"record"``.
        """
        out: dict[str, Any] = {
            "reason": self.reason,
            "detail": self.detail,
            "source": self.position.source,
            "index": self.position.index,
            "offset": self.position.offset,
        }
        raw = self.raw
        if isinstance(raw, bytes):
            try:
                out["raw"] = raw.decode("utf-8")
            except UnicodeDecodeError:
                out["raw_base64"] = base64.b64encode(raw).decode("ascii")
        elif isinstance(raw, str):
            out["raw"] = raw
        else:
            out["record"] = dict(raw)
        return out

    def to_json(self) -> bytes:
        """:meth:`to_dict` as one JSON line (without the newline)."""
        return dump_json(self.to_dict())


class CleanedRecord(NamedTuple):
    """A cleaned record.

    Attributes:
        record: the output record: the input object with its text field replaced by the
            cleaned text, every other field untouched and in order; ``None`` for a
            plain-text document (its output is ``cleaned.text``).
        cleaned: the explanation (removed lines with filter and detail), for counting.
        position: where the record was read.
        encoding: the encoding the record was decoded with (``"utf-8"`` unless the
            fallback encoding was needed).
    """

    record: dict[str, Any] | None
    cleaned: Cleaned
    position: Position
    encoding: str = "utf-8"

    def to_json(self) -> bytes:
        """The output record as one JSON line (without the newline)."""
        if self.record is None:
            return dump_json({"text": self.cleaned.text})
        return dump_json(self.record)


def dump_json(obj: Any) -> bytes:
    """Serialise ``obj`` as one compact JSON line of UTF-8 (no trailing newline).

    Uses orjson; falls back to the standard library (ASCII escapes) for what orjson refuses:
    lone surrogates, integers beyond 64 bits, ``NaN``.

    >>> dump_json({"a": "ü", "n": 2**70})
    b'{"a": "\\\\u00fc", "n": 1180591620717411303424}'
    >>> dump_json({"a": "ü"})
    b'{"a":"\\xc3\\xbc"}'
    """
    try:
        return orjson.dumps(obj)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(obj, ensure_ascii=True, allow_nan=True).encode("ascii")


def _load_json(data: bytes | str) -> Any:
    """Parse JSON exactly: orjson where it is exact, the standard library otherwise."""
    if isinstance(data, bytes):
        long_digits = _LONG_ZEROS in data.translate(_FOLD_DIGITS)
    else:
        long_digits = _LONG_DIGITS_STR.search(data) is not None
    if not long_digits:
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass  # the standard library accepts a little more (NaN, lone surrogate escapes)
    # Decode UTF-8 ourselves: json.loads would guess UTF-16/32 from the first bytes.
    return json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)


def _decode(raw: bytes, fmt: RecordFormat) -> tuple[str, str] | None:
    """Decode ``raw`` as UTF-8, else with the fallback encoding; ``None`` if neither works."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if fmt.fallback_encoding is not None:
        try:
            return raw.decode(fmt.fallback_encoding), fmt.fallback_encoding
        except UnicodeDecodeError:
            return None
    return None


def _undecodable(raw: bytes, fmt: RecordFormat, position: Position) -> Reject:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        detail = f"not UTF-8: {exc.reason} at byte {exc.start}"
    if fmt.fallback_encoding is not None:
        detail += f", nor {fmt.fallback_encoding}"
    return Reject(REJECT_UNDECODABLE, detail, position, raw)


def parse_record(
    raw: bytes | str | Mapping[str, Any],
    fmt: RecordFormat = RecordFormat(),
    position: Position = _UNKNOWN,
) -> tuple[dict[str, Any], str] | Reject:
    """Parse one JSON record into ``(object, encoding)``, or say why it cannot be used.

    Checks size, encoding, JSON syntax, that it is an object, and that the text field is
    present and a string.

    >>> parse_record(b'[1, 2]').reason
    'not_object'
    >>> parse_record('{"text": null}').detail
    "field 'text' is null, not a string"
    """
    encoding = "utf-8"
    if isinstance(raw, Mapping):
        obj: Any = raw
    else:
        too_large = _check_size(raw, fmt, position)
        if too_large is not None:
            return too_large
        try:
            obj = _load_json(raw)
        except UnicodeDecodeError:
            assert isinstance(raw, bytes)  # only bytes can fail to decode
            decoded = _decode(raw, fmt)
            if decoded is None:
                return _undecodable(raw, fmt, position)
            text, encoding = decoded
            try:
                obj = _load_json(text)
            except ValueError as exc:
                return Reject(REJECT_INVALID_JSON, _json_detail(exc), position, raw)
        except ValueError as exc:
            return Reject(REJECT_INVALID_JSON, _json_detail(exc), position, raw)
    if not isinstance(obj, Mapping):
        return Reject(REJECT_NOT_OBJECT, f"a JSON {_json_type(obj)}, not an object", position, raw)
    field = fmt.text_field
    if field not in obj:
        return Reject(REJECT_MISSING_TEXT, f"no field {field!r}", position, raw)
    if not isinstance(obj[field], str):
        detail = f"field {field!r} is {_json_type(obj[field])}, not a string"
        return Reject(REJECT_TEXT_NOT_STRING, detail, position, raw)
    return (obj if isinstance(obj, dict) else dict(obj)), encoding


def _json_detail(exc: ValueError) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    names = {bool: "boolean", int: "number", float: "number", str: "string", list: "array"}
    return names.get(type(value), "object" if isinstance(value, Mapping) else type(value).__name__)


def _site_reducer(pipeline: Pipeline) -> Callable[[str], str] | None:
    """The ``site_of`` of the pipeline's corpus model, if it has one."""
    for item in pipeline.filters:
        site_of = getattr(item, "site_of", None)
        if callable(site_of):
            return site_of  # type: ignore[no-any-return]
    return None


def site_value(obj: Mapping[str, Any], fmt: RecordFormat) -> str | None:
    """The record's site as stored: ``fmt.site_field`` if set and a non-empty string, else
    ``fmt.url_field`` if that is; ``None`` otherwise. Not reduced to a site key.

    >>> site_value({"url": "https://www.zeit.de/a", "site": "zeit"}, RecordFormat())
    'https://www.zeit.de/a'
    """
    for field in (fmt.site_field, fmt.url_field):
        if field is not None:
            value = obj.get(field)
            if isinstance(value, str) and value:
                return value
    return None


def parse_document(
    raw: bytes | str | Mapping[str, Any],
    fmt: RecordFormat = RecordFormat(),
    position: Position = _UNKNOWN,
) -> tuple[str, str | None, str] | Reject:
    """``(text, site, encoding)`` of one record (JSON or, with ``fmt.json=False``, plain
    text), or a :class:`Reject`. ``site`` is :func:`site_value` (``None`` for plain text).

    This is what learning needs: the same checks as :func:`clean_record`, no cleaning.

    >>> parse_document(b'{"text": "Satz.", "url": "https://taz.de/x"}')
    ('Satz.', 'https://taz.de/x', 'utf-8')
    """
    if not fmt.json:
        if isinstance(raw, Mapping):
            raise TypeError("a plain-text document must be bytes or str, not a mapping")
        too_large = _check_size(raw, fmt, position)
        if too_large is not None:
            return too_large
        if isinstance(raw, str):
            return raw, None, "utf-8"
        decoded = _decode(raw, fmt)
        if decoded is None:
            return _undecodable(raw, fmt, position)
        return decoded[0], None, decoded[1]
    parsed = parse_record(raw, fmt, position)
    if isinstance(parsed, Reject):
        return parsed
    obj, encoding = parsed
    return obj[fmt.text_field], site_value(obj, fmt), encoding


def _check_size(raw: bytes | str, fmt: RecordFormat, position: Position) -> Reject | None:
    if fmt.max_doc_bytes is None:
        return None
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "replace"))
    if size <= fmt.max_doc_bytes:
        return None
    detail = f"{size} bytes > --max-doc-bytes {fmt.max_doc_bytes}"
    return Reject(REJECT_TOO_LARGE, detail, position, raw)


def _site_key(site: str | None, pipeline: Pipeline) -> str | None:
    # As clean(text, site=url, model=model) does: a model reduces a URL to its site key.
    if site is None:
        return None
    site_of = _site_reducer(pipeline)
    return site_of(site) if site_of is not None else site


def clean_record(
    raw: bytes | str | Mapping[str, Any],
    pipeline: Pipeline,
    fmt: RecordFormat = RecordFormat(),
    position: Position = _UNKNOWN,
    *,
    details: bool = True,
) -> CleanedRecord | Reject:
    """Clean one record, or reject it with its reason; never raises for bad input.

    Args:
        raw: a JSON line (``bytes`` as read, or ``str``), an already-parsed mapping, or,
            with ``fmt.json=False``, one plain-text document (``bytes`` or ``str``).
        pipeline: the filters to run (a corpus model, if any, already in it:
            ``Pipeline.from_config(config, model=model)``).
        fmt: field names and limits.
        position: where the record was read, for the reject.
        details: ``False`` where the removals are counted, not read (see
            :meth:`Pipeline.explain <newsclean.Pipeline.explain>`).

    Returns:
        A :class:`CleanedRecord`, or a :class:`Reject` whose ``reason`` is one of
        :data:`REJECT_REASONS`.

    >>> from newsclean import Pipeline
    >>> doc = clean_record(b"Satz eins steht hier.\\nTeilen", Pipeline.from_config(),
    ...                    RecordFormat(json=False))
    >>> doc.record is None, doc.cleaned.text
    (True, 'Satz eins steht hier.')
    """
    if not fmt.json:
        document = parse_document(raw, fmt, position)
        if isinstance(document, Reject):
            return document
        text, _, encoding = document
        return CleanedRecord(None, _explain(pipeline, text, None, details), position, encoding)
    parsed = parse_record(raw, fmt, position)
    if isinstance(parsed, Reject):
        return parsed
    obj, encoding = parsed
    site = _site_key(site_value(obj, fmt), pipeline)
    cleaned = _explain(pipeline, obj[fmt.text_field], site, details)
    record = obj.copy() if obj is raw else obj  # never mutate a caller's mapping
    record[fmt.text_field] = cleaned.text
    return CleanedRecord(record, cleaned, position, encoding)


def _explain(pipeline: Pipeline, text: str, site: str | None, details: bool) -> Cleaned:
    """``pipeline.explain``, asking for no details only where that is Pipeline's own
    (a subclass's ``explain`` may not take the keyword)."""
    if details or type(pipeline).explain is not Pipeline.explain:
        return pipeline.explain(text, site=site)
    return pipeline.explain(text, site=site, details=False)
