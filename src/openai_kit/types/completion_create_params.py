"""Request parameters of ``completions.create``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, Required, TypeAlias

from typing_extensions import TypedDict

from .chat.chat_completion_stream_options_param import ChatCompletionStreamOptionsParam

__all__ = [
    "CompletionCreateParams",
    "CompletionCreateParamsBase",
    "CompletionCreateParamsNonStreaming",
    "CompletionCreateParamsStreaming",
]


class CompletionCreateParamsBase(TypedDict, total=False):
    """The body fields shared by the streaming and non-streaming calls."""

    model: Required[str | Literal["gpt-3.5-turbo-instruct", "davinci-002", "babbage-002"]]
    prompt: Required[str | Sequence[str] | Iterable[int] | Iterable[Iterable[int]] | None]
    best_of: int | None
    echo: bool | None
    frequency_penalty: float | None
    logit_bias: dict[str, int] | None
    logprobs: int | None
    max_tokens: int | None
    n: int | None
    presence_penalty: float | None
    seed: int | None
    stop: str | Sequence[str] | None
    stream_options: ChatCompletionStreamOptionsParam | None
    suffix: str | None
    temperature: float | None
    top_p: float | None
    user: str


class CompletionCreateParamsNonStreaming(CompletionCreateParamsBase, total=False):
    """Parameters of a call that returns one ``Completion``."""

    stream: Literal[False] | None


class CompletionCreateParamsStreaming(CompletionCreateParamsBase):
    """Parameters of a call that returns a stream of ``Completion`` chunks."""

    stream: Required[Literal[True]]


CompletionCreateParams: TypeAlias = (
    CompletionCreateParamsNonStreaming | CompletionCreateParamsStreaming
)
