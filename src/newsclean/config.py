"""The one place where newsclean's defaults live."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .errors import ConfigError

__all__ = ["DEFAULT_FILTERS", "Config"]

#: The built-in filters :func:`newsclean.clean` runs, in order.
DEFAULT_FILTERS: tuple[str, ...] = ("patterns", "duplicates", "sections", "article")


@dataclass(frozen=True)
class Config:
    """Settings of a cleaning run. Immutable; derive variants with ``dataclasses.replace``.

    Attributes:
        filters: names of the built-in filters to run, in order (see
            :func:`newsclean.available_filters`). A corpus model passed to
            :func:`newsclean.clean` runs before them.
        languages: language files whose markers and stopwords are used: shipped codes
            (``"de"``, ``"en"`` …) or paths to TOML files of the same form. ``None`` means
            every shipped language; markers of all listed languages apply to every document.
        repair: mojibake repair with ftfy: ``"auto"`` (only where a cheap check finds
            mojibake signatures; measured to miss none on the dev data), ``"always"`` or
            ``"never"``.
        strip_leading_metadata: cut metadata that extractors glue before the first
            sentence (``" date 2016-09 Russland will …"``).
        near_duplicate_window: how many preceding lines a line is compared with for
            near-duplicates (headline repeated with a cut-off "…" or changed quotes),
            counting lines with words or digits (blank lines and lines of only
            punctuation or symbols, whose normal form is empty, do not count).
        near_duplicate_score: the rapidfuzz ``ratio`` (0–100) from which two lines count
            as near-duplicates.
        max_pattern_length: lines longer than this many characters are never tested
            against chrome patterns (chrome lines are short; this bounds the cost), except
            lines of up to one and a half times as many that hold a notice word (a comment form's
            consent, a blog footer: template sentences can be long).
        min_body_words: a line with at least this many words that ends like a sentence
            reads as body text; such lines stop a trailing chrome block.
        line_model: the line model of the ``article`` filter: a path to a JSON file written
            by ``benchmarks/train_article.py`` (:meth:`~newsclean.filters.LineModel.to_json`),
            or ``None`` for the model shipped with newsclean.
        if_emptied: what to return when the filters would remove every line of a
            non-empty document: ``"best_block"`` keeps the most body-like block,
            ``"original"`` keeps every line, ``"empty"`` returns ``""``. In each case the
            explanation says so in ``warnings``.

    >>> import dataclasses
    >>> dataclasses.replace(Config(), repair="never").repair
    'never'
    """

    filters: tuple[str, ...] = DEFAULT_FILTERS
    languages: tuple[str, ...] | None = None
    repair: Literal["auto", "always", "never"] = "auto"
    strip_leading_metadata: bool = True
    near_duplicate_window: int = 8
    near_duplicate_score: float = 90.0
    max_pattern_length: int = 300
    min_body_words: int = 12
    line_model: str | None = None
    if_emptied: Literal["best_block", "original", "empty"] = "best_block"

    def __post_init__(self) -> None:
        filters: object = self.filters  # checked at run time: callers may not use a type checker
        if isinstance(filters, str) or not all(isinstance(f, str) for f in self.filters):
            raise ConfigError("Config.filters must be a tuple of filter names")
        object.__setattr__(self, "filters", tuple(self.filters))
        if self.languages is not None:
            languages: object = self.languages
            if isinstance(languages, str):
                raise ConfigError("Config.languages must be a tuple, e.g. ('de', 'en')")
            object.__setattr__(self, "languages", tuple(self.languages))
        if self.repair not in ("auto", "always", "never"):
            raise ConfigError(f"Config.repair must be auto, always or never, not {self.repair!r}")
        if self.if_emptied not in ("best_block", "original", "empty"):
            raise ConfigError(
                f"Config.if_emptied must be best_block, original or empty, not {self.if_emptied!r}"
            )
        if self.near_duplicate_window < 0:
            raise ConfigError("Config.near_duplicate_window must be >= 0")
        if not 0 < self.near_duplicate_score <= 100:
            raise ConfigError("Config.near_duplicate_score must be in (0, 100]")
        line_model: object = self.line_model
        if line_model is not None and not isinstance(line_model, str):
            raise ConfigError("Config.line_model must be a path (str) or None")
        if self.max_pattern_length < 1 or self.min_body_words < 1:
            raise ConfigError("Config.max_pattern_length and min_body_words must be >= 1")
