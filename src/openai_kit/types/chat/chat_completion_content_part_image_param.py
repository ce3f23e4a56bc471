"""An image part of a user message, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ChatCompletionContentPartImageParam", "ImageURL", "PromptCacheBreakpoint"]


class ImageURL(TypedDict, total=False):
    """Where the image is (a URL or a base64 data URL) and how closely to look."""

    url: Required[str]
    detail: Literal["auto", "low", "high"]


class PromptCacheBreakpoint(TypedDict, total=False):
    """Marks the end of a prompt prefix to cache explicitly."""

    mode: Required[Literal["explicit"]]


class ChatCompletionContentPartImageParam(TypedDict, total=False):
    """An image in a user message."""

    image_url: Required[ImageURL]
    type: Required[Literal["image_url"]]
    prompt_cache_breakpoint: PromptCacheBreakpoint
