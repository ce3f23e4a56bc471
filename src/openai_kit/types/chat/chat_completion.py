"""The response of a (non-streamed) chat completion."""

from __future__ import annotations

from typing import Literal, TypeAlias

from openai_kit._models import BaseModel
from openai_kit.types.completion_usage import CompletionUsage
from openai_kit.types.shared.metadata import Metadata

from ._moderation import (
    Moderation,
    ModerationError,
    ModerationOutcome,
    ModerationResult,
    ModerationResults,
)
from .chat_completion_message import ChatCompletionMessage
from .chat_completion_token_logprob import ChatCompletionTokenLogprob

__all__ = [
    "ChatCompletion",
    "Choice",
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


class ChoiceLogprobs(BaseModel):
    """Log probabilities of the content and refusal tokens of a choice."""

    content: list[ChatCompletionTokenLogprob] | None = None
    refusal: list[ChatCompletionTokenLogprob] | None = None


class Choice(BaseModel):
    """One of the completions the model produced."""

    finish_reason: Literal["stop", "length", "tool_calls", "content_filter", "function_call"]
    index: int
    logprobs: ChoiceLogprobs | None = None
    message: ChatCompletionMessage


class ChatCompletion(BaseModel):
    """A chat completion: the choices the model produced, with usage."""

    id: str
    choices: list[Choice]
    created: int
    model: str
    object: Literal["chat.completion"]
    metadata: Metadata | None = None
    moderation: Moderation | None = None
    service_tier: Literal["auto", "default", "flex", "scale", "priority", "fast"] | None = None
    system_fingerprint: str | None = None
    usage: CompletionUsage | None = None
