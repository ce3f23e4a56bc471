"""The console request log: one line per API request the live server answered.

Text, for people::

    12:04:31.207 POST /v1/chat/completions chat.completions.create 200 3.1ms events=12
    12:04:32.950 POST /v1/chat/completions chat.completions.create 429 0.8ms fault=status

or one JSON object per line (``--log-format json``) with the keys ``time``
(ISO 8601, UTC), ``method``, ``path``, ``operation``, ``status``,
``duration_ms``, ``fault``, ``script``, ``events`` and ``source``.

The line holds the path only: no query string, no header, no body, so no
key or token a client sent can reach it.
"""

from __future__ import annotations

import functools
import json
import time
from datetime import UTC, datetime
from typing import Any, Final, TextIO

from openai_kit.mockserver._observe import Observation

__all__ = ["LOG_FORMATS", "RequestLogger", "json_line", "text_line"]

LOG_FORMATS: Final = ("text", "json")


def _fault_label(fault: dict[str, Any] | None) -> str | None:
    if fault is None:
        return None
    kind = str(fault.get("kind", "fault"))
    if fault.get("limited"):
        return f"{kind}:{fault['limited']}"
    return kind


def _script_label(script: dict[str, Any] | None) -> str | None:
    return None if script is None else str(script.get("kind", "script"))


@functools.lru_cache(maxsize=4)
def _local_second(second: int) -> str:
    """``HH:MM:SS`` of a whole second (formatted once per second, not per request)."""
    return time.strftime("%H:%M:%S", time.localtime(second))


def text_line(observation: Observation) -> str:
    """The human line for one request."""
    started = observation.started
    status = "---" if observation.status is None else observation.status
    line = (
        f"{_local_second(int(started))}.{int(started * 1000) % 1000:03d} {observation.method} "
        f"{observation.path} {observation.operation or '-'} {status} "
        f"{observation.duration * 1000:.1f}ms"
    )
    fault = _fault_label(observation.fault)
    if fault:
        line += f" fault={fault}"
    script = _script_label(observation.script)
    if script:
        line += f" script={script}"
    if observation.events:
        line += f" events={observation.events}"
    if observation.source != "mock":
        line += f" from={observation.source}"
    return line


def json_line(observation: Observation) -> str:
    """The machine line for one request (one JSON object)."""
    stamp = datetime.fromtimestamp(observation.started, UTC).isoformat(timespec="milliseconds")
    return json.dumps(
        {
            "time": stamp.replace("+00:00", "Z"),
            "method": observation.method,
            "path": observation.path,
            "operation": observation.operation,
            "status": observation.status,
            "duration_ms": round(observation.duration * 1000, 3),
            "fault": _fault_label(observation.fault),
            "script": _script_label(observation.script),
            "events": observation.events,
            "source": observation.source,
        },
        separators=(",", ":"),
    )


class RequestLogger:
    """A sink of :class:`~openai_kit.mockserver._observe.ObservedApp` writing one line per request."""

    def __init__(self, stream: TextIO, log_format: str = "text") -> None:
        if log_format not in LOG_FORMATS:
            raise ValueError(
                f"log format must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}"
            )
        self.stream = stream
        self.format = text_line if log_format == "text" else json_line

    def __call__(self, observation: Observation) -> None:
        self.stream.write(self.format(observation) + "\n")
        self.stream.flush()
