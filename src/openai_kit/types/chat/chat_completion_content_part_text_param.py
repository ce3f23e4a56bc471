"""A text part of a message's content, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ChatCompletionContentPartTextParam", "PromptCacheBreakpoint"]


class PromptCacheBreakpoint(TypedDict, total=False):
    """Marks the end of a prompt prefix to cache explicitly."""

    mode: Required[Literal["explicit"]]


class ChatCompletionContentPartTextParam(TypedDict, total=False):
    """A piece of text in a message."""

    text: Required[str]
    type: Required[Literal["text"]]
    prompt_cache_breakpoint: PromptCacheBreakpoint
