"""The official package's Realtime sessions reach the test's mock in process, with no socket.

While ``openai_mock`` is active, a Realtime URL on the in-process host goes to
that mock through the ``websockets`` seam; a cassette's seam sits on top and
keeps priority (recording from that mock, replaying with none).
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import openai
import pytest
import websockets.asyncio.client
import websockets.sync.client
from websockets.exceptions import InvalidStatus

import openai_kit
from openai_kit.mockserver import MockServer
from openai_kit.mockserver._server import IN_PROCESS_URL
from openai_kit.pytest_plugin._cassette import RecordMode
from openai_kit.pytest_plugin._realtime_websockets import intercept_in_process
from openai_kit.pytest_plugin._serialize import load_cassette
from tests.downstream.realtime_project import IN_PROCESS_TESTS
from tests.pytest_plugin.conftest import Inner
from tests.pytest_plugin.test_cassette_realtime_official import (
    KEY,
    Taken,
    async_turns,
    block_sockets,
    kinds,
    sync_turns,
)
from tests.pytest_plugin.test_cassette_realtime_project import NO_SOCKETS

IN_PROCESS_BASE = f"{IN_PROCESS_URL}/v1"


def seams() -> tuple[object, ...]:
    return (websockets.sync.client.connect, websockets.asyncio.client.connect)


@pytest.fixture
def mock(monkeypatch: pytest.MonkeyPatch) -> MockServer:
    """A mock serving the in-process host's Realtime sessions; no socket may open meanwhile."""
    server = MockServer(seed=9, api_keys=[KEY])
    intercept_in_process(server, monkeypatch)
    block_sockets(monkeypatch)
    return server


def test_the_fixtures_sessions_run_in_process_with_the_network_guard_on(
    pytester: pytest.Pytester, inner: Inner
) -> None:
    before = seams()
    pytester.makeconftest(NO_SOCKETS)
    pytester.makepyfile(test_in_process=IN_PROCESS_TESTS)
    result = inner(ini="openai_block_network = true")("-p", "no:randomly")
    result.assert_outcomes(passed=7)
    assert seams() == before  # put back after each test


def test_sync_and_async_sessions_reach_the_mock(mock: MockServer) -> None:
    text_and_call = sync_turns(IN_PROCESS_BASE)
    assert "response.output_text.delta" in kinds(text_and_call)
    assert asyncio.run(async_turns(IN_PROCESS_BASE))[-1]["type"] == "response.done"
    assert [(e.operation, e.status) for e in mock.requests] == [("realtime.connect", 101)] * 2
    journaled = [event["type"] for event in mock.requests[0].of("server")]
    assert journaled[: len(text_and_call)] == kinds(text_and_call)


def test_a_cassette_records_from_the_in_process_mock_and_replays_with_no_mock(
    tmp_path: Path, mock: MockServer
) -> None:
    path = tmp_path / "in_process.yaml"
    with Taken(path, RecordMode.ONCE) as cassette:
        recorded = sync_turns(IN_PROCESS_BASE)
        assert len(cassette.new) == 1
    assert [e.operation for e in mock.requests] == ["realtime.connect"]
    (interaction,) = load_cassette(path)
    assert interaction.websocket is not None
    assert interaction.request.uri.startswith("ws://mockserver.openai-kit.invalid/v1/realtime")
    assert KEY not in path.read_text()
    with Taken(path, RecordMode.NONE) as cassette:
        assert sync_turns(IN_PROCESS_BASE) == recorded
        assert len(cassette.played) == 1
    assert len(mock.requests) == 1  # the replay reached no mock


def test_a_refusal_of_the_in_process_mock_is_recorded_and_replayed(
    tmp_path: Path, mock: MockServer
) -> None:
    path = tmp_path / "refused.yaml"
    client = openai.OpenAI(api_key="sk-wrong-key", base_url=IN_PROCESS_BASE)
    for mode in (RecordMode.ONCE, RecordMode.NONE):
        with Taken(path, mode), pytest.raises(InvalidStatus) as refused:
            client.realtime.connect(model="gpt-realtime").enter()
        assert refused.value.response.status_code == 401
    assert [(e.operation, e.status) for e in mock.requests] == [("realtime.connect", 401)]
    (interaction,) = load_cassette(path)
    assert interaction.websocket is None and interaction.response.status == 401


def test_other_hosts_keep_their_real_sockets() -> None:
    in_process = MockServer(seed=1, api_keys=[KEY])
    live = MockServer(seed=1, api_keys=[KEY])
    before = seams()
    with pytest.MonkeyPatch.context() as patch:
        intercept_in_process(in_process, patch)
        assert seams() != before
        with live.live() as url:
            realtime_url = url.replace("http", "ws", 1) + "/v1/realtime?model=gpt-realtime"
            headers = {"Authorization": f"Bearer {KEY}"}
            with websockets.sync.client.connect(realtime_url, additional_headers=headers) as ws:
                assert isinstance(ws, websockets.sync.client.ClientConnection)
                assert '"session.created"' in str(ws.recv())
    assert seams() == before
    assert len(live.requests) == 1 and len(in_process.requests) == 0


def test_a_closed_sync_session_leaves_no_thread_behind(mock: MockServer) -> None:
    def loops() -> int:
        return sum(t.name == "openai-kit-mock-transport" for t in threading.enumerate())

    before = loops()
    client = openai.OpenAI(api_key=KEY, base_url=IN_PROCESS_BASE)
    with client.realtime.connect(model="gpt-realtime") as conn:
        assert conn.recv().type == "session.created"
        assert loops() == before + 1  # the session's app runs there
    assert loops() == before
    with pytest.raises(InvalidStatus):  # a refused one neither
        openai.OpenAI(api_key="sk-wrong", base_url=IN_PROCESS_BASE).realtime.connect(
            model="gpt-realtime"
        ).enter()
    assert loops() == before


def test_openai_kits_own_clients_built_from_the_environment_too(mock: MockServer) -> None:
    client = openai_kit.OpenAI(api_key=KEY, base_url=IN_PROCESS_BASE)  # no in-process transport
    with client.realtime.connect(model="gpt-realtime") as conn:
        assert conn.recv().type == "session.created"
    wrong = openai_kit.OpenAI(api_key="sk-wrong", base_url=IN_PROCESS_BASE, max_retries=0)
    with pytest.raises(openai_kit.AuthenticationError) as refused:
        wrong.realtime.connect(model="gpt-realtime").enter()
    assert refused.value.code == "invalid_api_key"
    assert [e.status for e in mock.requests] == [101, 401]
