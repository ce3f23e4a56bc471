"""Waiting for vector store files and batches: the wait between polls, shared by sync and async.

The service says how long to wait in ``openai-poll-after-ms``; a
``poll_interval_ms`` given by the caller wins. Waits go through the client's
sleep hook (``_sleep``), so tests make them instant or move a mock's clock.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["DEFAULT_POLL_MS", "TERMINAL_STATES", "poll_headers", "poll_seconds"]

DEFAULT_POLL_MS: Final = 1000
#: Statuses after which a file or batch no longer changes.
TERMINAL_STATES: Final = frozenset({"completed", "failed", "cancelled"})
POLL_HEADERS: Final = {"X-Stainless-Poll-Helper": "true"}


def poll_headers(poll_interval_ms: int | None) -> dict[str, str]:
    headers = dict(POLL_HEADERS)
    if poll_interval_ms is not None:
        headers["X-Stainless-Custom-Poll-Interval"] = str(poll_interval_ms)
    return headers


def poll_seconds(raw: Any, poll_interval_ms: int | None) -> float:
    """Seconds to wait before the next poll after the raw response ``raw``."""
    if poll_interval_ms is not None:
        return poll_interval_ms / 1000
    header = raw.headers.get("openai-poll-after-ms")
    try:
        return int(header) / 1000 if header is not None else DEFAULT_POLL_MS / 1000
    except ValueError:
        return DEFAULT_POLL_MS / 1000
