"""One server-sent chunk of a streamed chat completion."""

from __future__ import annotations

from typing import Literal, TypeAlias

from openai_kit._models import BaseModel
from openai_kit.types.completion_usage import CompletionUsage

from ._moderation import (
    Moderation,
    ModerationError,
    ModerationOutcome,
    ModerationResult,
    ModerationResults,
)
from .chat_completion_token_logprob import ChatCompletionTokenLogprob

__all__ = [
    "ChatCompletionChunk",
    "Choice",
    "ChoiceDelta",
    "ChoiceDeltaFunctionCall",
    "ChoiceDeltaToolCall",
    "ChoiceDeltaToolCallFunction",
    "ChoiceLogprobs",
    "Moderation",
    "ModerationInput",
    "ModerationInputError",
    "ModerationInputModerationResults",
    "ModerationInputModerationResultsResult",
    "ModerationOutput",
    "ModerationOutputError",
    "ModerationOutputModerationResults",
    "ModerationOutputModerationResultsResult",
]

# The same shapes serve both sides of the moderation; these are their per-side names.
ModerationInput: TypeAlias = ModerationOutcome
ModerationInputError = ModerationError
ModerationInputModerationResults = ModerationResults
ModerationInputModerationResultsResult = ModerationResult
ModerationOutput: TypeAlias = ModerationOutcome
ModerationOutputError = ModerationError
ModerationOutputModerationResults = ModerationResults
ModerationOutputModerationResultsResult = ModerationResult


class ChoiceDeltaFunctionCall(BaseModel):
    """A piece of a legacy function call: name first, then argument fragments."""

    arguments: str | None = None
    name: str | None = None


class ChoiceDeltaToolCallFunction(BaseModel):
    """A piece of a function tool call: name first, then argument fragments."""

    arguments: str | None = None
    name: str | None = None


class ChoiceDeltaToolCall(BaseModel):
    """A piece of a tool call; ``index`` says which call of the message it extends."""

    index: int
    id: str | None = None
    function: ChoiceDeltaToolCallFunction | None = None
    type: Literal["function"] | None = None


class ChoiceDelta(BaseModel):
    """What this chunk adds to the message of a choice."""

    content: str | None = None
    function_call: ChoiceDeltaFunctionCall | None = None
    refusal: str | None = None
    role: Literal["developer", "system", "user", "assistant", "tool"] | None = None
    tool_calls: list[ChoiceDeltaToolCall] | None = None


class ChoiceLogprobs(BaseModel):
    """Log probabilities of the tokens this chunk adds."""

    content: list[ChatCompletionTokenLogprob] | None = None
    refusal: list[ChatCompletionTokenLogprob] | None = None


class Choice(BaseModel):
    """The part of one choice carried by this chunk."""

    delta: ChoiceDelta
    finish_reason: (
        Literal["stop", "length", "tool_calls", "content_filter", "function_call"] | None
    ) = None
    index: int
    logprobs: ChoiceLogprobs | None = None


class ChatCompletionChunk(BaseModel):
    """A streamed piece of a chat completion; the last may carry only usage."""

    id: str
    choices: list[Choice]
    created: int
    model: str
    object: Literal["chat.completion.chunk"]
    moderation: Moderation | None = None
    obfuscation: str | None = None
    service_tier: Literal["auto", "default", "flex", "scale", "priority", "fast"] | None = None
    system_fingerprint: str | None = None
    usage: CompletionUsage | None = None
