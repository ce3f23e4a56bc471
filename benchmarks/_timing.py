"""Timing loops: warm up, then alternate the implementations batch by batch.

A *case* does one batch of work and returns how many operations it did
(calls, chunks, responses). Each repetition times one batch of every case,
in an order that rotates, so slow drift on a shared machine (other test
runs, CPU frequency) spreads over all of them instead of landing on one.
Nothing here judges a time; it only records them.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

__all__ = ["AsyncCase", "SyncCase", "Timing", "run_async_cases", "run_sync_cases"]

SyncCase = Callable[[], int]
AsyncCase = Callable[[], Awaitable[int]]


@dataclass
class Timing:
    """Seconds per operation, one value per timed batch."""

    per_op: list[float] = field(default_factory=list)
    ops_per_batch: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.per_op)

    @property
    def best(self) -> float:
        return min(self.per_op)

    @property
    def spread(self) -> float:
        """(max - min) / median: how noisy the repetitions were."""
        return (max(self.per_op) - min(self.per_op)) / self.median

    @property
    def rate(self) -> float:
        """Operations per second at the median."""
        return 1.0 / self.median


def _order(names: list[str], repetition: int) -> list[str]:
    shift = repetition % len(names)
    return names[shift:] + names[:shift]


def _record(timing: Timing, done: int, elapsed: float) -> None:
    if done <= 0:
        raise RuntimeError("a benchmark case reported no work done")
    timing.ops_per_batch = done
    timing.per_op.append(elapsed / done)


def run_sync_cases(
    cases: Mapping[str, SyncCase], *, repeats: int, warmup: int = 1
) -> dict[str, Timing]:
    """Time ``repeats`` batches of each case after ``warmup`` untimed ones."""
    names = list(cases)
    for _ in range(warmup):
        for name in names:
            cases[name]()
    timings = {name: Timing() for name in names}
    for repetition in range(repeats):
        for name in _order(names, repetition):
            gc.collect()
            start = time.perf_counter()
            done = cases[name]()
            _record(timings[name], done, time.perf_counter() - start)
    return timings


async def run_async_cases(
    cases: Mapping[str, AsyncCase], *, repeats: int, warmup: int = 1
) -> dict[str, Timing]:
    """The async twin of :func:`run_sync_cases`, inside the running event loop."""
    names = list(cases)
    for _ in range(warmup):
        for name in names:
            await cases[name]()
    timings = {name: Timing() for name in names}
    for repetition in range(repeats):
        for name in _order(names, repetition):
            gc.collect()
            start = time.perf_counter()
            done = await cases[name]()
            _record(timings[name], done, time.perf_counter() - start)
    return timings
