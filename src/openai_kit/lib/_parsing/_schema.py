"""JSON Schema in the strict form that Structured Outputs accept.

The API's strict mode needs every object closed (``additionalProperties:
false``) and every property listed in ``required`` (optional values stay
optional by being nullable, which pydantic already expresses with ``anyOf``
and ``null``). ``$ref`` may not carry sibling keywords, ``oneOf`` is not
understood (``anyOf`` is), and a ``null`` default adds nothing. This module
rewrites pydantic's schema accordingly, keeping ``$defs`` so recursive and
shared models stay references.
"""

from __future__ import annotations

import copy
import inspect
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pydantic

__all__ = ["is_basemodel_type", "is_dataclass_like_type", "to_strict_json_schema"]

_JSON = dict[str, Any]

# Keywords whose value is a single sub-schema / a mapping of sub-schemas / a list of them.
_SUBSCHEMA_KEYS = ("items", "not", "contains")
_SUBSCHEMA_LIST_KEYS = ("anyOf", "prefixItems")


def is_basemodel_type(value: object) -> bool:
    """Whether ``value`` is a pydantic model class."""
    import pydantic

    return inspect.isclass(value) and issubclass(value, pydantic.BaseModel)


def is_dataclass_like_type(value: object) -> bool:
    """Whether ``value`` is a pydantic dataclass (or another class pydantic configured)."""
    return inspect.isclass(value) and hasattr(value, "__pydantic_config__")


def to_strict_json_schema(
    model: type[pydantic.BaseModel] | pydantic.TypeAdapter[Any] | type[Any],
) -> _JSON:
    """The strict JSON Schema of a pydantic model, pydantic dataclass or ``TypeAdapter``."""
    import pydantic

    if is_basemodel_type(model):
        schema = model.model_json_schema()  # type: ignore[union-attr]
    elif isinstance(model, pydantic.TypeAdapter):
        schema = model.json_schema()
    elif is_dataclass_like_type(model):
        schema = pydantic.TypeAdapter(model).json_schema()
    else:
        raise TypeError(f"Cannot build a JSON schema for {model!r}: not a pydantic type")
    schema = copy.deepcopy(schema)
    return _StrictSchema(schema).rewrite(schema, "#")


class _StrictSchema:
    """One rewrite pass over a schema document (``root`` resolves ``$ref``s)."""

    def __init__(self, root: _JSON) -> None:
        self.root = root
        self._inlining: list[str] = []

    def rewrite(self, node: object, where: str) -> _JSON:
        if not isinstance(node, dict):
            raise TypeError(f"Expected a JSON schema object at {where}, got {node!r}")

        for defs_key in ("$defs", "definitions"):
            defs = node.get(defs_key)
            if isinstance(defs, dict):
                for name, sub in defs.items():
                    defs[name] = self.rewrite(sub, f"{where}/{defs_key}/{name}")

        if "oneOf" in node and "anyOf" not in node:
            # a discriminated union: the variants already exclude one another
            node["anyOf"] = node.pop("oneOf")
            node.pop("discriminator", None)

        if node.get("type") == "object" and "additionalProperties" not in node:
            node["additionalProperties"] = False

        properties = node.get("properties")
        if isinstance(properties, dict):
            node["properties"] = {
                key: self.rewrite(sub, f"{where}/properties/{key}")
                for key, sub in properties.items()
            }
            node["required"] = list(properties)

        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            node["additionalProperties"] = self.rewrite(extra, f"{where}/additionalProperties")

        for key in _SUBSCHEMA_KEYS:
            sub = node.get(key)
            if isinstance(sub, dict):
                node[key] = self.rewrite(sub, f"{where}/{key}")

        for key in _SUBSCHEMA_LIST_KEYS:
            subs = node.get(key)
            if isinstance(subs, list):
                node[key] = [self.rewrite(s, f"{where}/{key}/{i}") for i, s in enumerate(subs)]

        all_of = node.get("allOf")
        if isinstance(all_of, list):
            if len(all_of) == 1:
                # a lone allOf wraps a $ref to attach sibling keywords; flatten it
                del node["allOf"]
                only = self.rewrite(all_of[0], f"{where}/allOf/0")
                node.update({k: v for k, v in only.items() if k not in node})
            else:
                node["allOf"] = [
                    self.rewrite(s, f"{where}/allOf/{i}") for i, s in enumerate(all_of)
                ]

        if "default" in node and node["default"] is None:
            del node["default"]

        ref = node.get("$ref")
        if isinstance(ref, str) and len(node) > 1:
            # `$ref` with siblings (a description, say) is refused: inline the target,
            # unless it is already being inlined (a recursive model): then keep the bare ref
            if ref in self._inlining:
                node.clear()
                node["$ref"] = ref
                return node
            # copy before touching `node`: the target may contain it (a self reference)
            target = copy.deepcopy(self.resolve(ref))
            del node["$ref"]
            merged = {**target, **node}
            node.clear()
            node.update(merged)
            self._inlining.append(ref)
            try:
                return self.rewrite(node, where)
            finally:
                self._inlining.pop()
        return node

    def resolve(self, ref: str) -> _JSON:
        if not ref.startswith("#/"):
            raise ValueError(f"Cannot resolve $ref {ref!r}: only local references are supported")
        node: object = self.root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise ValueError(f"Cannot resolve $ref {ref!r}")
            node = node[part]
        if not isinstance(node, dict):
            raise ValueError(f"$ref {ref!r} does not point at a schema object")
        return node
