"""A project on the official ``openai`` package records its Realtime sessions with the cassette
marker against a live mock, then replays them with the network blocked and no server."""

from __future__ import annotations

# Loaded here, so each inline inner run reuses them instead of importing them again
# (pytester drops what an inline run imported; openai alone takes a second or two).
import openai.resources.realtime.realtime  # noqa: F401
import pytest
import websockets.asyncio.client
import websockets.sync.client  # noqa: F401

import openai_kit.pytest_plugin._realtime_websockets  # noqa: F401
from openai_kit.mockserver import MockServer
from tests.pytest_plugin.conftest import Inner

KEY = "sk-recording-key-000000000000"

SESSIONS = """
import pytest

TEXT = "Please lookup the news"
TOOL = {
    "type": "function",
    "name": "lookup",
    "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]},
}
ITEM = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": TEXT}]}


def turn(events, kinds):
    for event in events:
        kinds.append(event.type)
        if event.type == "response.done":
            return event


@pytest.mark.openai_cassette
def test_text_and_function_turns(official_openai_client):
    kinds = []
    with official_openai_client.realtime.connect(model="gpt-realtime") as conn:
        conn.session.update(session={"type": "realtime", "output_modalities": ["text"]})
        conn.conversation.item.create(item=ITEM)
        conn.response.create()
        turn(conn, kinds)
        conn.session.update(session={"type": "realtime", "tools": [TOOL], "tool_choice": "required"})
        conn.response.create()
        done = turn(conn, kinds)
    assert "response.output_text.delta" in kinds
    assert done.response.output[0].type == "function_call"


@pytest.mark.anyio
@pytest.mark.openai_cassette
async def test_async_text_turn(async_official_openai_client):
    kinds = []
    async with async_official_openai_client.realtime.connect(model="gpt-realtime") as conn:
        await conn.conversation.item.create(item=ITEM)
        await conn.response.create(response={"output_modalities": ["text"]})
        async for event in conn:
            kinds.append(event.type)
            if event.type == "response.done":
                break
    assert "response.output_text.delta" in kinds
"""

# Replays run with every socket refused: the sessions must come from the files alone.
NO_SOCKETS = """
import socket

import pytest


@pytest.fixture(autouse=True)
def no_sockets(monkeypatch):
    def refuse(sock, address):
        raise AssertionError(f"a socket was opened to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
"""


def test_official_sessions_record_live_and_replay_with_no_server(
    pytester: pytest.Pytester, inner: Inner, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = inner(ini="openai_block_network = true")
    mock = MockServer(seed=6, api_keys=[KEY])
    pytester.makepyfile(test_sessions=SESSIONS)
    with mock.live() as url:
        monkeypatch.setenv("OPENAI_BASE_URL", f"{url}/v1")
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        recorded = run()
        recorded.assert_outcomes(passed=2)
        assert [entry.operation for entry in mock.requests] == ["realtime.connect"] * 2
        # pytest-recording's --record-mode names the mode too: rewrite records anew.
        run("--record-mode=rewrite").assert_outcomes(passed=2)
        assert len(mock.requests) == 4
    recorded.stdout.fnmatch_lines_random(
        [
            "recorded 1 interaction to cassettes/*/test_async_text_turn*.yaml*",
            "recorded 1 interaction to cassettes/*/test_text_and_function_turns.yaml*",
        ]
    )
    paths = sorted(pytester.path.glob("cassettes/test_sessions/*.yaml"))
    assert len(paths) == 2
    for path in paths:
        text = path.read_text()
        assert "websocket:" in text and "response.done" in text
        assert KEY not in text
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.delenv("OPENAI_API_KEY")

    # The server is gone and no socket may open: CI replays only, and the sessions still run.
    pytester.makeconftest(NO_SOCKETS)
    monkeypatch.setenv("CI", "1")
    run().assert_outcomes(passed=2)

    # A client that now says something else fails, naming the first differing event.
    pytester.makepyfile(test_sessions=SESSIONS.replace("the news", "the weather"))
    changed = run("--record-mode=none")
    changed.assert_outcomes(failed=2)
    output = changed.stdout.str()
    assert (
        "the client's Realtime event #2 differs from the recording:"
        " sent conversation.item.create, recorded conversation.item.create"
    ) in output
    assert "the client's Realtime event #1 differs from the recording" in output  # the async one
