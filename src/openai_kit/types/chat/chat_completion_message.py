"""The assistant message of a chat completion choice."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

from .chat_completion_audio import ChatCompletionAudio
from .chat_completion_message_tool_call import ChatCompletionMessageToolCallUnion

__all__ = ["Annotation", "AnnotationURLCitation", "ChatCompletionMessage", "FunctionCall"]


class AnnotationURLCitation(BaseModel):
    """A web page cited in the message, with the span of text it supports."""

    end_index: int
    start_index: int
    title: str
    url: str


class Annotation(BaseModel):
    """A note on the message text; today always a URL citation."""

    type: Literal["url_citation"]
    url_citation: AnnotationURLCitation


class FunctionCall(BaseModel):
    """A legacy function call: the function's name and JSON-encoded arguments."""

    arguments: str
    name: str


class ChatCompletionMessage(BaseModel):
    """What the model said: text, a refusal, tool calls or audio."""

    content: str | None = None
    refusal: str | None = None
    role: Literal["assistant"]
    annotations: list[Annotation] | None = None
    audio: ChatCompletionAudio | None = None
    function_call: FunctionCall | None = None
    tool_calls: list[ChatCompletionMessageToolCallUnion] | None = None
