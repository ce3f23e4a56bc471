"""``client.beta``: every method of assistants, threads, messages, runs, steps and chatkit,
sync and async, over the in-process mock (strict response validation), with their headers."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from openai_kit import AsyncOpenAI, OpenAI
from openai_kit._base_client import AsyncAPIClient, SyncAPIClient
from openai_kit.mockserver import MockServer
from openai_kit.mockserver.api.chatkit.store import ChatKitStore
from openai_kit.pagination import SyncConversationCursorPage, SyncCursorPage
from openai_kit.types.beta.threads.run import Run

KEY = "sk-test-0123456789abcdef"
WEATHER: Any = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}


@pytest.fixture
def mock(monkeypatch: pytest.MonkeyPatch) -> MockServer:
    server = MockServer(seed=0, clock=lambda: 1_700_000_000)
    monkeypatch.setattr(SyncAPIClient, "_sleep", staticmethod(server.sleep))

    async def asleep(seconds: float) -> None:
        server.sleep(seconds)

    monkeypatch.setattr(AsyncAPIClient, "_sleep", staticmethod(asleep))
    return server


def sync_client(mock: MockServer) -> OpenAI:
    http = httpx.Client(transport=mock.transport())
    return OpenAI(
        api_key=KEY, base_url="http://m/v1", http_client=http, _strict_response_validation=True
    )


def async_client(mock: MockServer) -> AsyncOpenAI:
    http = httpx.AsyncClient(transport=mock.async_transport())
    return AsyncOpenAI(
        api_key=KEY, base_url="http://m/v1", http_client=http, _strict_response_validation=True
    )


def beta_header(mock: MockServer) -> str | None:
    return mock.requests.last.headers.get("openai-beta")


def test_assistants_crud_and_pages(mock: MockServer) -> None:
    client = sync_client(mock)
    made = [client.beta.assistants.create(model="gpt-4o", name=f"a{i}") for i in range(3)]
    assert beta_header(mock) == "assistants=v2"
    page = client.beta.assistants.list(limit=2, order="asc")
    assert isinstance(page, SyncCursorPage)
    assert [a.id for a in page.data] == [made[0].id, made[1].id]
    assert [a.id for a in page] == [a.id for a in made]
    assert mock.requests.last.query["after"] == made[1].id
    assert client.beta.assistants.retrieve(made[0].id).name == "a0"
    assert client.beta.assistants.update(made[0].id, name="z").name == "z"
    assert client.beta.assistants.delete(made[0].id).deleted is True
    raw = client.beta.assistants.with_raw_response.retrieve(made[1].id)
    assert raw.parsed.id == made[1].id
    custom = client.beta.assistants.retrieve(made[1].id, extra_headers={"OpenAI-Beta": "x"})
    assert custom.id == made[1].id
    assert beta_header(mock) == "x"


def test_threads_messages_runs_steps(mock: MockServer) -> None:
    client = sync_client(mock)
    helper = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "Weather in Rome?"}])
    assert client.beta.threads.retrieve(thread.id).id == thread.id
    assert client.beta.threads.update(thread.id, metadata={"a": "b"}).metadata == {"a": "b"}
    note = client.beta.threads.messages.create(thread.id, role="user", content="Please.")
    assert client.beta.threads.messages.retrieve(note.id, thread_id=thread.id).id == note.id
    updated = client.beta.threads.messages.update(note.id, thread_id=thread.id, metadata={"k": "v"})
    assert updated.metadata == {"k": "v"}
    assert client.beta.threads.messages.delete(note.id, thread_id=thread.id).deleted
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=helper.id)
    assert run.status == "requires_action"
    assert mock.waits == [1.0, 1.0]
    call = run.required_action.submit_tool_outputs.tool_calls[0]  # type: ignore[union-attr]
    assert json.loads(call.function.arguments)["city"]
    done = client.beta.threads.runs.submit_tool_outputs_and_poll(
        run_id=run.id, thread_id=thread.id, tool_outputs=[{"tool_call_id": call.id, "output": "9C"}]
    )
    assert done.status == "completed"
    assert done.usage is not None and done.usage.total_tokens > 0
    messages = client.beta.threads.messages.list(thread.id, run_id=run.id)
    assert "9C" in messages.data[0].content[0].text.value  # type: ignore[union-attr]
    steps = client.beta.threads.runs.steps.list(run.id, thread_id=thread.id, order="asc")
    assert [s.type for s in steps] == ["tool_calls", "message_creation"]
    step = client.beta.threads.runs.steps.retrieve(
        steps.data[0].id,
        thread_id=thread.id,
        run_id=run.id,
        include=["step_details.tool_calls[*].file_search.results[*].content"],
    )
    assert step.id == steps.data[0].id
    assert "include[]" in mock.requests.last.query
    assert [r.id for r in client.beta.threads.runs.list(thread.id)] == [run.id]
    assert client.beta.threads.runs.update(
        run.id, thread_id=thread.id, metadata={"x": "1"}
    ).metadata
    assert client.beta.threads.runs.retrieve(run.id, thread_id=thread.id).status == "completed"
    assert client.beta.threads.delete(thread.id).deleted


def test_cancel_poll_and_create_and_run(mock: MockServer) -> None:
    client = sync_client(mock)
    helper = client.beta.assistants.create(model="gpt-4o")
    run = client.beta.threads.create_and_run(
        assistant_id=helper.id, thread={"messages": [{"role": "user", "content": "Hi"}]}
    )
    assert isinstance(run, Run)
    assert client.beta.threads.runs.cancel(run.id, thread_id=run.thread_id).status == "cancelling"
    final = client.beta.threads.runs.poll(run.id, run.thread_id, poll_interval_ms=250)
    assert final.status == "cancelled"
    assert mock.waits == [0.25] * 4
    polled = client.beta.threads.create_and_run_poll(assistant_id=helper.id)
    assert polled.status == "completed"


def test_streams_from_create_and_submit(mock: MockServer) -> None:
    client = sync_client(mock)
    helper = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "Hi"}])
    events = list(client.beta.threads.runs.create(thread.id, assistant_id=helper.id, stream=True))
    assert events[0].event == "thread.run.created"
    assert events[-1].event == "thread.run.requires_action"
    run = events[-1].data
    assert isinstance(run, Run)
    call = run.required_action.submit_tool_outputs.tool_calls[0]  # type: ignore[union-attr]
    resumed = client.beta.threads.runs.submit_tool_outputs(
        run.id,
        thread_id=thread.id,
        tool_outputs=[{"tool_call_id": call.id, "output": "x"}],
        stream=True,
    )
    names = [e.event for e in resumed]
    assert names[-1] == "thread.run.completed"
    assert "thread.message.delta" in names
    started = client.beta.threads.create_and_run(
        assistant_id=helper.id, stream=True, tool_choice="none"
    )
    assert next(e.event for e in started) == "thread.created"


def test_chatkit(mock: MockServer) -> None:
    client = sync_client(mock)
    session = client.beta.chatkit.sessions.create(
        user="u-1", workflow={"id": "wf_1"}, expires_after={"anchor": "created_at", "seconds": 30}
    )
    assert beta_header(mock) == "chatkit_beta=v1"
    assert session.client_secret.startswith("ek_")
    assert client.beta.chatkit.sessions.cancel(session.id).status == "cancelled"
    store = mock.state.get(ChatKitStore)
    thread = store.add_thread("u-1", [("user", "Hi"), ("assistant", "Hello")])
    for _ in range(2):
        store.add_thread("u-1")
    listed = client.beta.chatkit.threads.list(user="u-1", limit=1)
    assert isinstance(listed, SyncConversationCursorPage)
    assert len(list(listed)) == 3
    assert client.beta.chatkit.threads.retrieve(thread["id"]).user == "u-1"
    items = client.beta.chatkit.threads.list_items(thread["id"], order="asc")
    assert [i.type for i in items] == ["chatkit.user_message", "chatkit.assistant_message"]
    assert client.beta.chatkit.threads.delete(thread["id"]).deleted


@pytest.mark.asyncio
async def test_async_every_resource(mock: MockServer) -> None:
    client = async_client(mock)
    helper = await client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    assert (await client.beta.assistants.retrieve(helper.id)).id == helper.id
    assert (await client.beta.assistants.update(helper.id, name="n")).name == "n"
    assert [a.id async for a in client.beta.assistants.list()] == [helper.id]
    thread = await client.beta.threads.create(messages=[{"role": "user", "content": "Hi"}])
    assert (await client.beta.threads.update(thread.id, metadata={"a": "1"})).metadata == {"a": "1"}
    assert (await client.beta.threads.retrieve(thread.id)).id == thread.id
    note = await client.beta.threads.messages.create(thread.id, role="user", content="More")
    await client.beta.threads.messages.update(note.id, thread_id=thread.id, metadata={"k": "v"})
    assert (await client.beta.threads.messages.retrieve(note.id, thread_id=thread.id)).metadata
    run = await client.beta.threads.runs.create_and_poll(
        thread_id=thread.id, assistant_id=helper.id
    )
    assert run.status == "requires_action"
    call = run.required_action.submit_tool_outputs.tool_calls[0]  # type: ignore[union-attr]
    done = await client.beta.threads.runs.submit_tool_outputs_and_poll(
        run_id=run.id, thread_id=thread.id, tool_outputs=[{"tool_call_id": call.id, "output": "ok"}]
    )
    assert done.status == "completed"
    assert [s.type async for s in client.beta.threads.runs.steps.list(run.id, thread_id=thread.id)]
    first = (await client.beta.threads.runs.steps.list(run.id, thread_id=thread.id)).data[0]
    step = await client.beta.threads.runs.steps.retrieve(
        first.id, thread_id=thread.id, run_id=run.id
    )
    assert step.id == first.id
    assert [r.id async for r in client.beta.threads.runs.list(thread.id)] == [run.id]
    assert (await client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)).usage
    await client.beta.threads.runs.update(run.id, thread_id=thread.id, metadata={"x": "y"})
    roles = [m.role async for m in client.beta.threads.messages.list(thread.id)]
    assert roles[0] == "assistant"
    assert (await client.beta.threads.messages.delete(note.id, thread_id=thread.id)).deleted
    other = await client.beta.threads.create_and_run(assistant_id=helper.id, tool_choice="none")
    cancelled = await client.beta.threads.runs.cancel(other.id, thread_id=other.thread_id)
    assert cancelled.status == "cancelling"
    assert (await client.beta.threads.runs.poll(other.id, other.thread_id)).status == "cancelled"
    polled = await client.beta.threads.create_and_run_poll(
        assistant_id=helper.id, tool_choice="none"
    )
    assert polled.status == "completed"
    stream = await client.beta.threads.runs.create(thread.id, assistant_id=helper.id, stream=True)
    assert [e.event async for e in stream][-1] == "thread.run.requires_action"
    assert (await client.beta.threads.delete(thread.id)).deleted
    assert (await client.beta.assistants.delete(helper.id)).deleted
    session = await client.beta.chatkit.sessions.create(user="u", workflow={"id": "w"})
    assert (await client.beta.chatkit.sessions.cancel(session.id)).status == "cancelled"
    ck = mock.state.get(ChatKitStore).add_thread("u", [("user", "Hi")])
    assert [t.id async for t in client.beta.chatkit.threads.list()] == [ck["id"]]
    assert (await client.beta.chatkit.threads.retrieve(ck["id"])).id == ck["id"]
    assert [i.type async for i in client.beta.chatkit.threads.list_items(ck["id"])]
    assert (await client.beta.chatkit.threads.delete(ck["id"])).deleted


def test_azure_client_uses_the_classic_routes(mock: MockServer) -> None:
    client = mock.azure_client()
    helper = client.beta.assistants.create(model="gpt-4o")
    assert mock.requests.last.path == "/openai/assistants"
    assert mock.requests.last.style == "azure"
    run = client.beta.threads.create_and_run_poll(assistant_id=helper.id, tool_choice="none")
    assert run.status == "completed"
    assert mock.requests.last.path == f"/openai/threads/{run.thread_id}/runs/{run.id}"
