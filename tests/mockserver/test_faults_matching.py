"""Which request a fault hits: filters, after/times, sequences, probability, the journal."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openai_kit.mockserver import FaultRule, JournalEntry, MockServer, faults
from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}
EMBED = {"model": "text-embedding-3-small", "input": "Hi"}


def chat(http: httpx.Client, model: str = "gpt-4o-mini", **headers: str) -> int:
    body = {**CHAT, "model": model}
    return http.post("/v1/chat/completions", json=body, headers={**AUTH, **headers}).status_code


def azure_chat(http: httpx.Client, deployment: str, *, v1: bool = False) -> int:
    if v1:
        body = {**CHAT, "model": deployment}
        return http.post("/openai/v1/chat/completions", json=body, headers=AZURE_AUTH).status_code
    path = f"/openai/deployments/{deployment}/chat/completions?api-version={API_VERSION}"
    return http.post(path, json=CHAT, headers=AZURE_AUTH).status_code


def statuses(mock: MockServer) -> list[int | None]:
    return [e.status for e in mock.requests]


def test_operation_filter(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.status(503), operation="embeddings.create")
    assert chat(http) == 200
    assert http.post("/v1/embeddings", json=EMBED, headers=AUTH).status_code == 503
    mock.faults.clear()
    mock.faults.add(faults.status(500), operation=["models.list", "files.list"])
    assert http.get("/v1/models", headers=AUTH).status_code == 500
    assert http.get("/v1/files", headers=AUTH).status_code == 500
    assert chat(http) == 200


def test_one_operation_name_covers_every_route(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.status(503), operation="chat.completions.create")
    assert chat(http) == 503
    assert azure_chat(http, "gpt-4o-mini") == 503
    assert azure_chat(http, "gpt-4o-mini", v1=True) == 503
    assert [e.style for e in mock.requests] == ["openai", "azure", "azure_v1"]


def test_model_filter(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.status(503), model="gpt-4o")
    assert chat(http, "gpt-4o-mini") == 200
    assert chat(http, "gpt-4o") == 503
    assert azure_chat(http, "gpt-4o") == 503
    assert azure_chat(http, "gpt-4o-mini") == 200


def test_model_filter_sees_the_model_behind_a_deployment(http: httpx.Client) -> None:
    mock = MockServer(deployments={"prod-chat": "gpt-4o"})
    with httpx.Client(transport=mock.transport(), base_url="http://t") as client:
        mock.faults.add(faults.status(429), model="gpt-4o")
        assert azure_chat(client, "prod-chat") == 429
        mock.faults.clear()
        mock.faults.add(faults.status(429), model="prod-chat")
        assert azure_chat(client, "prod-chat") == 429


def test_deployment_filter(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.status(503), deployment="gpt-4o")
    assert azure_chat(http, "gpt-4o-mini") == 200
    assert azure_chat(http, "gpt-4o") == 503
    assert azure_chat(http, "gpt-4o", v1=True) == 503
    assert chat(http, "gpt-4o") == 200  # the OpenAI route has no deployments


def test_header_filter(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.status(503), header="x-tenant: blue")
    mock.faults.add(faults.status(500), header=("X-Tenant", "red"))
    mock.faults.add(faults.status(502), header="X-Canary")
    assert chat(http) == 200
    assert chat(http, **{"x-tenant": "blue"}) == 503
    assert chat(http, **{"x-tenant": "red"}) == 500
    assert chat(http, **{"x-tenant": "green"}) == 200
    assert chat(http, **{"x-canary": "anything"}) == 502


def test_after_and_times(mock: MockServer, http: httpx.Client) -> None:
    rule = mock.faults.add(faults.status(503), after=2, times=2)
    assert [chat(http) for _ in range(6)] == [200, 200, 503, 503, 200, 200]
    assert (rule.calls, rule.uses, rule.hits, rule.remaining) == (4, 2, 2, 0)
    assert not rule.active
    assert mock.faults.rules == []


def test_a_sequence_is_consumed_one_item_per_call(mock: MockServer, http: httpx.Client) -> None:
    rule = mock.faults.add([faults.status(429), None, faults.status(503)])
    assert [chat(http) for _ in range(5)] == [429, 200, 503, 200, 200]
    assert (rule.uses, rule.hits, rule.limit) == (3, 2, 3)
    assert not rule.active


def test_a_sequence_with_fewer_times(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add((faults.status(429), faults.status(500), faults.status(503)), times=2)
    assert [chat(http) for _ in range(3)] == [429, 500, 200]


def test_unlimited_rule_stays(mock: MockServer, http: httpx.Client) -> None:
    rule = mock.faults.add(faults.status(500))
    assert [chat(http) for _ in range(3)] == [500, 500, 500]
    assert rule.remaining is None
    assert rule.active


def test_the_first_matching_rule_wins_and_after_counts_every_call(
    mock: MockServer, http: httpx.Client
) -> None:
    first = mock.faults.add(faults.status(429), times=2)
    second = mock.faults.add(faults.status(503), after=2, times=1)
    assert [chat(http) for _ in range(4)] == [429, 429, 503, 200]
    assert (first.hits, second.hits, second.calls) == (2, 1, 3)


def probability_run(seed: int, probability: float, calls: int = 40) -> list[int]:
    mock = MockServer(seed=seed)
    mock.faults.add(faults.status(503), probability=probability)
    with httpx.Client(transport=mock.transport(), base_url="http://t") as client:
        return [chat(client) for _ in range(calls)]


def test_probability_is_drawn_from_the_seed() -> None:
    run = probability_run(0, 0.3)
    assert run == probability_run(0, 0.3)
    assert 0 < run.count(503) < len(run)
    assert run != probability_run(1, 0.3)
    assert set(probability_run(0, 0.0, 10)) == {200}
    assert set(probability_run(0, 1.0, 10)) == {503}


def test_one_of_is_drawn_from_the_seed() -> None:
    def run() -> list[int]:
        mock = MockServer(seed=3)
        mock.faults.add(faults.one_of(faults.status(500), faults.status(503)))
        with httpx.Client(transport=mock.transport(), base_url="http://t") as client:
            return [chat(client) for _ in range(20)]

    first = run()
    assert first == run()
    assert set(first) == {500, 503}


@pytest.mark.parametrize(
    ("kwargs", "exc", "words"),
    [
        ({"operation": "chat.create"}, ValueError, "unknown operation 'chat.create'"),
        ({"operation": 5}, TypeError, "operation"),
        ({"operation": []}, ValueError, "at least one"),
        ({"times": 0}, ValueError, "times must be at least 1"),
        ({"times": -1}, ValueError, "times"),
        ({"times": 1.5}, TypeError, "times"),
        ({"after": -1}, ValueError, "after must be >= 0"),
        ({"after": "1"}, TypeError, "after"),
        ({"probability": 1.5}, ValueError, "between 0 and 1"),
        ({"probability": -0.1}, ValueError, "between 0 and 1"),
        ({"probability": True}, TypeError, "probability"),
        ({"model": ""}, ValueError, "model"),
        ({"deployment": 3}, TypeError, "deployment"),
        ({"header": "bad name: x"}, ValueError, "header"),
        ({"header": ("a",)}, TypeError, "header"),
        ({"header": 5}, TypeError, "header"),
    ],
)
def test_bad_rules_are_refused_and_nothing_changes(
    mock: MockServer, kwargs: dict[str, Any], exc: type[Exception], words: str
) -> None:
    kept = mock.faults.add(faults.status(500), operation="files.list")
    with pytest.raises(exc, match=words):
        mock.faults.add(faults.status(503), **kwargs)
    assert mock.faults.rules == [kept]


@pytest.mark.parametrize(
    ("fault", "kwargs", "exc", "words"),
    [
        ([], {}, ValueError, "at least one item"),
        ([faults.hang(), "503"], {}, TypeError, "faults or None"),
        ([faults.rate_limit(rpm=1)], {}, ValueError, "sequence"),
        ([faults.hang()], {"times": 2}, ValueError, "at most 1"),
        (faults.rate_limit(rpm=1), {"times": 1}, ValueError, "every matching call"),
        (faults.rate_limit(rpm=1), {"after": 1}, ValueError, "every matching call"),
        (faults.rate_limit(rpm=1), {"probability": 0.5}, ValueError, "every matching call"),
        (503, {}, TypeError, "add takes a fault"),
        ("hang", {}, TypeError, "add takes a fault"),
    ],
)
def test_bad_faults_are_refused(
    mock: MockServer, fault: Any, kwargs: dict[str, Any], exc: type[Exception], words: str
) -> None:
    with pytest.raises(exc, match=words):
        mock.faults.add(fault, **kwargs)
    assert len(mock.faults) == 0


def test_handles_remove_list_and_clear(mock: MockServer, http: httpx.Client) -> None:
    a = mock.faults.add(faults.status(500), operation="models.list")
    b = mock.faults.add(faults.hang(), operation="files.list")
    assert isinstance(a, FaultRule)
    assert (a.id, b.id) == ("fault_1", "fault_2")
    assert list(mock.faults) == [a, b]
    assert mock.faults.get("fault_2") is b
    assert mock.faults.get("fault_9") is None
    assert "fault_1" in repr(a)
    assert "2 rules" in repr(mock.faults)
    assert a.remove() is True
    assert a.remove() is False
    assert mock.faults.remove("fault_2") is True
    assert mock.faults.rules == []
    with mock.faults.add(faults.status(500)) as rule:
        assert chat(http) == 500
        assert rule.active
    assert not rule.active
    assert chat(http) == 200
    mock.faults.add(faults.status(500))
    mock.faults.add(faults.status(501))
    assert mock.faults.clear() == 2
    assert chat(http) == 200


def test_rule_json(mock: MockServer) -> None:
    rule = mock.faults.add(
        [faults.status(429), None],
        operation="chat.completions.create",
        model="gpt-4o",
        header="x-a: 1",
        after=1,
        probability=0.5,
    )
    data = rule.to_json()
    assert data["id"] == "fault_1"
    assert data["fault"] is None
    assert data["sequence"] == [{"kind": "status", "status": 429}, None]
    assert data["operation"] == ["chat.completions.create"]
    assert (data["model"], data["header"], data["after"], data["probability"]) == (
        "gpt-4o",
        "x-a: 1",
        1,
        0.5,
    )
    assert (data["calls"], data["hits"], data["remaining"], data["active"]) == (0, 0, 2, True)
    assert mock.faults.to_json() == [data]
    secret = mock.faults.add(faults.hang(), header=("api-key", "sk-secret-value"))
    assert secret.to_json()["header"] == "api-key: <redacted>"


def test_the_journal_says_which_fault_hit_which_request(
    mock: MockServer, http: httpx.Client
) -> None:
    rule = mock.faults.add([faults.status(429, retry_after=1), None])
    chat(http)
    chat(http)
    hit, normal = mock.requests
    assert isinstance(hit, JournalEntry)
    assert hit.fault == {
        "kind": "status",
        "status": 429,
        "retry_after": 1.0,
        "rule": rule.id,
        "source": "rule",
    }
    assert hit.to_json()["fault"] == hit.fault
    assert isinstance(normal, JournalEntry)
    assert normal.fault is None
    assert normal.to_json()["fault"] is None
    [record] = mock.faults.hits
    assert (record.request, record.rule, record.fault) == (hit, rule, faults.status(429, 1))
    assert hit.json == CHAT


def test_a_fault_header_injects_once(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.status(500), operation="models.list")
    assert chat(http, **{"x-mock-fault": "status=503"}) == 503
    assert chat(http) == 200
    response = http.post(
        "/v1/chat/completions",
        json=CHAT,
        headers={**AUTH, "x-mock-fault": "status=429; retry_after=2"},
    )
    assert response.headers["retry-after"] == "2"
    assert mock.requests[0].fault == {
        "kind": "status",
        "status": 503,
        "rule": None,
        "source": "header",
    }
    assert mock.faults.hits[0].rule is None
    # the header wins over installed rules
    assert http.get("/v1/models", headers={**AUTH, "x-mock-fault": "status=502"}).status_code == 502


@pytest.mark.parametrize("spec", ["explode", "status=200", "rate_limit; rpm=1", "hang=3"])
def test_a_bad_fault_header_is_a_400(mock: MockServer, http: httpx.Client, spec: str) -> None:
    response = http.post("/v1/chat/completions", json=CHAT, headers={**AUTH, "x-mock-fault": spec})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["param"], error["code"]) == ("x-mock-fault", "invalid_fault")
    assert error["message"].startswith("Invalid x-mock-fault header: ")


def test_reset_forgets_faults_but_keeps_session_ones(mock: MockServer, http: httpx.Client) -> None:
    session = mock.faults.add(faults.status(503), operation="models.list", keep_on_reset=True)
    mock.faults.add(faults.status(500))
    assert chat(http) == 500
    assert http.get("/v1/models", headers=AUTH).status_code == 503
    mock.reset()
    assert mock.faults.rules == [session]
    assert (session.calls, session.hits) == (0, 0)
    assert mock.faults.hits == []
    assert chat(http) == 200
    assert http.get("/v1/models", headers=AUTH).status_code == 503
    assert mock.faults.clear() == 1
    mock.reset()
    assert mock.faults.rules == []


def test_reset_restarts_the_random_draws() -> None:
    mock = MockServer(seed=5)
    mock.faults.add(faults.status(503), probability=0.5, keep_on_reset=True)
    with httpx.Client(transport=mock.transport(), base_url="http://t") as client:
        first = [chat(client) for _ in range(12)]
        mock.reset()
        assert [chat(client) for _ in range(12)] == first


def test_faults_skip_paths_the_mock_does_not_serve(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.status(503))
    assert http.get("/v1/nothing-here", headers=AUTH).status_code == 404
    assert mock.requests.last.fault is None  # type: ignore[attr-defined]
