"""A function the model may call, as sent in a request."""

from __future__ import annotations

from typing import Required

from typing_extensions import TypedDict

from .function_parameters import FunctionParameters

__all__ = ["FunctionDefinition"]


class FunctionDefinition(TypedDict, total=False):
    """A callable function: its name, purpose and JSON Schema parameters."""

    name: Required[str]
    description: str
    parameters: FunctionParameters
    strict: bool | None
