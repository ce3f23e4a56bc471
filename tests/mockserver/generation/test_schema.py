"""JSON-schema-driven generation: every generated value validates, over many seeds and schemas."""

from __future__ import annotations

import json
import random
import re
from typing import Any

import jsonschema
import pytest

from openai_kit.mockserver.api.chat.content import chat_completion
from openai_kit.mockserver.api.chat.validate import validate_chat_request
from openai_kit.mockserver.generation.context import GenContext
from openai_kit.mockserver.generation.regex import PatternError, string_from_pattern
from openai_kit.mockserver.generation.schema import json_from_schema

FORMATS = jsonschema.FormatChecker()
CTX = GenContext(seed=0, created=0, azure=False)
PATTERNS = [
    r"^[A-Z]{2}-\d{3,5}$",
    r"^(foo|bar|baz)+$",
    r"^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,4}$",
    r"^\+?[1-9]\d{7,12}$",
    r"^#[0-9a-fA-F]{6}$",
    r"^v\d+\.\d+\.\d+(-[a-z]+)?$",
    r"^[^\s]{3,8}$",
    r"^(?:[01]\d|2[0-3]):[0-5]\d$",
    r"\d{2}",
]


def random_schema(rng: random.Random, depth: int, defs: dict[str, Any]) -> Any:
    """A schema from the families structured outputs and tool parameters use."""
    leaf = depth >= 3
    kinds = ["string", "integer", "number", "boolean", "enum", "const", "null", "pattern", "format"]
    if not leaf:
        kinds += ["object", "object", "array", "anyOf", "ref", "allOf", "nullable", "tuple"]
    kind = rng.choice(kinds)
    if kind == "string":
        low = rng.randint(0, 4)
        return {"type": "string", "minLength": low, "maxLength": low + rng.randint(0, 20)}
    if kind == "integer":
        low = rng.randint(-50, 50)
        schema: dict[str, Any] = {
            "type": "integer",
            "minimum": low,
            "maximum": low + rng.randint(0, 100),
        }
        if rng.random() < 0.3:
            schema["multipleOf"] = rng.choice([2, 3, 5])
            schema["maximum"] = low + 60
        return schema
    if kind == "number":
        low = rng.uniform(-10, 10)
        schema = {
            "type": "number",
            "exclusiveMinimum": low,
            "exclusiveMaximum": low + rng.uniform(0.5, 50),
        }
        if rng.random() < 0.3:
            schema = {
                "type": "number",
                "minimum": 0,
                "maximum": 10,
                "multipleOf": rng.choice([0.5, 0.25, 0.1, 0.01]),
            }
        return schema
    if kind == "boolean":
        return {"type": "boolean"}
    if kind == "enum":
        return {"enum": rng.sample(["red", "green", "blue", 1, 2.5, None, True], rng.randint(1, 4))}
    if kind == "const":
        return {"const": rng.choice(["fixed", 42, {"a": [1, 2]}])}
    if kind == "null":
        return {"type": "null"}
    if kind == "pattern":
        return {"type": "string", "pattern": rng.choice(PATTERNS)}
    if kind == "format":
        return {
            "type": "string",
            "format": rng.choice(["date", "date-time", "email", "uuid", "ipv4", "ipv6", "uri"]),
        }
    if kind == "object":
        names = rng.sample(
            ["name", "email", "city", "country", "age", "price", "notes", "id", "tags", "when"],
            rng.randint(0, 5),
        )
        props = {n: random_schema(rng, depth + 1, defs) for n in names}
        strict = rng.random() < 0.5
        required = list(props) if strict else [n for n in props if rng.random() < 0.5]
        schema = {"type": "object", "properties": props, "required": required}
        if strict or rng.random() < 0.5:
            schema["additionalProperties"] = False
        elif rng.random() < 0.5:
            schema["additionalProperties"] = {"type": "integer"}
            schema["minProperties"] = len(required) + 1
        return schema
    if kind == "array":
        low = rng.randint(0, 2)
        schema = {
            "type": "array",
            "items": random_schema(rng, depth + 1, defs),
            "minItems": low,
            "maxItems": low + rng.randint(0, 4),
        }
        if rng.random() < 0.3:
            schema["items"] = {"type": "integer", "minimum": 0, "maximum": 1000}
            schema["uniqueItems"] = True
        return schema
    if kind == "tuple":
        return {
            "type": "array",
            "prefixItems": [{"type": "string"}, {"type": "integer"}],
            "items": False,
            "minItems": 2,
        }
    if kind == "anyOf":
        return {"anyOf": [random_schema(rng, depth + 1, defs) for _ in range(rng.randint(1, 3))]}
    if kind == "nullable":
        return {"type": [rng.choice(["string", "integer", "boolean"]), "null"]}
    if kind == "allOf":
        return {
            "allOf": [
                {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
                {"properties": {"b": {"type": "integer", "minimum": 3}}, "required": ["b"]},
            ]
        }
    name = f"d{len(defs)}"
    defs[name] = {}  # reserve the name before nested refs add theirs
    defs[name] = random_schema(rng, depth + 1, defs)
    return {"$ref": f"#/$defs/{name}"}


@pytest.mark.parametrize("batch", range(8))
def test_generated_values_validate_against_random_schemas(batch: int) -> None:
    rng = random.Random(batch)
    for _ in range(60):
        defs: dict[str, Any] = {}
        schema = random_schema(rng, 0, defs)
        if isinstance(schema, dict) and defs:
            schema = {**schema, "$defs": defs}
        validator = jsonschema.Draft202012Validator(schema, format_checker=FORMATS)
        for seed in range(5):
            value = json_from_schema(random.Random(seed), schema)
            errors = list(validator.iter_errors(value))
            assert not errors, (schema, value, errors[0].message)


RECURSIVE = {
    "$defs": {
        "node": {
            "type": "object",
            "properties": {
                "label": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                "parent": {"anyOf": [{"$ref": "#/$defs/node"}, {"type": "null"}]},
            },
            "required": ["label", "children", "parent"],
            "additionalProperties": False,
        }
    },
    "$ref": "#/$defs/node",
}


@pytest.mark.parametrize("seed", range(40))
def test_recursive_schemas_terminate(seed: int) -> None:
    value = json_from_schema(random.Random(seed), RECURSIVE)
    jsonschema.validate(value, RECURSIVE)


def test_root_recursion() -> None:
    schema = {
        "type": "object",
        "properties": {
            "next": {"anyOf": [{"$ref": "#"}, {"type": "null"}]},
            "v": {"type": "integer"},
        },
        "required": ["next", "v"],
        "additionalProperties": False,
    }
    for seed in range(20):
        jsonschema.validate(json_from_schema(random.Random(seed), schema), schema)


def test_draft4_style_schemas() -> None:
    schema = {
        "type": "object",
        "definitions": {
            "pos": {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": 1}
        },
        "properties": {
            "p": {"$ref": "#/definitions/pos"},
            "pair": {
                "type": "array",
                "items": [{"type": "string"}, {"type": "boolean"}],
                "additionalItems": False,
            },
        },
        "required": ["p", "pair"],
    }
    for seed in range(30):
        jsonschema.Draft4Validator(schema).validate(json_from_schema(random.Random(seed), schema))


def test_same_rng_same_value() -> None:
    assert json_from_schema(random.Random(9), RECURSIVE) == json_from_schema(
        random.Random(9), RECURSIVE
    )


def test_property_names_steer_the_values() -> None:
    schema = {
        "type": "object",
        "properties": {
            "email": {"type": "string"},
            "age": {"type": "integer"},
            "url": {"type": "string"},
        },
        "required": ["email", "age", "url"],
    }
    value = json_from_schema(random.Random(1), schema)
    assert re.fullmatch(r"[a-z]+\.[a-z]+@example\.(com|org|net)", value["email"])
    assert 18 <= value["age"] <= 90
    assert value["url"].startswith("https://")


def test_optional_properties_follow_the_probability() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    assert json_from_schema(random.Random(0), schema, optional_probability=0.0) == {}
    assert "a" in json_from_schema(random.Random(0), schema, optional_probability=1.0)


@pytest.mark.parametrize(
    "pattern", [*PATTERNS, r"^(?P<x>a|b)c[d-f]?\.$", r"x{2,}y*z+", r"[\w-]+\s\S"]
)
def test_regex_generation(pattern: str) -> None:
    rng = random.Random(0)
    for _ in range(100):
        assert re.search(pattern, string_from_pattern(pattern, rng))


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?=a)b", r"[", r"a{3,1}", r"*a"])
def test_unsupported_patterns_are_reported(pattern: str) -> None:
    with pytest.raises(PatternError):
        string_from_pattern(pattern, random.Random(0))


def test_unsupported_pattern_falls_back_to_text() -> None:
    value = json_from_schema(
        random.Random(0), {"type": "string", "pattern": r"(a)\1", "maxLength": 10}
    )
    assert isinstance(value, str)
    assert len(value) <= 10


def _object_schema(rng: random.Random) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    props = {f"p{i}": random_schema(rng, 1, defs) for i in range(rng.randint(1, 4))}
    schema: dict[str, Any] = {
        "type": "object",
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }
    if defs:
        schema["$defs"] = defs
    return schema


@pytest.mark.parametrize("batch", range(4))
def test_chat_tool_arguments_and_structured_outputs_validate(batch: int) -> None:
    rng = random.Random(1000 + batch)
    for round_ in range(25):
        schema = _object_schema(rng)
        validator = jsonschema.Draft202012Validator(schema, format_checker=FORMATS)
        tool = {"type": "function", "function": {"name": "f", "parameters": schema}}
        fmt = {"type": "json_schema", "json_schema": {"name": "out", "schema": schema}}
        for request in (
            {"tools": [tool], "tool_choice": "required"},
            {"response_format": fmt},
        ):
            body: dict[str, Any] = {
                "model": "gpt-4.1-mini",
                "messages": [{"role": "user", "content": f"round {round_}"}],
                **request,
            }
            validate_chat_request(body)
            message = chat_completion(CTX, body)["choices"][0]["message"]
            if "tools" in request:
                text = message["tool_calls"][0]["function"]["arguments"]
            else:
                text = message["content"]
            errors = list(validator.iter_errors(json.loads(text)))
            assert not errors, (schema, text, errors[0].message)
