"""Streaming runs: the event sequence, the Assistants framing, state afterwards, faults."""

from __future__ import annotations

import json

import httpx
import pytest

from openai_kit.mockserver import MockServer, faults
from tests.mockserver.conftest import AUTH
from tests.mockserver.threads.conftest import WEATHER, assistant, call, events_of, thread


def stream(http: httpx.Client, path: str, body: dict[str, object]) -> httpx.Response:
    return http.post("/v1" + path, json={**body, "stream": True}, headers=AUTH)


def test_create_and_run_stream_sequence(http: httpx.Client) -> None:
    helper = assistant(http)
    response = stream(
        http,
        "/threads/runs",
        {"assistant_id": helper, "thread": {"messages": [{"role": "user", "content": "Hi"}]}},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.text.endswith("event: done\ndata: [DONE]\n\n")
    events = events_of(response.text)
    names = [name for name, _ in events]
    assert names[:3] == ["thread.created", "thread.run.created", "thread.run.queued"]
    expected = [
        "thread.run.in_progress",
        "thread.run.step.created",
        "thread.run.step.in_progress",
        "thread.message.created",
        "thread.message.in_progress",
    ]
    assert names[3:8] == expected
    deltas = [json.loads(d) for n, d in events if n == "thread.message.delta"]
    assert deltas
    assert names[-4:] == [
        "thread.message.completed",
        "thread.run.step.completed",
        "thread.run.completed",
        "done",
    ]
    completed = json.loads(events[-2][1])
    text = "".join(d["delta"]["content"][0]["text"]["value"] for d in deltas)
    message = json.loads(events[-4][1])
    assert message["content"][0]["text"]["value"] == text
    stored = call(http, "GET", f"/threads/{completed['thread_id']}/runs/{completed['id']}")
    assert stored == completed
    listed = call(http, "GET", f"/threads/{completed['thread_id']}/messages")["data"][0]
    assert listed == message


def test_tool_calls_stream_to_requires_action_then_resume(http: httpx.Client) -> None:
    thread_id = thread(http, "weather?")
    response = stream(
        http, f"/threads/{thread_id}/runs", {"assistant_id": assistant(http, tools=[WEATHER])}
    )
    events = events_of(response.text)
    names = [n for n, _ in events]
    assert "thread.run.step.delta" in names
    assert names[-2:] == ["thread.run.requires_action", "done"]
    run = json.loads(events[-2][1])
    calls = run["required_action"]["submit_tool_outputs"]["tool_calls"]
    resumed = stream(
        http,
        f"/threads/{thread_id}/runs/{run['id']}/submit_tool_outputs",
        {"tool_outputs": [{"tool_call_id": calls[0]["id"], "output": "sunny"}]},
    )
    after = [n for n, _ in events_of(resumed.text)]
    assert after[:3] == ["thread.run.step.completed", "thread.run.queued", "thread.run.in_progress"]
    assert after[-2:] == ["thread.run.completed", "done"]


def test_stream_cut_fault(http: httpx.Client, mock: MockServer) -> None:
    mock.faults.add(faults.stream_cut(3), operation="beta.threads.runs.create")
    thread_id = thread(http)
    with pytest.raises(httpx.RemoteProtocolError):
        stream(http, f"/threads/{thread_id}/runs", {"assistant_id": assistant(http)})


def test_status_fault_on_runs(http: httpx.Client, mock: MockServer) -> None:
    mock.faults.add(faults.rate_limited(), operation="beta.threads.runs.create")
    response = http.post(
        f"/v1/threads/{thread(http)}/runs", json={"assistant_id": assistant(http)}, headers=AUTH
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limit_exceeded"
