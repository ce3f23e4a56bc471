"""Attribute filters (comparison and compound), checked and applied as file search does.

A comparison filter compares one attribute of a file with a value (``eq``,
``ne``, ``gt``, ``gte``, ``lt``, ``lte``, ``in``, ``nin``); a compound filter
joins filters with ``and`` / ``or`` and nests. A file without the attribute
matches no comparison.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, Final

from openai_kit.mockserver import _params as P

__all__ = ["COMPARISONS", "check_filter", "matches"]

COMPARISONS: Final = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin")
_ORDERED: Final[Mapping[str, Callable[[Any, Any], bool]]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
_SCALAR: Final = "a string, a number or a boolean"


def _check_value(param: str, kind: str, value: Any) -> None:
    if kind in ("in", "nin"):
        if not isinstance(value, list):
            P.invalid_type(param, "an array", value)
        for position, entry in enumerate(value):
            if isinstance(entry, bool) or not isinstance(entry, (str, int, float)):
                P.invalid_type(f"{param}[{position}]", "a string or a number", entry)
    elif not isinstance(value, (str, int, float)):
        P.invalid_type(param, _SCALAR, value)


def check_filter(param: str, value: Any) -> None:
    """``value`` a well-formed comparison or compound filter, or the 400 naming ``param``."""
    obj = P.check_object(param, value)
    kind = P.member(param, obj, "type")
    P.check_enum(f"{param}.type", kind, (*COMPARISONS, "and", "or"))
    if kind in ("and", "or"):
        P.check_nested_keys(param, obj, ("type", "filters"))
        filters = P.member(param, obj, "filters")
        if not isinstance(filters, list):
            P.invalid_type(f"{param}.filters", "an array", filters)
        for position, nested in enumerate(filters):
            check_filter(f"{param}.filters[{position}]", nested)
        return
    P.check_nested_keys(param, obj, ("type", "key", "value"))
    P.check_string(f"{param}.key", P.member(param, obj, "key"))
    _check_value(f"{param}.value", kind, P.member(param, obj, "value"))


def _same_kind(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool)
    numbers = (int, float)
    return isinstance(left, numbers) == isinstance(right, numbers)


def _compare(kind: str, actual: Any, expected: Any) -> bool:
    if kind in ("in", "nin"):
        found = any(_same_kind(actual, e) and actual == e for e in expected)
        return found if kind == "in" else not found
    if not _same_kind(actual, expected):
        return kind == "ne"
    if kind == "eq":
        return bool(actual == expected)
    if kind == "ne":
        return bool(actual != expected)
    return _ORDERED[kind](actual, expected)


def matches(filters: Mapping[str, Any] | None, attributes: Mapping[str, Any] | None) -> bool:
    """Whether a file with ``attributes`` passes ``filters`` (a checked filter, or None)."""
    if filters is None:
        return True
    kind = filters["type"]
    if kind == "and":
        return all(matches(f, attributes) for f in filters["filters"])
    if kind == "or":
        return any(matches(f, attributes) for f in filters["filters"])
    attrs = attributes or {}
    if filters["key"] not in attrs:
        return False
    return _compare(kind, attrs[filters["key"]], filters["value"])
