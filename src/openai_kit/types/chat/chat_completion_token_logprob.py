"""Log probabilities of the tokens in a chat completion."""

from __future__ import annotations

from openai_kit._models import BaseModel

__all__ = ["ChatCompletionTokenLogprob", "TopLogprob"]


class TopLogprob(BaseModel):
    """One of the most likely tokens at a position, with its log probability."""

    token: str
    bytes: list[int] | None = None
    logprob: float


class ChatCompletionTokenLogprob(BaseModel):
    """A generated token, its log probability and the likeliest alternatives."""

    token: str
    bytes: list[int] | None = None
    logprob: float
    top_logprobs: list[TopLogprob]
