"""An earlier assistant message, as sent back in a request."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Required, TypeAlias

from typing_extensions import TypedDict

from .chat_completion_content_part_refusal_param import ChatCompletionContentPartRefusalParam
from .chat_completion_content_part_text_param import ChatCompletionContentPartTextParam
from .chat_completion_message_tool_call_union_param import ChatCompletionMessageToolCallUnionParam

__all__ = [
    "Audio",
    "ChatCompletionAssistantMessageParam",
    "ContentArrayOfContentPart",
    "FunctionCall",
]


class Audio(TypedDict, total=False):
    """A reference to audio the model produced in an earlier turn."""

    id: Required[str]


ContentArrayOfContentPart: TypeAlias = (
    ChatCompletionContentPartTextParam | ChatCompletionContentPartRefusalParam
)


class FunctionCall(TypedDict, total=False):
    """A legacy function call the model made earlier."""

    arguments: Required[str]
    name: Required[str]


class ChatCompletionAssistantMessageParam(TypedDict, total=False):
    """What the model said earlier: text, a refusal, tool calls or an audio reference."""

    role: Required[Literal["assistant"]]
    audio: Audio | None
    content: str | Iterable[ContentArrayOfContentPart] | None
    function_call: FunctionCall | None
    name: str
    refusal: str | None
    tool_calls: Iterable[ChatCompletionMessageToolCallUnionParam]
