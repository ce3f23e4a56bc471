"""The official ``openai`` package's Realtime client against the live mock (sync, async, Azure)."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import openai
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.realtime._session import OFFICIAL, user_text

TOOL = {
    "type": "function",
    "name": "lookup",
    "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]},
}


@pytest.fixture(scope="module")
def live() -> Iterator[str]:
    with MockServer(seed=11, deployments={"voice": "gpt-realtime"}).live() as url:
        yield url


def _turn(conn: Any, session: dict[str, Any]) -> list[dict[str, Any]]:
    conn.session.update(session={"type": "realtime", **session})
    conn.conversation.item.create(item=user_text("Please lookup the news"))
    conn.response.create()
    events = []
    for event in conn:
        events.append(event.model_dump(exclude_unset=True))
        if event.type == "response.done":
            return events
    raise AssertionError("the session ended before response.done")


def _check(events: list[dict[str, Any]]) -> None:
    for event in events:
        OFFICIAL.validate_python(event)


def test_sync_text_audio_and_function_turns(live: str) -> None:
    client = openai.OpenAI(api_key="sk-live", base_url=live + "/v1")
    with client.realtime.connect(model="gpt-realtime") as conn:
        text = _turn(conn, {"output_modalities": ["text"]})
        assert text[-1]["response"]["status"] == "completed"
        spoken = _turn(conn, {"output_modalities": ["audio"]})
        audio = b"".join(
            base64.b64decode(e["delta"])
            for e in spoken
            if e["type"] == "response.output_audio.delta"
        )
        assert len(audio) > 24000  # real PCM16 at 24 kHz: more than half a second
        called = _turn(conn, {"tools": [TOOL], "tool_choice": "required"})
        done = next(e for e in called if e["type"] == "response.function_call_arguments.done")
        jsonschema.validate(json.loads(done["arguments"]), TOOL["parameters"])
    _check(text + spoken + called)


def test_async_and_azure(live: str) -> None:
    async def run() -> list[dict[str, Any]]:
        client = openai.AsyncAzureOpenAI(
            api_key="azure-key",
            azure_endpoint=live,
            api_version="2025-04-01-preview",
            websocket_base_url=live.replace("http", "ws") + "/openai",
        )
        async with client.realtime.connect(model="voice") as conn:
            await conn.response.create(response={"output_modalities": ["text"]})
            events = []
            async for event in conn:
                events.append(event.model_dump(exclude_unset=True))
                if event.type == "response.done":
                    return events
        raise AssertionError("no response.done")

    events = asyncio.run(run())
    assert (
        events[0]["type"] == "session.created" and events[0]["session"]["model"] == "gpt-realtime"
    )
    _check(events)
    v1 = openai.OpenAI(api_key="token", base_url=live + "/openai/v1")
    with v1.realtime.connect(model="voice") as conn:
        assert conn.recv().type == "session.created"
