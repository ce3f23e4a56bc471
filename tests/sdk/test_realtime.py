"""``client.realtime``: connections in process (sync and async), helpers, URLs, refusals, calls."""

from __future__ import annotations

import asyncio
import base64

import pytest

import openai_kit
from openai_kit.mockserver import MockServer
from openai_kit.resources.realtime import RealtimeConnectionClosed
from openai_kit.resources.realtime._socket import realtime_target

ITEM = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hello"}]}


def test_sync_connection_helpers_and_typed_events() -> None:
    mock = MockServer(seed=1)
    with mock.client().realtime.connect(model="gpt-realtime") as conn:
        created = conn.recv()
        assert created.type == "session.created" and created.session.model == "gpt-realtime"
        conn.session.update(
            session={"type": "realtime", "output_modalities": ["text"]}, event_id="evt_1"
        )
        assert conn.recv().type == "session.updated"
        conn.conversation.item.create(item=ITEM)
        conn.response.create()
        texts = []
        for event in conn:
            if event.type == "response.output_text.delta":
                texts.append(event.delta)
            if event.type == "response.done":
                assert event.response.output[0].content[0].text == "".join(texts)
                break
        conn.input_audio_buffer.append(audio=base64.b64encode(bytes(9600)).decode())
        conn.input_audio_buffer.clear()
        assert conn.recv().type == "rate_limits.updated"
        assert conn.recv().type == "input_audio_buffer.cleared"
    sent = [
        e["event"]["type"] for e in mock.requests.last.to_json()["events"] if e["from"] == "client"
    ]
    assert sent == [
        "session.update",
        "conversation.item.create",
        "response.create",
        "input_audio_buffer.append",
        "input_audio_buffer.clear",
    ]


def test_async_connection() -> None:
    async def run() -> str:
        client = MockServer(seed=2).async_client()
        async with client.realtime.connect(model="gpt-realtime") as conn:
            await conn.recv()
            await conn.response.create(response={"output_modalities": ["text"]})
            async for event in conn:
                if event.type == "response.done":
                    return str(event.response.status)
        raise AssertionError("no response.done")

    assert asyncio.run(run()) == "completed"


def test_refused_handshake_is_the_clients_status_error() -> None:
    mock = MockServer(api_keys=["sk-good-000000000000"])
    with pytest.raises(openai_kit.AuthenticationError):
        mock.client(api_key="sk-bad-0000000000000").realtime.connect(model="gpt-realtime").enter()


def test_dropped_connection_raises_while_iterating() -> None:
    mock = MockServer()
    mock.realtime.faults.drop_after(1)
    conn = mock.client().realtime.connect(model="gpt-realtime").enter()
    with pytest.raises(RealtimeConnectionClosed) as closed:
        list(conn)
    conn.close()
    assert closed.value.code == 1006


def test_urls_openai_websocket_base_url_and_azure() -> None:
    client = openai_kit.OpenAI(api_key="sk-x", base_url="https://api.example.com/v1")
    url, headers = realtime_target(client, "gpt-realtime", None, {})
    assert url == "wss://api.example.com/v1/realtime?model=gpt-realtime"
    assert headers["Authorization"] == "Bearer sk-x"
    custom = client.copy(websocket_base_url="ws://127.0.0.1:9/v1")
    assert realtime_target(custom, "m", None, {})[0] == "ws://127.0.0.1:9/v1/realtime?model=m"
    azure = openai_kit.AzureOpenAI(
        api_key="k", azure_endpoint="https://r.openai.azure.com", api_version="2025-04-01-preview"
    )
    url, headers = realtime_target(azure, "voice", None, {})
    assert (
        url
        == "wss://r.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=voice"
    )
    assert headers["api-key"] == "k"
    token = openai_kit.AzureOpenAI(
        azure_ad_token_provider=lambda: "tok",
        azure_endpoint="https://r.openai.azure.com",
        api_version="2025-04-01-preview",
    )
    token.realtime  # noqa: B018 - the resource builds without a connection
    with pytest.raises(openai_kit.OpenAIError):
        realtime_target(azure, None, None, {})


def test_in_process_azure_and_client_secret() -> None:
    mock = MockServer(deployments={"voice": "gpt-realtime"})
    with mock.azure_client(api_version="2025-04-01-preview").realtime.connect(
        model="voice"
    ) as conn:
        assert conn.recv().session.model == "gpt-realtime"
    secret = mock.client().realtime.client_secrets.create(
        session={"type": "realtime", "instructions": "Shh."}
    )
    assert secret.value.startswith("ek_")
    with mock.client(api_key=secret.value).realtime.connect(model="gpt-realtime") as conn:
        assert conn.recv().session.instructions == "Shh."


def test_calls() -> None:
    mock = MockServer(seed=3)
    client = mock.client()
    offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
    answer = client.realtime.calls.create(
        sdp=offer, session={"type": "realtime", "model": "gpt-realtime"}
    )
    call_id = answer.response.headers["location"].rsplit("/", 1)[1]
    assert answer.response.status_code == 201 and answer.text.startswith("v=0")
    client.realtime.calls.refer(call_id, target_uri="tel:+14155550123")
    ringing = mock.realtime.incoming_call()
    client.realtime.calls.accept(ringing, type="realtime", model="gpt-realtime")
    client.realtime.calls.hangup(ringing)
    other = mock.realtime.incoming_call()
    client.realtime.calls.reject(other, status_code=486)
    assert mock.realtime.call(other)["status"] == "rejected"
    with pytest.raises(openai_kit.BadRequestError):
        client.realtime.calls.hangup(other)


def test_a_live_socket_cut_without_a_close_frame_is_1006_without_a_warning() -> None:
    pytest.importorskip("websockets")
    from websockets.exceptions import ConnectionClosedError
    from websockets.frames import Close

    from openai_kit.resources.realtime._socket import closed_of

    cut = closed_of(ConnectionClosedError(None, None))  # warnings are errors in this suite
    assert (cut.code, cut.reason) == (1006, "")
    closed = closed_of(ConnectionClosedError(Close(1011, "server error"), None))
    assert (closed.code, closed.reason) == (1011, "server error")
