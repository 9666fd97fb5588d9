"""The boilerplate model file: compact, versioned, self-describing, never executed.

Layout (all integers little-endian)::

    8 bytes   magic  b"\\x89NCM\\r\\n\\x1a\\n"  (the \\r\\n and \\x1a catch text-mode mangling)
    u32       format version (2; version 1 had no layout counts)
    u32       header length H
    H bytes   header: UTF-8 JSON with sorted keys -- format name, hash and normaliser
              versions, thresholds, page and site totals, and one entry per table:
              {"site": null (cross-site) or the site key, "docs", "keys", "sample_bytes"}
    tables    in header order, each: keys (u64 x n, sorted, unique), counts (u32 x n),
              layout (u32 x 3 per key: the page counts of layout.FIELDS), sample
              lengths (u32 x n), samples (UTF-8, sample_bytes bytes)
    u64       xxh3_64 of every byte before it

Loading checks the magic, version, hash name and normaliser version, that the sizes the
header announces add up to the file's size *before* any array is allocated, the checksum,
and that keys are sorted; any failure raises :class:`~newsclean.ModelError` with the reason.
Nothing is unpickled or evaluated. Identical models give identical bytes.
"""

from __future__ import annotations

import itertools
import json
import struct
from typing import TYPE_CHECKING, Any

import numpy as np
import xxhash

from ._version import __version__
from .errors import ModelError
from .layout import FIELDS
from .lines import HASH_NAME, NORMALISER_VERSION

if TYPE_CHECKING:
    from .corpus import BoilerplateModel, SiteTable

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "MAGIC", "decode", "encode"]

MAGIC = b"\x89NCM\r\n\x1a\n"
FORMAT_NAME = "newsclean-boilerplate-model"
FORMAT_VERSION = 2
_PREFIX = struct.Struct("<8sII")
_CHECKSUM = struct.Struct("<Q")
_MAX_HEADER = 1 << 28  # 256 MiB of JSON: far above any real model, far below a bad length
# Bytes per key in a table: the key, its count, its layout counts, its sample's length.
_PER_KEY = 8 + 4 + 4 * len(FIELDS) + 4


def _table_bytes(table: SiteTable) -> tuple[bytes, int]:
    texts = [sample.encode("utf-8") for sample in table.samples]
    lengths = np.array([len(text) for text in texts], dtype="<u4")
    blob = b"".join(texts)
    body = (
        np.asarray(table.keys, dtype="<u8").tobytes()
        + np.asarray(table.counts, dtype="<u4").tobytes()
        + np.asarray(table.layout, dtype="<u4").tobytes()
        + lengths.tobytes()
        + blob
    )
    return body, len(blob)


def encode(model: BoilerplateModel) -> bytes:
    """The bytes of ``model``'s file."""
    tables = [(None, model.everywhere), *model.sites.items()]
    entries = []
    bodies = []
    for site, table in tables:
        body, sample_bytes = _table_bytes(table)
        bodies.append(body)
        entries.append(
            {"site": site, "docs": table.docs, "keys": len(table), "sample_bytes": sample_bytes}
        )
    header = {
        "format": FORMAT_NAME,
        "hash": HASH_NAME,
        "normaliser_version": NORMALISER_VERSION,
        "written_by": f"newsclean {__version__}",
        "params": model.params,
        "docs": model.docs,
        "site_count": model.site_count,
        "tables": entries,
    }
    head = json.dumps(header, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    head_bytes = head.encode("utf-8")
    data = _PREFIX.pack(MAGIC, FORMAT_VERSION, len(head_bytes)) + head_bytes + b"".join(bodies)
    return data + _CHECKSUM.pack(xxhash.xxh3_64_intdigest(data))


def _fail(source: str, reason: str) -> ModelError:
    return ModelError(f"{source} is not a usable newsclean model: {reason}")


def decode(data: bytes, *, source: str = "model data") -> BoilerplateModel:
    """Parse and check model file bytes.

    Raises:
        ModelError: the bytes are not a complete, intact model file of this version.
    """
    if len(data) < _PREFIX.size + _CHECKSUM.size or not data.startswith(MAGIC):
        raise _fail(source, "not a newsclean model file (wrong magic bytes or too short)")
    _, version, head_size = _PREFIX.unpack_from(data)
    if version != FORMAT_VERSION:
        raise _fail(
            source,
            f"format version {version}; this newsclean ({__version__}) reads version "
            f"{FORMAT_VERSION} -- learn the model again with this version",
        )
    if head_size > min(_MAX_HEADER, len(data) - _PREFIX.size - _CHECKSUM.size):
        raise _fail(source, "truncated (the header is longer than the file)")
    header = _header(data[_PREFIX.size : _PREFIX.size + head_size], source)
    entries = _entries(header, source)
    body_start = _PREFIX.size + head_size
    expected = sum(_PER_KEY * keys + sample_bytes for _, _, keys, sample_bytes in entries)
    actual = len(data) - body_start - _CHECKSUM.size
    if actual != expected:
        state = "truncated" if actual < expected else "has trailing bytes"
        raise _fail(source, f"{state} ({actual} body bytes, the header announces {expected})")
    (checksum,) = _CHECKSUM.unpack_from(data, len(data) - _CHECKSUM.size)
    if checksum != xxhash.xxh3_64_intdigest(memoryview(data)[: len(data) - _CHECKSUM.size]):
        raise _fail(source, "corrupt (checksum mismatch)")
    return _build(data, body_start, header, entries, source)


def _header(raw: bytes, source: str) -> dict[str, Any]:
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        # RecursionError: a crafted header of deeply nested brackets.
        raise _fail(source, "corrupt header") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        raise _fail(source, "the header does not describe a boilerplate model")
    if header.get("hash") != HASH_NAME or header.get("normaliser_version") != NORMALISER_VERSION:
        raise _fail(
            source,
            f"learned with line hash {header.get('hash')!r}, normaliser version "
            f"{header.get('normaliser_version')!r}; this newsclean uses {HASH_NAME!r}, "
            f"version {NORMALISER_VERSION} -- its keys would not match: learn the model again",
        )
    for field in ("docs", "site_count"):
        if not _count(header.get(field)):
            raise _fail(source, f"header field {field!r} is not a count")
    if not isinstance(header.get("params"), dict):
        raise _fail(source, "header field 'params' is missing")
    return header


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _entries(header: dict[str, Any], source: str) -> list[tuple[str | None, int, int, int]]:
    tables = header.get("tables")
    if not isinstance(tables, list) or not tables:
        raise _fail(source, "the header lists no tables")
    entries = []
    for number, entry in enumerate(tables):
        if not isinstance(entry, dict):
            raise _fail(source, f"table {number} is not described")
        site: Any = entry.get("site")
        docs: Any = entry.get("docs")
        keys: Any = entry.get("keys")
        sample_bytes: Any = entry.get("sample_bytes")
        if (site is None) != (number == 0) or not (site is None or isinstance(site, str)):
            raise _fail(source, f"table {number} has a bad site name")
        if not (_count(docs) and _count(keys) and _count(sample_bytes)):
            raise _fail(source, f"table {number} has bad sizes")
        entries.append((site, docs, keys, sample_bytes))
    return entries


def _build(
    data: bytes,
    offset: int,
    header: dict[str, Any],
    entries: list[tuple[str | None, int, int, int]],
    source: str,
) -> BoilerplateModel:
    from .corpus import BoilerplateModel, SiteTable  # noqa: PLC0415  (corpus imports us)

    tables: list[tuple[str | None, SiteTable]] = []
    for site, docs, n, sample_bytes in entries:
        width = len(FIELDS)
        keys = np.frombuffer(data, dtype="<u8", count=n, offset=offset).astype(np.uint64)
        counts = np.frombuffer(data, dtype="<u4", count=n, offset=offset + 8 * n)
        layout = np.frombuffer(data, dtype="<u4", count=width * n, offset=offset + 12 * n)
        lengths = np.frombuffer(data, dtype="<u4", count=n, offset=offset + (12 + 4 * width) * n)
        offset += _PER_KEY * n
        if n and (np.any(keys[1:] <= keys[:-1]) or keys[0] == 0):
            raise _fail(source, f"keys of table {site!r} are not sorted and unique")
        if int(lengths.sum(dtype=np.uint64)) != sample_bytes:
            raise _fail(source, f"sample lengths of table {site!r} do not add up")
        try:
            samples = _split(data[offset : offset + sample_bytes], lengths.tolist())
        except UnicodeDecodeError:
            raise _fail(source, f"samples of table {site!r} are not UTF-8") from None
        offset += sample_bytes
        table = SiteTable(
            docs,
            keys,
            counts.astype(np.uint32),
            samples,
            layout.reshape(n, width).astype(np.uint32),
        )
        tables.append((site, table))
    (_, everywhere), *rest = tables
    names = [site for site, _ in rest]
    if any(a is None or b is None or a >= b for a, b in itertools.pairwise(names)):
        raise _fail(source, "the sites are not listed once each, in order")
    sites = {site: table for site, table in rest if site is not None}
    return BoilerplateModel(
        sites,
        everywhere,
        docs=header["docs"],
        site_count=header["site_count"],
        params=header["params"],
    )


def _split(raw: bytes, lengths: list[int]) -> tuple[str, ...]:
    out = []
    start = 0
    for length in lengths:
        out.append(raw[start : start + length].decode("utf-8"))
        start += length
    return tuple(out)
