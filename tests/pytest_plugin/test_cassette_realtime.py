"""Realtime sessions in cassettes: recorded through the mock in process, replayed with no server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from openai_kit import AsyncOpenAI, AuthenticationError, OpenAI
from openai_kit.mockserver import MockServer
from openai_kit.pytest_plugin._cassette import Cassette, RecordMode
from openai_kit.pytest_plugin._serialize import load_cassette
from openai_kit.resources.realtime import RealtimeConnectionClosed

BASE_URL = "https://api.openai.com/v1"
USER = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}


def unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"replay reached the network: {request.url}")


@pytest.fixture
def mock() -> MockServer:
    return MockServer(seed=5, clock=lambda: 1_750_000_000.0)


def kit(cassette: Cassette, real: httpx.BaseTransport, api_key: str = "sk-test") -> OpenAI:
    transport = cassette.wrap_sync(real)
    return OpenAI(api_key=api_key, base_url=BASE_URL, http_client=httpx.Client(transport=transport))


def until_done(conn: Any, seen: list[dict[str, Any]]) -> None:
    for event in conn:
        seen.append(event.model_dump())
        if event.type == "response.done":
            return


def text_and_audio_turns(client: OpenAI, text: str = "Hi") -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    with client.realtime.connect(model="gpt-realtime") as conn:
        conn.session.update(session={"type": "realtime", "output_modalities": ["text"]})
        item = {**USER, "content": [{"type": "input_text", "text": text}]}
        conn.conversation.item.create(item=item)
        conn.response.create()
        until_done(conn, seen)
        conn.response.create(response={"output_modalities": ["audio"]})
        until_done(conn, seen)
    return seen


def record(path: Path, mock: MockServer) -> list[dict[str, Any]]:
    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        return text_and_audio_turns(kit(cassette, mock.transport()))


def test_a_session_replays_with_no_server(tmp_path: Path, mock: MockServer) -> None:
    path = tmp_path / "session.yaml"
    recorded = record(path, mock)
    (interaction,) = load_cassette(path)
    assert interaction.response.status == 101
    assert interaction.websocket is not None
    senders = [frame.sender for frame in interaction.websocket.frames]
    # in the order the client saw them: its first three events, then the server's
    assert senders[:4] == ["client"] * 3 + ["server"]
    assert senders.count("client") == 4
    assert "response.output_audio.delta" in path.read_text()
    assert "sk-test" not in path.read_text()
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        replayed = text_and_audio_turns(kit(cassette, httpx.MockTransport(unreachable)))
        assert len(cassette.played) == 1
    assert replayed == recorded
    assert any(event["type"] == "response.output_audio.delta" for event in replayed)


@pytest.mark.asyncio
async def test_an_async_session_replays_what_a_sync_one_recorded(
    tmp_path: Path, mock: MockServer
) -> None:
    path = tmp_path / "session.yaml"
    recorded = record(path, mock)
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        transport = cassette.wrap_async(httpx.AsyncHTTPTransport())
        client = AsyncOpenAI(
            api_key="sk-other",
            base_url=BASE_URL,
            http_client=httpx.AsyncClient(transport=transport),
        )
        replayed = []
        async with client.realtime.connect(model="gpt-realtime") as conn:
            await conn.session.update(session={"type": "realtime", "output_modalities": ["text"]})
            await conn.conversation.item.create(item=USER)
            await conn.response.create()
            async for event in conn:
                replayed.append(event.model_dump())
                if event.type == "response.done":
                    break
            await conn.response.create(response={"output_modalities": ["audio"]})
            async for event in conn:
                replayed.append(event.model_dump())
                if event.type == "response.done":
                    break
        await client.close()
    assert replayed == recorded


def test_an_async_recording_replays(tmp_path: Path, mock: MockServer) -> None:
    import asyncio

    path = tmp_path / "async.yaml"

    async def session(cassette: Cassette, real: httpx.AsyncBaseTransport) -> list[str]:
        transport = cassette.wrap_async(real)
        client = AsyncOpenAI(
            api_key="sk-test", base_url=BASE_URL, http_client=httpx.AsyncClient(transport=transport)
        )
        async with client.realtime.connect(model="gpt-realtime") as conn:
            await conn.conversation.item.create(item=USER)
            await conn.response.create(response={"output_modalities": ["text"]})
            kinds = []
            async for event in conn:
                kinds.append(event.type)
                if event.type == "response.done":
                    break
        await client.close()
        return kinds

    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        recorded = asyncio.run(session(cassette, mock.async_transport()))
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        replayed = asyncio.run(session(cassette, httpx.AsyncHTTPTransport()))
    assert replayed == recorded
    assert "response.output_text.delta" in recorded


def test_a_differing_client_event_fails_naming_it(tmp_path: Path, mock: MockServer) -> None:
    path = tmp_path / "session.yaml"
    record(path, mock)
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        client = kit(cassette, httpx.MockTransport(unreachable))
        with pytest.raises(pytest.fail.Exception) as failed:
            text_and_audio_turns(client, text="Bye")
    message = str(failed.value)
    assert "the client's Realtime event #2 differs from the recording" in message
    assert "sent conversation.item.create, recorded conversation.item.create" in message
    assert '$.item.content[0].text: recorded "Hi", this request "Bye"' in message
    assert str(path) in message


def test_an_event_the_recording_lacks_fails(tmp_path: Path, mock: MockServer) -> None:
    path = tmp_path / "session.yaml"
    record(path, mock)
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        client = kit(cassette, httpx.MockTransport(unreachable))
        with client.realtime.connect(model="gpt-realtime") as conn:
            conn.session.update(session={"type": "realtime", "output_modalities": ["text"]})
            conn.conversation.item.create(item=USER)
            conn.response.create()
            until_done(conn, [])
            conn.response.create(response={"output_modalities": ["audio"]})
            with pytest.raises(pytest.fail.Exception, match=r"event #5 \(response.cancel\)"):
                conn.response.cancel()


def test_an_unrecorded_session_fails_like_a_request(tmp_path: Path, mock: MockServer) -> None:
    path = tmp_path / "session.yaml"
    record(path, mock)
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        client = kit(cassette, httpx.MockTransport(unreachable))
        with pytest.raises(pytest.fail.Exception) as failed:
            client.realtime.connect(model="gpt-realtime-mini").enter()
    message = str(failed.value)
    assert "no recorded interaction matches this request" in message
    assert "query: recorded only model=gpt-realtime; this request only model=gpt" in message


def test_secrets_never_reach_the_file_and_replay_still_matches(
    tmp_path: Path, mock: MockServer
) -> None:
    path = tmp_path / "secret.yaml"
    key = "sk-proj-" + "A1b2C3d4" * 4
    session = {"type": "realtime", "instructions": f"use {key}", "output_modalities": ["text"]}

    def run(client: OpenAI) -> str:
        with client.realtime.connect(model="gpt-realtime") as conn:
            conn.session.update(session=session)
            for event in conn:
                if event.type == "session.updated":
                    return str(event.session.instructions)
        raise AssertionError("no session.updated")

    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        assert key in run(kit(cassette, mock.transport(), api_key=key))
    text = path.read_text()
    assert key not in text
    assert "REDACTED" in text
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        assert run(kit(cassette, httpx.MockTransport(unreachable), api_key=key)) == "use REDACTED"


def test_a_refused_handshake_replays_as_the_same_error(tmp_path: Path) -> None:
    mock = MockServer(seed=1, api_keys=["sk-right-key-0000000000"])
    path = tmp_path / "refused.yaml"
    for mode, real in ((RecordMode.ONCE, mock.transport()), (RecordMode.NONE, None)):
        with Cassette.open(path, record_mode=mode) as cassette:
            client = kit(cassette, real or httpx.MockTransport(unreachable), api_key="sk-wrong")
            with pytest.raises(AuthenticationError) as refused:
                client.realtime.connect(model="gpt-realtime").enter()
            assert refused.value.status_code == 401
    (interaction,) = load_cassette(path)
    assert interaction.websocket is None
    assert json.loads(interaction.response.body)["error"]["code"] == "invalid_api_key"


def test_a_dropped_session_replays_dropped(tmp_path: Path, mock: MockServer) -> None:
    path = tmp_path / "dropped.yaml"
    mock.realtime.faults.drop_after(2)

    def run(client: OpenAI) -> tuple[list[str], int]:
        kinds = []
        with client.realtime.connect(model="gpt-realtime") as conn:
            conn.response.create(response={"output_modalities": ["text"]})
            try:
                kinds.extend(event.type for event in conn)
            except RealtimeConnectionClosed as closed:
                return kinds, closed.code
        raise AssertionError("the session was not dropped")

    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        recorded = run(kit(cassette, mock.transport()))
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        replayed = run(kit(cassette, httpx.MockTransport(unreachable)))
    assert replayed == recorded
    assert recorded[1] == 1006
    assert len(recorded[0]) == 2


def test_a_key_split_across_server_deltas_is_scrubbed() -> None:
    from openai_kit.pytest_plugin._model import RecordedSession, WebSocketFrame
    from openai_kit.pytest_plugin._scrub import scrub_session

    key = "sk-proj-" + "Z9y8X7w6" * 4

    def delta(text: str) -> WebSocketFrame:
        event = {"type": "response.output_text.delta", "item_id": "item_1", "delta": text}
        return WebSocketFrame("server", json.dumps(event))

    pieces = ["The key is ", key[:12], key[12:], " ok"]
    session = RecordedSession(
        (
            WebSocketFrame("client", '{"type":"response.create"}'),
            *tuple(delta(piece) for piece in pieces),
        )
    )
    scrubbed = scrub_session(session)
    text = "".join(
        json.loads(frame.data)["delta"] for frame in scrubbed.frames if frame.sender == "server"
    )
    assert text == "The key is REDACTED ok"
    assert scrubbed.frames[0] == session.frames[0]
