"""JSON values that conform to a JSON Schema, for tool arguments and structured outputs.

Covers what function parameters and ``response_format`` schemas use: types
(and type lists), ``enum``/``const``, objects (``properties``, ``required``,
``additionalProperties``, ``min/maxProperties``), arrays (``items``,
``prefixItems``, tuple ``items``, ``min/maxItems``, ``uniqueItems``,
``contains``), strings (``min/maxLength``, ``pattern``, common ``format``\\ s),
numbers (``minimum``/``maximum``, exclusive bounds in both drafts,
``multipleOf``), ``anyOf``/``oneOf``/``allOf``, and local ``$ref`` into
``$defs``/``definitions`` (recursion ends by preferring terminating branches
once the value gets deep). Strings look plausible: property names such as
``email``, ``city`` or ``date`` get matching values.
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Mapping
from typing import Any, Final

from openai_kit.mockserver.generation.formats import FORMATS, hinted_string, number_hint
from openai_kit.mockserver.generation.regex import PatternError, string_from_pattern
from openai_kit.mockserver.generation.rng import canonical_json
from openai_kit.mockserver.generation.vocab import vocab

__all__ = ["json_from_schema"]

_DEEP: Final = 5  # past this depth: only required properties, minimal arrays, terminating branches
_MAX_ITEMS_DEFAULT: Final = 3
_TYPES: Final = ("string", "number", "integer", "boolean", "object", "array", "null")


def _resolve_pointer(root: Any, ref: str) -> Any:
    if ref == "#":
        return root
    if not ref.startswith("#/"):
        return {}
    node = root
    for raw in ref[2:].split("/"):
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return {}
    return node


def _has_ref(schema: Any) -> bool:
    return isinstance(schema, Mapping) and ("$ref" in schema or "$recursiveRef" in schema)


def _is_terminal(schema: Any) -> bool:
    """A schema that certainly ends the recursion (null, scalar, enum, const)."""
    if not isinstance(schema, Mapping):
        return True
    if "const" in schema or "enum" in schema:
        return True
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return bool(kinds) and all(
        k in ("null", "string", "number", "integer", "boolean") for k in kinds
    )


class _Generator:
    def __init__(self, rng: random.Random, root: Any, optional_probability: float) -> None:
        self.rng = rng
        self.root = root
        self.optional_probability = optional_probability

    # -- dispatch ---------------------------------------------------------------------------

    def value(self, schema: Any, depth: int, hint: str) -> Any:
        if schema is True or schema is None:
            return self.string({}, hint)
        if schema is False or not isinstance(schema, Mapping):
            return None
        schema = self.flatten(schema, depth)
        if "const" in schema:
            return copy.deepcopy(schema["const"])
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return copy.deepcopy(self.rng.choice(enum))
        for key in ("anyOf", "oneOf"):
            options = schema.get(key)
            if isinstance(options, list) and options:
                base = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
                chosen = self.pick_branch(options, depth)
                merged = self.merge([base, self.flatten(chosen, depth)]) if base else chosen
                return self.value(merged, depth, hint)
        kind = self.pick_type(schema, depth)
        return self.by_type(kind, schema, depth, hint)

    def flatten(self, schema: Mapping[str, Any], depth: int) -> Mapping[str, Any]:
        """Resolve ``$ref`` and fold ``allOf`` into one schema."""
        for _ in range(32):
            ref = schema.get("$ref")
            if not isinstance(ref, str):
                break
            target = _resolve_pointer(self.root, ref)
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            if not isinstance(target, Mapping):
                return siblings
            schema = self.merge([target, siblings]) if siblings else target
        parts = schema.get("allOf")
        if isinstance(parts, list) and parts:
            base = {k: v for k, v in schema.items() if k != "allOf"}
            flat = [self.flatten(p, depth) for p in parts if isinstance(p, Mapping)]
            schema = self.merge([base, *flat])
        return schema

    @staticmethod
    def merge(schemas: list[Mapping[str, Any]]) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for schema in schemas:
            for key, value in schema.items():
                if key == "properties" and isinstance(value, Mapping):
                    merged.setdefault("properties", {}).update(value)
                elif key == "required" and isinstance(value, list):
                    existing = merged.setdefault("required", [])
                    existing.extend(v for v in value if v not in existing)
                elif key in ("minimum", "exclusiveMinimum", "minLength", "minItems"):
                    merged[key] = max(merged[key], value) if key in merged else value
                elif key in ("maximum", "exclusiveMaximum", "maxLength", "maxItems"):
                    merged[key] = min(merged[key], value) if key in merged else value
                else:
                    merged[key] = value
        return merged

    def pick_branch(self, options: list[Any], depth: int) -> Any:
        if depth >= _DEEP:
            terminal = [o for o in options if _is_terminal(o)]
            if terminal:
                return self.rng.choice(terminal)
            plain = [o for o in options if not _has_ref(o)]
            if plain:
                return plain[0]
            return options[0]
        return self.rng.choice(options)

    def pick_type(self, schema: Mapping[str, Any], depth: int) -> str:
        kind = schema.get("type")
        if isinstance(kind, str):
            return kind
        if isinstance(kind, list) and kind:
            names: list[str] = [k for k in kind if k in _TYPES]
            if not names:
                return "string"
            if "null" in names and len(names) > 1:
                if depth >= _DEEP:
                    return "null"
                names = [k for k in names if k != "null"] if self.rng.random() < 0.85 else ["null"]
            return self.rng.choice(names)
        if "properties" in schema or "additionalProperties" in schema or "required" in schema:
            return "object"
        if "items" in schema or "prefixItems" in schema or "minItems" in schema:
            return "array"
        if "minimum" in schema or "maximum" in schema or "multipleOf" in schema:
            return "number"
        return "string"

    def by_type(self, kind: str, schema: Mapping[str, Any], depth: int, hint: str) -> Any:
        if kind == "object":
            return self.object(schema, depth)
        if kind == "array":
            return self.array(schema, depth, hint)
        if kind == "integer":
            return self.integer(schema, hint)
        if kind == "number":
            return self.number(schema, hint)
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind == "null":
            return None
        return self.string(schema, hint)

    # -- containers -------------------------------------------------------------------------

    def object(self, schema: Mapping[str, Any], depth: int) -> dict[str, Any]:
        props = schema.get("properties")
        props = props if isinstance(props, Mapping) else {}
        required = schema.get("required")
        required_set = (
            {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()
        )
        extra_schema = schema.get("additionalProperties", True)
        out: dict[str, Any] = {}
        deep = depth >= _DEEP
        for name, sub in props.items():
            wanted = name in required_set or (
                not deep and self.rng.random() < self.optional_probability
            )
            if wanted:
                out[name] = self.value(sub, depth + 1, name)
        for name in sorted(required_set - set(props)):
            out[name] = self.value(self.extra_schema(schema, name, extra_schema), depth + 1, name)
        low = schema.get("minProperties", 0)
        high = schema.get("maxProperties")
        free_form = not props and not required_set and extra_schema is not False
        target = len(out)
        if isinstance(low, int) and target < low:
            target = low
        elif free_form and not deep and "additionalProperties" not in schema:
            target = self.rng.randint(1, 3)
        if isinstance(high, int):
            target = min(target, high)
        attempts = 0
        while len(out) < target and extra_schema is not False and attempts < target * 4 + 4:
            attempts += 1
            key = self.rng.choice(vocab().words)
            if key not in out and key not in props:
                out[key] = self.value(self.extra_schema(schema, key, extra_schema), depth + 1, key)
        return out

    @staticmethod
    def extra_schema(schema: Mapping[str, Any], name: str, extra: Any) -> Any:
        patterns = schema.get("patternProperties")
        if isinstance(patterns, Mapping) and patterns:
            return next(iter(patterns.values()))
        return extra if isinstance(extra, Mapping) else {"type": "string"}

    def array(self, schema: Mapping[str, Any], depth: int, hint: str) -> list[Any]:
        prefix = schema.get("prefixItems")
        items = schema.get("items")
        tail: Any = items
        if isinstance(items, list):  # draft 4-7 tuple form
            prefix, tail = items, schema.get("additionalItems", True)
        prefix_list = prefix if isinstance(prefix, list) else []
        low = schema.get("minItems", 0)
        low = low if isinstance(low, int) else 0
        high = schema.get("maxItems")
        if not isinstance(high, int):
            high = max(low, len(prefix_list)) + max(0, _MAX_ITEMS_DEFAULT - depth // 2)
        if tail is False:
            high = min(high, len(prefix_list))
        if depth >= _DEEP:
            count = min(max(low, 0), high)
        else:
            count = self.rng.randint(min(low if low else 1, high), high) if high > 0 else 0
            count = max(count, min(low, high))
        item_hint = hint[:-1] if hint.endswith("s") else hint
        out: list[Any] = []
        seen: set[str] = set()
        unique = schema.get("uniqueItems") is True
        attempts = 0
        while len(out) < count and attempts < count * 6 + 6:
            attempts += 1
            index = len(out)
            sub = prefix_list[index] if index < len(prefix_list) else tail
            value = self.value(sub if sub is not None else {}, depth + 1, item_hint)
            if unique:
                key = canonical_json(value)
                if key in seen:
                    continue
                seen.add(key)
            out.append(value)
        contains = schema.get("contains")
        if isinstance(contains, Mapping) and out and len(prefix_list) == 0:
            out[0] = self.value(contains, depth + 1, item_hint)
        elif isinstance(contains, Mapping) and not out and high > 0:
            out.append(self.value(contains, depth + 1, item_hint))
        return out

    # -- scalars ----------------------------------------------------------------------------

    def bounds(self, schema: Mapping[str, Any], integer: bool) -> tuple[float, float, bool, bool]:
        low = schema.get("minimum")
        high = schema.get("maximum")
        ex_low = schema.get("exclusiveMinimum")
        ex_high = schema.get("exclusiveMaximum")
        low_open = high_open = False
        if ex_low is True:
            low_open = True
        elif (
            isinstance(ex_low, (int, float))
            and not isinstance(ex_low, bool)
            and (low is None or ex_low >= low)
        ):
            low, low_open = ex_low, True
        if ex_high is True:
            high_open = True
        elif (
            isinstance(ex_high, (int, float))
            and not isinstance(ex_high, bool)
            and (high is None or ex_high <= high)
        ):
            high, high_open = ex_high, True
        lo = float(low) if isinstance(low, (int, float)) else None
        hi = float(high) if isinstance(high, (int, float)) else None
        if lo is None and hi is None:
            lo, hi = 0.0, 100.0
        elif lo is None:
            assert hi is not None
            lo = hi - 100.0
        elif hi is None:
            hi = lo + 100.0
        return lo, hi, low_open, high_open

    def integer(self, schema: Mapping[str, Any], hint: str) -> int:
        lo, hi, lo_open, hi_open = self.bounds(schema, True)
        if not any(
            k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
        ):
            lo, hi = number_hint(hint, (lo, hi))
        first = math.floor(lo) + 1 if lo_open and lo == math.floor(lo) else math.ceil(lo)
        last = math.ceil(hi) - 1 if hi_open and hi == math.ceil(hi) else math.floor(hi)
        step = schema.get("multipleOf")
        if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0:
            if float(step).is_integer():
                k_first, k_last = math.ceil(first / step), math.floor(last / step)
                if k_first <= k_last:
                    return int(self.rng.randint(k_first, k_last) * step)
            return 0 if first <= 0 <= last else first
        if first > last:
            return first
        return self.rng.randint(first, last)

    def number(self, schema: Mapping[str, Any], hint: str) -> float | int:
        lo, hi, lo_open, hi_open = self.bounds(schema, False)
        if not any(
            k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
        ):
            lo, hi = number_hint(hint, (lo, hi))
        step = schema.get("multipleOf")
        if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0:
            return self.multiple(step, lo, hi, lo_open, hi_open)
        for _ in range(8):
            value = round(self.rng.uniform(lo, hi), 2)
            if (lo < value or (value == lo and not lo_open)) and (
                value < hi or (value == hi and not hi_open)
            ):
                return value
        return (lo + hi) / 2

    def multiple(
        self, step: float, lo: float, hi: float, lo_open: bool, hi_open: bool
    ) -> float | int:
        k_first, k_last = math.ceil(lo / step), math.floor(hi / step)
        candidates = list(range(k_first, k_last + 1))
        self.rng.shuffle(candidates)
        for k in candidates[:16]:
            value: float | int = k * step
            if isinstance(step, float):
                value = round(value, 12)
                quotient = value / step
                if int(quotient) != quotient:
                    continue
            if (lo_open and value <= lo) or (hi_open and value >= hi) or not lo <= value <= hi:
                continue
            return int(value) if float(value).is_integer() else value
        return 0

    def string(self, schema: Mapping[str, Any], hint: str) -> str:
        pattern = schema.get("pattern")
        fmt = schema.get("format")
        low = schema.get("minLength", 0)
        high = schema.get("maxLength")
        low = low if isinstance(low, int) else 0
        high = high if isinstance(high, int) else None
        if isinstance(pattern, str):
            for _ in range(8):
                try:
                    text = string_from_pattern(pattern, self.rng)
                except PatternError:
                    break
                if len(text) >= low and (high is None or len(text) <= high):
                    return text
        if isinstance(fmt, str) and fmt in FORMATS:
            text = FORMATS[fmt](self.rng)
        else:
            text = hinted_string(self.rng, hint)
        if len(text) < low:
            filler = " ".join(self.rng.choices(vocab().words, k=low // 3 + 2))
            text = (text + " " + filler)[: max(low, len(text))]
            while len(text) < low:
                text += "x"
        if high is not None and len(text) > high:
            text = text[:high].rstrip() if high > 0 else ""
            while len(text) < low:
                text += "x"
        return text


def json_from_schema(rng: random.Random, schema: Any, *, optional_probability: float = 0.5) -> Any:
    """A value valid against ``schema``, drawn with ``rng``.

    Optional object properties are included with ``optional_probability``
    (strict schemas list every property as required, so they always appear).
    """
    return _Generator(rng, schema, optional_probability).value(schema, 0, "")
