"""The request journal and the admin API under /_mock/."""

from __future__ import annotations

import httpx
import pytest

from openai_kit.mockserver import MockServer, RecordedRequest
from openai_kit.mockserver._journal import redact_headers
from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH, KEY

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}]}


def test_entries_record_what_was_sent(mock: MockServer, http: httpx.Client) -> None:
    http.post("/v1/chat/completions?x=1", json=CHAT, headers={**AUTH, "X-Custom": "v"})
    entry = mock.requests.last
    assert isinstance(entry, RecordedRequest)
    assert entry.operation == "chat.completions.create"
    assert entry.method == "POST"
    assert entry.path == "/v1/chat/completions"
    assert entry.query == {"x": "1"}
    assert entry.json == CHAT
    assert entry.status == 200
    assert entry.style == "openai"
    assert entry.model == "gpt-4o-mini"
    assert entry.headers["x-custom"] == "v"
    assert entry.request_id.startswith("req_")


def test_secrets_are_redacted(mock: MockServer, http: httpx.Client) -> None:
    http.get("/v1/models", headers=AUTH)
    http.get(
        "/openai/models",
        params={"api-version": API_VERSION},
        headers={**AZURE_AUTH, "Cookie": "a=b"},
    )
    first, second = mock.requests
    assert first.headers["authorization"] == "Bearer <redacted>"
    assert second.headers["api-key"] == "<redacted>"
    assert second.headers["cookie"] == "<redacted>"
    assert KEY not in repr(mock.requests.to_json())


def test_redact_headers_keeps_the_scheme_only() -> None:
    assert redact_headers({"Authorization": "Bearer abc", "Accept": "x"}) == {
        "authorization": "Bearer <redacted>",
        "accept": "x",
    }
    assert redact_headers([("authorization", "token")]) == {"authorization": "<redacted>"}


def test_failed_requests_are_recorded_too(mock: MockServer, http: httpx.Client) -> None:
    http.get("/v1/models")
    http.post("/v1/chat/completions", content=b"nope", headers=AUTH)
    assert [(e.operation, e.status, e.json) for e in mock.requests] == [
        ("models.list", 401, None),
        ("chat.completions.create", 400, None),
    ]


def test_filter_last_len_and_index(mock: MockServer, http: httpx.Client) -> None:
    with pytest.raises(LookupError):
        _ = mock.requests.last
    http.get("/v1/models", headers=AUTH)
    http.post("/v1/chat/completions", json=CHAT, headers=AUTH)
    http.get("/v1/models/gpt-4o", headers=AUTH)
    journal = mock.requests
    assert len(journal) == 3
    assert journal[0].operation == "models.list"
    assert [e.operation for e in journal[1:]] == ["chat.completions.create", "models.retrieve"]
    assert len(journal.filter("models.list")) == 1
    assert len(journal.filter(method="get")) == 2
    assert len(journal.filter(model="gpt-4o-mini")) == 1
    assert len(journal.filter(path="/v1/models/gpt-4o", status=200)) == 1
    assert journal.filter(style="azure") == []
    assert journal.clear() == 3
    assert len(journal) == 0


def test_journal_is_bounded() -> None:
    mock = MockServer(journal_size=2)
    with httpx.Client(transport=mock.transport(), base_url="http://m") as http:
        for _ in range(3):
            http.get("/v1/models", headers=AUTH)
    assert len(mock.requests) == 2


def test_admin_requests_lists_and_clears(mock: MockServer, http: httpx.Client) -> None:
    http.post("/v1/chat/completions", json=CHAT, headers=AUTH)
    listed = http.get("/_mock/requests").json()
    assert listed["has_more"] is False
    (entry,) = listed["data"]
    assert listed["first_id"] == listed["last_id"] == entry["request_id"]
    assert entry["operation"] == "chat.completions.create"
    assert entry["json"] == CHAT
    assert entry["status"] == 200
    assert entry["headers"]["authorization"] == "Bearer <redacted>"
    assert http.delete("/_mock/requests").json() == {"deleted": 1}
    assert http.get("/_mock/requests").json() == {
        "data": [],
        "has_more": False,
        "first_id": None,
        "last_id": None,
    }


def test_admin_calls_are_not_journaled(mock: MockServer, http: httpx.Client) -> None:
    http.get("/_mock/requests")
    http.get("/_mock/scripts")
    assert len(mock.requests) == 0


def test_admin_reset_forgets_everything(mock: MockServer, http: httpx.Client) -> None:
    http.post("/v1/files", files={"file": ("a.txt", b"x")}, data={"purpose": "batch"}, headers=AUTH)
    mock.script("chat.completions.create", content="scripted")
    assert http.post("/_mock/reset").json() == {"reset": True}
    assert len(mock.requests) == 0
    assert mock.scripts.pending == []
    assert http.get("/v1/files", headers=AUTH).json()["data"] == []


def test_admin_scripts_over_http(mock: MockServer, http: httpx.Client) -> None:
    created = http.post(
        "/_mock/scripts",
        json={"operation": "chat.completions.create", "content": "From the admin API.", "times": 2},
    )
    assert created.status_code == 201
    assert created.json()["kind"] == "reply"
    assert [s["content"] for s in http.get("/_mock/scripts").json()["data"]] == [
        "From the admin API."
    ]
    answer = http.post("/v1/chat/completions", json=CHAT, headers=AUTH).json()
    assert answer["choices"][0]["message"]["content"] == "From the admin API."
    assert http.get("/_mock/scripts").json()["data"][0]["calls"] == 1
    assert http.delete("/_mock/scripts").json() == {"deleted": 1}
    assert http.get("/_mock/scripts").json() == {"data": []}


def test_admin_scripted_error_and_body(http: httpx.Client) -> None:
    http.post(
        "/_mock/scripts",
        json={
            "operation": "embeddings.create",
            "error": {"status": 429, "message": "Slow down", "code": "rate_limit_exceeded"},
        },
    )
    http.post(
        "/_mock/scripts", json={"operation": "models.list", "body": {"object": "list", "data": []}}
    )
    http.post("/_mock/scripts", json={"operation": "models.list", "error": 503})
    limited = http.post("/v1/embeddings", json={"model": "x", "input": "y"}, headers=AUTH)
    assert limited.status_code == 429
    assert limited.json()["error"] == {
        "message": "Slow down",
        "type": "requests",
        "param": None,
        "code": "rate_limit_exceeded",
    }
    assert http.get("/v1/models", headers=AUTH).json() == {"object": "list", "data": []}
    assert http.get("/v1/models", headers=AUTH).status_code == 503


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"[]",
        b'{"content": "x"}',
        b'{"operation": "nope", "content": "x"}',
        b'{"operation": "models.list", "content": "x"}',
        b'{"operation": "models.list", "body": {}, "bogus": 1}',
        b'{"operation": "models.list", "error": "x"}',
        b'{"operation": "models.list", "error": {"status": "x"}}',
        b'{"operation": "models.list", "body": {}, "times": "x"}',
    ],
)
def test_admin_rejects_bad_scripts(http: httpx.Client, payload: bytes) -> None:
    response = http.post("/_mock/scripts", content=payload)
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_unknown_admin_path_is_404(http: httpx.Client) -> None:
    response = http.get("/_mock/nothing")
    assert response.status_code == 404
    assert "no admin endpoint" in response.json()["error"]["message"]
