"""Response bodies the benchmarks serve through ``httpx.MockTransport``.

The shapes follow real recorded traffic (``../shared/realworld-cassettes/``):
a ``gpt-4o-mini`` chat completion of about 1 KB with the usage details the
API sends today, ``chat.completion.chunk`` events with ``service_tier``,
``system_fingerprint``, ``usage: null`` and the ``obfuscation`` padding field,
and embedding lists pretty-printed the way the API prints them. Everything
is built once, deterministically, from a fixed seed.
"""

from __future__ import annotations

import base64
import json
import random
import struct
from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = [
    "API_KEY",
    "BASE_URL",
    "CHAT_MODEL",
    "CHAT_PARAMS",
    "EMBEDDING_MODEL",
    "JSON_HEADERS",
    "SSE_HEADERS",
    "EmbeddingBodies",
    "chat_completion_body",
    "chat_stream_events",
    "embedding_bodies",
    "embedding_inputs",
]

API_KEY = "sk-bench-not-a-real-key"
BASE_URL = "https://api.openai.com/v1"
CHAT_MODEL = "gpt-4o-mini"
EMBEDDING_MODEL = "text-embedding-3-small"

# A typical request: a system prompt, a user turn, a temperature.
CHAT_PARAMS: dict[str, Any] = {
    "model": CHAT_MODEL,
    "messages": [
        {"role": "system", "content": "You are a concise assistant for a travel agency."},
        {"role": "user", "content": "Suggest three things to do in Lisbon on a rainy day."},
    ],
    "temperature": 0.2,
}

_COMMON_HEADERS = {
    "openai-organization": "bench-org",
    "openai-processing-ms": "412",
    "openai-version": "2020-10-01",
    "x-request-id": "req_0f4c9d2b7a6e4b1c8d3e2f1a0b9c8d7e",
    "x-ratelimit-limit-requests": "10000",
    "x-ratelimit-remaining-requests": "9999",
    "x-ratelimit-limit-tokens": "200000",
    "x-ratelimit-remaining-tokens": "199942",
}
JSON_HEADERS = {"content-type": "application/json", **_COMMON_HEADERS}
SSE_HEADERS = {"content-type": "text/event-stream; charset=utf-8", **_COMMON_HEADERS}

_ANSWER = (
    "Here are three rainy-day ideas for Lisbon:\n\n"
    "1. **Museu Nacional do Azulejo**: five centuries of Portuguese tiles in a former convent.\n"
    "2. **Oceanário de Lisboa**: one of Europe's largest aquariums, easily half a day.\n"
    "3. **LX Factory**: bookshops, cafés and galleries under one roof in Alcântara.\n\n"
    "Bring an umbrella for the walk between the tram and the door!"
)


@cache
def chat_completion_body() -> bytes:
    """A non-streaming ``chat.completion`` of about 1 KB, as the API sends it."""
    body = {
        "id": "chatcmpl-BuBenchmarkX9qLr2fKcT5wYzH1mN",
        "object": "chat.completion",
        "created": 1752720361,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": _ANSWER,
                    "refusal": None,
                    "annotations": [],
                },
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": 31,
            "completion_tokens": 96,
            "total_tokens": 127,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        "service_tier": "default",
        "system_fingerprint": "fp_a288987b44",
    }
    return json.dumps(body, indent=2, ensure_ascii=False).encode()


def _chunk(rng: random.Random, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-Dx0XpqBenchStreamTjtnEl",
        "object": "chat.completion.chunk",
        "created": 1782955817,
        "model": "gpt-4o-mini-2024-07-18",
        "service_tier": "default",
        "system_fingerprint": "fp_d0469e1700",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        "usage": None,
        "obfuscation": "".join(rng.choices("abcdefghijkLMNOPQRS0123456789", k=rng.randint(2, 14))),
    }


def _event(payload: object) -> bytes:
    return b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"


@cache
def chat_stream_events(chunks: int) -> tuple[bytes, ...]:
    """A chat stream of ``chunks`` ``chat.completion.chunk`` events, then ``[DONE]``.

    One role chunk, content chunks of one token each, a ``finish_reason``
    chunk and a final usage chunk with no choices (``stream_options``
    ``include_usage``). Each event is one element, as a server flushing per
    token delivers them.
    """
    if chunks < 3:
        raise ValueError("a chat stream needs at least 3 chunks (role, finish, usage)")
    rng = random.Random(500)
    words = _ANSWER.replace("\n", " \n ").split(" ")
    events = [_event(_chunk(rng, {"role": "assistant", "content": "", "refusal": None}, None))]
    for position in range(chunks - 3):
        token = words[position % len(words)]
        events.append(_event(_chunk(rng, {"content": token + " "}, None)))
    events.append(_event(_chunk(rng, {}, "stop")))
    usage_chunk = _chunk(rng, {}, None)
    usage_chunk["choices"] = []
    usage_chunk["usage"] = {
        "prompt_tokens": 31,
        "completion_tokens": chunks - 3,
        "total_tokens": 31 + chunks - 3,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }
    events.append(_event(usage_chunk))
    events.append(b"data: [DONE]\n\n")
    return tuple(events)


@dataclass(frozen=True)
class EmbeddingBodies:
    """The same vectors served two ways: JSON floats and base64 float32."""

    rows: int
    dims: int
    floats: bytes
    base64: bytes


def _embedding_list(data: list[Any], rows: int) -> dict[str, Any]:
    return {
        "object": "list",
        "data": data,
        "model": EMBEDDING_MODEL,
        "usage": {"prompt_tokens": 9 * rows, "total_tokens": 9 * rows},
    }


@cache
def embedding_bodies(rows: int, dims: int) -> EmbeddingBodies:
    """``rows`` embeddings of ``dims`` float32 values, as floats and as base64."""
    rng = random.Random(1536)
    scale = dims**-0.5
    float_rows: list[list[float]] = []
    b64_rows: list[str] = []
    for _ in range(rows):
        packed = struct.pack(f"<{dims}f", *(rng.gauss(0.0, scale) for _ in range(dims)))
        # float32 values, printed with the 9 significant digits that round-trip them
        values = [float(format(v, ".9g")) for v in struct.unpack(f"<{dims}f", packed)]
        float_rows.append(values)
        b64_rows.append(base64.b64encode(packed).decode())
    floats = _embedding_list(
        [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(float_rows)],
        rows,
    )
    encoded = _embedding_list(
        [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(b64_rows)],
        rows,
    )
    return EmbeddingBodies(
        rows=rows,
        dims=dims,
        floats=json.dumps(floats, indent=2).encode(),
        base64=json.dumps(encoded, indent=2).encode(),
    )


def embedding_inputs(rows: int) -> list[str]:
    """``rows`` short input texts, one per embedding."""
    return [f"Customer review number {i}: the room was clean and quiet." for i in range(rows)]
