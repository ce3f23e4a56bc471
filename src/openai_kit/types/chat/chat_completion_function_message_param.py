"""A legacy function result message, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ChatCompletionFunctionMessageParam"]


class ChatCompletionFunctionMessageParam(TypedDict, total=False):
    """The result of a legacy function call (superseded by tool messages)."""

    content: Required[str | None]
    name: Required[str]
    role: Required[Literal["function"]]
