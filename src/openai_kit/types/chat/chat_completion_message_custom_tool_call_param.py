"""A custom tool call of an earlier assistant message, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ChatCompletionMessageCustomToolCallParam", "Custom"]


class Custom(TypedDict, total=False):
    """The custom tool called and the input the model wrote for it."""

    input: Required[str]
    name: Required[str]


class ChatCompletionMessageCustomToolCallParam(TypedDict, total=False):
    """A call of a custom tool that the model made earlier."""

    id: Required[str]
    custom: Required[Custom]
    type: Required[Literal["custom"]]
