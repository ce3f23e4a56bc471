"""Predicted output, as sent in a request."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Required

from typing_extensions import TypedDict

from .chat_completion_content_part_text_param import ChatCompletionContentPartTextParam

__all__ = ["ChatCompletionPredictionContentParam"]


class ChatCompletionPredictionContentParam(TypedDict, total=False):
    """Text the answer is expected to largely repeat, to speed generation up."""

    content: Required[str | Iterable[ChatCompletionContentPartTextParam]]
    type: Required[Literal["content"]]
