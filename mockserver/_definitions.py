"""Checks shared by every definition the mock is given (faults, scripts, the clock).

A definition is checked completely before anything is installed, so what is
accepted can always be served: numbers are finite and within sane ranges,
statuses are ones a response can carry, headers can be sent (an RFC 9110
token for a name, printable latin-1 for a value, none of the headers that
frame the response), bodies are JSON the mock can write back.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any, Final

__all__ = [
    "MAX_COUNT",
    "MAX_SECONDS",
    "MAX_WAIT",
    "check_integer",
    "check_json",
    "check_seconds",
    "sendable_headers",
]

#: The longest latency or per-event delay a fault may ask for (an hour; ``hang`` waits forever).
MAX_SECONDS: Final = 3600.0
#: The longest ``retry_after`` and clock advance (a year).
MAX_WAIT: Final = 366 * 86400.0
#: The largest count (``rpm``, ``tpm``, ``times``, ``after``).
MAX_COUNT: Final = 10**12

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")
# headers the server writes itself to frame the response: setting them breaks it
_FRAMING: Final = frozenset(
    {"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer"}
)


def check_seconds(name: str, value: object, *, maximum: float = MAX_SECONDS) -> float:
    """``value`` as seconds: a finite number from 0 to ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number) or not 0 <= number <= maximum:
        raise ValueError(f"{name} must be a finite number from 0 to {maximum:g}, got {value!r}")
    return number


def check_integer(name: str, value: object, *, minimum: int, maximum: int = MAX_COUNT) -> int:
    """``value`` as an integer from ``minimum`` to ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got a larger number")
    return value


def sendable_headers(headers: object) -> tuple[tuple[str, str], ...]:
    """``headers`` (a mapping of names to values) as lowercase pairs a response can carry."""
    if headers is None:
        return ()
    if not isinstance(headers, Mapping):
        raise TypeError("headers must be a mapping of header names to values")
    out: list[tuple[str, str]] = []
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError("header names and values must be strings")
        if not _TOKEN.fullmatch(name) or not _VALUE.fullmatch(value) or len(value) > 8192:
            raise ValueError(f"invalid header {name[:100]!r}: {value[:100]!r}")
        if name.lower() in _FRAMING:
            raise ValueError(f"the {name.lower()} header is the server's own; it cannot be set")
        out.append((name.lower(), value))
    return tuple(out)


def check_json(name: str, value: Any) -> None:
    """Refuse what cannot be written as JSON (``NaN``, objects, lone surrogates, deep nesting)."""
    try:
        json.dumps(value, allow_nan=False, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError, RecursionError) as exc:
        raise ValueError(f"{name} must be JSON the mock can send: {exc}") from None
