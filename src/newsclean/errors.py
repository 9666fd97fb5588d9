"""Errors raised by newsclean.

Hierarchy::

    NewscleanError            base class; catch this to catch everything newsclean raises
    ├── ConfigError           an unknown filter name, a bad threshold, a broken language file
    ├── ModelError            a model file that is corrupt, truncated, foreign or of another version
    ├── InputError            input a reader cannot use (a missing file, a directory, bad framing)
    └── WorkerError           a worker process of the command line died (killed, out of memory)

Passing a wrong *type* to :func:`newsclean.clean` raises the built-in :class:`TypeError`,
as Python functions do; the message says what to pass instead.
"""

from __future__ import annotations

__all__ = ["ConfigError", "InputError", "ModelError", "NewscleanError", "WorkerError"]


class NewscleanError(Exception):
    """Base class of every error newsclean raises on purpose."""


class ConfigError(NewscleanError, ValueError):
    """A configuration value, filter name or language data file is not usable."""


class ModelError(NewscleanError):
    """A boilerplate model file cannot be loaded (corrupt, truncated, foreign or mismatched)."""


class InputError(NewscleanError):
    """An input file or stream cannot be read as asked."""


class WorkerError(NewscleanError):
    """A worker process died before it returned its chunk (killed by a signal, out of
    memory, a crash in an extension module): the run stops instead of waiting forever."""
