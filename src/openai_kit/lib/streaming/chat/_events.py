"""The events ``chat.completions.stream`` yields, besides each raw chunk."""

from __future__ import annotations

from typing import Generic, Literal, TypeAlias

from ...._models import BaseModel
from ....types.chat.chat_completion_chunk import ChatCompletionChunk
from ....types.chat.chat_completion_token_logprob import ChatCompletionTokenLogprob
from ....types.chat.parsed_chat_completion import ParsedChatCompletion
from ..._parsing._completions import ResponseFormatT

__all__ = [
    "ChatCompletionStreamEvent",
    "ChunkEvent",
    "ContentDeltaEvent",
    "ContentDoneEvent",
    "FunctionToolCallArgumentsDeltaEvent",
    "FunctionToolCallArgumentsDoneEvent",
    "LogprobsContentDeltaEvent",
    "LogprobsContentDoneEvent",
    "LogprobsRefusalDeltaEvent",
    "LogprobsRefusalDoneEvent",
    "RefusalDeltaEvent",
    "RefusalDoneEvent",
]


class ChunkEvent(BaseModel):
    """A raw chunk arrived; ``snapshot`` is the completion accumulated so far."""

    type: Literal["chunk"]
    chunk: ChatCompletionChunk
    snapshot: ParsedChatCompletion[object]


class ContentDeltaEvent(BaseModel):
    """More message content: ``delta`` is new, ``snapshot`` is all of it so far.

    With a ``response_format`` type, ``parsed`` is the partial JSON decoded so far.
    """

    type: Literal["content.delta"]
    delta: str
    snapshot: str
    parsed: object | None = None


class ContentDoneEvent(BaseModel, Generic[ResponseFormatT]):
    """The message content is complete; ``parsed`` is it as the ``response_format`` type."""

    type: Literal["content.done"]
    content: str
    parsed: ResponseFormatT | None = None


class RefusalDeltaEvent(BaseModel):
    """More of a refusal: ``delta`` is new, ``snapshot`` is all of it so far."""

    type: Literal["refusal.delta"]
    delta: str
    snapshot: str


class RefusalDoneEvent(BaseModel):
    """The refusal is complete."""

    type: Literal["refusal.done"]
    refusal: str


class FunctionToolCallArgumentsDeltaEvent(BaseModel):
    """More arguments of tool call ``index``: ``arguments`` is the JSON text so far."""

    type: Literal["tool_calls.function.arguments.delta"]
    name: str
    index: int
    arguments: str
    parsed_arguments: object
    arguments_delta: str


class FunctionToolCallArgumentsDoneEvent(BaseModel):
    """Tool call ``index`` is complete; ``parsed_arguments`` as for ``ParsedFunction``."""

    type: Literal["tool_calls.function.arguments.done"]
    name: str
    index: int
    arguments: str
    parsed_arguments: object


class LogprobsContentDeltaEvent(BaseModel):
    """Log probabilities of new content tokens, and of all of them so far."""

    type: Literal["logprobs.content.delta"]
    content: list[ChatCompletionTokenLogprob]
    snapshot: list[ChatCompletionTokenLogprob]


class LogprobsContentDoneEvent(BaseModel):
    """Log probabilities of every content token."""

    type: Literal["logprobs.content.done"]
    content: list[ChatCompletionTokenLogprob]


class LogprobsRefusalDeltaEvent(BaseModel):
    """Log probabilities of new refusal tokens, and of all of them so far."""

    type: Literal["logprobs.refusal.delta"]
    refusal: list[ChatCompletionTokenLogprob]
    snapshot: list[ChatCompletionTokenLogprob]


class LogprobsRefusalDoneEvent(BaseModel):
    """Log probabilities of every refusal token."""

    type: Literal["logprobs.refusal.done"]
    refusal: list[ChatCompletionTokenLogprob]


ChatCompletionStreamEvent: TypeAlias = (
    ChunkEvent
    | ContentDeltaEvent
    | ContentDoneEvent[ResponseFormatT]
    | RefusalDeltaEvent
    | RefusalDoneEvent
    | FunctionToolCallArgumentsDeltaEvent
    | FunctionToolCallArgumentsDoneEvent
    | LogprobsContentDeltaEvent
    | LogprobsContentDoneEvent
    | LogprobsRefusalDeltaEvent
    | LogprobsRefusalDoneEvent
)
