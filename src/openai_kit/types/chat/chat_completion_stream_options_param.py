"""Options for a streamed chat completion, as sent in a request."""

from __future__ import annotations

from typing_extensions import TypedDict

__all__ = ["ChatCompletionStreamOptionsParam"]


class ChatCompletionStreamOptionsParam(TypedDict, total=False):
    """Whether to add a usage chunk and obfuscation padding to the stream."""

    include_obfuscation: bool
    include_usage: bool
