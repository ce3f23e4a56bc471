"""Realtime calls: an SDP offer answered with 201 application/sdp; call state moves."""

from __future__ import annotations

import httpx

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.api.realtime import RealtimeStore

OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:1\r\n"
AUTH = {"authorization": "Bearer sk-x"}


def _http(mock: MockServer) -> httpx.Client:
    return httpx.Client(transport=mock.transport(), base_url="http://mock/v1", headers=AUTH)


def test_create_answers_the_offer_with_the_call_id_in_location() -> None:
    mock = MockServer(seed=1)
    with _http(mock) as http:
        answer = http.post(
            "/realtime/calls", content=OFFER, headers={"content-type": "application/sdp"}
        )
        assert answer.status_code == 201
        assert answer.headers["content-type"] == "application/sdp"
        call_id = answer.headers["location"].rsplit("/", 1)[1]
        assert call_id.startswith("rtc_") and answer.text.startswith("v=0\r\n")
        assert "a=group:BUNDLE 0 1" in answer.text
        assert mock.state.get(RealtimeStore).call(call_id)["status"] == "active"
        assert (
            http.post(
                f"/realtime/calls/{call_id}/refer", json={"target_uri": "tel:+14155550123"}
            ).status_code
            == 200
        )
        again = http.post(f"/realtime/calls/{call_id}/hangup")
        assert again.status_code == 400 and "referred" in again.json()["error"]["message"]
        bad = http.post(
            "/realtime/calls", content="hello", headers={"content-type": "application/sdp"}
        )
        assert bad.status_code == 400


def test_incoming_sip_call_accept_reject_hangup() -> None:
    mock = MockServer(seed=2)
    store = mock.state.get(RealtimeStore)
    heard: list[tuple[str, object]] = []
    mock.state.listeners.append(lambda kind, data: heard.append((kind, data)))
    ringing = store.incoming_call()
    assert heard[0][0] == "realtime.call.incoming"
    with _http(mock) as http:
        accept = http.post(
            f"/realtime/calls/{ringing}/accept",
            json={"type": "realtime", "model": "gpt-realtime", "instructions": "Hi"},
        )
        assert accept.status_code == 200 and store.call(ringing)["status"] == "active"
        assert (
            http.post(f"/realtime/calls/{ringing}/reject").status_code == 400
        )  # no longer ringing
        assert http.post(f"/realtime/calls/{ringing}/hangup").status_code == 200
        other = store.incoming_call()
        assert (
            http.post(f"/realtime/calls/{other}/reject", json={"status_code": 486}).status_code
            == 200
        )
        assert store.call(other)["sip_status"] == 486
        assert http.post("/realtime/calls/rtc_nope/hangup").status_code == 404
