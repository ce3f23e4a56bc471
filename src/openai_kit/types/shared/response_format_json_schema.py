"""The structured-output response format."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from openai_kit._models import BaseModel

__all__ = ["JSONSchema", "ResponseFormatJSONSchema"]


class JSONSchema(BaseModel):
    """A named JSON Schema that the output must follow."""

    name: str
    description: str | None = None
    # "schema" would shadow a pydantic BaseModel attribute, hence the alias.
    schema_: dict[str, object] | None = Field(default=None, alias="schema")
    strict: bool | None = None


class ResponseFormatJSONSchema(BaseModel):
    """Ask for output that matches a given JSON Schema."""

    json_schema: JSONSchema
    type: Literal["json_schema"]
