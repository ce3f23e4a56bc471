"""Checks on values that go into URL paths."""

from __future__ import annotations

from urllib.parse import quote

__all__ = ["path_param"]


def path_param(name: str, value: str) -> str:
    """``value`` escaped for a URL path; an empty value is refused before any request."""
    if not value:
        raise ValueError(f"Expected a non-empty value for `{name}` but received {value!r}")
    return quote(value, safe=":@")
