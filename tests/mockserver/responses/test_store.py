"""Stored responses: chains and their billing, store=false, background lifecycles, streams, scripts."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.generation.tokens import count_tokens
from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH, NOW


def create(http: httpx.Client, **body: Any) -> dict[str, Any]:
    response = http.post("/v1/responses", json={"model": "gpt-4o", **body}, headers=AUTH)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def events_of(response: httpx.Response) -> list[dict[str, Any]]:
    """The JSON payloads of an SSE body (``[DONE]`` left out)."""
    payloads = [
        line.removeprefix("data: ")
        for line in response.text.splitlines()
        if line.startswith("data: ")
    ]
    return [json.loads(p) for p in payloads if p != "[DONE]"]


def test_previous_response_chain_bills_the_context(http: httpx.Client) -> None:
    first = create(http, input="What is the capital of France?")
    second = create(http, input="And of Spain?", previous_response_id=first["id"])
    carried = 4 + first["usage"]["output_tokens"]
    asked = 4 + count_tokens("And of Spain?")
    assert second["usage"]["input_tokens"] == first["usage"]["input_tokens"] + carried + asked
    third = create(http, input="And Italy?", previous_response_id=second["id"])
    assert third["usage"]["input_tokens"] > second["usage"]["input_tokens"] + 4
    listed = http.get(
        f"/v1/responses/{third['id']}/input_items", params={"order": "asc"}, headers=AUTH
    ).json()
    first_input = http.get(f"/v1/responses/{first['id']}/input_items", headers=AUTH).json()
    assert [item["id"] for item in listed["data"]][:2] == [
        first_input["data"][0]["id"],
        first["output"][0]["id"],
    ]
    assert [item.get("role") for item in listed["data"]] == ["user", "assistant"] * 2 + ["user"]
    assert listed["has_more"] is False
    assert (listed["first_id"], listed["last_id"]) == (
        listed["data"][0]["id"],
        listed["data"][-1]["id"],
    )


def test_input_items_shapes(http: httpx.Client) -> None:
    call = {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}"}
    answer = {"type": "function_call_output", "call_id": "call_1", "output": "42"}
    created = create(
        http,
        input=[
            {"role": "user", "content": "Compute."},
            {"role": "assistant", "content": "Calling f."},
            call,
            answer,
        ],
    )
    listed = http.get(
        f"/v1/responses/{created['id']}/input_items", params={"order": "asc"}, headers=AUTH
    ).json()["data"]
    assert listed[0]["content"] == [{"type": "input_text", "text": "Compute."}]
    assert listed[0]["status"] == "completed"
    assert listed[1]["content"] == [
        {"type": "output_text", "text": "Calling f.", "annotations": [], "logprobs": []}
    ]
    assert listed[2]["id"].startswith("fc_")
    assert listed[2]["status"] == "completed"
    assert listed[3]["id"].startswith("fco_")
    assert listed[3]["output"] == "42"
    page = http.get(
        f"/v1/responses/{created['id']}/input_items",
        params={"limit": 2, "after": listed[3]["id"]},
        headers=AUTH,
    ).json()
    assert [item["id"] for item in page["data"]] == [listed[2]["id"], listed[1]["id"]]
    assert page["has_more"] is True


def test_item_reference_resolves_a_stored_item(http: httpx.Client) -> None:
    first = create(http, input="Remember this sentence.")
    message = first["output"][0]
    second = create(http, input=[{"type": "item_reference", "id": message["id"]}])
    listed = http.get(f"/v1/responses/{second['id']}/input_items", headers=AUTH).json()
    assert listed["data"][0]["id"] == message["id"]
    missing = http.post(
        "/v1/responses",
        json={"model": "gpt-4o", "input": [{"type": "item_reference", "id": "msg_nope"}]},
        headers=AUTH,
    )
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "Item with id 'msg_nope' not found."


def test_store_false_and_deleted_responses_cannot_be_used(http: httpx.Client) -> None:
    unstored = create(http, input="Secret.", store=False)
    assert unstored["store"] is False
    assert http.get(f"/v1/responses/{unstored['id']}", headers=AUTH).status_code == 404
    chained = http.post(
        "/v1/responses",
        json={"model": "gpt-4o", "input": "More.", "previous_response_id": unstored["id"]},
        headers=AUTH,
    )
    assert chained.json()["error"]["code"] == "previous_response_not_found"
    stored = create(http, input="Public.")
    deleted = http.delete(f"/v1/responses/{stored['id']}", headers=AUTH).json()
    assert deleted == {"id": stored["id"], "object": "response", "deleted": True}
    assert http.delete(f"/v1/responses/{stored['id']}", headers=AUTH).status_code == 404


def test_background_timeline(mock: MockServer, http: httpx.Client) -> None:
    created = create(http, input="Hello.", background=True)
    assert created["status"] == "queued"
    assert created["created_at"] == NOW
    path = f"/v1/responses/{created['id']}"
    mock.advance(0.999)
    assert http.get(path, headers=AUTH).json()["status"] == "queued"
    mock.advance(0.001)
    running = http.get(path, headers=AUTH).json()
    assert (running["status"], running["output"], running["usage"]) == ("in_progress", [], None)
    mock.advance(3600)
    done = http.get(path, headers=AUTH).json()
    assert done["status"] == "completed"
    assert NOW + 1 < done["completed_at"] < NOW + 3600
    assert done["usage"]["output_tokens"] > 0
    chained = create(http, input="Next.", previous_response_id=created["id"])
    assert chained["usage"]["input_tokens"] > done["usage"]["input_tokens"]


def test_chaining_on_a_running_response_carries_only_its_input(http: httpx.Client) -> None:
    running = create(http, input="Hello.", background=True)
    chained = create(http, input="Hello.", previous_response_id=running["id"])
    assert running["usage"] is None
    assert chained["usage"]["input_tokens"] == 3 + 2 * (4 + count_tokens("Hello."))


def test_streaming_a_background_response_finishes_it(mock: MockServer, http: httpx.Client) -> None:
    streamed = http.post(
        "/v1/responses",
        json={"model": "gpt-4o", "input": "Go.", "background": True, "stream": True},
        headers=AUTH,
    )
    events = events_of(streamed)
    response_id = events[0]["response"]["id"]
    assert events[-1]["type"] == "response.completed"
    assert events[-1]["response"]["completed_at"] == NOW
    retrieved = http.get(f"/v1/responses/{response_id}", headers=AUTH).json()
    assert retrieved["status"] == "completed"
    assert retrieved["output"] == events[-1]["response"]["output"]
    resumed = events_of(
        http.get(
            f"/v1/responses/{response_id}",
            params={"stream": "true", "starting_after": 2},
            headers=AUTH,
        )
    )
    assert resumed == events[3:]


def test_a_cancelled_stream_stops_after_in_progress(http: httpx.Client) -> None:
    created = create(http, input="Go.", background=True)
    http.post(f"/v1/responses/{created['id']}/cancel", headers=AUTH)
    events = events_of(
        http.get(f"/v1/responses/{created['id']}", params={"stream": "true"}, headers=AUTH)
    )
    assert [e["type"] for e in events] == [
        "response.created",
        "response.queued",
        "response.in_progress",
    ]
    assert http.get(f"/v1/responses/{created['id']}", headers=AUTH).json()["status"] == "cancelled"


def test_incomplete_background_response_cannot_be_cancelled(
    mock: MockServer, http: httpx.Client
) -> None:
    created = create(
        http,
        input="Tell me everything.",
        background=True,
        max_output_tokens=16,
        text={"verbosity": "high"},
    )
    mock.advance(60)
    retrieved = http.get(f"/v1/responses/{created['id']}", headers=AUTH).json()
    assert retrieved["status"] == "incomplete"
    refused = http.post(f"/v1/responses/{created['id']}/cancel", headers=AUTH)
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == "Cannot cancel a response in terminal state."


def test_same_seed_same_conversation_of_calls() -> None:
    def run(mock: MockServer) -> list[Any]:
        with httpx.Client(transport=mock.transport(), base_url="http://mock.test") as http:
            first = create(http, input="Hi.", background=True)
            second = create(http, input="Again.", previous_response_id=first["id"])
            streamed = http.post(
                "/v1/responses",
                json={"model": "o3", "input": "Think.", "stream": True},
                headers=AUTH,
            )
            return [first, second, events_of(streamed)]

    assert run(MockServer(seed=3, clock=lambda: NOW)) == run(MockServer(seed=3, clock=lambda: NOW))
    assert run(MockServer(seed=3, clock=lambda: NOW)) != run(MockServer(seed=4, clock=lambda: NOW))


def test_azure_shows_the_deployment_and_its_filters() -> None:
    mock = MockServer(seed=0, clock=lambda: NOW, deployments={"prod-chat": "gpt-4o"})
    with httpx.Client(transport=mock.transport(), base_url="http://mock.test") as http:
        response = http.post(
            f"/openai/responses?api-version={API_VERSION}",
            json={"model": "prod-chat", "input": "Hello"},
            headers=AZURE_AUTH,
        )
        body = response.json()
        assert body["model"] == "prod-chat"
        assert "billing" not in body
        assert [f["source_type"] for f in body["content_filters"]] == ["prompt", "completion"]
        assert "apim-request-id" in response.headers
        unknown = http.post(
            "/openai/v1/responses", json={"model": "gpt-4o", "input": "x"}, headers=AZURE_AUTH
        )
        assert unknown.json()["error"]["code"] == "DeploymentNotFound"


def test_scripts_and_journal(mock: MockServer, http: httpx.Client) -> None:
    mock.script("responses.create", error=429)
    limited = http.post("/v1/responses", json={"model": "gpt-4o", "input": "x"}, headers=AUTH)
    assert limited.status_code == 429
    canned = {"id": "resp_canned", "object": "response", "output": []}
    mock.script("responses.create", body=canned, contains="canned")
    assert create(http, input="a canned answer please") == canned
    created = create(http, input="real")
    http.get(f"/v1/responses/{created['id']}/input_items", headers=AUTH)
    http.post("/v1/responses/input_tokens", json={"input": "x"}, headers=AUTH)
    http.post("/v1/conversations", json={}, headers=AUTH)
    operations = [entry.operation for entry in mock.requests]
    assert operations == [
        "responses.create",
        "responses.create",
        "responses.create",
        "responses.input_items.list",
        "responses.input_tokens.count",
        "conversations.create",
    ]


def test_reset_forgets_responses_but_not_time(mock: MockServer, http: httpx.Client) -> None:
    created = create(http, input="x")
    mock.advance(10)
    mock.reset()
    assert http.get(f"/v1/responses/{created['id']}", headers=AUTH).status_code == 404
    again = create(http, input="x")
    assert again["id"] == created["id"]
    assert again["created_at"] == NOW + 10
    assert mock.responses_store.retrieve(again["id"])["id"] == again["id"]


@pytest.mark.parametrize("stream", [False, True])
def test_the_store_sees_what_the_client_saw(http: httpx.Client, stream: bool) -> None:
    response = http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": "x", "stream": stream}, headers=AUTH
    )
    final = events_of(response)[-1]["response"] if stream else response.json()
    retrieved = http.get(f"/v1/responses/{final['id']}", headers=AUTH).json()
    assert retrieved == final


def test_background_responses_follow_the_time_source() -> None:
    now = [float(NOW)]
    mock = MockServer(seed=0, clock=lambda: now[0])
    with httpx.Client(transport=mock.transport(), base_url="http://mock.test") as http:
        created = create(http, input="Hello.", background=True)
        path = f"/v1/responses/{created['id']}"
        now[0] += 1.5  # time passing on its own, as it does for a live server
        assert http.get(path, headers=AUTH).json()["status"] == "in_progress"
        now[0] += 3600
        assert http.get(path, headers=AUTH).json()["status"] == "completed"
        assert mock.clock.now() == now[0]
