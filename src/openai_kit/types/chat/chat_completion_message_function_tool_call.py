"""A function tool call made by the model."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

__all__ = ["ChatCompletionMessageFunctionToolCall", "Function"]


class Function(BaseModel):
    """The function called and its JSON-encoded arguments."""

    arguments: str
    name: str


class ChatCompletionMessageFunctionToolCall(BaseModel):
    """A call of a function tool, with its id for the tool reply."""

    id: str
    function: Function
    type: Literal["function"]
