"""An audio part of a user message, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ChatCompletionContentPartInputAudioParam", "InputAudio", "PromptCacheBreakpoint"]


class InputAudio(TypedDict, total=False):
    """Base64 audio bytes and their encoding."""

    data: Required[str]
    format: Required[Literal["wav", "mp3"]]


class PromptCacheBreakpoint(TypedDict, total=False):
    """Marks the end of a prompt prefix to cache explicitly."""

    mode: Required[Literal["explicit"]]


class ChatCompletionContentPartInputAudioParam(TypedDict, total=False):
    """A recording in a user message."""

    input_audio: Required[InputAudio]
    type: Required[Literal["input_audio"]]
    prompt_cache_breakpoint: PromptCacheBreakpoint
