"""Built-in filters and the registry that finds them by name.

>>> available_filters()
('article', 'duplicates', 'patterns', 'sections', 'span')
"""

from __future__ import annotations

from collections.abc import Callable

from ..config import Config
from ..errors import ConfigError
from ..langdata import Markers
from .article import ArticleLines, LineModel
from .base import Filter, LineFilter, Mark, ends_like_sentence, is_body_like, line_filter
from .duplicates import DuplicateLines
from .patterns import ChromeLines
from .sections import ChromeSections
from .span import ArticleSpan

__all__ = [
    "FILTERS",
    "ArticleLines",
    "ArticleSpan",
    "ChromeLines",
    "ChromeSections",
    "DuplicateLines",
    "Filter",
    "LineFilter",
    "LineModel",
    "Mark",
    "available_filters",
    "build_filter",
    "ends_like_sentence",
    "is_body_like",
    "line_filter",
]

FilterFactory = Callable[[Config, Markers], Filter]

#: name -> factory(config, markers) for every built-in filter.
FILTERS: dict[str, FilterFactory] = {
    "patterns": lambda config, markers: ChromeLines(
        markers, max_length=config.max_pattern_length, min_body_words=config.min_body_words
    ),
    "duplicates": lambda config, markers: DuplicateLines(
        window=config.near_duplicate_window,
        score=config.near_duplicate_score,
        max_fuzzy_length=config.max_pattern_length,
    ),
    "sections": lambda config, markers: ChromeSections(
        markers, min_body_words=config.min_body_words
    ),
    "span": lambda config, markers: ArticleSpan(markers),
    "article": lambda config, markers: ArticleLines(
        markers, model=LineModel.load(config.line_model)
    ),
}


def available_filters() -> tuple[str, ...]:
    """The names of the built-in filters, sorted."""
    return tuple(sorted(FILTERS))


def build_filter(name: str, config: Config, markers: Markers) -> Filter:
    """Build the built-in filter called ``name``.

    Raises:
        ConfigError: no built-in filter has that name (the message lists those that do).
    """
    try:
        factory = FILTERS[name]
    except KeyError:
        raise ConfigError(
            f"unknown filter {name!r}; available filters: {', '.join(available_filters())}"
        ) from None
    return factory(config, markers)
