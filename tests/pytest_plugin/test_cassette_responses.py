"""Responses and conversations through the cassette engine: recorded from the mock, replayed
event for event (names, sequence numbers, deltas) with no network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from openai_kit import AsyncOpenAI, OpenAI
from openai_kit.mockserver import MockServer
from openai_kit.pytest_plugin._cassette import Cassette, RecordMode

BASE_URL = "https://api.openai.com/v1"
MODEL = "gpt-4o-mini"
PROMPT = "Describe a lighthouse in two sentences."


def unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"replay reached the network: {request.url}")


async def async_unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"replay reached the network: {request.url}")


@pytest.fixture
def mock() -> MockServer:
    return MockServer(seed=5, clock=lambda: 1_750_000_000.0)


def kit(cassette: Cassette, real: httpx.BaseTransport) -> OpenAI:
    transport = cassette.wrap_sync(real)
    return OpenAI(
        api_key="sk-test", base_url=BASE_URL, http_client=httpx.Client(transport=transport)
    )


def async_kit(cassette: Cassette, real: httpx.AsyncBaseTransport) -> AsyncOpenAI:
    transport = cassette.wrap_async(real)
    return AsyncOpenAI(
        api_key="sk-test", base_url=BASE_URL, http_client=httpx.AsyncClient(transport=transport)
    )


def signature(events: list[Any]) -> list[tuple[str, int, str | None]]:
    """What must survive a round trip: each event's type, sequence number and delta."""
    return [(e.type, e.sequence_number, getattr(e, "delta", None)) for e in events]


def stream_events(client: OpenAI) -> list[Any]:
    return list(client.responses.create(model=MODEL, input=PROMPT, stream=True))


def test_a_sync_responses_stream_replays_event_for_event(tmp_path: Path, mock: MockServer) -> None:
    path = tmp_path / "responses_stream.yaml"
    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        recorded = stream_events(kit(cassette, mock.transport()))
    text = path.read_text()
    assert "event: response.output_text.delta" in text and "[DONE]" not in text
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        replayed = stream_events(kit(cassette, httpx.MockTransport(unreachable)))
        assert len(cassette.played) == 1
    assert signature(replayed) == signature(recorded)
    assert [e.model_dump() for e in replayed] == [e.model_dump() for e in recorded]
    deltas = [e for e in recorded if e.type == "response.output_text.delta"]
    assert len(deltas) > 3
    assert recorded[-1].type == "response.completed"


@pytest.mark.asyncio
async def test_an_async_responses_stream_replays_event_for_event(
    tmp_path: Path, mock: MockServer
) -> None:
    path = tmp_path / "responses_stream_async.yaml"

    async def run(cassette: Cassette, real: httpx.AsyncBaseTransport) -> list[Any]:
        client = async_kit(cassette, real)
        stream = await client.responses.create(model=MODEL, input=PROMPT, stream=True)
        events = [event async for event in stream]
        await client.close()
        return events

    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        recorded = await run(cassette, mock.async_transport())
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        replayed = await run(cassette, httpx.MockTransport(async_unreachable))
    assert signature(replayed) == signature(recorded)
    assert recorded[-1].type == "response.completed"


def plain_and_conversations(client: OpenAI) -> tuple[Any, ...]:
    conversation = client.conversations.create(
        items=[{"type": "message", "role": "user", "content": "Remember: the code is 42."}],
        metadata={"topic": "codes"},
    )
    response = client.responses.create(
        model=MODEL, input="What is the code?", conversation=conversation.id
    )
    items = client.conversations.items.list(conversation.id)
    fetched = client.conversations.retrieve(conversation.id)
    return (
        conversation.model_dump(),
        response.model_dump(),
        response.output_text,
        [item.model_dump() for item in items.data],
        fetched.model_dump(),
    )


def test_plain_responses_and_conversations_replay(tmp_path: Path, mock: MockServer) -> None:
    path = tmp_path / "responses_plain.yaml"
    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        recorded = plain_and_conversations(kit(cassette, mock.transport()))
        assert len(cassette.new) == 4
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        replayed = plain_and_conversations(kit(cassette, httpx.MockTransport(unreachable)))
        assert len(cassette.played) == 4
    assert replayed == recorded
    assert recorded[2]
    assert len(recorded[3]) == 3  # the stored message, the new input, the answer
