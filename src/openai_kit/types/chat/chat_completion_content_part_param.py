"""The parts a user message's content can be made of, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required, TypeAlias

from typing_extensions import TypedDict

from .chat_completion_content_part_image_param import ChatCompletionContentPartImageParam
from .chat_completion_content_part_input_audio_param import (
    ChatCompletionContentPartInputAudioParam,
)
from .chat_completion_content_part_text_param import ChatCompletionContentPartTextParam

__all__ = ["ChatCompletionContentPartParam", "File", "FileFile", "FilePromptCacheBreakpoint"]


class FileFile(TypedDict, total=False):
    """The file: an uploaded file's id, or inline base64 data with a file name."""

    file_data: str
    file_id: str
    filename: str


class FilePromptCacheBreakpoint(TypedDict, total=False):
    """Marks the end of a prompt prefix to cache explicitly."""

    mode: Required[Literal["explicit"]]


class File(TypedDict, total=False):
    """A file (such as a PDF) in a user message."""

    file: Required[FileFile]
    type: Required[Literal["file"]]
    prompt_cache_breakpoint: FilePromptCacheBreakpoint


ChatCompletionContentPartParam: TypeAlias = (
    ChatCompletionContentPartTextParam
    | ChatCompletionContentPartImageParam
    | ChatCompletionContentPartInputAudioParam
    | File
)
