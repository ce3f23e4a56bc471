"""Definitions given to the control plane: checked whole, refused with a 400, nothing half-installed."""

from __future__ import annotations

import json
import math

import httpx
import pytest

from openai_kit.mockserver import MockServer, faults
from openai_kit.mockserver._clock import MAX_ADVANCE
from tests.mockserver.conftest import AUTH

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}

BAD_FAULTS = [
    {"fault": {"kind": "status", "status": 429, "retry_after": 1e308}},
    {"fault": {"kind": "status", "status": 429, "retry_after": -1}},
    {"fault": {"kind": "rate_limit", "rpm": 10**309}},
    {"fault": {"kind": "rate_limit", "tpm": 10**13}},
    {"fault": {"kind": "latency", "seconds": 1e308}},
    {"fault": {"kind": "slow_stream", "seconds_per_event": 1e9}},
    {"fault": {"kind": "status", "status": 200}},
    {"fault": {"kind": "status", "status": 503, "headers": {"x-a": "line\nbreak"}}},
    {"fault": {"kind": "status", "status": 503, "headers": {"bad name": "v"}}},
    {"fault": {"kind": "status", "status": 503, "headers": {"content-length": "5"}}},
    {"fault": {"kind": "status", "status": 503, "headers": {"x-a": "€"}}},
    {"fault": {"kind": "status", "status": 503, "headers": 5}},
    {"fault": [{"kind": "hang"}, {"kind": "status", "status": 99}]},
    {"fault": 503, "keep_on_reset": "false"},
    {"fault": 503, "keep_on_reset": 1},
    {"fault": 503, "times": 1.5},
    {"fault": 503, "after": 10**20},
    {"fault": 503, "probability": float("inf")},
    {"fault": 503, "header": 5},
    {"fault": 503, "operation": ["chat.completions.create", 5]},
]


@pytest.mark.parametrize("rule", BAD_FAULTS, ids=range(len(BAD_FAULTS)))
def test_a_bad_fault_rule_is_a_400_and_nothing_is_installed(
    http: httpx.Client, mock: MockServer, rule: dict[str, object]
) -> None:
    response = http.post("/_mock/faults", content=json.dumps(rule))
    assert response.status_code == 400, response.text
    assert response.json()["error"]["message"]
    assert len(mock.faults) == 0
    assert http.post("/v1/chat/completions", json=CHAT, headers=AUTH).status_code == 200


BAD_SCRIPTS = [
    {"operation": "chat.completions.create", "body": {"x": 1}, "headers": 5},
    {"operation": "chat.completions.create", "body": {"x": 1}, "headers": {"x-a": "a\r\nb"}},
    {"operation": "chat.completions.create", "body": {"x": 1}, "status": 7},
    {"operation": "chat.completions.create", "body": {"x": 1}, "status": 1000},
    {"operation": "chat.completions.create", "body": {"x": 1}, "status": "200"},
    {"operation": "chat.completions.create", "error": {"status": 200}},
    {"operation": "chat.completions.create", "error": {"status": 500, "message": 5}},
    {"operation": "chat.completions.create", "error": True},
    {"operation": "chat.completions.create", "content": 5},
    {"operation": "chat.completions.create", "content": "x", "times": 0},
    {"operation": "chat.completions.create", "content": "x", "times": True},
    {"operation": "chat.completions.create", "chunks": "abc"},
]


@pytest.mark.parametrize("script", BAD_SCRIPTS, ids=range(len(BAD_SCRIPTS)))
def test_a_bad_script_is_a_400_and_nothing_is_queued(
    http: httpx.Client, mock: MockServer, script: dict[str, object]
) -> None:
    response = http.post("/_mock/scripts", content=json.dumps(script))
    assert response.status_code == 400, response.text
    assert len(mock.scripts) == 0
    assert http.post("/v1/chat/completions", json=CHAT, headers=AUTH).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b'{"operation": "chat.completions.create", "body": {"x": NaN}}',
        b'{"operation": "chat.completions.create", "body": {"x": 1e400}}',
        b'{"operation": "chat.completions.create", "body": {"x": "\\ud800"}}',
        b"[" * 5000,
    ],
)
def test_a_script_body_that_cannot_be_sent_is_refused(
    http: httpx.Client, mock: MockServer, body: bytes
) -> None:
    assert http.post("/_mock/scripts", content=body).status_code == 400
    assert len(mock.scripts) == 0


def test_python_definitions_are_checked_too(mock: MockServer) -> None:
    with pytest.raises(ValueError, match="retry_after"):
        faults.status(429, retry_after=math.inf)
    with pytest.raises(ValueError, match="seconds"):
        faults.latency(1e308)
    with pytest.raises(ValueError, match="rpm"):
        faults.rate_limit(rpm=10**13)
    with pytest.raises(ValueError, match="body"):
        mock.script("chat.completions.create", body={"x": math.nan})
    with pytest.raises(ValueError, match="invalid header"):
        mock.script("chat.completions.create", body={}, headers={"x": "a\nb"})
    with pytest.raises(ValueError, match="at most"):
        mock.advance(1e308)
    assert len(mock.scripts) == 0


def test_the_clock_cannot_be_made_infinite(http: httpx.Client, mock: MockServer) -> None:
    assert http.post("/_mock/clock", json={"advance": 1e308}).status_code == 400
    for _ in range(3):
        assert http.post("/_mock/clock", json={"advance": MAX_ADVANCE}).status_code == 200
    now = http.get("/_mock/clock").json()["now"]
    assert math.isfinite(now)
    assert http.post("/_mock/reset").status_code == 200
    assert http.post("/v1/chat/completions", json=CHAT, headers=AUTH).status_code == 200


def test_accepted_definitions_are_served(http: httpx.Client, mock: MockServer) -> None:
    rule = {
        "fault": {"kind": "status", "status": 429, "retry_after": 86400, "headers": {"x-a": "b"}}
    }
    assert http.post("/_mock/faults", json=rule).status_code == 201
    answer = http.post("/v1/chat/completions", json=CHAT, headers=AUTH)
    assert answer.status_code == 429
    assert answer.headers["retry-after"] == "86400"
    assert answer.headers["x-a"] == "b"
    http.delete("/_mock/faults")
    script = {"operation": "chat.completions.create", "body": {"x": 1}, "status": 202}
    assert http.post("/_mock/scripts", json=script).status_code == 201
    answer = http.post("/v1/chat/completions", json=CHAT, headers=AUTH)
    assert (answer.status_code, answer.json()) == (202, {"x": 1})


def test_keep_on_reset_true_keeps_and_reset_recovers(http: httpx.Client, mock: MockServer) -> None:
    assert http.post("/_mock/faults", json={"fault": 503, "keep_on_reset": True}).status_code == 201
    assert (
        http.post("/_mock/faults", json={"fault": 500, "keep_on_reset": False}).status_code == 201
    )
    http.post("/_mock/reset")
    assert [r["fault"]["status"] for r in http.get("/_mock/faults").json()["data"]] == [503]


def test_rules_for_other_operations_are_never_consulted(mock: MockServer) -> None:
    rules = [
        mock.faults.add(faults.status(503), operation="embeddings.create") for _ in range(2000)
    ]
    anywhere = mock.faults.add(faults.status(500), operation="chat.completions.create", after=10)
    client = mock.client(max_retries=0)
    for _ in range(3):
        client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}]
        )
    assert all(rule.calls == 0 for rule in rules)
    assert anywhere.calls == 3
    assert not mock.faults.may_match("moderations.create")
    rules[0].remove()
    assert mock.faults.may_match("embeddings.create")


@pytest.mark.parametrize(
    "path", ["/_mock/faults", "/_mock/scripts", "/_mock/webhooks", "/_mock/realtime/faults"]
)
@pytest.mark.parametrize(
    "body",
    [
        b'{"url": NaN}',
        b'{"url": "http://127.0.0.1:9/", "x": 1e400}',
        b"[" * 5000,
        b"{",
        b" " + b"x" * (1 << 20),
    ],
)
def test_every_admin_collection_reads_its_body_strictly_and_installs_nothing(
    http: httpx.Client, mock: MockServer, path: str, body: bytes
) -> None:
    """Faults, scripts, webhook endpoints and Realtime session faults share one reader:
    NaN, numbers out of range, deep nesting, broken and oversized bodies are all a 400."""
    response = http.post(path, content=body)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert http.get(path).json()["data"] == []
