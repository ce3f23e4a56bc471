"""Grader templates: ``{{item.x}}`` and ``{{sample.output_text}}`` filled in.

A grader's strings name the dataset item (``item``) and the model's sample
(``sample``: ``output_text``, ``output_json`` when the output is JSON, and the
sample's other fields) with double-brace paths. A path that names nothing is
an invalid variable, reported, never rendered empty in silence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Final

__all__ = ["Namespaces", "TemplateError", "lookup", "render", "sample_namespace"]

_VARIABLE: Final = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")

Namespaces = Mapping[str, Any]


class TemplateError(ValueError):
    """A template names a variable its namespaces do not hold."""

    def __init__(self, path: str) -> None:
        super().__init__(f"Invalid variable in template: '{path}'.")
        self.path = path


def sample_namespace(output_text: str, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``sample``: the output text, its JSON when it parses, and any other fields."""
    try:
        parsed: Any = json.loads(output_text)
    except ValueError:
        parsed = None
    sample: dict[str, Any] = dict(extra or {})
    sample["output_text"] = output_text
    sample["output_json"] = parsed if isinstance(parsed, (dict, list)) else None
    return sample


def lookup(namespaces: Namespaces, path: str) -> Any:
    """The value at dotted ``path`` (``item.answer``, ``sample.output_json.x``, ``item.list.0``)."""
    parts = path.split(".")
    if parts[0] not in namespaces:
        raise TemplateError(path)
    value: Any = namespaces[parts[0]]
    for part in parts[1:]:
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise TemplateError(path)
    return value


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def render(template: str, namespaces: Namespaces) -> str:
    """``template`` with every ``{{path}}`` replaced by its value (non-strings as JSON)."""
    return _VARIABLE.sub(lambda m: _text(lookup(namespaces, m.group(1))), template)
