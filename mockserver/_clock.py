"""The server's simulated clock: real time plus what tests add.

Everything that changes with time reads it: ``created`` stamps, lifecycles
(background responses, and every job an area runs), rate-limit buckets. A test
moves it with ``advance`` and never sleeps.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import Any

__all__ = ["MAX_ADVANCE", "MAX_OFFSET", "Clock"]

#: The most one ``advance`` moves the clock (a year).
MAX_ADVANCE = 366 * 86400.0
#: The most the clock runs ahead in all (a thousand years: every timestamp stays a date).
MAX_OFFSET = 1000 * MAX_ADVANCE


class Clock:
    """The time rate limits see: the monotonic clock, plus manual advances.

    ``advance(seconds)`` moves it forward (buckets refill); ``freeze()``
    stops the real clock so only ``advance`` moves it (exact headers in
    tests); ``resume()`` lets real time flow again from where it stands.
    """

    def __init__(self, source: Callable[[], float] = time.monotonic) -> None:
        self._source = source
        self._offset = 0.0
        self._frozen_at: float | None = None
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            base = self._frozen_at if self._frozen_at is not None else self._source()
            return base + self._offset

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    @property
    def offset(self) -> float:
        """Seconds added by :meth:`advance` since the last reset."""
        return self._offset

    def advance(self, seconds: float) -> float:
        """Move the clock ``seconds`` forward; returns the new time."""
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise TypeError("seconds must be a number")
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"the clock only moves forward; got {seconds!r}")
        if seconds > MAX_ADVANCE:
            raise ValueError(f"the clock moves at most {MAX_ADVANCE:g} seconds at once")
        with self._lock:
            self._offset = min(self._offset + float(seconds), MAX_OFFSET)
        return self.now()

    def freeze(self) -> None:
        """Stop real time: from now on only :meth:`advance` moves the clock."""
        with self._lock:
            if self._frozen_at is None:
                self._frozen_at = self._source()

    def resume(self) -> None:
        """Let real time flow again, continuing from the current reading."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset += self._frozen_at - self._source()
                self._frozen_at = None

    def reset(self) -> None:
        """Back to the real monotonic clock, unfrozen, no offset."""
        with self._lock:
            self._offset = 0.0
            self._frozen_at = None

    def to_json(self) -> dict[str, Any]:
        return {"now": self.now(), "offset": self._offset, "frozen": self.frozen}
