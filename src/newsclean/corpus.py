"""Corpus mode: learn which lines are a site's chrome from many pages, then remove them.

Two objects, two steps (learn, then apply):

* :class:`LineCounts` counts, per site, on how many documents each line key occurs (each
  key once per document). It is additive -- ``count(a) + count(b) == count(a + b)`` -- so
  shards can be counted in different processes or machines and merged in any order.
  Keys live in sorted ``uint64`` numpy arrays with ``uint32`` counts: a distinct line costs
  12 bytes, never a Python object.
* :class:`BoilerplateModel` is the frozen result of thresholding the counts once: per site,
  the keys on at least ``min_docs`` pages and ``min_share`` of the site's pages; and across
  sites, the keys found on at least ``min_sites`` different sites ("Alle Rechte
  vorbehalten.", "Skip to main content"). It is a filter (``name = "boilerplate"``), saves
  to a compact, versioned file (:mod:`newsclean.modelfile`) and loads back. A second pass
  over the pages (:meth:`BoilerplateModel.find_samples`) adds a sample text per learned
  line and, per site, where its learned lines stand (:mod:`newsclean.layout`): a line that
  heads other text than the article on many pages takes that text with it.

Because counting comes first and thresholding second, the model never depends on the order
of the documents or on how they were split: the same pages give a byte-identical file.

>>> pages = [
...     (f"Nachricht Nummer {word}: der Rat tagt.\\nAlle Rechte vorbehalten.", "https://www.example.de/a")
...     for word in ("eins", "zwei", "drei", "vier", "fünf")
... ]
>>> model = learn(pages, min_docs=3, min_share=0.5)
>>> from newsclean import clean
>>> clean("Der Rat hat heute getagt.\\nAlle Rechte vorbehalten.", site="example.de", model=model)
'Der Rat hat heute getagt.'
"""

from __future__ import annotations

import array
import functools
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt
import regex

from .config import Config
from .errors import ConfigError, ModelError
from .filters.base import Mark, ends_like_sentence, is_body_like, word_count
from .langdata import available_languages, compile_markers
from .layout import FIELDS, TEXT, observe, segments
from .lines import Doc, Line, line_key
from .pipeline import Pipeline

__all__ = [
    "BLOCK_NOISE",
    "DEFAULT_MIN_DOCS",
    "DEFAULT_MIN_SHARE",
    "DEFAULT_MIN_SITES",
    "GLOBAL_SITE",
    "BoilerplateModel",
    "LineCounts",
    "Samples",
    "count",
    "count_records",
    "learn",
    "learn_records",
    "merge_samples",
    "pairs_from_records",
    "site_of",
]

Keys = npt.NDArray[np.uint64]
Counts = npt.NDArray[np.uint32]
Layout = npt.NDArray[np.uint32]  # one row of len(layout.FIELDS) page counts per key
_NO_KEYS: Keys = np.empty(0, dtype=np.uint64)
_NO_COUNTS: Counts = np.empty(0, dtype=np.uint32)

#: The site key of documents without a site (``site=None``): they form one global site.
GLOBAL_SITE = ""
#: A line is a site's chrome when it is on at least this many of the site's pages ...
DEFAULT_MIN_DOCS = 3
#: ... and on at least this share of them (sites with fewer than ``min_docs`` pages learn nothing).
DEFAULT_MIN_SHARE = 0.2
#: A line is chrome on every site when it is on at least this many different sites.
DEFAULT_MIN_SITES = 5
#: A block head may have headed the article or its continuation on at most this share of
#: the pages on which it headed other text (noise: a page whose comments outweigh its
#: article); see :mod:`newsclean.layout`.
BLOCK_NOISE = 0.1

# Pending keys are merged into the sorted arrays once this many have accumulated (8 MB).
_FLUSH_EVERY = 1 << 20
# Cross-site counting handles the key range in slices of about this many keys (32 MB).
_SLICE = 1 << 22
_WWW = regex.compile(r"^www\d*\.")
# A Wayback Machine capture belongs to the site it captured, not to web.archive.org.
_WAYBACK = regex.compile(r"^(?:https?://)?(?:www\.)?web\.archive\.org/web/[^/]*/(.+)$", regex.I)


def site_of(url_or_host: str | None) -> str:
    """Reduce a URL or host name to the site key corpus mode counts by.

    The key is the lower-cased host without port, user info, trailing dot and a leading
    ``www.``/``www2.``: subdomains stay apart (``blogs.wsj.com`` and ``wsj.com`` often use
    different templates, hence different chrome), and no public-suffix list is needed at
    run time. A Wayback Machine URL gives the site of the page it captured. ``None`` or an
    empty string gives :data:`GLOBAL_SITE`. A site key reduces to itself, so reducing
    twice is harmless.

    >>> site_of("https://www.Spiegel.de:443/politik/artikel-1.html?x=1")
    'spiegel.de'
    >>> site_of("blogs.wsj.com/brussels/")
    'blogs.wsj.com'
    >>> site_of("https://web.archive.org/web/20181206101316/https://swap-stop.org/de/x")
    'swap-stop.org'
    >>> site_of(None) == site_of("") == GLOBAL_SITE
    True
    """
    if url_or_host is None:
        return GLOBAL_SITE
    raw = url_or_host.strip()
    wayback = _WAYBACK.match(raw)
    if wayback is not None:
        raw = wayback.group(1)
    if not raw:
        return GLOBAL_SITE
    try:
        host = urlsplit(raw if "//" in raw else "//" + raw).hostname
    except ValueError:  # e.g. an unbalanced IPv6 bracket; fall back to the raw text
        host = raw.lower()
    host = (host or "").rstrip(".")
    return _WWW.sub("", host)


def _doc_keys(doc: Doc) -> array.array[int]:
    """The distinct non-zero keys of a document (each key once: document frequency)."""
    return array.array("Q", {line.key for line in doc.lines if line.key})


def _merge_sorted(
    keys: Keys, counts: Counts, new_keys: Keys, new_counts: Counts
) -> tuple[Keys, Counts]:
    """Add ``new_counts`` of sorted unique ``new_keys`` into sorted unique ``keys``.

    Keys already present are added in place; the others are inserted at their sorted
    position, so the peak is one copy of the arrays, not a concatenate-and-sort.
    """
    if not len(keys):
        return new_keys.copy(), new_counts.astype(np.uint32)
    pos = np.searchsorted(keys, new_keys)
    found = pos < len(keys)
    found[found] = keys[pos[found]] == new_keys[found]
    counts = counts.copy()
    counts[pos[found]] += new_counts[found].astype(np.uint32)
    fresh = ~found
    if fresh.any():
        keys = np.insert(keys, pos[fresh], new_keys[fresh])
        counts = np.insert(counts, pos[fresh], new_counts[fresh].astype(np.uint32))
    return keys, counts


class LineCounts:
    """Additive per-site document frequency of line keys.

    ``add(text, site)`` counts one document; ``a.merge(b)`` (or ``a + b``) adds two
    counters. Counts are exact. Memory: 12 bytes per distinct (site, key) pair in sorted
    numpy arrays, plus a small buffer of recent keys (8 bytes each) that is merged in
    batches. A counter pickles (the buffer is merged first), so workers can count shards
    and send their counters back.

    >>> a = LineCounts()
    >>> a.add("Teilen\\nEin Satz.", "spiegel.de")
    >>> a.add("Teilen\\nNoch ein Satz.\\nTeilen", "https://www.spiegel.de/x")
    >>> a.docs("spiegel.de"), a.count("Teilen", "spiegel.de"), a.count("Ein Satz.", "spiegel.de")
    (2, 2, 1)

    Args:
        config: the settings :func:`newsclean.prepare` runs with (the same as when
            cleaning, so learned keys match the lines the filters see).
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = Config() if config is None else config
        self._docs: dict[str, int] = {}
        self._keys: dict[str, Keys] = {}
        self._counts: dict[str, Counts] = {}
        self._pending: dict[str, array.array[int]] = {}
        self._pending_size = 0
        self._pipeline: Pipeline | None = None

    # -- counting ------------------------------------------------------------------------

    def add(self, text: str, site: str | None = None) -> None:
        """Count one document (``site``: URL, host, site key or ``None``)."""
        if self._pipeline is None:
            self._pipeline = Pipeline((), self.config)
        self.add_doc(self._pipeline.prepare(text, site=site_of(site)))

    def add_doc(self, doc: Doc) -> None:
        """Count one prepared document; its ``site`` is reduced with :func:`site_of`."""
        self._push(site_of(doc.site), _doc_keys(doc))

    def add_keys(self, keys: Iterable[int], site: str | None = None) -> None:
        """Count one document given its line keys (from :func:`newsclean.line_key`).

        Repeated keys count once; key ``0`` (a line without letters or digits) is ignored.
        For callers that hash lines themselves, and for benchmarks.
        """
        array_ = keys if isinstance(keys, np.ndarray) else np.fromiter(keys, dtype=np.uint64)
        unique = np.unique(array_.astype(np.uint64, copy=False))
        self._push(site_of(site), array.array("Q", unique[unique != 0].tobytes()))

    def _push(self, site: str, keys: array.array[int]) -> None:
        # ``keys`` are distinct within the document: document frequency, not occurrences.
        self._docs[site] = self._docs.get(site, 0) + 1
        if not keys:
            return
        pending = self._pending.get(site)
        if pending is None:
            self._pending[site] = keys
        else:
            pending.extend(keys)
        self._pending_size += len(keys)
        if self._pending_size >= _FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        for site, pending in self._pending.items():
            new_keys, new_counts = np.unique(
                np.frombuffer(pending, dtype=np.uint64), return_counts=True
            )
            self._merge_site(site, new_keys, new_counts.astype(np.uint32))
        self._pending.clear()
        self._pending_size = 0

    def _merge_site(self, site: str, keys: Keys, counts: Counts) -> None:
        empty: Keys = np.empty(0, dtype=np.uint64)
        self._keys[site], self._counts[site] = _merge_sorted(
            self._keys.get(site, empty),
            self._counts.get(site, np.empty(0, dtype=np.uint32)),
            keys,
            counts,
        )

    def merge(self, other: LineCounts) -> LineCounts:
        """Add ``other``'s counts into this counter (in place) and return it."""
        other._flush()
        self._flush()
        for site, docs in other._docs.items():
            self._docs[site] = self._docs.get(site, 0) + docs
        for site, keys in other._keys.items():
            self._merge_site(site, keys, other._counts[site])
        return self

    def split(self, parts: int) -> list[LineCounts]:
        """Cut this counter into ``parts`` counters by key range (each keeps every site's
        page count). Thresholding is per key, so ``to_model`` on each part and
        :meth:`BoilerplateModel.combine` give the model of the whole: a cluster can merge
        and threshold the parts on different workers and never hold every key in one place.
        """
        if parts < 1:
            raise ValueError("parts must be >= 1")
        self._flush()
        bounds = [np.uint64((2**64 * i) // parts) for i in range(1, parts)]
        out = [LineCounts(self.config) for _ in range(parts)]
        for part in out:
            part._docs = dict(self._docs)
        for site, keys in self._keys.items():
            cuts = [0, *np.searchsorted(keys, bounds).tolist(), len(keys)]
            for part, start, end in zip(out, cuts, cuts[1:], strict=False):
                if end > start:
                    part._keys[site] = keys[start:end].copy()
                    part._counts[site] = self._counts[site][start:end].copy()
        return out

    def __add__(self, other: LineCounts) -> LineCounts:
        if not isinstance(other, LineCounts):
            return NotImplemented
        return self.copy().merge(other)

    def copy(self) -> LineCounts:
        """An independent copy of this counter."""
        self._flush()
        twin = LineCounts(self.config)
        twin._docs = dict(self._docs)
        twin._keys = dict(self._keys)  # arrays are never changed in place, only replaced
        twin._counts = dict(self._counts)
        return twin

    # -- reading -------------------------------------------------------------------------

    def sites(self) -> list[str]:
        """The site keys counted, sorted."""
        return sorted(self._docs)

    def docs(self, site: str | None = None) -> int:
        """How many documents of ``site`` were counted (all sites when ``None``)."""
        if site is None:
            return sum(self._docs.values())
        return self._docs.get(site_of(site), 0)

    def count(self, line: str, site: str | None) -> int:
        """On how many documents of ``site`` the line (any text with its key) occurs."""
        self._flush()
        key = line_key(line)
        keys = self._keys.get(site_of(site))
        if keys is None or not key:
            return 0
        pos = int(np.searchsorted(keys, np.uint64(key)))
        if pos < len(keys) and int(keys[pos]) == key:
            return int(self._counts[site_of(site)][pos])
        return 0

    def table(self, site: str) -> tuple[Keys, Counts]:
        """The sorted keys of ``site`` and their document counts (read-only views)."""
        self._flush()
        keys = self._keys.get(site, np.empty(0, dtype=np.uint64))
        counts = self._counts.get(site, np.empty(0, dtype=np.uint32))
        keys.flags.writeable = counts.flags.writeable = False
        return keys, counts

    @property
    def distinct(self) -> int:
        """The number of distinct (site, key) pairs counted."""
        self._flush()
        return sum(len(keys) for keys in self._keys.values())

    @property
    def nbytes(self) -> int:
        """Bytes held by the key and count arrays (the part that grows with the corpus)."""
        self._flush()
        return sum(k.nbytes + self._counts[s].nbytes for s, k in self._keys.items())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LineCounts):
            return NotImplemented
        self._flush()
        other._flush()
        return (
            self._docs == other._docs
            and self._keys.keys() == other._keys.keys()
            and all(
                np.array_equal(keys, other._keys[site])
                and np.array_equal(self._counts[site], other._counts[site])
                for site, keys in self._keys.items()
            )
        )

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"LineCounts({len(self._docs)} sites, {self.docs()} docs, {self.distinct} keys)"

    def __getstate__(self) -> dict[str, Any]:
        self._flush()
        return {
            "config": self.config,
            "docs": self._docs,
            "keys": self._keys,
            "counts": self._counts,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["config"])  # type: ignore[misc]
        self._docs = state["docs"]
        self._keys = state["keys"]
        self._counts = state["counts"]

    # -- thresholding --------------------------------------------------------------------

    def to_model(
        self,
        *,
        min_docs: int = DEFAULT_MIN_DOCS,
        min_share: float = DEFAULT_MIN_SHARE,
        min_sites: int = DEFAULT_MIN_SITES,
    ) -> BoilerplateModel:
        """Threshold the counts once into a frozen :class:`BoilerplateModel` (no samples).

        A key is a site's chrome when it is on at least ``min_docs`` pages and at least
        ``min_share`` of the pages of that site; it is chrome on every site when it occurs
        on at least ``min_sites`` different sites (``min_sites=0`` turns that off). Add
        sample texts with :meth:`BoilerplateModel.with_samples`.
        """
        _check_thresholds(min_docs, min_share, min_sites)
        self._flush()
        sites: dict[str, SiteTable] = {}
        for site in sorted(self._keys):
            docs = self._docs[site]
            need = max(min_docs, math.ceil(min_share * docs - 1e-9))
            if docs < min_docs:
                continue
            counts = self._counts[site]
            chosen = counts >= need
            if chosen.any():
                sites[site] = SiteTable(docs, self._keys[site][chosen], counts[chosen])
        everywhere = SiteTable(len(self._docs), *_cross_site(self._keys.values(), min_sites))
        params = {"min_docs": min_docs, "min_share": min_share, "min_sites": min_sites}
        return BoilerplateModel(
            sites, everywhere, docs=self.docs(), site_count=len(self._docs), params=params
        )


def _cross_site(tables: Iterable[Keys], min_sites: int) -> tuple[Keys, Counts]:
    """Keys present on at least ``min_sites`` sites, with their number of sites.

    Keys are uniform hashes, so the key range is cut into slices of about ``_SLICE`` keys
    and each slice is counted on its own: the peak stays a fraction of the counter.
    """
    tables = [keys for keys in tables if len(keys)]
    empty = np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.uint32)
    if min_sites < 1 or len(tables) < min_sites:
        return empty
    slices = max(1, math.ceil(sum(len(keys) for keys in tables) / _SLICE))
    bounds = [np.uint64((2**64 * i) // slices) for i in range(1, slices)]
    cuts = [np.searchsorted(keys, bounds).tolist() for keys in tables]
    found_keys, found_sites = [empty[0]], [empty[1]]
    for i in range(slices):
        parts = [
            keys[(cut[i - 1] if i else 0) : (cut[i] if i < slices - 1 else len(keys))]
            for keys, cut in zip(tables, cuts, strict=True)
        ]
        keys, sites = np.unique(np.concatenate(parts), return_counts=True)
        chosen = sites >= min_sites
        found_keys.append(keys[chosen])
        found_sites.append(sites[chosen].astype(np.uint32))
    return np.concatenate(found_keys), np.concatenate(found_sites)


def _check_thresholds(min_docs: int, min_share: float, min_sites: int) -> None:
    if isinstance(min_docs, bool) or not isinstance(min_docs, int) or min_docs < 2:
        raise ConfigError("min_docs must be an int >= 2 (a line on one page is not chrome)")
    if not 0.0 <= min_share <= 1.0:
        raise ConfigError("min_share must be between 0 and 1")
    if isinstance(min_sites, bool) or not isinstance(min_sites, int) or min_sites < 0:
        raise ConfigError("min_sites must be an int >= 0 (0 turns cross-site learning off)")


class SiteTable:
    """The learned lines of one site (or, for the cross-site table, of every site).

    Attributes:
        docs: pages of the site counted (for the cross-site table: sites counted).
        keys: the learned keys, sorted.
        counts: per key, pages it is on (cross-site table: sites it is on).
        samples: per key, one text with that key (the shortest, then the smallest in code
            point order among all occurrences, so the choice does not depend on document
            order); ``""`` when none was collected.
        layout: per key, a row of page counts named by :data:`newsclean.layout.FIELDS`:
            pages on which the line heads other text than the article, heads the article,
            heads the article's continuation (it stands between two of its sentences);
            all zero until the second pass, and in the cross-site table.
    """

    __slots__ = ("counts", "docs", "keys", "layout", "samples")

    def __init__(
        self,
        docs: int,
        keys: Keys,
        counts: Counts,
        samples: tuple[str, ...] = (),
        layout: Layout | None = None,
    ) -> None:
        self.docs = docs
        self.keys = keys
        self.counts = counts
        self.samples = samples or ("",) * len(keys)
        self.layout = np.zeros((len(keys), len(FIELDS)), np.uint32) if layout is None else layout

    def __len__(self) -> int:
        return len(self.keys)

    def lookup(self) -> dict[int, int]:
        """Key -> count, for fast per-line lookups."""
        return dict(zip(self.keys.tolist(), self.counts.tolist(), strict=True))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SiteTable):
            return NotImplemented
        return (
            self.docs == other.docs
            and np.array_equal(self.keys, other.keys)
            and np.array_equal(self.counts, other.counts)
            and self.samples == other.samples
            and np.array_equal(self.layout, other.layout)
        )

    __hash__ = None  # type: ignore[assignment]


@dataclass
class Samples:
    """What the second pass over the pages finds about a model's learned lines.

    Results of shards combine with :func:`merge_samples` (the shortest text per key wins,
    layout counts add up), so the model does not depend on order or sharding. A
    ``Samples`` pickles, so workers can send theirs back.

    Attributes:
        texts: (site key, or ``None`` for the cross-site table; key) -> one text of the
            key, the shortest seen.
        layout: (site key, key) -> page counts named by :data:`newsclean.layout.FIELDS`.
    """

    texts: dict[tuple[str | None, int], str] = field(default_factory=dict)
    layout: dict[tuple[str, int], list[int]] = field(default_factory=dict)


def _sample_order(text: str) -> tuple[int, str]:
    return len(text), text


def _better(text: str, than: str) -> bool:
    """The sample kept for a key: the shortest text, then the smallest in code point order
    (a total order, so the choice never depends on which page came first)."""
    return _sample_order(text) < _sample_order(than)


def merge_samples(*found: Samples) -> Samples:
    """Combine :meth:`BoilerplateModel.find_samples` results of several shards: the
    shortest text per key wins and layout counts add up, so the result does not depend on
    order or sharding."""
    best = Samples()
    for part in found:
        for slot, text in part.texts.items():
            old = best.texts.get(slot)
            if old is None or _better(text, old):
                best.texts[slot] = text
        for where, numbers in part.layout.items():
            total = best.layout.setdefault(where, [0] * len(FIELDS))
            for column, number in enumerate(numbers):
                total[column] += number
    return best


class BoilerplateModel:
    """A frozen corpus model: per-site and cross-site chrome lines. It is a filter.

    Pass it to :func:`newsclean.clean` (``clean(text, site=url, model=model)``); the
    ``site`` is reduced with :meth:`site_of`. A line is removed when its key was learned
    for the document's site, or when it was learned across sites and stands outside the
    page's body, before its first sentence or after its last (so an agency story
    syndicated to many sites survives). Every removal says which rule matched. Repeats
    inside one page never count (the ``duplicates`` filter handles those).

    Build one with :func:`learn` or :meth:`LineCounts.to_model`; save with :meth:`save`,
    load with :meth:`load`, inspect with :meth:`describe`.
    """

    name = "boilerplate"

    def __init__(
        self,
        sites: Mapping[str, SiteTable],
        everywhere: SiteTable,
        *,
        docs: int,
        site_count: int,
        params: Mapping[str, Any],
    ) -> None:
        self.sites: dict[str, SiteTable] = dict(sorted(sites.items()))
        self.everywhere = everywhere
        self.docs = docs
        self.site_count = site_count
        self.params: dict[str, Any] = dict(params)
        self._lookups: dict[str, dict[int, int]] = {}
        self._head_lookups: dict[str, dict[int, int | None]] = {}

    site_of = staticmethod(site_of)

    @classmethod
    def combine(cls, parts: Sequence[BoilerplateModel]) -> BoilerplateModel:
        """Join models thresholded from the key-range parts of one counter, in part order
        (see :meth:`LineCounts.split`)."""
        if not parts:
            raise ValueError("combine() needs at least one model")
        first = parts[0]
        names = sorted({site for part in parts for site in part.sites})

        def join(tables: list[SiteTable], docs: int) -> SiteTable:
            keys = np.concatenate([t.keys for t in tables]) if tables else _NO_KEYS
            counts = np.concatenate([t.counts for t in tables]) if tables else _NO_COUNTS
            samples = tuple(sample for t in tables for sample in t.samples)
            layout = np.concatenate([t.layout for t in tables]) if tables else None
            return SiteTable(docs, keys, counts, samples, layout)

        sites = {
            name: join(
                [p.sites[name] for p in parts if name in p.sites],
                next(p.sites[name].docs for p in parts if name in p.sites),
            )
            for name in names
        }
        everywhere = join([p.everywhere for p in parts], first.everywhere.docs)
        return cls(
            sites, everywhere, docs=first.docs, site_count=first.site_count, params=first.params
        )

    def __call__(self, doc: Doc) -> Iterator[Mark]:
        site = site_of(doc.site)
        table = self.sites.get(site)
        local = self._lookup(site) if table is not None else {}
        cross = self._lookup(None)
        lines = [line for line in doc.lines if line.text]
        headings = _section_headings()
        marks: dict[int, str] = {}
        anchors: list[int] = []  # positions in `lines` of the site's learned lines
        body = _body_bounds(lines)
        name = site or "the pages without a site"
        for pos, line in enumerate(lines):
            if not line.key:
                continue
            pages = local.get(line.key)
            if pages is not None and table is not None:
                anchors.append(pos)
                if line.key not in headings:
                    marks[pos] = f"site line: on {pages} of {table.docs} pages of {name}"
                continue
            sites = cross.get(line.key)
            if sites is not None and line.key not in headings and _outside_body(lines, pos, body):
                marks[pos] = f"cross-site line: on {sites} sites"
        _fill_gaps(lines, anchors, marks)
        if table is not None:
            for pos, head, pages in _blocks(lines, local, self._heads(site)):
                if pos not in marks:
                    marks[pos] = (
                        f"block after site line {lines[head].index}, which heads other text "
                        f"than the article on {pages} of {table.docs} pages of {name}"
                    )
        for pos in sorted(marks):
            yield Mark(lines[pos].index, marks[pos])

    def _heads(self, site: str) -> dict[int, int | None]:
        """The learned lines of ``site`` with layout evidence (see :mod:`newsclean.layout`):
        key -> pages on which it heads other text, for a block head; ``None`` for a line
        that heads the article or stands inside it.

        A block head heads other text than the article on at least ``min_docs`` pages, and
        the article or its continuation on at most :data:`BLOCK_NOISE` of as many pages.
        """
        found = self._head_lookups.get(site)
        if found is None:
            table = self.sites[site]
            need = int(self.params.get("min_docs", DEFAULT_MIN_DOCS))
            found = {}
            for key, (text, main, inline) in zip(
                table.keys.tolist(), table.layout.tolist(), strict=True
            ):
                if text >= need and max(main, inline) <= BLOCK_NOISE * text:
                    found[key] = text
                elif main or inline:
                    found[key] = None
            self._head_lookups[site] = found
        return found

    def _lookup(self, site: str | None) -> dict[int, int]:
        name = "\0everywhere" if site is None else site
        found = self._lookups.get(name)
        if found is None:
            table = self.everywhere if site is None else self.sites[site]
            found = self._lookups[name] = table.lookup()
        return found

    # -- samples -------------------------------------------------------------------------

    def find_samples(
        self, pairs: Iterable[tuple[str, str | None]], config: Config | None = None
    ) -> Samples:
        """The second pass: one text for each learned key in ``pairs`` (the shortest
        seen), and where the site's learned lines stand on each page (the layout counts
        of :mod:`newsclean.layout`).

        Results of several shards combine with :meth:`with_samples` (or
        :func:`merge_samples`), which keeps the shortest text per key and adds the layout
        counts, so the result does not depend on order or sharding.
        """
        pipeline = Pipeline((), Config() if config is None else config)
        found = Samples()
        for text, site in pairs:
            doc = pipeline.prepare(text, site=site_of(site))
            self._samples_of(doc, found)
        return found

    def _samples_of(self, doc: Doc, found: Samples) -> None:
        site = site_of(doc.site)
        local = self._lookup(site) if site in self.sites else {}
        cross = self._lookup(None)
        texts = found.texts
        for line in doc.lines:
            if not line.key:
                continue
            for where, table in ((site, local), (None, cross)):
                if line.key in table:
                    slot = (where, line.key)
                    best = texts.get(slot)
                    if best is None or _better(line.text, best):
                        texts[slot] = line.text
        if local:
            for key, roles in observe(doc.nonblank(), local).items():
                numbers = found.layout.setdefault((site, key), [0] * len(FIELDS))
                for column in range(len(FIELDS)):
                    numbers[column] += (roles >> column) & 1

    def with_samples(self, *found: Samples) -> BoilerplateModel:
        """This model with the sample texts and layout counts of one or more
        :meth:`find_samples` results (pass each shard's result once: counts add up)."""
        best = merge_samples(*found)

        def fill(site: str | None, table: SiteTable) -> SiteTable:
            keys = table.keys.tolist()
            old = dict(zip(keys, table.samples, strict=True))
            samples = tuple(
                min(
                    filter(None, (old[key], best.texts.get((site, key), ""))),
                    key=_sample_order,
                    default="",
                )
                for key in keys
            )
            layout = table.layout.copy()
            if site is not None:
                for row, key in enumerate(keys):
                    numbers = best.layout.get((site, key))
                    if numbers is not None:
                        layout[row] += np.asarray(numbers, dtype=np.uint32)
            return SiteTable(table.docs, table.keys, table.counts, samples, layout)

        sites = {site: fill(site, table) for site, table in self.sites.items()}
        return BoilerplateModel(
            sites,
            fill(None, self.everywhere),
            docs=self.docs,
            site_count=self.site_count,
            params=self.params,
        )

    # -- files and display ---------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the model to ``path`` (format: :mod:`newsclean.modelfile`)."""
        Path(path).write_bytes(self.to_bytes())

    def to_bytes(self) -> bytes:
        """The model file's bytes (identical for identical models)."""
        from .modelfile import encode  # noqa: PLC0415  (modelfile builds models: a cycle)

        return encode(self)

    @classmethod
    def load(cls, path: str | Path) -> BoilerplateModel:
        """Read a model file written by :meth:`save`.

        Raises:
            ModelError: the file is missing, truncated, corrupt, not a model file, or was
                written with another hash or normaliser version.
        """
        from .modelfile import MAGIC  # noqa: PLC0415  (modelfile builds models: a cycle)

        try:
            with open(path, "rb") as file:
                data = file.read(len(MAGIC))
                if data == MAGIC:  # not a multi-gigabyte dump passed by mistake: read it all
                    data += file.read()
        except OSError as error:
            raise ModelError(f"cannot read model file {path}: {error.strerror}") from None
        return cls.from_bytes(data, source=str(path))

    @classmethod
    def from_bytes(cls, data: bytes, *, source: str = "model data") -> BoilerplateModel:
        """Parse model file bytes (see :meth:`load`); ``source`` names them in errors."""
        from .modelfile import decode  # noqa: PLC0415  (modelfile builds models: a cycle)

        return decode(data, source=source)

    def describe(self, top: int = 10) -> str:
        """A readable summary: the thresholds, then the top lines of every site."""
        params = ", ".join(f"{k}={v}" for k, v in sorted(self.params.items()))
        out = [
            f"newsclean boilerplate model: {self.docs} pages of {self.site_count} sites; "
            f"{sum(len(t) for t in self.sites.values())} site lines on {len(self.sites)} "
            f"sites, {len(self.everywhere)} cross-site lines ({params})"
        ]
        if len(self.everywhere):
            out.append(f"\nevery site ({len(self.everywhere)} lines; sites a line is on):")
            out.extend(_top_lines(self.everywhere, top))
        ranked = sorted(self.sites.items(), key=lambda item: (-item[1].docs, item[0]))
        for site, table in ranked:
            out.append(f"\n{site or '(no site)'} ({table.docs} pages, {len(table)} lines):")
            out.extend(_top_lines(table, top))
            heads = {key: pages for key, pages in self._heads(site).items() if pages}
            if heads:
                out.append("  block heads (pages on which other text than the article follows):")
                samples = dict(zip(table.keys.tolist(), table.samples, strict=True))
                order = sorted(heads, key=lambda key: (-heads[key], samples[key], key))[:top]
                out.extend(
                    f"    {heads[key]}/{table.docs}  {samples[key] or '(no sample)'}"
                    for key in order
                )
        return "\n".join(out)

    def __len__(self) -> int:
        return sum(len(t) for t in self.sites.values()) + len(self.everywhere)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BoilerplateModel):
            return NotImplemented
        return self.to_bytes() == other.to_bytes()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"BoilerplateModel({len(self.sites)} sites, {len(self)} lines, "
            f"learned from {self.docs} pages)"
        )

    def __getstate__(self) -> dict[str, Any]:
        # The lookup dicts are Python objects per key: rebuild them in the worker instead.
        return {
            key: value
            for key, value in self.__dict__.items()
            if key not in ("_lookups", "_head_lookups")
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lookups = {}
        self._head_lookups = {}


@functools.lru_cache(maxsize=1)
def _section_headings() -> frozenset[int]:
    """Keys of the section headings the ``sections`` filter knows ("Kommentare", "Mehr zum
    Thema"). The model leaves them alone: that filter removes the heading *and* the block
    it starts, which it cannot do once the heading is gone."""
    return frozenset(compile_markers(available_languages()).headings)


def _body_bounds(lines: list[Line]) -> tuple[int, int]:
    """Positions of the first and the last line that reads as a sentence ((-1, -1): none)."""
    first = next((pos for pos, line in enumerate(lines) if is_body_like(line)), -1)
    if first < 0:
        return -1, -1
    last = next(pos for pos in range(len(lines) - 1, first - 1, -1) if is_body_like(lines[pos]))
    return first, last


def _outside_body(lines: list[Line], pos: int, body: tuple[int, int]) -> bool:
    """Whether cross-site evidence may remove the line at ``pos``.

    That evidence is weak (the line is known from other sites, not from this one), so it
    acts only where templates put their chrome: before the page's first sentence or after
    its last (``body``), never among the article's paragraphs, where removing a line also
    changes what the single-document filters see. A one-word sentence ("Ok.", "Ja!") is a
    line of dialogue, not a template line, however many sites have an "OK" button.
    """
    first, last = body
    if first <= pos <= last:
        return False
    text = lines[pos].text
    return not (ends_like_sentence(text) and word_count(text) < 2)


def _fill_gaps(lines: list[Line], anchors: list[int], marks: dict[int, str]) -> None:
    """Mark the lines between two of the site's learned lines when none reads as a sentence.

    Site chrome comes in blocks (menus, teaser lists, link rows) whose fixed lines are
    learned while the lines between them change from page to page (today's headlines).
    A gap that holds a body sentence is article text and stays, whole.
    """
    for left, right in itertools.pairwise(anchors):
        gap = [pos for pos in range(left + 1, right) if pos not in marks]  # headings stay
        if gap and not any(is_body_like(lines[pos]) for pos in gap):
            reason = f"between site lines {lines[left].index} and {lines[right].index}, no sentence"
            for pos in gap:
                marks[pos] = reason


def _blocks(
    lines: list[Line], learned: Mapping[int, int], heads: Mapping[int, int | None]
) -> Iterator[tuple[int, int, int]]:
    """The lines of the blocks that the site's block heads start on this page:
    ``(position, position of the head, pages on which the head heads other text)``.

    A gap of changing lines with body text goes when the nearest learned line above it
    with layout evidence is a block head (a line with evidence of heading the article
    stops the search: in the run of share links above an article, "Print" decides, not a
    "Comments" link that also heads the comments further down). The page's article (its
    largest gap of body text, and what continues it across a run that stands between
    sentences) always stays: only gaps of role ``TEXT`` can go.
    """
    for segment in segments(lines, learned):
        if segment.role != TEXT:
            continue
        for head in reversed(segment.run):
            pages = heads.get(lines[head].key, 0)
            if pages is None:
                break
            if pages:
                for pos in segment.gap:
                    yield pos, head, pages
                break


def _top_lines(table: SiteTable, top: int) -> list[str]:
    order = sorted(range(len(table)), key=lambda i: (-int(table.counts[i]), table.samples[i], i))[
        :top
    ]
    width = len(str(table.docs))
    return [
        f"  {int(table.counts[i]):>{width}}/{table.docs}  {table.samples[i] or '(no sample)'}"
        for i in order
    ]


def count(pairs: Iterable[tuple[str, str | None]], *, config: Config | None = None) -> LineCounts:
    """Count the document frequency of line keys in ``(text, site)`` pairs.

    >>> counts = count([("Teilen\\nA.", "x.de"), ("Teilen\\nB.", "x.de"), ("Teilen", None)])
    >>> counts.count("Teilen", "x.de"), counts.count("Teilen", None), counts.docs()
    (2, 1, 3)
    """
    counts = LineCounts(config)
    for text, site in pairs:
        counts.add(text, site)
    return counts


def learn(
    pairs: Iterable[tuple[str, str | None]],
    *,
    min_docs: int = DEFAULT_MIN_DOCS,
    min_share: float = DEFAULT_MIN_SHARE,
    min_sites: int = DEFAULT_MIN_SITES,
    config: Config | None = None,
) -> BoilerplateModel:
    """Learn a :class:`BoilerplateModel` from ``(text, site)`` pairs.

    ``pairs`` is read twice: once to count, once to pick a sample text for each of the
    (few) learned keys and to see where the learned lines stand on the pages (the block
    heads of :mod:`newsclean.layout`). Pass a list or another re-iterable (not a one-shot
    generator); for data that does not fit in memory, pass an object whose ``__iter__``
    re-reads the files, or call :func:`count`, :meth:`LineCounts.to_model` and
    :meth:`BoilerplateModel.find_samples` yourself.

    Raises:
        TypeError: ``pairs`` is a one-shot iterator.
    """
    if isinstance(pairs, Iterator):
        raise TypeError(
            "learn() reads the pages twice (count, then samples): pass a list or a "
            "re-iterable object, not a one-shot iterator"
        )
    model = count(pairs, config=config).to_model(
        min_docs=min_docs, min_share=min_share, min_sites=min_sites
    )
    return model.with_samples(model.find_samples(pairs, config))


def pairs_from_records(
    records: Iterable[Mapping[str, Any]],
    *,
    text_field: str = "text",
    url_field: str | None = "url",
) -> Iterator[tuple[str, str | None]]:
    """``(text, site)`` pairs from record dicts (e.g. parsed JSONL lines).

    Records whose text is not a string are skipped (a cleaning run rejects them); a
    missing or non-string URL means no site. ``url_field=None`` puts every record in one
    global site.

    >>> list(pairs_from_records([{"text": "A", "url": "https://x.de/1"}, {"text": None}]))
    [('A', 'https://x.de/1')]
    """
    for record in records:
        text = record.get(text_field)
        if not isinstance(text, str):
            continue
        url = record.get(url_field) if url_field is not None else None
        yield text, url if isinstance(url, str) else None


def count_records(
    records: Iterable[Mapping[str, Any]],
    *,
    text_field: str = "text",
    url_field: str | None = "url",
    config: Config | None = None,
) -> LineCounts:
    """:func:`count` over record dicts (see :func:`pairs_from_records`)."""
    return count(
        pairs_from_records(records, text_field=text_field, url_field=url_field), config=config
    )


class _RecordPairs:
    """A re-iterable view of records as ``(text, site)`` pairs (for :func:`learn`)."""

    def __init__(
        self, records: Iterable[Mapping[str, Any]], text_field: str, url_field: str | None
    ) -> None:
        self.records = records
        self.text_field = text_field
        self.url_field = url_field

    def __iter__(self) -> Iterator[tuple[str, str | None]]:
        return pairs_from_records(
            self.records, text_field=self.text_field, url_field=self.url_field
        )


def learn_records(
    records: Iterable[Mapping[str, Any]],
    *,
    text_field: str = "text",
    url_field: str | None = "url",
    min_docs: int = DEFAULT_MIN_DOCS,
    min_share: float = DEFAULT_MIN_SHARE,
    min_sites: int = DEFAULT_MIN_SITES,
    config: Config | None = None,
) -> BoilerplateModel:
    """:func:`learn` from record dicts (parsed JSONL lines); ``records`` is read twice.

    >>> rows = [{"text": f"Seite {n}: ein Satz.\\nImpressum", "url": "x.de"} for n in "abc"]
    >>> learn_records(rows).sites["x.de"].samples
    ('Impressum',)
    """
    if isinstance(records, Iterator):
        raise TypeError("learn_records() reads the records twice: pass a list or a re-iterable")
    return learn(
        _RecordPairs(records, text_field, url_field),
        min_docs=min_docs,
        min_share=min_share,
        min_sites=min_sites,
        config=config,
    )
