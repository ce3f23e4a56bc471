"""A tool result message, as sent in a request."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Required

from typing_extensions import TypedDict

from .chat_completion_content_part_text_param import ChatCompletionContentPartTextParam

__all__ = ["ChatCompletionToolMessageParam"]


class ChatCompletionToolMessageParam(TypedDict, total=False):
    """The result of a tool call, answering the call with ``tool_call_id``."""

    content: Required[str | Iterable[ChatCompletionContentPartTextParam]]
    role: Required[Literal["tool"]]
    tool_call_id: Required[str]
