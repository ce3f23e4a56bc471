"""``POST /v1/completions`` (legacy): ``text_completion`` bodies and streams."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from openai_kit.mockserver.generation.catalog import model_of, resolve_model
from openai_kit.mockserver.generation.context import GenContext
from openai_kit.mockserver.generation.logprobs import completion_logprobs
from openai_kit.mockserver.generation.rng import derive_seed, random_alnum, request_seed, sub_rng
from openai_kit.mockserver.generation.text import reply_text
from openai_kit.mockserver.generation.tokens import tokenize
from openai_kit.mockserver.generation.vocab import vocab

__all__ = ["completion", "completion_chunks"]

_DEFAULT_MAX_TOKENS: Final = 16
_DELIVERY_KEYS: Final = frozenset(
    {"stream", "stream_options", "max_tokens", "stop", "logprobs", "n", "best_of", "echo", "user"}
)


@dataclass(slots=True)
class _Choice:
    index: int
    prompt: str
    tokens: list[str]
    text: str
    finish_reason: str
    logprobs: dict[str, Any] | None


def _prompts(value: Any) -> list[str]:
    """Each prompt as text; token-id prompts are rendered through the word list."""
    if value is None:
        return [""]
    if isinstance(value, str):
        return [value]
    if all(isinstance(v, str) for v in value):
        return list(value)
    words = vocab().words

    def render(ids: list[int]) -> str:
        return "".join(" " + words[int(i) % len(words)] for i in ids)

    if all(isinstance(v, int) for v in value):
        return [render(value)]
    return [render(v) for v in value]


def _cut(text: str, stops: list[str], budget: int) -> tuple[list[str], str, str]:
    finish = "stop"
    hits = [i for i in (text.find(s) for s in stops) if i >= 0]
    if hits:
        text = text[: min(hits)]
    tokens = tokenize(text)
    if len(tokens) > budget:
        tokens = tokens[:budget]
        finish = "length"
    return tokens, "".join(tokens), finish


def _stops(body: Mapping[str, Any]) -> list[str]:
    stop = body.get("stop")
    if isinstance(stop, str):
        return [stop] if stop else []
    return [s for s in stop or () if s]


def _plan(ctx: GenContext, body: Mapping[str, Any]) -> tuple[str, str, list[_Choice], int, int]:
    info = resolve_model(model_of(body), "completion", azure=ctx.azure, custom=ctx.custom)
    seed = request_seed(ctx.seed, "completions", body, _DELIVERY_KEYS)
    n = int(body.get("n") or 1)
    best_of = max(int(body.get("best_of") or 1), n)
    budget = body.get("max_tokens")
    budget = _DEFAULT_MAX_TOKENS if budget is None else int(budget)
    top = body.get("logprobs")
    echo = bool(body.get("echo"))
    prompts = _prompts(body.get("prompt"))
    choices: list[_Choice] = []
    prompt_tokens = 0
    generated = 0
    for p_index, prompt in enumerate(prompts):
        prompt_pieces = tokenize(prompt)
        prompt_tokens += len(prompt_pieces)
        for candidate in range(best_of):
            rng = sub_rng(seed, p_index * 1000 + candidate)
            raw = " " + reply_text(rng, 1, 3)
            tokens, text, finish = _cut(raw, _stops(body), budget)
            generated += len(tokens)
            if candidate >= n:
                continue
            logprobs = None
            if top is not None:
                lp_rng = random.Random(derive_seed(seed, "logprobs", p_index, candidate))
                shown = prompt_pieces + tokens if echo else tokens
                logprobs = completion_logprobs(
                    lp_rng,
                    shown,
                    int(top),
                    offset=0 if echo else len(prompt),
                    unscored=1 if echo and prompt_pieces else 0,
                )
            choices.append(
                _Choice(
                    index=p_index * n + candidate,
                    prompt=prompt if echo else "",
                    tokens=tokens,
                    text=(prompt if echo else "") + text,
                    finish_reason=finish,
                    logprobs=logprobs,
                )
            )
    id_rng = random.Random(derive_seed(seed, "id"))
    return (
        "cmpl-" + random_alnum(id_rng, 29),
        info.response_model,
        choices,
        prompt_tokens,
        generated,
    )


def _usage(prompt_tokens: int, generated: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": generated,
        "total_tokens": prompt_tokens + generated,
    }


def completion(ctx: GenContext, body: Mapping[str, Any]) -> dict[str, Any]:
    """A ``text_completion`` for a validated request (``max_tokens`` defaults to 16)."""
    completion_id, model, choices, prompt_tokens, generated = _plan(ctx, body)
    return {
        "id": completion_id,
        "object": "text_completion",
        "created": ctx.created,
        "model": model,
        "choices": [
            {
                "text": c.text,
                "index": c.index,
                "logprobs": c.logprobs,
                "finish_reason": c.finish_reason,
            }
            for c in choices
        ],
        "usage": _usage(prompt_tokens, generated),
    }


def _slice_logprobs(logprobs: dict[str, Any] | None, start: int, stop: int) -> Any:
    if logprobs is None:
        return None
    return {key: values[start:stop] for key, values in logprobs.items()}


def completion_chunks(ctx: GenContext, body: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The stream of a validated request: one chunk per token, then a finish chunk each."""
    completion_id, model, choices, prompt_tokens, generated = _plan(ctx, body)
    include_usage = bool((body.get("stream_options") or {}).get("include_usage"))

    def chunk(choice_list: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": completion_id,
            "object": "text_completion",
            "created": ctx.created,
            "choices": choice_list,
            "model": model,
        }
        if include_usage:
            out["usage"] = None
        out.update(extra)
        return out

    chunks: list[dict[str, Any]] = []
    for c in choices:
        segments: list[tuple[str, int]] = []
        if c.prompt:
            segments.append((c.prompt, len(tokenize(c.prompt))))
        segments.extend((token, 1) for token in c.tokens)
        offset = 0
        for text, width in segments:
            entry = {
                "text": text,
                "index": c.index,
                "logprobs": _slice_logprobs(c.logprobs, offset, offset + width),
                "finish_reason": None,
            }
            offset += width
            chunks.append(chunk([entry]))
        final = {"text": "", "index": c.index, "logprobs": None, "finish_reason": c.finish_reason}
        chunks.append(chunk([final]))
    if include_usage:
        chunks.append(chunk([], usage=_usage(prompt_tokens, generated)))
    return chunks
