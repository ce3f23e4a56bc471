"""Forcing a legacy function call, as sent in a request."""

from __future__ import annotations

from typing import Required

from typing_extensions import TypedDict

__all__ = ["ChatCompletionFunctionCallOptionParam"]


class ChatCompletionFunctionCallOptionParam(TypedDict, total=False):
    """Make the model call the function with this name."""

    name: Required[str]
