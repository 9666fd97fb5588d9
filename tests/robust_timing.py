"""Timing helpers for the robustness tests: does doubling the input at most double the time?

Wall-clock tests are flaky on a loaded machine unless they are careful, so these helpers

* count the CPU time of the calling thread, not wall-clock time: on a machine shared with
  other busy processes a longer run is more likely to wait for a core, which has nothing
  to do with the code under test,
* grow the input until one run takes a few milliseconds (timer noise stops mattering),
* time the n and 2n inputs *interleaved*, several times, and keep the minimum of each (a
  stall hits one run, rarely all of them, and the minimum is the undisturbed time),
* collect garbage before timing and pause the collector during each timed call, and
* take a second, longer look before failing, so one unlucky burst of load on a shared
  2-core machine does not fail the suite.

A linear function has a ratio near 2; a quadratic one near 4; catastrophic backtracking
many orders of magnitude more. The default bound, 3, sits between linear and quadratic.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import NamedTuple, TypeVar

T = TypeVar("T")

#: The ratio t(2n) / t(n) a test accepts; 2 is linear, 4 quadratic.
RATIO_BOUND = 3.0


class Scaling(NamedTuple):
    """How one function's time grew from an input of size ``n`` to one of size ``2n``."""

    n: int
    small: float
    large: float

    @property
    def ratio(self) -> float:
        """``large / small``: about 2 for linear time."""
        return self.large / max(self.small, 1e-9)

    def __str__(self) -> str:
        return (
            f"n={self.n:,}: {self.small * 1000:.2f} ms, 2n: {self.large * 1000:.2f} ms, "
            f"ratio {self.ratio:.2f}"
        )


def run_time(func: Callable[[T], object], arg: T) -> float:
    """CPU seconds one call of ``func(arg)`` takes, with the garbage collector paused."""
    gc.disable()
    try:
        start = time.thread_time()
        func(arg)
        return time.thread_time() - start
    finally:
        gc.enable()


def measure_scaling(
    func: Callable[[T], object],
    make: Callable[[int], T],
    *,
    start: int,
    max_size: int,
    min_seconds: float = 0.002,
    runs: int = 3,
) -> Scaling:
    """Time ``func`` on ``make(n)`` and ``make(2 * n)``.

    ``n`` starts at ``start`` and doubles (up to ``max_size // 2``) until one call takes at
    least ``min_seconds``; then both sizes are timed ``runs`` times, interleaved, and the
    minimum of each is kept.
    """
    n = start
    small_input = make(n)
    func(small_input)  # warm caches (compiled patterns, language data) before timing
    while run_time(func, small_input) < min_seconds and 4 * n <= max_size:
        n *= 2
        small_input = make(n)
    large_input = make(2 * n)
    gc.collect()  # once, not per run: a full collection costs more than a small run
    small = large = float("inf")
    for _ in range(runs):
        small = min(small, run_time(func, small_input))
        large = min(large, run_time(func, large_input))
    return Scaling(n, small, large)


def assert_linear(
    func: Callable[[T], object],
    make: Callable[[int], T],
    *,
    start: int = 16_384,
    max_size: int = 1 << 20,
    bound: float = RATIO_BOUND,
    what: str = "",
) -> Scaling:
    """Fail unless doubling the input multiplies ``func``'s time by less than ``bound``.

    Returns the scaling that passed, so a caller can report the measured ratio.
    """
    scaling = measure_scaling(func, make, start=start, max_size=max_size)
    if scaling.ratio >= bound:
        # A second, longer look before failing: load on a shared machine stalls single runs.
        retry = measure_scaling(func, make, start=scaling.n, max_size=max_size, runs=7)
        scaling = min(scaling, retry, key=lambda s: s.ratio)
    assert scaling.ratio < bound, f"{what or func!r} grows faster than linear: {scaling}"
    return scaling
