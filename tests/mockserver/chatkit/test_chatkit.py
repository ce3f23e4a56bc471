"""ChatKit: sessions (defaults, expiry on the clock, cancel, validation) and threads with items."""

from __future__ import annotations

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.api.chatkit.store import ChatKitStore
from tests.mockserver.conftest import AUTH, NOW

HEADERS = {**AUTH, "OpenAI-Beta": "chatkit_beta=v1"}


def test_session_defaults_expiry_and_cancel(http: httpx.Client, mock: MockServer) -> None:
    body = {"workflow": {"id": "wf_1", "state_variables": {"plan": "pro"}}, "user": "u-1"}
    made = http.post("/v1/chatkit/sessions", json=body, headers=HEADERS).json()
    assert made["id"].startswith("cksess_")
    assert made["client_secret"].startswith("ek_")
    assert made["expires_at"] == NOW + 600
    assert made["workflow"] == {
        "id": "wf_1",
        "version": None,
        "state_variables": {"plan": "pro"},
        "tracing": {"enabled": True},
    }
    assert made["rate_limits"] == {"max_requests_per_1_minute": 10}
    assert made["chatkit_configuration"]["file_upload"] == {
        "enabled": False,
        "max_file_size": 512,
        "max_files": 10,
    }
    assert made["status"] == "active"
    assert made["client_secret"] not in str(mock.state.snapshot())
    short = http.post(
        "/v1/chatkit/sessions",
        json={
            **body,
            "expires_after": {"anchor": "created_at", "seconds": 60},
            "rate_limits": {"max_requests_per_1_minute": 3},
        },
        headers=HEADERS,
    ).json()
    assert short["expires_at"] == NOW + 60
    assert short["max_requests_per_1_minute"] == 3
    mock.advance(61)
    expired = http.post(f"/v1/chatkit/sessions/{short['id']}/cancel", headers=HEADERS).json()
    assert expired["status"] == "expired"
    cancelled = http.post(f"/v1/chatkit/sessions/{made['id']}/cancel", headers=HEADERS).json()
    assert cancelled["status"] == "cancelled"
    missing = http.post("/v1/chatkit/sessions/cksess_x/cancel", headers=HEADERS)
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"user": "u"}, "workflow", "missing_required_parameter"),
        ({"workflow": {"id": "w"}}, "user", "missing_required_parameter"),
        ({"workflow": {"id": "w"}, "user": ""}, "user", "string_below_min_length"),
        ({"workflow": {}, "user": "u"}, "workflow.id", "missing_required_parameter"),
        (
            {
                "workflow": {"id": "w"},
                "user": "u",
                "expires_after": {"anchor": "created_at", "seconds": 601},
            },
            "expires_after.seconds",
            "integer_above_max_value",
        ),
        ({"workflow": {"id": "w"}, "user": "u", "colour": 1}, "colour", "unknown_parameter"),
    ],
)
def test_session_validation(
    http: httpx.Client, body: dict[str, object], param: str, code: str
) -> None:
    response = http.post("/v1/chatkit/sessions", json=body, headers=HEADERS)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["param"], error["code"]) == (param, code)


def test_threads_items_pages_and_delete(http: httpx.Client, mock: MockServer) -> None:
    store = mock.state.get(ChatKitStore)
    first = store.add_thread("u-1", [("user", "Hi"), ("assistant", "Hello!"), ("user", "Bye")])
    second = store.add_thread("u-2", title="Other")
    listed = http.get("/v1/chatkit/threads", params={"user": "u-1"}, headers=HEADERS).json()
    assert [t["id"] for t in listed["data"]] == [first["id"]]
    everything = http.get("/v1/chatkit/threads", params={"limit": 1}, headers=HEADERS).json()
    assert [t["id"] for t in everything["data"]] == [second["id"]]
    assert everything["has_more"] is True
    one = http.get(f"/v1/chatkit/threads/{first['id']}", headers=HEADERS).json()
    assert one == {**first, "status": {"type": "active"}}
    items = http.get(
        f"/v1/chatkit/threads/{first['id']}/items",
        params={"order": "asc", "limit": 2},
        headers=HEADERS,
    ).json()
    assert [i["type"] for i in items["data"]] == [
        "chatkit.user_message",
        "chatkit.assistant_message",
    ]
    assert items["data"][1]["content"][0]["text"] == "Hello!"
    assert items["has_more"] is True
    deleted = http.delete(f"/v1/chatkit/threads/{first['id']}", headers=HEADERS).json()
    assert deleted == {"id": first["id"], "object": "chatkit.thread.deleted", "deleted": True}
    assert http.get(f"/v1/chatkit/threads/{first['id']}", headers=HEADERS).status_code == 404
