"""Realtime handshakes: routes, keys, client secrets on the clock, faults, the journal."""

from __future__ import annotations

import base64
import json

import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._wsclient import WebSocketClosed, WebSocketRefused
from tests.mockserver.realtime._session import Connect, types, user_text

KEY = "sk-right-key-000000000000"


def _refused(mock: MockServer, path: str, headers: dict[str, str]) -> WebSocketRefused:
    with pytest.raises(WebSocketRefused) as caught:
        mock.transport().connect_websocket("ws://mock" + path, headers, timeout=10)
    return caught.value


def test_wrong_key_is_refused_with_a_401_that_hides_the_key() -> None:
    mock = MockServer(api_keys=[KEY])
    refused = _refused(
        mock, "/v1/realtime?model=gpt-realtime", {"authorization": "Bearer sk-wrong-key-123456789"}
    )
    body = json.loads(refused.body)
    assert refused.status == 401 and body["error"]["code"] == "invalid_api_key"
    assert "sk-wrong-key-123456789" not in refused.body.decode()
    assert (
        mock.requests.last.status == 401
        and mock.requests.last.headers["authorization"] == "Bearer <redacted>"
    )


def test_unknown_and_non_realtime_models_are_refused() -> None:
    mock = MockServer()
    auth = {"authorization": "Bearer sk-x"}
    assert _refused(mock, "/v1/realtime?model=nope", auth).status == 404
    assert _refused(mock, "/v1/realtime?model=gpt-4o", auth).status == 400


def test_azure_routes(connect: Connect) -> None:
    mock = MockServer(deployments={"voice": "gpt-realtime"})
    key = {"api-key": "azure-key"}
    session = connect(mock, "/openai/realtime?api-version=2025-04-01-preview&deployment=voice", key)
    assert session.recv()["session"]["model"] == "gpt-realtime"
    v1 = connect(mock, "/openai/v1/realtime?model=voice", {"authorization": "Bearer entra-token"})
    assert v1.recv()["type"] == "session.created"
    assert _refused(mock, "/openai/realtime?deployment=voice", key).status == 404  # no api-version
    missing = _refused(
        mock, "/openai/realtime?api-version=2025-04-01-preview&deployment=other", key
    )
    assert json.loads(missing.body)["error"]["code"] == "DeploymentNotFound"
    assert (
        _refused(
            mock, "/openai/realtime?api-version=2025-04-01-preview&deployment=voice", {}
        ).status
        == 401
    )


def test_client_secret_works_until_it_expires_on_the_clock(connect: Connect) -> None:
    mock = MockServer(api_keys=[KEY])
    http = mock.client(api_key=KEY)
    created = http.post(
        "/realtime/client_secrets",
        body={
            "expires_after": {"seconds": 60},
            "session": {"type": "realtime", "instructions": "Be a pirate."},
        },
        cast_to=object,
    )
    assert isinstance(created, dict) and created["value"].startswith("ek_")
    secret = {"authorization": f"Bearer {created['value']}"}
    session = connect(mock, "/v1/realtime?model=gpt-realtime", secret)
    assert session.recv()["session"]["instructions"] == "Be a pirate."
    mock.advance(61)
    assert _refused(mock, "/v1/realtime?model=gpt-realtime", secret).status == 401


def test_session_faults(connect: Connect) -> None:
    mock = MockServer()
    faults = mock.state.get(
        __import__("openai_kit.mockserver.api.realtime", fromlist=["RealtimeStore"]).RealtimeStore
    ).faults
    faults.refuse(503)
    assert (
        _refused(mock, "/v1/realtime?model=gpt-realtime", {"authorization": "Bearer k"}).status
        == 503
    )
    faults.error_after(1, code="server_error")
    session = connect(mock)
    assert types([session.recv(), session.recv()]) == ["session.created", "error"]
    faults.drop_after(2)
    dropped = connect(mock)
    dropped.recv()
    dropped.send("session.update", session={"type": "realtime"})
    dropped.send("session.update", session={"type": "realtime"})
    dropped.recv()
    with pytest.raises(WebSocketClosed) as closed:
        dropped.recv()
    assert closed.value.code == 1006


def test_journal_keeps_each_sessions_events_with_audio_summarised(connect: Connect) -> None:
    mock = MockServer()
    session = connect(mock)
    session.recv()
    session.send("input_audio_buffer.append", audio=base64.b64encode(bytes(960)).decode())
    session.send("conversation.item.create", item=user_text("hi"))
    session.until("conversation.item.done")
    session.close()
    entry = mock.requests.last
    assert entry.operation == "realtime.connect" and entry.status == 101
    client = [e["event"] for e in entry.to_json()["events"] if e["from"] == "client"]
    assert client[0] == {"type": "input_audio_buffer.append", "audio": "<audio 960 bytes>"}
    server = [e["event"]["type"] for e in entry.to_json()["events"] if e["from"] == "server"]
    assert server == ["session.created", "conversation.item.added", "conversation.item.done"]
