"""The official ``openai`` package's Realtime sessions in cassettes: recorded against the live
mock through its own ``websockets`` sockets, replayed with no socket at all."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
import websockets.asyncio.client
import websockets.sync.client
from websockets.exceptions import ConnectionClosedError, InvalidStatus
from websockets.sync.server import ServerConnection, serve

from openai_kit.mockserver import MockServer
from openai_kit.pytest_plugin._cassette import Cassette, RecordMode
from openai_kit.pytest_plugin._realtime_websockets import intercept, is_realtime
from openai_kit.pytest_plugin._serialize import load_cassette

KEY = "sk-proj-" + "Q7w8E9r0" * 4
REPLAY_BASE = "https://api.openai.com/v1"  # replay never reaches it
TOOL = {
    "type": "function",
    "name": "lookup",
    "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]},
}


def user(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}


@pytest.fixture(scope="module")
def live() -> Iterator[str]:
    with MockServer(seed=9, api_keys=[KEY]).live() as url:
        yield url + "/v1"


def block_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any socket connected from here on fails the test: a replay connects none."""

    def refuse(_sock: socket.socket, address: object) -> None:
        raise AssertionError(f"the replay opened a socket to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


class Taken:
    """A cassette whose Realtime sessions the websockets seam takes while the block runs."""

    def __init__(self, path: Path, mode: RecordMode) -> None:
        self.cassette = Cassette.open(path, record_mode=mode)

    def __enter__(self) -> Cassette:
        self._restore = intercept(self.cassette)
        return self.cassette

    def __exit__(self, *exc_info: object) -> None:
        self._restore()
        self.cassette.close()


def done_turn(events: Iterator[Any]) -> list[dict[str, Any]]:
    seen = []
    for event in events:
        seen.append(event.model_dump(exclude_unset=True))
        if event.type == "response.done":
            return seen
    raise AssertionError("the session ended before response.done")


def sync_turns(base_url: str, text: str = "Please lookup the news") -> list[dict[str, Any]]:
    """A text turn, then a function-call turn, with the official sync client."""
    client = openai.OpenAI(api_key=KEY, base_url=base_url)
    with client.realtime.connect(model="gpt-realtime") as conn:
        conn.session.update(session={"type": "realtime", "output_modalities": ["text"]})
        conn.conversation.item.create(item=user(text))
        conn.response.create()
        seen = done_turn(iter(conn))
        conn.session.update(
            session={"type": "realtime", "tools": [TOOL], "tool_choice": "required"}
        )
        conn.response.create()
        return seen + done_turn(iter(conn))


async def async_turns(base_url: str) -> list[dict[str, Any]]:
    """The same two turns with the official async client."""
    client = openai.AsyncOpenAI(api_key=KEY, base_url=base_url)
    seen: list[dict[str, Any]] = []
    async with client.realtime.connect(model="gpt-realtime") as conn:
        await conn.session.update(session={"type": "realtime", "output_modalities": ["text"]})
        await conn.conversation.item.create(item=user("Please lookup the news"))
        for session in ({}, {"tools": [TOOL], "tool_choice": "required"}):
            if session:
                await conn.session.update(session={"type": "realtime", **session})
            await conn.response.create()
            async for event in conn:
                seen.append(event.model_dump(exclude_unset=True))
                if event.type == "response.done":
                    break
    return seen


def kinds(events: list[dict[str, Any]]) -> list[str]:
    return [event["type"] for event in events]


def check_recording(path: Path) -> None:
    (interaction,) = load_cassette(path)
    assert interaction.response.status == 101
    assert interaction.websocket is not None
    frames = interaction.websocket.frames
    assert [frame.sender for frame in frames[:3]] == ["client", "client", "client"]
    assert sum(frame.sender == "client" for frame in frames) == 5
    text = path.read_text()
    assert KEY not in text
    assert "authorization:\n      - REDACTED" in text
    assert "response.output_text.delta" in text
    assert "response.function_call_arguments.done" in text


def test_the_sync_client_records_and_replays_with_no_socket(tmp_path: Path, live: str) -> None:
    path = tmp_path / "sync.yaml"
    with Taken(path, RecordMode.ONCE):
        recorded = sync_turns(live)
    check_recording(path)
    calls = [e for e in recorded if e["type"] == "response.function_call_arguments.done"]
    assert json.loads(calls[0]["arguments"])["q"]
    with pytest.MonkeyPatch.context() as sockets, Taken(path, RecordMode.NONE) as cassette:
        block_sockets(sockets)
        assert sync_turns(REPLAY_BASE) == recorded
        assert len(cassette.played) == 1
    assert "response.output_text.delta" in kinds(recorded)


def test_the_async_client_records_and_replays_with_no_socket(tmp_path: Path, live: str) -> None:
    path = tmp_path / "async.yaml"
    with Taken(path, RecordMode.ONCE):
        recorded = asyncio.run(async_turns(live))
    check_recording(path)
    with pytest.MonkeyPatch.context() as sockets, Taken(path, RecordMode.NONE):
        block_sockets(sockets)
        replayed = asyncio.run(async_turns(REPLAY_BASE))
    assert replayed == recorded
    assert "response.function_call_arguments.done" in kinds(recorded)


def test_a_session_the_sync_client_recorded_replays_for_the_async_one(
    tmp_path: Path, live: str
) -> None:
    path = tmp_path / "either.yaml"
    with Taken(path, RecordMode.ONCE):
        recorded = sync_turns(live)
    with Taken(path, RecordMode.NONE):
        assert asyncio.run(async_turns(REPLAY_BASE)) == recorded


def test_a_differing_client_event_fails_naming_it(tmp_path: Path, live: str) -> None:
    path = tmp_path / "sync.yaml"
    with Taken(path, RecordMode.ONCE):
        sync_turns(live)
    with Taken(path, RecordMode.NONE), pytest.raises(pytest.fail.Exception) as failed:
        sync_turns(REPLAY_BASE, text="Please lookup the weather")
    message = str(failed.value)
    assert (
        "the client's Realtime event #2 differs from the recording:"
        " sent conversation.item.create, recorded conversation.item.create"
    ) in message
    assert '$.item.content[0].text: recorded "Please lookup the news"' in message
    assert str(path) in message


def test_new_episodes_appends_a_session_and_none_refuses_one(tmp_path: Path, live: str) -> None:
    path = tmp_path / "modes.yaml"
    with Taken(path, RecordMode.ONCE):
        sync_turns(live)
    client = openai.OpenAI(api_key=KEY, base_url=live)
    with Taken(path, RecordMode.NEW_EPISODES) as cassette:
        sync_turns(live)  # replayed
        with client.realtime.connect(model="gpt-realtime-mini") as conn:  # recorded
            assert conn.recv().type == "session.created"
        assert len(cassette.played) == 1 and len(cassette.new) == 1
    assert [x.request.uri.split("?")[1] for x in load_cassette(path)] == [
        "model=gpt-realtime",
        "model=gpt-realtime-mini",
    ]
    with Taken(path, RecordMode.NONE), pytest.raises(pytest.fail.Exception) as failed:
        openai.OpenAI(api_key=KEY, base_url=REPLAY_BASE).realtime.connect(model="gpt-x").enter()
    assert "no recorded interaction matches this request" in str(failed.value)


def test_client_secrets_and_keys_in_the_url_never_reach_the_file(tmp_path: Path, live: str) -> None:
    path = tmp_path / "secret.yaml"
    with Taken(path, RecordMode.ONCE) as cassette:
        with httpx.Client(transport=cassette.wrap_sync(httpx.HTTPTransport())) as http:
            issuer = openai.OpenAI(api_key=KEY, base_url=live, http_client=http)
            secret = issuer.realtime.client_secrets.create(session={"type": "realtime"}).value
        assert secret.startswith("ek_")
        browser = openai.OpenAI(api_key=secret, base_url=live)
        query = {"api-key": KEY}
        with browser.realtime.connect(model="gpt-realtime", extra_query=query) as conn:
            conn.session.update(session={"type": "realtime", "instructions": f"say {secret}"})
            assert conn.recv().type == "session.created"
            assert conn.recv().type == "session.updated"
    text = path.read_text()
    assert "ek_" not in text and KEY not in text
    (_, session) = load_cassette(path)
    assert "api-key=REDACTED" in session.request.uri
    assert session.request.header("authorization") == "REDACTED"


def test_a_refused_handshake_replays_as_the_same_error(tmp_path: Path, live: str) -> None:
    path = tmp_path / "refused.yaml"
    for mode, base_url in ((RecordMode.ONCE, live), (RecordMode.NONE, REPLAY_BASE)):
        client = openai.OpenAI(api_key="sk-wrong-key", base_url=base_url)
        with Taken(path, mode), pytest.raises(InvalidStatus) as refused:
            client.realtime.connect(model="gpt-realtime").enter()
        assert refused.value.response.status_code == 401
        assert json.loads(refused.value.response.body)["error"]["code"] == "invalid_api_key"
    (interaction,) = load_cassette(path)
    assert interaction.websocket is None


def test_a_dropped_session_replays_dropped(tmp_path: Path) -> None:
    mock = MockServer(seed=2, api_keys=[KEY])
    mock.realtime.faults.drop_after(3)
    path = tmp_path / "dropped.yaml"

    def run(base_url: str) -> list[str]:
        seen: list[str] = []
        client = openai.OpenAI(api_key=KEY, base_url=base_url)
        with client.realtime.connect(model="gpt-realtime") as conn:
            conn.response.create(response={"output_modalities": ["text"]})
            with pytest.raises(ConnectionClosedError) as dropped:
                seen.extend(event.type for event in conn)
        assert dropped.value.rcvd is None  # no close frame: the connection was cut
        return seen

    with mock.live() as url, Taken(path, RecordMode.ONCE):
        recorded = run(url + "/v1")
    with Taken(path, RecordMode.NONE):
        assert run(REPLAY_BASE) == recorded
    assert len(recorded) == 3


def test_the_websockets_package_used_directly_is_taken_too(tmp_path: Path, live: str) -> None:
    path = tmp_path / "direct.yaml"
    headers = {"Authorization": f"Bearer {KEY}"}
    update = json.dumps({"type": "session.update", "session": {"type": "realtime"}})

    def sync_run(url: str) -> list[str]:
        seen = []
        with websockets.sync.client.connect(url, additional_headers=headers) as ws:
            ws.send(update)
            for message in ws:
                seen.append(json.loads(message)["type"])
                if seen[-1] == "session.updated":
                    break
            ws.send(update.encode(), text=True)  # bytes sent as a text frame
            raw = ws.recv(decode=False)
            assert isinstance(raw, bytes)
            seen.append(json.loads(raw)["type"])
        return seen

    async def async_run(url: str) -> list[str]:
        seen = []
        async with websockets.asyncio.client.connect(url, additional_headers=headers) as ws:
            await ws.send(update)
            async for message in ws:
                seen.append(json.loads(message)["type"])
                if seen[-1] == "session.updated":
                    break
        return seen

    recorded_url = live.replace("http", "ws", 1) + "/realtime?model=gpt-realtime"
    with Taken(path, RecordMode.ONCE):
        recorded = (sync_run(recorded_url), asyncio.run(async_run(recorded_url)))
    assert recorded[0] == ["session.created", "session.updated", "session.updated"]
    assert recorded[1] == ["session.created", "session.updated"]
    assert KEY not in path.read_text()
    with pytest.MonkeyPatch.context() as sockets, Taken(path, RecordMode.NONE):
        block_sockets(sockets)
        replay_url = "wss://api.openai.com/v1/realtime?model=gpt-realtime"
        assert (sync_run(replay_url), asyncio.run(async_run(replay_url))) == recorded


# --------------------------------------------------------------------------------------------
# Other WebSocket connections are left alone
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def echo() -> Iterator[str]:
    """A plain WebSocket echo server on loopback: ``ws://127.0.0.1:PORT``."""
    import threading

    def handler(connection: ServerConnection) -> None:
        for message in connection:
            connection.send(message)

    with serve(handler, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        host, port = server.socket.getsockname()[:2]
        yield f"ws://{host}:{port}"
        server.shutdown()
    thread.join(5)


def test_other_websocket_urls_are_not_taken(tmp_path: Path, echo: str) -> None:
    originals = (websockets.sync.client.connect, websockets.asyncio.client.connect)

    async def echoed(url: str) -> str | bytes:
        async with websockets.asyncio.client.connect(url) as ws:
            await ws.send("ping")
            return await ws.recv()

    with Taken(tmp_path / "none.yaml", RecordMode.NONE) as cassette:
        assert websockets.sync.client.connect is not originals[0]  # the seam is in place
        for path in ("/chat", "/v1/realtimex", "/v1/realtime/translations"):
            with websockets.sync.client.connect(echo + path) as ws:
                ws.send("hello")
                assert ws.recv() == "hello"
            assert asyncio.run(echoed(echo + path)) == "ping"
        assert cassette.played == () and cassette.new == ()
    assert (websockets.sync.client.connect, websockets.asyncio.client.connect) == originals
    assert not (tmp_path / "none.yaml").exists()


@pytest.mark.parametrize(
    ("url", "taken"),
    [
        ("wss://api.openai.com/v1/realtime?model=gpt-realtime", True),
        ("ws://127.0.0.1:80/v1/realtime/", True),
        ("wss://x.openai.azure.com/openai/realtime?deployment=d&api-version=v", True),
        ("wss://x.openai.azure.com/openai/v1/realtime?model=d", True),
        ("wss://gateway.example/proxy/v1/realtime", True),
        ("wss://api.openai.com/v1/responses", False),
        ("wss://api.openai.com/v1/realtime/translations", False),
        ("ws://127.0.0.1/realtime", False),
        ("ws://[::1", False),
    ],
)
def test_which_urls_are_realtime(url: str, taken: bool) -> None:
    assert is_realtime(url) is taken


def test_azure_sessions_record_and_replay(tmp_path: Path, live: str) -> None:
    path = tmp_path / "azure.yaml"
    root = live.removesuffix("/v1")

    def client(endpoint: str, cls: Any = openai.AzureOpenAI) -> Any:
        return cls(
            api_key=KEY,
            azure_endpoint=endpoint,
            api_version="2025-04-01-preview",
            websocket_base_url=endpoint.replace("http", "ws", 1) + "/openai",
        )

    async def async_first_event(endpoint: str) -> str:
        async with client(endpoint, openai.AsyncAzureOpenAI).realtime.connect(
            model="gpt-realtime"
        ) as conn:
            return (await conn.recv()).type

    def run(endpoint: str) -> tuple[str, str]:
        with client(endpoint).realtime.connect(model="gpt-realtime") as conn:
            first = conn.recv().type
        return first, asyncio.run(async_first_event(endpoint))

    with Taken(path, RecordMode.ONCE):
        recorded = run(root)
    assert recorded == ("session.created", "session.created")
    sessions = load_cassette(path)
    assert [x.request.uri.split("?")[0].split("/", 3)[3] for x in sessions] == [
        "openai/realtime"
    ] * 2
    assert all(x.request.header("api-key") == "REDACTED" for x in sessions)
    assert KEY not in path.read_text()
    with pytest.MonkeyPatch.context() as sockets, Taken(path, RecordMode.NONE):
        block_sockets(sockets)
        assert run("https://replay.openai.azure.com") == recorded
