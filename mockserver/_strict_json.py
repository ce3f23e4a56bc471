"""JSON as the real API reads it: strict, so nothing read can break a later write.

Python's ``json`` accepts what the service refuses and what cannot be sent
back: ``NaN``, ``Infinity`` and numbers too large for a double (``1e400``
becomes infinity), lone UTF-16 surrogates (``"\\ud800"``, which no UTF-8
encoder can write), and nesting deep enough to overflow the interpreter's
stack (a ``RecursionError``). :func:`loads` refuses all of them with a
``ValueError``; whatever it returns encodes to JSON and to UTF-8 again.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Final, NoReturn

__all__ = ["MAX_DEPTH", "dumps_safe", "loads"]

#: Deepest nesting of arrays and objects accepted (the real API refuses far less than Python's limit).
MAX_DEPTH: Final = 256

# a \u escape of a surrogate (paired ones are legal; only then is the parsed value checked)
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not valid JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:40]} is out of range")
    return value


_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite)


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether ``value`` nests arrays and objects deeper than ``limit`` (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False


def loads(raw: bytes | str) -> Any:
    """``raw`` parsed; ``ValueError`` for anything the real API would not read as JSON."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        value = _DECODER.decode(text.lstrip("\ufeff") if text[:1] == "\ufeff" else text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    probe = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    openers = probe.count(b"[") + probe.count(b"{")
    if isinstance(value, dict | list) and openers > MAX_DEPTH and _depth_exceeds(value, MAX_DEPTH):
        raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels")
    if _SURROGATE_ESCAPE.search(probe):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("a string holds a lone UTF-16 surrogate") from None
    return value


def dumps_safe(value: Any) -> bytes:
    """``value`` as compact UTF-8 JSON, never failing: what cannot be written is replaced.

    Lone surrogates become U+FFFD and non-finite numbers ``null``, so a value
    that slipped in some other way still reads back.
    """
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode(
            "utf-8"
        )
    except (ValueError, UnicodeEncodeError, RecursionError):
        text = json.dumps(_cleaned(value, 0), ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8", "replace")


def _cleaned(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {str(_cleaned(k, depth)): _cleaned(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_cleaned(v, depth + 1) for v in value]
    return value
