"""The work each benchmark times, once per implementation.

Three implementations answer every call through the same
``httpx.MockTransport`` handler, so the network is out of the picture and
what is left is each client's own overhead:

- ``openai-kit``: this repository's SDK, used the way its README shows;
- ``openai``: the official package, used identically;
- ``httpx``: a bare ``httpx`` client doing the least a caller could do by hand
  (post, ``response.json()``; for streams ``iter_lines`` + ``json.loads`` of
  each ``data:`` line).
  It is the floor, not a competitor.

Every case checks that what it got back is complete (a benchmark of a
client that silently returned nothing would be meaningless); that check is
about results, never about time.
"""

from __future__ import annotations

import base64
import json
from array import array
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack, ExitStack
from typing import Any

import httpx
import openai

import openai_kit

from ._payloads import (
    API_KEY,
    BASE_URL,
    CHAT_PARAMS,
    EMBEDDING_MODEL,
    JSON_HEADERS,
    RESPONSES_PARAMS,
    SSE_HEADERS,
    chat_completion_body,
    chat_stream_events,
    embedding_bodies,
    embedding_inputs,
    responses_stream_events,
)
from ._timing import AsyncCase, SyncCase

__all__ = [
    "KIT",
    "OFFICIAL",
    "RAW",
    "async_chat_cases",
    "async_responses_sse_cases",
    "async_sse_cases",
    "sync_chat_cases",
    "sync_embedding_cases",
    "sync_responses_sse_cases",
    "sync_sse_cases",
]

KIT = "openai-kit"
OFFICIAL = "openai"
RAW = "httpx"

Handler = Callable[[httpx.Request], httpx.Response]
STREAM_OPTIONS: Any = {"include_usage": True}
_AUTH = {"Authorization": f"Bearer {API_KEY}"}


class _EventStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Hands a body to httpx one SSE event at a time, sync or async."""

    def __init__(self, parts: tuple[bytes, ...]) -> None:
        self._parts = parts

    def __iter__(self) -> Iterator[bytes]:
        yield from self._parts

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for part in self._parts:
            yield part


def _chat_handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers=JSON_HEADERS, content=chat_completion_body())


def _sse_handler(chunks: int) -> Handler:
    events = chat_stream_events(chunks)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=SSE_HEADERS, stream=_EventStream(events))

    return handler


def _responses_sse_handler(events: int) -> Handler:
    body = responses_stream_events(events)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=SSE_HEADERS, stream=_EventStream(body))

    return handler


def _embedding_handler(rows: int, dims: int) -> Handler:
    bodies = embedding_bodies(rows, dims)

    def handler(request: httpx.Request) -> httpx.Response:
        asked = json.loads(request.content).get("encoding_format")
        body = bodies.floats if asked == "float" else bodies.base64
        return httpx.Response(200, headers=JSON_HEADERS, content=body)

    return handler


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise RuntimeError(f"benchmark result is incomplete: {what}")


# -- clients ------------------------------------------------------------------------------


def _sync_clients(
    stack: ExitStack, handler: Handler
) -> tuple[openai_kit.OpenAI, openai.OpenAI, httpx.Client]:
    def transport() -> httpx.MockTransport:
        return httpx.MockTransport(handler)

    kit = stack.enter_context(
        openai_kit.OpenAI(
            api_key=API_KEY, base_url=BASE_URL, http_client=httpx.Client(transport=transport())
        )
    )
    official = stack.enter_context(
        openai.OpenAI(
            api_key=API_KEY, base_url=BASE_URL, http_client=httpx.Client(transport=transport())
        )
    )
    raw = stack.enter_context(httpx.Client(transport=transport(), base_url=BASE_URL, headers=_AUTH))
    return kit, official, raw


async def _async_clients(
    stack: AsyncExitStack, handler: Handler
) -> tuple[openai_kit.AsyncOpenAI, openai.AsyncOpenAI, httpx.AsyncClient]:
    def transport() -> httpx.MockTransport:
        return httpx.MockTransport(handler)

    kit = await stack.enter_async_context(
        openai_kit.AsyncOpenAI(
            api_key=API_KEY,
            base_url=BASE_URL,
            http_client=httpx.AsyncClient(transport=transport()),
        )
    )
    official = await stack.enter_async_context(
        openai.AsyncOpenAI(
            api_key=API_KEY,
            base_url=BASE_URL,
            http_client=httpx.AsyncClient(transport=transport()),
        )
    )
    raw = await stack.enter_async_context(
        httpx.AsyncClient(transport=transport(), base_url=BASE_URL, headers=_AUTH)
    )
    return kit, official, raw


# -- chat completions ---------------------------------------------------------------------


def _check_completion(content: object) -> None:
    _check(isinstance(content, str) and content.startswith("Here are"), "chat completion content")


def sync_chat_cases(stack: ExitStack, calls: int) -> dict[str, SyncCase]:
    """``calls`` non-streaming chat completions per batch."""
    kit, official, raw = _sync_clients(stack, _chat_handler)

    def run_kit() -> int:
        for _ in range(calls):
            completion = kit.chat.completions.create(**CHAT_PARAMS)
        _check_completion(completion.choices[0].message.content)
        return calls

    def run_official() -> int:
        for _ in range(calls):
            completion = official.chat.completions.create(**CHAT_PARAMS)
        _check_completion(completion.choices[0].message.content)
        return calls

    def run_raw() -> int:
        for _ in range(calls):
            data: Any = raw.post("/chat/completions", json=CHAT_PARAMS).json()
        _check_completion(data["choices"][0]["message"]["content"])
        return calls

    return {KIT: run_kit, OFFICIAL: run_official, RAW: run_raw}


async def async_chat_cases(stack: AsyncExitStack, calls: int) -> dict[str, AsyncCase]:
    """The async twin of :func:`sync_chat_cases`."""
    kit, official, raw = await _async_clients(stack, _chat_handler)

    async def run_kit() -> int:
        for _ in range(calls):
            completion = await kit.chat.completions.create(**CHAT_PARAMS)
        _check_completion(completion.choices[0].message.content)
        return calls

    async def run_official() -> int:
        for _ in range(calls):
            completion = await official.chat.completions.create(**CHAT_PARAMS)
        _check_completion(completion.choices[0].message.content)
        return calls

    async def run_raw() -> int:
        for _ in range(calls):
            response = await raw.post("/chat/completions", json=CHAT_PARAMS)
            data: Any = response.json()
        _check_completion(data["choices"][0]["message"]["content"])
        return calls

    return {KIT: run_kit, OFFICIAL: run_official, RAW: run_raw}


# -- SSE streams --------------------------------------------------------------------------


def _text_of(chunk: Any) -> object:
    """What a caller reads from each chunk: the delta's content, if any."""
    return chunk.choices[0].delta.content if chunk.choices else chunk.usage


def _raw_chunk(line: str) -> int:
    if not line.startswith("data: ") or line == "data: [DONE]":
        return 0
    json.loads(line[6:])
    return 1


def sync_sse_cases(stack: ExitStack, chunks: int, streams: int) -> dict[str, SyncCase]:
    """``streams`` chat streams of ``chunks`` chunks each per batch; counts chunks."""
    kit, official, raw = _sync_clients(stack, _sse_handler(chunks))
    expected = chunks * streams

    def run_kit() -> int:
        seen = 0
        for _ in range(streams):
            stream = kit.chat.completions.create(
                **CHAT_PARAMS, stream=True, stream_options=STREAM_OPTIONS
            )
            for chunk in stream:
                _text_of(chunk)
                seen += 1
        _check(seen == expected, f"{seen} of {expected} chunks")
        return seen

    def run_official() -> int:
        seen = 0
        for _ in range(streams):
            stream = official.chat.completions.create(
                **CHAT_PARAMS, stream=True, stream_options=STREAM_OPTIONS
            )
            for chunk in stream:
                _text_of(chunk)
                seen += 1
        _check(seen == expected, f"{seen} of {expected} chunks")
        return seen

    def run_raw() -> int:
        seen = 0
        body = {**CHAT_PARAMS, "stream": True, "stream_options": STREAM_OPTIONS}
        for _ in range(streams):
            with raw.stream("POST", "/chat/completions", json=body) as response:
                for line in response.iter_lines():
                    seen += _raw_chunk(line)
        _check(seen == expected, f"{seen} of {expected} chunks")
        return seen

    return {KIT: run_kit, OFFICIAL: run_official, RAW: run_raw}


async def async_sse_cases(stack: AsyncExitStack, chunks: int, streams: int) -> dict[str, AsyncCase]:
    """The async twin of :func:`sync_sse_cases`."""
    kit, official, raw = await _async_clients(stack, _sse_handler(chunks))
    expected = chunks * streams

    async def run_kit() -> int:
        seen = 0
        for _ in range(streams):
            stream = await kit.chat.completions.create(
                **CHAT_PARAMS, stream=True, stream_options=STREAM_OPTIONS
            )
            async for chunk in stream:
                _text_of(chunk)
                seen += 1
        _check(seen == expected, f"{seen} of {expected} chunks")
        return seen

    async def run_official() -> int:
        seen = 0
        for _ in range(streams):
            stream = await official.chat.completions.create(
                **CHAT_PARAMS, stream=True, stream_options=STREAM_OPTIONS
            )
            async for chunk in stream:
                _text_of(chunk)
                seen += 1
        _check(seen == expected, f"{seen} of {expected} chunks")
        return seen

    async def run_raw() -> int:
        seen = 0
        body = {**CHAT_PARAMS, "stream": True, "stream_options": STREAM_OPTIONS}
        for _ in range(streams):
            async with raw.stream("POST", "/chat/completions", json=body) as response:
                async for line in response.aiter_lines():
                    seen += _raw_chunk(line)
        _check(seen == expected, f"{seen} of {expected} chunks")
        return seen

    return {KIT: run_kit, OFFICIAL: run_official, RAW: run_raw}


# -- Responses streams --------------------------------------------------------------------

_DELTA = "response.output_text.delta"
_COMPLETED = "response.completed"


class _EventTally:
    """What a Responses consumer keeps: events seen, delta characters, the last type."""

    __slots__ = ("events", "last", "text")

    def __init__(self) -> None:
        self.events = 0
        self.text = 0
        self.last = ""

    def see(self, kind: str, delta: str | None) -> None:
        self.events += 1
        self.last = kind
        if delta is not None:
            self.text += len(delta)

    def check(self, expected: int) -> int:
        _check(self.events == expected, f"{self.events} of {expected} events")
        _check(self.text > 0 and self.last == _COMPLETED, "deltas and a final response.completed")
        return self.events


def _see_event(tally: _EventTally, event: Any) -> None:
    """What a caller reads from each event: its type and, for text deltas, the delta."""
    kind = event.type
    tally.see(kind, event.delta if kind == _DELTA else None)


def _see_raw_line(tally: _EventTally, line: str) -> None:
    if line.startswith("data: "):
        data = json.loads(line[6:])
        kind = data["type"]
        tally.see(kind, data["delta"] if kind == _DELTA else None)


def sync_responses_sse_cases(stack: ExitStack, events: int, streams: int) -> dict[str, SyncCase]:
    """``streams`` Responses streams of ``events`` events each per batch; counts events."""
    kit, official, raw = _sync_clients(stack, _responses_sse_handler(events))
    expected = events * streams

    def run_kit() -> int:
        tally = _EventTally()
        for _ in range(streams):
            for event in kit.responses.create(**RESPONSES_PARAMS, stream=True):
                _see_event(tally, event)
        return tally.check(expected)

    def run_official() -> int:
        tally = _EventTally()
        for _ in range(streams):
            for event in official.responses.create(**RESPONSES_PARAMS, stream=True):
                _see_event(tally, event)
        return tally.check(expected)

    def run_raw() -> int:
        tally = _EventTally()
        body = {**RESPONSES_PARAMS, "stream": True}
        for _ in range(streams):
            with raw.stream("POST", "/responses", json=body) as response:
                for line in response.iter_lines():
                    _see_raw_line(tally, line)
        return tally.check(expected)

    return {KIT: run_kit, OFFICIAL: run_official, RAW: run_raw}


async def async_responses_sse_cases(
    stack: AsyncExitStack, events: int, streams: int
) -> dict[str, AsyncCase]:
    """The async twin of :func:`sync_responses_sse_cases`."""
    kit, official, raw = await _async_clients(stack, _responses_sse_handler(events))
    expected = events * streams

    async def run_kit() -> int:
        tally = _EventTally()
        for _ in range(streams):
            async for event in await kit.responses.create(**RESPONSES_PARAMS, stream=True):
                _see_event(tally, event)
        return tally.check(expected)

    async def run_official() -> int:
        tally = _EventTally()
        for _ in range(streams):
            async for event in await official.responses.create(**RESPONSES_PARAMS, stream=True):
                _see_event(tally, event)
        return tally.check(expected)

    async def run_raw() -> int:
        tally = _EventTally()
        body = {**RESPONSES_PARAMS, "stream": True}
        for _ in range(streams):
            async with raw.stream("POST", "/responses", json=body) as response:
                async for line in response.aiter_lines():
                    _see_raw_line(tally, line)
        return tally.check(expected)

    return {KIT: run_kit, OFFICIAL: run_official, RAW: run_raw}


# -- embeddings ---------------------------------------------------------------------------


def _embedding_kwargs(rows: int, encoding: str) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"model": EMBEDDING_MODEL, "input": embedding_inputs(rows)}
    if encoding == "float":
        kwargs["encoding_format"] = "float"
    return kwargs


def _check_vectors(vectors: list[Any], rows: int, dims: int) -> None:
    first = vectors[0] if vectors else None
    _check(
        len(vectors) == rows
        and isinstance(first, list)
        and len(first) == dims
        and isinstance(first[0], float),
        f"{rows} vectors of {dims} floats",
    )


def _raw_vectors(data: Any) -> list[Any]:
    vectors: list[Any] = []
    for item in data["data"]:
        value = item["embedding"]
        if isinstance(value, str):
            value = array("f", base64.b64decode(value)).tolist()
        vectors.append(value)
    return vectors


def sync_embedding_cases(
    stack: ExitStack, encoding: str, rows: int, dims: int
) -> dict[str, SyncCase]:
    """One ``rows`` x ``dims`` embeddings response per batch.

    ``encoding`` is ``"float"`` (the caller asks for JSON floats) or
    ``"base64"`` (the caller leaves ``encoding_format`` out; both SDKs then
    ask for base64 and hand back floats).
    """
    kit, official, raw = _sync_clients(stack, _embedding_handler(rows, dims))
    kwargs = _embedding_kwargs(rows, encoding)
    raw_body = {**kwargs, "encoding_format": encoding}

    def run_kit() -> int:
        response = kit.embeddings.create(**kwargs)
        _check_vectors([item.embedding for item in response.data], rows, dims)
        return 1

    def run_official() -> int:
        response = official.embeddings.create(**kwargs)
        _check_vectors([item.embedding for item in response.data], rows, dims)
        return 1

    def run_raw() -> int:
        data = raw.post("/embeddings", json=raw_body).json()
        _check_vectors(_raw_vectors(data), rows, dims)
        return 1

    return {KIT: run_kit, OFFICIAL: run_official, RAW: run_raw}
