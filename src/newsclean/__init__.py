"""newsclean: strip site chrome from scraped news text and keep every sentence of the article.

>>> import newsclean
>>> newsclean.clean("Die Feuerpause ist gescheitert, teilte das Ministerium mit.\\n\\ndpa")
'Die Feuerpause ist gescheitert, teilte das Ministerium mit.'
"""

from ._version import __version__
from .config import DEFAULT_FILTERS, Config
from .corpus import BoilerplateModel, LineCounts, count, learn, site_of
from .errors import ConfigError, InputError, ModelError, NewscleanError, WorkerError
from .filters import Filter, LineFilter, Mark, available_filters, line_filter
from .langdata import available_languages
from .lines import Doc, Edit, Line, line_key, normalise_line, prepare
from .pipeline import Cleaned, Pipeline, Removal, clean, clean_and_explain, replay
from .report import Report

__all__ = [
    "DEFAULT_FILTERS",
    "BoilerplateModel",
    "Cleaned",
    "Config",
    "ConfigError",
    "Doc",
    "Edit",
    "Filter",
    "InputError",
    "Line",
    "LineCounts",
    "LineFilter",
    "Mark",
    "ModelError",
    "NewscleanError",
    "Pipeline",
    "Removal",
    "Report",
    "WorkerError",
    "__version__",
    "available_filters",
    "available_languages",
    "clean",
    "clean_and_explain",
    "count",
    "learn",
    "line_filter",
    "line_key",
    "normalise_line",
    "prepare",
    "replay",
    "site_of",
]
