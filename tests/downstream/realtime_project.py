"""A project's Realtime tests, for inner pytest runs.

``realtime_tests(sync_client, async_client)`` is the source of a test module
whose two tests, under the cassette marker, use those client fixtures: a sync
session with a text turn, an audio turn and a function-call turn, and an async
session with a text turn. The downstream scenario runs it with the official
package's fixtures; the plugin's tests with openai-kit's and the official package's.

``IN_PROCESS_TESTS`` is the source of a test module whose sessions the
official package opens against the test's mock in process, with no cassette:
its fixture clients and the clients the code under test builds from the
environment (OpenAI and Azure), a dropped session and refused handshakes.
"""

from __future__ import annotations

__all__ = ["IN_PROCESS_TESTS", "TEXT", "realtime_tests"]

TEXT = "Please lookup the news"

# What both modules say and call: the user's message, the tool, one turn's events.
_COMMON = """
TEXT = "Please lookup the news"
TOOL = {
    "type": "function",
    "name": "lookup",
    "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]},
}
ITEM = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": TEXT}]}


def until_done(events, kinds):
    for event in events:
        kinds.append(event.type)
        if event.type == "response.done":
            return event
    raise AssertionError("the session ended before response.done")
"""

_SOURCE = (
    """
import pytest
"""
    + _COMMON
    + """

@pytest.mark.openai_cassette
def test_realtime_turns(SYNC_CLIENT):
    kinds = []
    with SYNC_CLIENT.realtime.connect(model="gpt-realtime") as conn:
        conn.session.update(session={"type": "realtime", "output_modalities": ["text"]})
        conn.conversation.item.create(item=ITEM)
        conn.response.create()
        until_done(conn, kinds)
        conn.response.create(response={"output_modalities": ["audio"]})
        until_done(conn, kinds)
        conn.session.update(session={"type": "realtime", "tools": [TOOL], "tool_choice": "required"})
        conn.response.create()
        done = until_done(conn, kinds)
    assert kinds[0] == "session.created"
    assert "response.output_text.delta" in kinds and "response.output_audio.delta" in kinds
    assert done.response.output[0].type == "function_call"


@pytest.mark.anyio
@pytest.mark.openai_cassette
async def test_async_realtime_turn(ASYNC_CLIENT):
    kinds = []
    async with ASYNC_CLIENT.realtime.connect(model="gpt-realtime") as conn:
        await conn.conversation.item.create(item=ITEM)
        await conn.response.create(response={"output_modalities": ["text"]})
        async for event in conn:
            kinds.append(event.type)
            if event.type == "response.done":
                break
    assert "response.output_text.delta" in kinds
"""
)


def realtime_tests(sync_client: str, async_client: str, *, text: str = TEXT) -> str:
    """The test module's source, using fixtures ``sync_client`` and ``async_client``; the user
    says ``text``."""
    source = _SOURCE.replace("ASYNC_CLIENT", async_client).replace("SYNC_CLIENT", sync_client)
    return source.replace(f'TEXT = "{TEXT}"', f'TEXT = "{text}"')


IN_PROCESS_TESTS = (
    """
import json

import openai
import pytest
from websockets.exceptions import ConnectionClosedError, InvalidStatus
"""
    + _COMMON
    + """
KEY = "sk-allowed-in-process-0000"
TEXT_ONLY = {"type": "realtime", "output_modalities": ["text"]}
CALLING = {"type": "realtime", "tools": [TOOL], "tool_choice": "required"}
CLIENT_EVENTS = [
    "session.update", "conversation.item.create", "response.create", "session.update",
    "response.create",
]


def check_turns(kinds, call, mock):
    assert kinds[0] == "session.created"
    assert "response.output_text.delta" in kinds
    assert "response.function_call_arguments.done" in kinds
    (output,) = call.response.output
    assert output.type == "function_call" and output.name == "lookup"
    assert json.loads(output.arguments)["q"]
    (entry,) = mock.requests
    assert (entry.operation, entry.status, entry.path) == ("realtime.connect", 101, "/v1/realtime")
    assert entry.query["model"] == "gpt-realtime"
    assert [event["type"] for event in entry.of("client")] == CLIENT_EVENTS
    served = [event["type"] for event in entry.of("server")]
    assert served[: len(kinds)] == kinds  # (rate_limits.updated follows, unread)


def test_sync_turns(official_openai_client, openai_mock):
    kinds = []
    with official_openai_client.realtime.connect(model="gpt-realtime") as conn:
        conn.session.update(session=TEXT_ONLY)
        conn.conversation.item.create(item=ITEM)
        conn.response.create()
        until_done(conn, kinds)
        conn.session.update(session=CALLING)
        conn.response.create()
        call = until_done(conn, kinds)
    check_turns(kinds, call, openai_mock)


@pytest.mark.anyio
async def test_async_turns(async_official_openai_client, openai_mock):
    kinds = []
    async with async_official_openai_client.realtime.connect(model="gpt-realtime") as conn:
        await conn.session.update(session=TEXT_ONLY)
        await conn.conversation.item.create(item=ITEM)
        await conn.response.create()
        async for event in conn:
            kinds.append(event.type)
            if event.type == "response.done":
                break
        await conn.session.update(session=CALLING)
        await conn.response.create()
        async for event in conn:
            kinds.append(event.type)
            if event.type == "response.done":
                call = event
                break
    check_turns(kinds, call, openai_mock)


def test_a_dropped_session(official_openai_client, openai_mock):
    openai_mock.realtime.faults.drop_after(3)
    kinds = []
    with official_openai_client.realtime.connect(model="gpt-realtime") as conn:
        conn.response.create(response={"output_modalities": ["text"]})
        with pytest.raises(ConnectionClosedError) as dropped:
            kinds.extend(event.type for event in conn)
    assert dropped.value.rcvd is None  # cut without a close frame
    assert kinds == ["session.created", "response.created", "response.output_item.added"]


@pytest.mark.openai_mock(api_keys=[KEY])
def test_a_wrong_key_is_refused(official_openai_client):
    with official_openai_client.realtime.connect(model="gpt-realtime") as conn:
        assert conn.recv().type == "session.created"  # the fixture holds the allowed key
    with pytest.raises(InvalidStatus) as refused:
        openai.OpenAI(api_key="sk-wrong-key").realtime.connect(model="gpt-realtime").enter()
    assert refused.value.response.status_code == 401
    error = json.loads(refused.value.response.body)["error"]
    assert error["code"] == "invalid_api_key"
    assert "sk-wrong-key" not in refused.value.response.body.decode()


@pytest.mark.anyio
async def test_a_session_fault_refuses_the_handshake(async_official_openai_client, openai_mock):
    openai_mock.realtime.faults.refuse(503)
    with pytest.raises(InvalidStatus) as refused:
        await async_official_openai_client.realtime.connect(model="gpt-realtime").enter()
    assert refused.value.response.status_code == 503
    assert [(e.operation, e.status) for e in openai_mock.requests] == [("realtime.connect", 503)]


def test_azure_clients_the_app_builds(openai_mock):
    with openai.AzureOpenAI().realtime.connect(model="gpt-realtime") as conn:
        assert conn.recv().type == "session.created"
    entry = openai_mock.requests.last
    assert (entry.path, entry.query["deployment"], entry.status) == (
        "/openai/realtime", "gpt-realtime", 101)


@pytest.mark.anyio
async def test_async_azure_clients_the_app_builds(openai_mock):
    async with openai.AsyncAzureOpenAI().realtime.connect(model="gpt-realtime") as conn:
        assert (await conn.recv()).type == "session.created"
    assert openai_mock.requests.last.path == "/openai/realtime"
"""
)
