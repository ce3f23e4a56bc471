"""The strict JSON Schema converter and ``pydantic_function_tool``.

Structured Outputs accept a schema only in its strict form: every object
closed, every property required, no ``$ref`` with siblings. These tests pin
that form on nested, optional, recursive, union and mapping-valued models.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import pydantic
import pytest
from pydantic import BaseModel, Field

import openai_kit
from openai_kit import pydantic_function_tool
from openai_kit.lib._parsing import PydanticFunctionTool, to_strict_json_schema


class Address(BaseModel):
    street: str
    city: str
    zip: str | None = None


class Person(BaseModel):
    """Someone with a home and maybe a workplace."""

    name: str
    age: int = Field(description="in whole years")
    home: Address
    work: Address | None = Field(default=None, description="where they work")
    tags: list[str] = []


class TreeNode(BaseModel):
    value: int
    children: list[TreeNode] = []
    parent: TreeNode | None = Field(default=None, description="the node above")


class Cat(BaseModel):
    kind: Literal["cat"]
    lives: int


class Dog(BaseModel):
    kind: Literal["dog"]
    good: bool


class Owner(BaseModel):
    pet: Annotated[Cat | Dog, Field(discriminator="kind")]
    by_name: dict[str, Address]


def walk(node: object) -> list[dict[str, Any]]:
    """Every schema object in ``node``, depth first."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(walk(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(walk(value))
    return found


def assert_strict(schema: dict[str, Any]) -> None:
    for node in walk(schema):
        if node.get("type") == "object":
            assert "additionalProperties" in node, node
            if isinstance(node["additionalProperties"], bool):
                assert node["additionalProperties"] is False, node
        if "properties" in node:
            assert node["required"] == list(node["properties"]), node
        if "$ref" in node:
            assert list(node) == ["$ref"], node
        assert "oneOf" not in node
        assert node.get("default", 0) is not None


def test_nested_model_is_closed_and_fully_required() -> None:
    schema = to_strict_json_schema(Person)
    assert_strict(schema)
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["name", "age", "home", "work", "tags"]
    assert schema["$defs"]["Address"]["required"] == ["street", "city", "zip"]
    assert schema["$defs"]["Address"]["additionalProperties"] is False
    # a plain reference stays a reference; $defs are kept
    assert schema["properties"]["home"] == {"$ref": "#/$defs/Address"}


def test_optional_fields_stay_nullable_and_lose_their_none_default() -> None:
    schema = to_strict_json_schema(Person)
    zip_code = schema["$defs"]["Address"]["properties"]["zip"]
    assert {"type": "null"} in zip_code["anyOf"]
    assert "default" not in zip_code
    # a non-None default is kept
    assert schema["properties"]["tags"]["default"] == []


def test_ref_with_a_description_is_inlined() -> None:
    schema = to_strict_json_schema(Person)
    age = schema["properties"]["age"]
    assert age == {"description": "in whole years", "title": "Age", "type": "integer"}
    work = schema["properties"]["work"]
    assert work["description"] == "where they work"
    assert {"$ref": "#/$defs/Address"} in work["anyOf"]


def test_recursive_model_keeps_refs_and_terminates() -> None:
    schema = to_strict_json_schema(TreeNode)
    assert_strict(schema)
    node = schema["$defs"]["TreeNode"] if "$defs" in schema else schema
    assert node["properties"]["children"]["items"] == {"$ref": "#/$defs/TreeNode"}
    assert {"$ref": "#/$defs/TreeNode"} in node["properties"]["parent"]["anyOf"]


def test_self_reference_with_description_does_not_recurse_forever() -> None:
    class Chain(BaseModel):
        label: str
        next: Chain = Field(description="the following link")

    Chain.model_rebuild()
    schema = to_strict_json_schema(Chain)
    assert_strict(schema)
    link = schema["properties"]["next"]
    assert link["description"] == "the following link"
    assert link["properties"]["next"] == {"$ref": "#/$defs/Chain"}


def test_discriminated_union_becomes_any_of_and_mappings_are_rewritten() -> None:
    schema = to_strict_json_schema(Owner)
    assert_strict(schema)
    pet = schema["properties"]["pet"]
    assert pet["anyOf"] == [{"$ref": "#/$defs/Cat"}, {"$ref": "#/$defs/Dog"}]
    assert "discriminator" not in pet
    by_name = schema["properties"]["by_name"]
    assert by_name["additionalProperties"] == {"$ref": "#/$defs/Address"}


def test_type_adapter_and_pydantic_dataclass() -> None:
    @pydantic.dataclasses.dataclass
    class Point:
        x: float
        y: float | None = None

    from_dataclass = to_strict_json_schema(Point)
    from_adapter = to_strict_json_schema(pydantic.TypeAdapter(Point))
    assert from_dataclass == from_adapter
    assert from_dataclass["required"] == ["x", "y"]
    assert from_dataclass["additionalProperties"] is False


def test_the_model_schema_is_not_mutated() -> None:
    before = json.dumps(Person.model_json_schema(), sort_keys=True)
    to_strict_json_schema(Person)
    assert json.dumps(Person.model_json_schema(), sort_keys=True) == before


@pytest.mark.parametrize("value", [dict, int, "Person", {"type": "object"}])
def test_non_pydantic_types_are_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        to_strict_json_schema(value)


def test_unresolvable_reference_is_an_error() -> None:
    class Broken(BaseModel):
        x: int

    original = Broken.model_json_schema

    def bad_schema(*args: Any, **kwargs: Any) -> dict[str, Any]:
        schema = original(*args, **kwargs)
        schema["properties"]["x"] = {"$ref": "#/$defs/Missing", "description": "gone"}
        return schema

    Broken.model_json_schema = bad_schema  # type: ignore[method-assign]
    with pytest.raises(ValueError, match="Missing"):
        to_strict_json_schema(Broken)


# --- pydantic_function_tool --------------------------------------------------------


def test_pydantic_function_tool_shape() -> None:
    tool = pydantic_function_tool(Person)
    assert tool["type"] == "function"
    function = tool["function"]
    assert function["name"] == "Person"
    assert function["strict"] is True
    assert function.get("description") == "Someone with a home and maybe a workplace."
    assert function.get("parameters") == to_strict_json_schema(Person)
    assert isinstance(function, PydanticFunctionTool)
    assert function.model is Person
    # it is sent as plain JSON
    assert json.loads(json.dumps(tool))["function"]["name"] == "Person"


def test_pydantic_function_tool_overrides_and_missing_docstring() -> None:
    tool = pydantic_function_tool(Address, name="lookup_address", description="Find it.")
    assert tool["function"]["name"] == "lookup_address"
    assert tool["function"].get("description") == "Find it."
    bare = pydantic_function_tool(Address)
    assert "description" not in bare["function"]


def test_exported_from_the_package_root() -> None:
    assert openai_kit.pydantic_function_tool is pydantic_function_tool
    assert "pydantic_function_tool" in openai_kit.__all__
    for name in ("LengthFinishReasonError", "ContentFilterFinishReasonError"):
        error = getattr(openai_kit, name)
        assert issubclass(error, openai_kit.OpenAIError)
        assert error.__module__ == "openai_kit"
