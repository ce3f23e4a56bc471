"""Log-probability entries for generated tokens (chat and legacy completions shapes)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from openai_kit.mockserver.generation.vocab import vocab

__all__ = ["chat_logprobs", "completion_logprobs"]


def _logprob(rng: random.Random) -> float:
    # Mostly confident tokens (close to 0), now and then an unsure one.
    return -rng.expovariate(3.0) if rng.random() < 0.9 else -rng.uniform(0.5, 4.0)


def _alternative(rng: random.Random, token: str) -> str:
    words = vocab().words
    for _ in range(4):
        alt = rng.choice(words)
        if token.startswith(" "):
            alt = " " + alt
        elif token[:1].isupper():
            alt = alt.capitalize()
        if alt != token:
            return alt
    return token + "s"


def chat_logprobs(rng: random.Random, tokens: Sequence[str], top: int) -> list[dict[str, Any]]:
    """One ``ChatCompletionTokenLogprob`` per token, each with ``top`` alternatives."""
    entries: list[dict[str, Any]] = []
    for token in tokens:
        value = _logprob(rng)
        encoded = list(token.encode())
        alternatives: list[dict[str, Any]] = []
        if top > 0:
            alternatives.append({"token": token, "logprob": value, "bytes": encoded})
            current = value
            for _ in range(top - 1):
                current -= rng.uniform(0.3, 3.0)
                alt = _alternative(rng, token)
                alternatives.append({"token": alt, "logprob": current, "bytes": list(alt.encode())})
        entries.append(
            {"token": token, "logprob": value, "bytes": encoded, "top_logprobs": alternatives}
        )
    return entries


def completion_logprobs(
    rng: random.Random,
    tokens: Sequence[str],
    top: int,
    *,
    offset: int = 0,
    unscored: int = 0,
) -> dict[str, Any]:
    """The legacy completions ``logprobs`` object for ``tokens``.

    ``offset`` is the text offset of the first token; the first ``unscored``
    tokens (an echoed prompt's first token) get ``null`` log-probabilities.
    """
    token_logprobs: list[float | None] = []
    top_logprobs: list[dict[str, float] | None] = []
    offsets: list[int] = []
    position = offset
    for index, token in enumerate(tokens):
        offsets.append(position)
        position += len(token)
        if index < unscored:
            token_logprobs.append(None)
            top_logprobs.append(None)
            continue
        value = _logprob(rng)
        token_logprobs.append(value)
        ranked: dict[str, float] = {}
        if top > 0:
            ranked[token] = value
            current = value
            while len(ranked) < top:
                current -= rng.uniform(0.3, 3.0)
                ranked.setdefault(_alternative(rng, token), current)
        top_logprobs.append(ranked)
    return {
        "tokens": list(tokens),
        "token_logprobs": token_logprobs,
        "top_logprobs": top_logprobs,
        "text_offset": offsets,
    }
