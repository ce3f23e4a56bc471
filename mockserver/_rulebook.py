"""What every book of installed rules shares: faults, scripts and Realtime session faults.

A book keeps its entries oldest first behind one re-entrant lock; listing copies them
under the lock, and ``clear`` uninstalls them all and says how many there were.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

__all__ = ["RuleBook"]

T = TypeVar("T")


class RuleBook(Generic[T]):
    """Entries (rules, scripts) oldest first, guarded by ``_lock`` (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._entries: list[T] = []

    def _listed(self) -> list[T]:
        with self._lock:
            return list(self._entries)

    def _forget(self) -> None:
        """What a book keeps besides its entries, forgotten by :meth:`clear` (under the lock)."""

    def clear(self) -> int:
        """Uninstall every entry; returns how many there were."""
        with self._lock:
            count = len(self._entries)
            self._entries.clear()
            self._forget()
            return count

    def __len__(self) -> int:
        return len(self._entries)
