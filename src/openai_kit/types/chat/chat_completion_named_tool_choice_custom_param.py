"""Forcing a call of one custom tool, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ChatCompletionNamedToolChoiceCustomParam", "Custom"]


class Custom(TypedDict, total=False):
    """The custom tool to call."""

    name: Required[str]


class ChatCompletionNamedToolChoiceCustomParam(TypedDict, total=False):
    """Make the model call this custom tool."""

    custom: Required[Custom]
    type: Required[Literal["custom"]]
