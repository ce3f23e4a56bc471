"""The structured-output response format, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["JSONSchema", "ResponseFormatJSONSchema"]


class JSONSchema(TypedDict, total=False):
    """A named JSON Schema that the output must follow."""

    name: Required[str]
    description: str
    schema: dict[str, object]
    strict: bool | None


class ResponseFormatJSONSchema(TypedDict, total=False):
    """Ask for output that matches a given JSON Schema."""

    json_schema: Required[JSONSchema]
    type: Required[Literal["json_schema"]]
