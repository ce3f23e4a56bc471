"""A refusal part of an assistant message, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ChatCompletionContentPartRefusalParam"]


class ChatCompletionContentPartRefusalParam(TypedDict, total=False):
    """A refusal the assistant gave earlier in the conversation."""

    refusal: Required[str]
    type: Required[Literal["refusal"]]
