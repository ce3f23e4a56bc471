"""Session faults over ``/_mock/realtime/faults``; ``ek_`` keys on the call operations; the
``realtime.call.incoming`` announcement; the store's bounds."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.api.realtime import RealtimeStore
from tests.mockserver.realtime.test_calls import OFFER

KEY = "sk-the-only-key-000000000000000000"


def _admin(mock: MockServer) -> httpx.Client:
    return httpx.Client(transport=mock.transport(), base_url="http://mock")


def test_session_faults_install_list_and_clear_over_the_admin_api() -> None:
    mock = MockServer(seed=1)
    with _admin(mock) as admin:
        refused = admin.post("/_mock/realtime/faults", json={"kind": "refuse", "status": 503})
        assert refused.status_code == 201
        assert refused.json()["kind"] == "refuse" and refused.json()["status"] == 503
        dropped = {"kind": "drop", "after": 2, "model": "gpt-realtime", "times": None}
        assert admin.post("/_mock/realtime/faults", json=dropped).status_code == 201
        error = {"kind": "error", "after": 1, "code": "boom", "message": "Broken."}
        assert admin.post("/_mock/realtime/faults", json=error).json()["error"]["code"] == "boom"
        listed = admin.get("/_mock/realtime/faults").json()["data"]
        assert [rule["kind"] for rule in listed] == ["refuse", "drop", "error"]
        assert listed[1]["times"] is None
        with pytest.raises(Exception, match="503"):
            mock.client().realtime.connect(model="gpt-realtime").enter()
        # the session took the refusal and the error (once each); the drop applies to every one
        assert admin.delete("/_mock/realtime/faults").json() == {"deleted": 1}
        assert admin.get("/_mock/realtime/faults").json() == {"data": []}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"kind": "explode"}, "kind must be one of refuse, drop, delay, error; got 'explode'"),
        ({"kind": "drop"}, "after must be an integer"),
        ({"kind": "delay", "seconds": "1"}, "seconds must be a number"),
        ({"kind": "refuse", "status": 200}, "status must be a 4xx or 5xx code"),
        ({"kind": "drop", "after": 1, "seconds": 2}, "unknown key(s) for a drop fault: seconds"),
        ([1], 'expected {"kind": "refuse" | "drop" | "delay" | "error", ...}'),
    ],
)
def test_bad_fault_definitions_are_json_400s(body: Any, message: str) -> None:
    mock = MockServer(seed=1)
    with _admin(mock) as admin:
        answer = admin.post("/_mock/realtime/faults", json=body)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == message
    assert answer.json()["error"]["type"] == "invalid_request_error"
    assert mock.realtime.faults.rules == []


def test_the_fault_routes_answer_other_methods_with_405() -> None:
    with _admin(MockServer()) as admin:
        answer = admin.put("/_mock/realtime/faults", json={})
    assert answer.status_code == 405 and "GET, POST, DELETE" in answer.json()["error"]["message"]


def test_a_client_secret_calls_the_call_operations_when_the_server_has_keys() -> None:
    mock = MockServer(seed=2, api_keys=[KEY])
    client = mock.client(api_key=KEY)
    secret = client.realtime.client_secrets.create(
        session={"type": "realtime", "model": "gpt-realtime"}
    ).value
    phone = mock.client(api_key=secret)
    answer = phone.realtime.calls.with_raw_response.create(sdp=OFFER)
    assert answer.status_code == 201
    call_id = answer.headers["location"].rsplit("/", 1)[1]
    phone.realtime.calls.hangup(call_id)
    with pytest.raises(Exception, match="401"):  # a secret is no key for minting secrets
        phone.realtime.client_secrets.create(session={"type": "realtime"})
    mock.advance(3600)  # past its expiry
    with pytest.raises(Exception, match="Incorrect API key"):
        phone.realtime.calls.create(sdp=OFFER)
    with pytest.raises(Exception, match="Incorrect API key"):
        mock.client(api_key="sk-wrong").realtime.calls.create(sdp=OFFER)


def test_every_arriving_call_is_announced() -> None:
    mock = MockServer(seed=3)
    heard: list[tuple[str, dict[str, Any]]] = []
    mock.state.listeners.append(lambda kind, data: heard.append((kind, dict(data))))
    answer = mock.client().realtime.calls.with_raw_response.create(sdp=OFFER)
    webrtc = answer.headers["location"].rsplit("/", 1)[1]
    sip = mock.realtime.incoming_call()
    assert heard == [
        ("realtime.call.incoming", {"call_id": webrtc, "sip_headers": []}),
        (
            "realtime.call.incoming",
            {
                "call_id": sip,
                "sip_headers": [{"name": "From", "value": "sip:+14155550123@sip.example.com"}],
            },
        ),
    ]


def test_the_store_keeps_at_most_store_limit_sessions_and_calls() -> None:
    mock = MockServer(seed=4, store_limit=3)
    store = mock.state.get(RealtimeStore)
    for number in range(5):
        store.add_session({"number": number})
        store.incoming_call()
    snapshot = store.snapshot()
    assert [s["number"] for s in snapshot["sessions"]] == [2, 3, 4]
    assert len(snapshot["calls"]) == 3
    assert json.dumps(snapshot)


def test_a_live_session_outlives_the_header_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The header deadline of the HTTP connection ends with the upgrade, not the session."""
    from websockets.sync.client import connect

    from openai_kit.mockserver import _live

    monkeypatch.setattr(_live, "HEADER_TIMEOUT", 0.2)
    with MockServer(seed=5).live() as url:
        address = "ws" + url.removeprefix("http") + "/v1/realtime?model=gpt-realtime"
        with connect(address, additional_headers={"Authorization": "Bearer sk-x"}) as ws:
            assert json.loads(ws.recv(timeout=5))["type"] == "session.created"
            with pytest.raises(TimeoutError):
                ws.recv(timeout=0.6)  # nothing to say, well past the deadline
            ws.send(json.dumps({"type": "input_audio_buffer.clear"}))
            assert json.loads(ws.recv(timeout=5))["type"] == "input_audio_buffer.cleared"


def test_an_in_process_recv_that_times_out_leaves_the_session_open() -> None:
    """Like a live socket (websockets): ``recv(timeout)`` may simply be tried again."""
    import asyncio

    mock = MockServer(seed=5)
    url = "ws://mock/v1/realtime?model=gpt-realtime"
    ws = mock.transport().connect_websocket(url, {"authorization": "Bearer sk-x"}, timeout=10)
    assert json.loads(ws.recv(timeout=10))["type"] == "session.created"
    with pytest.raises(TimeoutError):
        ws.recv(timeout=0.05)
    ws.send(json.dumps({"type": "input_audio_buffer.clear"}))
    assert json.loads(ws.recv(timeout=10))["type"] == "input_audio_buffer.cleared"
    ws.close()

    async def async_session() -> None:
        transport = mock.async_transport()
        ws = await transport.connect_websocket(url, {"authorization": "Bearer sk-x"}, timeout=10)
        assert json.loads(await ws.recv(timeout=10))["type"] == "session.created"
        with pytest.raises(TimeoutError):
            await ws.recv(timeout=0.05)
        await ws.send(json.dumps({"type": "input_audio_buffer.clear"}))
        assert json.loads(await ws.recv(timeout=10))["type"] == "input_audio_buffer.cleared"
        await ws.close()

    asyncio.run(async_session())
