"""A function tool call of an earlier assistant message, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ChatCompletionMessageFunctionToolCallParam", "Function"]


class Function(TypedDict, total=False):
    """The function called and its JSON-encoded arguments."""

    arguments: Required[str]
    name: Required[str]


class ChatCompletionMessageFunctionToolCallParam(TypedDict, total=False):
    """A call of a function tool that the model made earlier."""

    id: Required[str]
    function: Required[Function]
    type: Required[Literal["function"]]
