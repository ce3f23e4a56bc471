"""A tool choice naming the allowed tools, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

from .chat_completion_allowed_tools_param import ChatCompletionAllowedToolsParam

__all__ = ["ChatCompletionAllowedToolChoiceParam"]


class ChatCompletionAllowedToolChoiceParam(TypedDict, total=False):
    """Let the model choose only among the allowed tools."""

    allowed_tools: Required[ChatCompletionAllowedToolsParam]
    type: Required[Literal["allowed_tools"]]
