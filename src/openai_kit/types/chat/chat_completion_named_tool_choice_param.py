"""Forcing a call of one function tool, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ChatCompletionNamedToolChoiceParam", "Function"]


class Function(TypedDict, total=False):
    """The function to call."""

    name: Required[str]


class ChatCompletionNamedToolChoiceParam(TypedDict, total=False):
    """Make the model call this function tool."""

    function: Required[Function]
    type: Required[Literal["function"]]
