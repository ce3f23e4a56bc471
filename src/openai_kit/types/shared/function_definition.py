"""A function the model may call, as the API echoes it back."""

from __future__ import annotations

from openai_kit._models import BaseModel

from .function_parameters import FunctionParameters

__all__ = ["FunctionDefinition"]


class FunctionDefinition(BaseModel):
    """A callable function: its name, purpose and JSON Schema parameters."""

    name: str
    description: str | None = None
    parameters: FunctionParameters | None = None
    strict: bool | None = None
