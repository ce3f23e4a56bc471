"""A custom tool call made by the model."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

__all__ = ["ChatCompletionMessageCustomToolCall", "Custom"]


class Custom(BaseModel):
    """The custom tool called and the free-form input the model wrote for it."""

    input: str
    name: str


class ChatCompletionMessageCustomToolCall(BaseModel):
    """A call of a custom tool, with its id for the tool reply."""

    id: str
    custom: Custom
    type: Literal["custom"]
