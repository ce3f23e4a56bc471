"""Query strings with arrays, the way the API reads them: ``include[]=a&include[]=b``."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["bracket_arrays"]


def bracket_arrays(query: Mapping[str, object]) -> dict[str, object]:
    """``query`` with each list or tuple value under ``<name>[]``, one parameter per item."""
    return {
        (f"{key}[]" if isinstance(value, list | tuple) else key): value
        for key, value in query.items()
    }
