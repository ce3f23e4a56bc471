"""Response bodies the benchmarks serve through ``httpx.MockTransport``.

The shapes follow real recorded traffic (``../shared/realworld-cassettes/``):
a ``gpt-4o-mini`` chat completion of about 1 KB with the usage details the
API sends today, ``chat.completion.chunk`` events with ``service_tier``,
``system_fingerprint``, ``usage: null`` and the ``obfuscation`` padding field,
Responses API streams framed ``event: <type>`` + ``data: <json>`` with
sequence numbers and a full ``Response`` in the first two and the last
event, and embedding lists pretty-printed the way the API prints them.
Everything is built here in code (nothing is read from ``../shared``), once,
deterministically, from a fixed seed.
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
    "RESPONSES_MODEL",
    "RESPONSES_PARAMS",
    "SSE_HEADERS",
    "EmbeddingBodies",
    "chat_completion_body",
    "chat_stream_events",
    "embedding_bodies",
    "embedding_inputs",
    "responses_stream_events",
]

API_KEY = "sk-bench-not-a-real-key"
BASE_URL = "https://api.openai.com/v1"
CHAT_MODEL = "gpt-4o-mini"
EMBEDDING_MODEL = "text-embedding-3-small"
RESPONSES_MODEL = "gpt-5.5"

# A typical request: a system prompt, a user turn, a temperature.
CHAT_PARAMS: dict[str, Any] = {
    "model": CHAT_MODEL,
    "messages": [
        {"role": "system", "content": "You are a concise assistant for a travel agency."},
        {"role": "user", "content": "Suggest three things to do in Lisbon on a rainy day."},
    ],
    "temperature": 0.2,
}

# The same question for the Responses API: a model and one input string.
RESPONSES_PARAMS: dict[str, Any] = {
    "model": RESPONSES_MODEL,
    "input": "Suggest three things to do in Lisbon on a rainy day.",
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


_RESPONSE_ID = "resp_0b5e7c1d2a3f40580169fab1c2314081a3b1df3cc5c09e0bench"
_MESSAGE_ID = "msg_0b5e7c1d2a3f40580169fab1c2e40081a3857ad788023cbench"


def _obfuscation(rng: random.Random) -> str:
    return "".join(rng.choices("abcdefghijkLMNOPQRSTUVwxyz0123456789", k=rng.randint(2, 15)))


def _response(status: str, output: list[Any], usage: dict[str, Any] | None) -> dict[str, Any]:
    """A ``response`` object with every field the API fills in today."""
    completed = status == "completed"
    return {
        "id": _RESPONSE_ID,
        "object": "response",
        "created_at": 1778037186,
        "status": status,
        "background": False,
        "completed_at": 1778037191 if completed else None,
        "error": None,
        "frequency_penalty": 0.0,
        "incomplete_details": None,
        "instructions": None,
        "max_output_tokens": None,
        "max_tool_calls": None,
        "model": "gpt-5.5-2026-04-23",
        "moderation": None,
        "output": output,
        "parallel_tool_calls": True,
        "presence_penalty": 0.0,
        "previous_response_id": None,
        "prompt_cache_key": None,
        "prompt_cache_retention": "24h",
        "reasoning": {"effort": "medium", "summary": None},
        "safety_identifier": None,
        "service_tier": "default" if completed else "auto",
        "store": True,
        "temperature": 1.0,
        "text": {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": "auto",
        "tools": [],
        "top_logprobs": 0,
        "top_p": 0.98,
        "truncation": "disabled",
        "usage": usage,
        "user": None,
        "metadata": {},
    }


def _text_part(text: str) -> dict[str, Any]:
    return {"type": "output_text", "annotations": [], "logprobs": [], "text": text}


def _message(status: str, content: list[Any]) -> dict[str, Any]:
    return {
        "id": _MESSAGE_ID,
        "type": "message",
        "status": status,
        "content": content,
        "phase": "final_answer",
        "role": "assistant",
    }


def _typed_event(payload: dict[str, Any]) -> bytes:
    """One Responses event as the API frames it: its type, then its JSON, then a blank line."""
    data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return f"event: {payload['type']}\ndata: {data}\n\n".encode()


@cache
def responses_stream_events(events: int) -> tuple[bytes, ...]:
    """A Responses stream of ``events`` events: one message of ``events - 8`` text deltas.

    ``response.created`` and ``response.in_progress`` (each with the whole
    response so far), ``output_item.added``, ``content_part.added``, the
    ``output_text.delta`` events (one token each, with ``logprobs`` and the
    ``obfuscation`` padding), ``output_text.done``, ``content_part.done``,
    ``output_item.done`` and ``response.completed`` with the full response and
    its usage. No ``[DONE]``: the Responses API ends with the body. Every
    event carries its ``sequence_number``; each is one element, as a server
    flushing per token delivers them.
    """
    if events < 9:
        raise ValueError("a Responses stream needs at least 9 events (8 around one delta)")
    rng = random.Random(490)
    words = _ANSWER.replace("\n", " \n ").split(" ")
    deltas = [words[position % len(words)] + " " for position in range(events - 8)]
    text = "".join(deltas)
    usage = {
        "input_tokens": 19,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": len(deltas),
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": 19 + len(deltas),
    }
    where = {"item_id": _MESSAGE_ID, "output_index": 0, "content_index": 0}
    payloads: list[dict[str, Any]] = [
        {"type": "response.created", "response": _response("in_progress", [], None)},
        {"type": "response.in_progress", "response": _response("in_progress", [], None)},
        {
            "type": "response.output_item.added",
            "item": _message("in_progress", []),
            "output_index": 0,
        },
        {"type": "response.content_part.added", **where, "part": _text_part("")},
    ]
    payloads += [
        {
            "type": "response.output_text.delta",
            "content_index": 0,
            "delta": delta,
            "item_id": _MESSAGE_ID,
            "logprobs": [],
            "obfuscation": _obfuscation(rng),
            "output_index": 0,
        }
        for delta in deltas
    ]
    done_message = _message("completed", [_text_part(text)])
    payloads += [
        {"type": "response.output_text.done", **where, "logprobs": [], "text": text},
        {"type": "response.content_part.done", **where, "part": _text_part(text)},
        {"type": "response.output_item.done", "item": done_message, "output_index": 0},
        {"type": "response.completed", "response": _response("completed", [done_message], usage)},
    ]
    return tuple(
        _typed_event({**payload, "sequence_number": number})
        for number, payload in enumerate(payloads)
    )


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
