"""The console request log: one line per API request the live server answered.

Text, for people::

    12:04:31.207 POST /v1/chat/completions chat.completions.create 200 3.1ms events=12
    12:04:32.950 POST /v1/chat/completions chat.completions.create 429 0.8ms fault=status

or one JSON object per line (``--log-format json``) with the keys ``time``
(ISO 8601, UTC), ``method``, ``path``, ``operation``, ``status``,
``duration_ms``, ``fault``, ``script``, ``events`` and ``source``.

The line holds the path only: no query string, no header, no body, so no
key or token a client sent can reach it.

The event loop only queues each request's record; a writer thread formats
the queued records and writes them in one go every :data:`FLUSH_SECONDS`
(and when the logger closes), so a request never waits for the console.
Under load (a batch of :data:`BUSY_LINES` lines or more) it writes every
:data:`BUSY_FLUSH_SECONDS` instead: each time the writer wakes it takes the
interpreter from the event loop and what the loop had in the cache, which
cost the server more than the lines themselves, and nobody reads a thousand
lines a second as they come.
"""

from __future__ import annotations

import functools
import json
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any, Final, TextIO

from openai_kit.mockserver._observation import Record, events_of, wall_offset

__all__ = [
    "BUSY_FLUSH_SECONDS",
    "BUSY_LINES",
    "FLUSH_SECONDS",
    "LOG_FORMATS",
    "RequestLogger",
    "json_line",
    "json_lines",
    "text_line",
    "text_lines",
]

LOG_FORMATS: Final = ("text", "json")
#: How long a request's line waits for the writer at most (about).
FLUSH_SECONDS: Final = 0.05
#: How long it waits at most while the server is busy: after a batch of
#: :data:`BUSY_LINES` lines or more (about 1,300 requests a second), until a smaller one.
BUSY_FLUSH_SECONDS: Final = 0.25
BUSY_LINES: Final = 64


def _fault_label(fault: dict[str, Any] | None) -> str | None:
    if fault is None:
        return None
    kind = str(fault.get("kind", "fault"))
    if fault.get("limited"):
        return f"{kind}:{fault['limited']}"
    return kind


def _script_label(script: dict[str, Any] | None) -> str | None:
    return None if script is None else str(script.get("kind", "script"))


#: ``000`` to ``999``: a line's milliseconds, formatted once.
_MILLIS: Final = tuple(f"{n:03d}" for n in range(1000))
#: A duration in tenths of a millisecond, ``0.0ms`` to ``99.9ms``, formatted once.
_TENTHS: Final = tuple(f"{n // 10}.{n % 10}ms" for n in range(1000))


#: Times and durations are positive: their floor is their whole part (``int()`` takes twice
#: as long).
_floor: Final = math.floor


@functools.lru_cache(maxsize=4)
def _local_second(second: int) -> str:
    """``HH:MM:SS`` of a whole second (formatted once per second, not per request)."""
    return time.strftime("%H:%M:%S", time.localtime(second))


@functools.lru_cache(maxsize=4)
def _utc_second(second: int) -> str:
    """``YYYY-MM-DDTHH:MM:SS`` (UTC) of a whole second, formatted once per second."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))


def _long_duration(tenths: int) -> str:
    """A duration of 100 ms or more (past :data:`_TENTHS`), in tenths of a millisecond."""
    return f"{tenths // 10}.{tenths % 10}ms"


def text_lines(records: Iterable[Record], offset: float) -> list[str]:
    """The human lines for requests, their times on the wall clock by ``offset``
    (:func:`~openai_kit.mockserver._observation.wall_offset`).

    The writer formats its queue in one go, and under load most lines repeat the one
    before but for the duration: the same millisecond, method, path, operation and
    status. That start of a line is built once for a run of lines that share it (the
    second's ``HH:MM:SS`` once a second), and the duration comes from a table."""
    lines: list[str] = []
    append = lines.append
    second, clock = -1, ""
    at, method, path, head = -1, "", "", ""  # no millisecond is -1: the first line builds
    op: str | None = None
    status: int | None = None
    for record in records:
        start = record[3]
        millis = _floor((offset + start) * 1000)
        if (
            millis != at
            or record[2] != path
            or record[11] != op
            or record[5] != status
            or record[1] != method
        ):
            method, path, status, op = record[1], record[2], record[5], record[11]
            if millis // 1000 != second:
                second = millis // 1000
                clock = _local_second(second) + "."
            at = millis
            shown = "---" if status is None else status
            head = f"{clock}{_MILLIS[millis % 1000]} {method} {path} {op or '-'} {shown} "
        tenths = _floor((record[4] - start) * 10_000 + 0.5)  # no float formatting
        line = head + (_TENTHS[tenths] if tenths < 1000 else _long_duration(tenths))
        if record[9] or record[12] is not None or record[13] is not None or record[14] != "mock":
            line += _extras(record)
        append(line)
    return lines


def _extras(record: Record) -> str:
    fault, script, source = record[12], record[13], record[14]
    extra = ""
    if fault is not None:
        extra += f" fault={_fault_label(fault)}"
    if script is not None:
        extra += f" script={_script_label(script)}"
    events = events_of(record)
    if events:
        extra += f" events={events}"
    if source != "mock":
        extra += f" from={source}"
    return extra


def text_line(record: Record, offset: float) -> str:
    """The human line for one request (times on the wall clock by ``offset``)."""
    return text_lines((record,), offset)[0]


_encode = json.JSONEncoder(separators=(",", ":")).encode


def json_line(record: Record, offset: float) -> str:
    """The machine line for one request (one JSON object; times on the wall clock by
    ``offset``)."""
    _, method, path, start, end, status, _, _, _, _, _, operation, fault, script, source, _ = record
    millis = _floor((offset + start) * 1000)
    return _encode(
        {
            "time": f"{_utc_second(millis // 1000)}.{_MILLIS[millis % 1000]}Z",
            "method": method,
            "path": path,
            "operation": operation,
            "status": status,
            "duration_ms": round((end - start) * 1000, 3),
            "fault": _fault_label(fault),
            "script": _script_label(script),
            "events": events_of(record),
            "source": source,
        }
    )


def json_lines(records: Iterable[Record], offset: float) -> list[str]:
    """The machine lines for requests."""
    return [json_line(record, offset) for record in records]


class RequestLogger:
    """A sink of :class:`~openai_kit.mockserver._observe.ObservedApp` writing one line per request.

    Lines reach ``stream`` from a writer thread (started by the first request, or when
    :attr:`sink` is taken) within about ``interval`` seconds, or ``busy_interval`` after
    a batch of :data:`BUSY_LINES` or more; :meth:`close` writes what is left.
    """

    def __init__(
        self,
        stream: TextIO,
        log_format: str = "text",
        *,
        interval: float = FLUSH_SECONDS,
        busy_interval: float = BUSY_FLUSH_SECONDS,
    ) -> None:
        if log_format not in LOG_FORMATS:
            raise ValueError(
                f"log format must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}"
            )
        self.stream = stream
        self.format = text_lines if log_format == "text" else json_lines
        self.interval = interval
        self.busy_interval = max(interval, busy_interval)
        self._pending: deque[Record] = deque()
        self._writing = threading.Lock()
        self._stopped = threading.Event()
        self._writer: threading.Thread | None = None

    def __call__(self, record: Record) -> None:
        self._pending.append(record)
        self._start()

    @property
    def sink(self) -> Callable[[Record], None]:
        """The sink to give the server: the queue's own ``append`` (no Python call per
        request), the writer started."""
        self._start()
        return self._pending.append

    def _start(self) -> None:
        if self._writer is None:
            self._writer = threading.Thread(
                target=self._write_often, name="openai-kit-mock-request-log", daemon=True
            )
            self._writer.start()

    def _write_often(self) -> None:
        wait = self.interval
        while not self._stopped.wait(wait):
            busy = self.flush() >= BUSY_LINES
            wait = self.busy_interval if busy else self.interval

    def flush(self) -> int:
        """Write the lines of the requests queued so far; how many there were."""
        with self._writing:
            pending = self._pending
            if not pending:
                return 0
            batch = [pending.popleft() for _ in range(len(pending))]
            lines = self.format(batch, wall_offset())
            try:
                self.stream.write("\n".join(lines) + "\n")
                self.stream.flush()
            except (OSError, ValueError):  # the console is gone (closed, a broken pipe)
                pass
            return len(batch)

    def close(self) -> None:
        """Stop the writer and write what is left."""
        self._stopped.set()
        if self._writer is not None:
            self._writer.join()
        self.flush()
