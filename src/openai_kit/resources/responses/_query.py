"""Query strings with arrays and objects, the way the API reads them: ``include[]=a&include[]=b``,
``metadata[team]=blue``."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["bracket_arrays", "bracket_objects"]


def bracket_arrays(query: Mapping[str, object]) -> dict[str, object]:
    """``query`` with each list or tuple value under ``<name>[]``, one parameter per item."""
    return {
        (f"{key}[]" if isinstance(value, list | tuple) else key): value
        for key, value in query.items()
    }


def bracket_objects(query: Mapping[str, object]) -> dict[str, object]:
    """``query`` with each mapping value spread as ``<name>[<key>]=<value>`` parameters."""
    flat: dict[str, object] = {}
    for key, value in query.items():
        if isinstance(value, Mapping):
            flat.update({f"{key}[{inner}]": item for inner, item in value.items()})
        else:
            flat[key] = value
    return flat
