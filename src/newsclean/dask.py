"""Learn and clean on a Dask cluster (optional: ``pip install 'newsclean[dask]'``).

The two passes of corpus mode over a :class:`dask.bag.Bag` of records (JSON lines as
``str``/``bytes``, or dicts), with the record logic of the command line
(:mod:`newsclean.records`), so the answer is the one a single machine gives:

* :func:`learn`: every partition counts its lines into a :class:`~newsclean.LineCounts`,
  cut into key ranges; each key range is merged by a tree reduction and thresholded on a
  worker, and only the small per-range models travel to the client. A second pass picks
  one sample text per learned line. The model file is byte-identical to
  :func:`newsclean.learn` on the same records.
* :func:`clean`: the frozen model is put into the graph once and every partition cleans
  its records; each record becomes a :class:`~newsclean.records.CleanedRecord` or a
  :class:`~newsclean.records.Reject` (nothing is lost). :func:`write` stores them as
  sharded JSONL with the rejects beside them and returns the merged
  :class:`~newsclean.report.Report`.

Importing this module does not import Dask; calling a function without Dask installed
raises :class:`ImportError` with the install command.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .config import Config
from .corpus import (
    DEFAULT_MIN_DOCS,
    DEFAULT_MIN_SHARE,
    DEFAULT_MIN_SITES,
    BoilerplateModel,
    LineCounts,
    Samples,
    merge_samples,
)
from .pipeline import Pipeline
from .records import CleanedRecord, Position, RecordFormat, Reject, clean_record, parse_document
from .report import Report

__all__ = ["clean", "learn", "read_jsonl", "read_parquet", "records", "write"]

Record = str | bytes | Mapping[str, Any]
Result = CleanedRecord | Reject

_HINT = "newsclean.dask needs Dask: pip install 'newsclean[dask]'"


def _bag() -> Any:
    """The ``dask.bag`` module, or an ImportError that says what to install."""
    try:
        import dask.bag  # noqa: PLC0415  (optional dependency: imported on first use)
    except ImportError as error:
        raise ImportError(_HINT) from error
    return dask.bag


def _delayed() -> Any:
    _bag()
    from dask.delayed import delayed  # noqa: PLC0415  (optional dependency)

    return delayed


def read_jsonl(paths: str | Sequence[str], *, blocksize: int | str | None = None) -> Any:
    """A Bag of the JSON lines of sharded JSONL files (``.gz``/``.zst`` too; not parsed).

    Lines stay text so that :func:`learn` and :func:`clean` parse them with the record
    logic of the command line: a broken line becomes a reject, not a crash. Blank lines
    are dropped. Compressed files are one partition each; plain files can be cut into
    ``blocksize`` pieces (e.g. ``"64MiB"``).

    Args:
        paths: a glob (``"dump/*.jsonl.zst"``), a path, or a list of them; anything
            :func:`dask.bag.read_text` reads, remote file systems included.
        blocksize: partition size for uncompressed files; ``None``: one per file.
    """
    bag = _bag().read_text(paths, blocksize=blocksize, compression="infer")
    return bag.map(str.rstrip, "\r\n").filter(bool)


def read_parquet(path: str, *, columns: Sequence[str] | None = None) -> Any:
    """A Bag of record dicts from Parquet files (needs ``dask[dataframe]`` and pyarrow)."""
    _bag()
    try:
        import dask.dataframe as dd  # noqa: PLC0415  (optional dependency)
    except ImportError as error:
        raise ImportError(
            "reading Parquet needs dask[dataframe] and pyarrow: "
            "pip install 'dask[dataframe]' pyarrow"
        ) from error
    return dd.read_parquet(path, columns=columns).to_bag(format="dict")


def _format(text_field: str, url_field: str | None, site_field: str | None) -> RecordFormat:
    return RecordFormat(text_field=text_field, url_field=url_field, site_field=site_field)


def _documents(part: Iterable[Record], fmt: RecordFormat) -> Iterable[tuple[str, str | None]]:
    # The same parsing as `newsclean learn`; records that would be rejected do not count.
    for raw in part:
        parsed = parse_document(raw, fmt)
        if not isinstance(parsed, Reject):
            yield parsed[0], parsed[1]


def _count_part(
    part: Iterable[Record], fmt: RecordFormat, config: Config, ranges: int
) -> list[LineCounts]:
    counts = LineCounts(config)
    for text, site in _documents(part, fmt):
        counts.add(text, site)
    return counts.split(ranges)


def _merge(parts: Sequence[LineCounts]) -> LineCounts:
    total = LineCounts(parts[0].config)
    for part in parts:
        total.merge(part)
    return total


def _threshold(counts: LineCounts, thresholds: dict[str, Any]) -> BoilerplateModel:
    return counts.to_model(**thresholds)


def _samples_part(
    part: Iterable[Record], model: BoilerplateModel, fmt: RecordFormat, config: Config
) -> Samples:
    return model.find_samples(_documents(part, fmt), config)


def _merge_samples(parts: Sequence[Samples]) -> Samples:
    return merge_samples(*parts)


def _tree(delayed: Any, leaves: list[Any], merge: Any, split_every: int) -> Any:
    """Merge ``leaves`` in a tree with at most ``split_every`` inputs per node."""
    level = leaves
    while len(level) > 1:
        level = [
            delayed(merge)(level[i : i + split_every]) for i in range(0, len(level), split_every)
        ]
    return level[0]


def learn(
    bag: Any,
    *,
    text_field: str = "text",
    url_field: str | None = "url",
    site_field: str | None = None,
    min_docs: int = DEFAULT_MIN_DOCS,
    min_share: float = DEFAULT_MIN_SHARE,
    min_sites: int = DEFAULT_MIN_SITES,
    config: Config | None = None,
    key_ranges: int = 4,
    split_every: int = 8,
    samples: bool = True,
) -> BoilerplateModel:
    """Learn a corpus model from a Bag of records (see :func:`newsclean.learn`).

    Args:
        bag: records: JSON lines (``str``/``bytes``) or dicts.
        text_field: the field holding the text (as ``newsclean learn --text-field``).
        url_field: the field holding the page URL, the site of the record.
        site_field: a field holding a site key, used instead of the URL where present.
        min_docs: a line must be on this many pages of a site (see
            :meth:`~newsclean.LineCounts.to_model`).
        min_share: ... and on this share of the site's pages.
        min_sites: a line on this many sites is chrome everywhere.
        config: settings texts are prepared with (the same as when cleaning).
        key_ranges: counters are cut into this many key ranges, merged and thresholded
            apart: a worker holds about 12 bytes x distinct lines / ``key_ranges``.
        split_every: inputs per merge in the tree reduction.
        samples: run the second pass, which stores a sample text per learned line (for
            ``newsclean model show``) and where the learned lines stand on the pages
            (the block heads, see :mod:`newsclean.layout`). Without it the model has
            neither and removes no block after a block head.

    Returns:
        The model (only the thresholded lines come back to the client).
    """
    delayed = _delayed()
    config = Config() if config is None else config
    fmt = _format(text_field, url_field, site_field)
    thresholds: dict[str, Any] = {
        "min_docs": min_docs,
        "min_share": min_share,
        "min_sites": min_sites,
    }
    LineCounts().to_model(**thresholds)  # check the thresholds before any work is sent
    # One to_delayed() for both passes, unoptimised: a second, differently fused graph
    # with the same key names makes the distributed scheduler warn of conflicts.
    partitions = bag.to_delayed(optimize_graph=False)
    parts = [delayed(_count_part)(part, fmt, config, key_ranges) for part in partitions]
    models = [
        delayed(_threshold)(
            _tree(delayed, [part[r] for part in parts], _merge, split_every), thresholds
        )
        for r in range(key_ranges)
    ]
    model = BoilerplateModel.combine(delayed(list)(models).compute())
    if not samples or not len(model):
        return model
    shared = delayed(model)
    found = [delayed(_samples_part)(part, shared, fmt, config) for part in partitions]
    return model.with_samples(_tree(delayed, found, _merge_samples, split_every).compute())


def _clean_part(
    part: Iterable[Record],
    number: int,
    model: BoilerplateModel | None,
    fmt: RecordFormat,
    config: Config,
) -> list[Result]:
    pipeline = Pipeline.from_config(config, model=model)
    source = f"partition {number}"
    return [
        clean_record(raw, pipeline, fmt, Position(source, index)) for index, raw in enumerate(part)
    ]


def clean(
    bag: Any,
    model: BoilerplateModel | None = None,
    *,
    text_field: str = "text",
    url_field: str | None = "url",
    site_field: str | None = None,
    config: Config | None = None,
) -> Any:
    """Clean a Bag of records; a Bag of :class:`CleanedRecord` or :class:`Reject`.

    The model goes into the graph once and is shared by every partition. Pass the result
    to :func:`write` (sharded output, rejects, report) or :func:`records` (cleaned dicts).
    """
    delayed = _delayed()
    fmt = _format(text_field, url_field, site_field)
    config = Config() if config is None else config
    shared = delayed(model)
    parts = [
        delayed(_clean_part)(part, number, shared, fmt, config)
        for number, part in enumerate(bag.to_delayed(optimize_graph=False))
    ]
    return _bag().from_delayed(parts)


def records(results: Any) -> Any:
    """The cleaned record dicts of a :func:`clean` result (rejects left out)."""
    return results.filter(lambda item: isinstance(item, CleanedRecord)).map(
        lambda item: item.record
    )


def _write_part(results: list[Result], number: int, directory: str, compress: bool) -> Report:
    report = Report()
    suffix = ".jsonl.gz" if compress else ".jsonl"
    opener: Any = gzip.open if compress else open
    out_path = Path(directory) / f"part-{number:05d}{suffix}"
    rejects: list[Reject] = []
    with opener(out_path, "wb") as out:
        for item in results:
            if isinstance(item, Reject):
                report.reject(item.reason)
                rejects.append(item)
                continue
            report.add(item.cleaned)
            out.write(item.to_json() + b"\n")
    if rejects:
        with opener(Path(directory) / f"rejects-{number:05d}{suffix}", "wb") as out:
            out.writelines(item.to_json() + b"\n" for item in rejects)
    return report


def _merge_reports(parts: Sequence[Report]) -> Report:
    total = Report()
    for part in parts:
        total.merge(part)
    return total


def write(
    results: Any, directory: str | Path, *, compress: bool = False, split_every: int = 8
) -> Report:
    """Write a :func:`clean` result as sharded JSONL and return the merged report.

    Partition ``n`` goes to ``part-0000n.jsonl`` (``.jsonl.gz`` with ``compress``), its
    rejects, with their reason and raw input, to ``rejects-0000n.jsonl``; the merged
    report is also written to ``report.json``. Every input record is in exactly one of
    the two, so ``report.records`` equals the records read.
    """
    delayed = _delayed()
    Path(directory).mkdir(parents=True, exist_ok=True)
    reports = [
        delayed(_write_part)(part, number, str(directory), compress)
        for number, part in enumerate(results.to_delayed(optimize_graph=False))
    ]
    report: Report = _tree(delayed, reports, _merge_reports, split_every).compute()
    text = json.dumps(report.to_dict(), indent=2, sort_keys=True) + "\n"
    (Path(directory) / "report.json").write_text(text, encoding="utf-8")
    return report
