"""A datatrove pipeline step that removes site chrome: :class:`NewscleanFormatter`.

Needs datatrove (``pip install "newsclean[datatrove]"``); without it, importing
``NewscleanFormatter`` raises an :class:`ImportError` that says what to install. Put the
formatter after a reader (or an extractor that turns HTML into text) and before the
quality filters and the writer::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from newsclean.integrations.datatrove import NewscleanFormatter

    LocalPipelineExecutor(
        pipeline=[JsonlReader("in/"), NewscleanFormatter(), JsonlWriter("out/")],
        tasks=4,
    ).run()

The formatter counts, in datatrove's stats, the lines it removed per document
(``lines_removed``) and per filter (``removed_by_<filter>``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..config import Config
from ..filters import Filter
from ..pipeline import clean, clean_and_explain

__all__ = ["NewscleanFormatter"]

INSTALL_HINT = 'NewscleanFormatter needs datatrove: pip install "newsclean[datatrove]"'

try:
    from datatrove.pipeline.formatters.base import BaseFormatter
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # the extra is not installed; __getattr__ below says so on use
    _MISSING: ImportError | None = exc
else:
    _MISSING = None

    class NewscleanFormatter(BaseFormatter):  # type: ignore[misc]  # datatrove is untyped
        """Clean each document's text with :func:`newsclean.clean`.

        Args:
            config: settings; the defaults when ``None``.
            model: a corpus model (or any filter), run before the built-in filters.
            url_key: the metadata field holding a document's URL, passed to the model as
                the document's site (datatrove's readers of web data store it as ``"url"``).
            removed_key: if given, the metadata field where the number of removed lines
                of each document is written.

        >>> from datatrove.data import Document
        >>> step = NewscleanFormatter(removed_key="lines_removed")
        >>> doc = Document(text="Die Stadtbahn fährt seit Freitag.\\nTeilen\\ndpa", id="1")
        >>> [(d.text, d.metadata) for d in step.run(iter([doc]))]
        [('Die Stadtbahn fährt seit Freitag.', {'lines_removed': 2})]
        """

        name = "🧹 newsclean"

        def __init__(
            self,
            config: Config | None = None,
            model: Filter | None = None,
            *,
            url_key: str = "url",
            removed_key: str | None = None,
        ) -> None:
            super().__init__()
            self.config = config
            self.model = model
            self.url_key = url_key
            self.removed_key = removed_key

        def format(self, text: str) -> str:
            """The cleaned ``text`` (no site, so a model applies its global lines only)."""
            return clean(text, model=self.model, config=self.config)

        def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
            """Clean every document of ``data`` in place and pass it on."""
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    result = clean_and_explain(
                        doc.text,
                        site=doc.metadata.get(self.url_key),
                        model=self.model,
                        config=self.config,
                        details=False,  # the stats count removals; they never read reasons
                    )
                    doc.text = result.text
                self.stat_update("lines_removed", value=len(result.removed), unit="doc")
                for name, count in result.by_filter().items():
                    self.stat_update(f"removed_by_{name}", value=count)
                if self.removed_key is not None:
                    doc.metadata[self.removed_key] = len(result.removed)
                yield doc


def __getattr__(name: str) -> Any:
    # Reached only when the class above was not defined: datatrove is missing.
    if name == "NewscleanFormatter" and _MISSING is not None:
        raise ImportError(INSTALL_HINT) from _MISSING
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
