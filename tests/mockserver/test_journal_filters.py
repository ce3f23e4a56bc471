"""``GET /_mock/requests`` takes the Python journal's filters as query parameters."""

from __future__ import annotations

import httpx
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import AUTH

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}]}


@pytest.fixture
def traffic(mock: MockServer, http: httpx.Client) -> list[str]:
    """Four requests: models.list, chat (gpt-4o-mini), a 401, chat (gpt-4o); their ids."""
    http.get("/v1/models", headers=AUTH)
    http.post("/v1/chat/completions", json=CHAT, headers=AUTH)
    http.get("/v1/models")
    http.post("/v1/chat/completions", json={**CHAT, "model": "gpt-4o"}, headers=AUTH)
    return [entry.request_id for entry in mock.requests]


def listed(http: httpx.Client, **params: str) -> list[tuple[str, int, str | None]]:
    reply = http.get("/_mock/requests", params=params)
    assert reply.status_code == 200, reply.text
    return [
        (e["operation"], e["status"], (e["json"] or {}).get("model")) for e in reply.json()["data"]
    ]


def test_each_filter_over_http(http: httpx.Client, traffic: list[str]) -> None:
    assert listed(http, operation="chat.completions.create") == [
        ("chat.completions.create", 200, "gpt-4o-mini"),
        ("chat.completions.create", 200, "gpt-4o"),
    ]
    assert listed(http, status="401") == [("models.list", 401, None)]
    assert listed(http, model="gpt-4o") == [("chat.completions.create", 200, "gpt-4o")]
    assert listed(http, since=traffic[1]) == [
        ("models.list", 401, None),
        ("chat.completions.create", 200, "gpt-4o"),
    ]
    assert listed(http, since=traffic[1], status="200") == [
        ("chat.completions.create", 200, "gpt-4o")
    ]
    assert listed(http, since=traffic[-1]) == []
    assert len(listed(http)) == 4


def test_the_python_journal_filters_the_same(mock: MockServer, traffic: list[str]) -> None:
    after = mock.requests.filter(since=traffic[1])
    assert [e.request_id for e in after] == traffic[2:]
    assert mock.requests.filter("chat.completions.create", since=traffic[1], model="gpt-4o")
    with pytest.raises(ValueError, match="no journal entry has the request_id 'req_nope'"):
        mock.requests.filter(since="req_nope")


@pytest.mark.parametrize(
    ("params", "param", "message"),
    [
        (
            {"operaton": "models.list"},
            "operaton",
            "unknown filter operaton; the journal filters on operation, method, path, status, "
            "model, style, since",
        ),
        ({"status": "ok"}, "status", "status must be an integer, got 'ok'"),
        ({"style": "aws"}, "style", "style must be one of openai, azure, azure_v1, got 'aws'"),
        ({"since": "req_unknown"}, "since", "no journal entry has the request_id 'req_unknown'"),
    ],
)
def test_unknown_or_bad_filters_are_a_400(
    http: httpx.Client, traffic: list[str], params: dict[str, str], param: str, message: str
) -> None:
    reply = http.get("/_mock/requests", params=params)
    assert reply.status_code == 400
    assert reply.json() == {
        "error": {
            "message": message,
            "type": "invalid_request_error",
            "param": param,
            "code": None,
        }
    }
