"""Clean a Hugging Face ``datasets.Dataset`` with ``Dataset.map(..., batched=True)``.

:func:`clean_batch` takes a batch (a mapping of column name to a list of values, which is
what ``Dataset.map`` passes with ``batched=True``) and returns the columns to update. It
imports nothing from ``datasets``, so it also works on a plain ``dict`` of lists:

>>> batch = {"text": ["Die Stadtbahn fährt seit Freitag.\\nTeilen\\ndpa", None]}
>>> clean_batch(batch, removed_column="removed")
{'text': ['Die Stadtbahn fährt seit Freitag.', None], 'removed': [2, 0]}

With ``datasets`` (``pip install "newsclean[hf]"``)::

    from datasets import Dataset
    from newsclean.integrations.hf import clean_batch

    ds = Dataset.from_dict({"text": texts})
    ds = ds.map(clean_batch, batched=True, fn_kwargs={"removed_column": "removed"})

Everything passed in ``fn_kwargs`` (a :class:`~newsclean.Config`, a corpus model) pickles,
so ``num_proc=N`` cleans on N processes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..config import Config
from ..errors import ConfigError
from ..filters import Filter
from ..pipeline import clean, clean_and_explain

__all__ = ["clean_batch"]


def clean_batch(
    batch: Mapping[str, Sequence[Any]],
    *,
    text_column: str = "text",
    output_column: str | None = None,
    removed_column: str | None = None,
    site_column: str | None = None,
    model: Filter | None = None,
    config: Config | None = None,
) -> dict[str, list[Any]]:
    """Clean the ``text_column`` of a batch of rows.

    Args:
        batch: column name -> values, one per row (what ``Dataset.map(batched=True)``
            passes). Only the columns named here are read.
        text_column: the column holding the documents. A missing value (``None``) stays
            ``None``; any other value must be a ``str``.
        output_column: where the cleaned text goes; ``text_column`` (overwrite) when
            ``None``.
        removed_column: if given, a column with the number of lines removed from each row.
        site_column: if given, a column with each row's URL, host or site key, passed to
            :func:`newsclean.clean` as ``site`` (a corpus model uses it).
        model: a corpus model or any filter, run before the built-in filters.
        config: settings; the defaults when ``None``.

    Returns:
        The new or updated columns: ``output_column`` (or ``text_column``) and, if
            asked for, ``removed_column``. ``Dataset.map`` merges them into the dataset.

    Raises:
        ConfigError: a named column is not in the batch (the message lists those that are).
        TypeError: a value of ``text_column`` is neither ``str`` nor ``None``.

    >>> clean_batch({"body": ["Ein Satz über den Haushalt.\\n+"]},
    ...             text_column="body", output_column="clean")
    {'clean': ['Ein Satz über den Haushalt.']}
    """
    texts = _column(batch, text_column)
    sites: Sequence[Any] = (
        _column(batch, site_column) if site_column is not None else [None] * len(texts)
    )
    cleaned: list[str | None] = []
    removed: list[int] = []
    for text, site in zip(texts, sites, strict=True):
        if text is None:
            cleaned.append(None)
            removed.append(0)
            continue
        if removed_column is None:  # the text alone: no explanation is built
            cleaned.append(clean(text, site=site, model=model, config=config))
            continue
        # Counted, not read: the removals without their reasons (details=False).
        result = clean_and_explain(text, site=site, model=model, config=config, details=False)
        cleaned.append(result.text)
        removed.append(len(result.removed))
    columns: dict[str, list[Any]] = {output_column or text_column: cleaned}
    if removed_column is not None:
        columns[removed_column] = removed
    return columns


def _column(batch: Mapping[str, Sequence[Any]], name: str) -> Sequence[Any]:
    try:
        return batch[name]
    except KeyError:
        known = ", ".join(repr(column) for column in batch)
        raise ConfigError(f"no column {name!r} in the batch; columns: {known}") from None
