"""The official ``openai`` package, strict validation on, through the Assistants and ChatKit
operations and helpers of the mock, sync and async (OpenAI routes; Azure classic for Assistants).

The package's poll helpers wait with ``openai._resource``'s ``time.sleep`` / ``anyio.sleep``;
here those waits advance the mock's clock instead.
"""

from __future__ import annotations

import json
import time
from typing import Any

import anyio
import openai
import pytest
from openai import AssistantEventHandler, AsyncAssistantEventHandler

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.api.chatkit.store import ChatKitStore
from tests.mockserver.test_official_client import Style, async_official, official

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

WEATHER: Any = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
            "required": ["city", "days"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}


class _Clocked:
    """A stand-in for a module whose ``sleep`` advances the mock's clock."""

    def __init__(self, real: Any, sleep: Any) -> None:
        self._real = real
        self.sleep = sleep

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.fixture(autouse=True)
def _waits_on_the_mock_clock(mock: MockServer, monkeypatch: pytest.MonkeyPatch) -> None:
    import openai._resource as resource

    async def asleep(seconds: float) -> None:
        mock.sleep(seconds)

    monkeypatch.setattr(resource, "time", _Clocked(time, mock.sleep))
    monkeypatch.setattr(resource, "anyio", _Clocked(anyio, asleep))


def _answer(run: Any, output: str) -> list[Any]:
    return [
        {"tool_call_id": c.id, "output": output}
        for c in run.required_action.submit_tool_outputs.tool_calls
    ]


@pytest.mark.parametrize("style", ["openai", "azure"])
def test_agent_loop_through_requires_action(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    helper = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER], name="Weather")
    assert client.beta.assistants.retrieve(helper.id).name == "Weather"
    assert client.beta.assistants.update(helper.id, instructions="Be brief.").instructions
    assert [a.id for a in client.beta.assistants.list()] == [helper.id]
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "Weather in Oslo?"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=helper.id)
    rounds = 0
    while run.status == "requires_action":
        for call in run.required_action.submit_tool_outputs.tool_calls:  # type: ignore[union-attr]
            assert set(json.loads(call.function.arguments)) == {"city", "days"}
        run = client.beta.threads.runs.submit_tool_outputs_and_poll(
            run_id=run.id, thread_id=thread.id, tool_outputs=_answer(run, "snow, -3C")
        )
        rounds += 1
    assert (run.status, rounds) == ("completed", 1)
    reply = client.beta.threads.messages.list(thread_id=thread.id).data[0]
    assert "snow, -3C" in reply.content[0].text.value  # type: ignore[union-attr]
    steps = client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id)
    assert {s.type for s in steps} == {"tool_calls", "message_creation"}
    step = client.beta.threads.runs.steps.retrieve(
        steps.data[0].id, thread_id=thread.id, run_id=run.id
    )
    assert step.usage is not None
    assert mock.requests.last.style == style


def test_every_thread_message_and_run_call(mock: MockServer) -> None:
    client = official(mock, "openai")
    helper = client.beta.assistants.create(model="gpt-4o")
    thread = client.beta.threads.create()
    assert client.beta.threads.retrieve(thread.id).id == thread.id
    assert client.beta.threads.update(thread.id, metadata={"a": "b"}).metadata == {"a": "b"}
    note = client.beta.threads.messages.create(thread.id, role="user", content="Hi")
    assert client.beta.threads.messages.retrieve(note.id, thread_id=thread.id).role == "user"
    client.beta.threads.messages.update(note.id, thread_id=thread.id, metadata={"k": "v"})
    run = client.beta.threads.runs.create(thread.id, assistant_id=helper.id)
    assert client.beta.threads.runs.cancel(run.id, thread_id=thread.id).status == "cancelling"
    assert client.beta.threads.runs.poll(run.id, thread.id).status == "cancelled"
    assert client.beta.threads.runs.retrieve(run.id, thread_id=thread.id).cancelled_at
    client.beta.threads.runs.update(run.id, thread_id=thread.id, metadata={"x": "1"})
    assert [r.id for r in client.beta.threads.runs.list(thread.id)] == [run.id]
    assert client.beta.threads.messages.delete(note.id, thread_id=thread.id).deleted
    made = client.beta.threads.create_and_run(
        assistant_id=helper.id, thread={"messages": [{"role": "user", "content": "Hi"}]}
    )
    assert made.status == "queued"
    polled = client.beta.threads.create_and_run_poll(assistant_id=helper.id)
    assert polled.status == "completed"
    assert client.beta.threads.delete(thread.id).deleted
    assert client.beta.assistants.delete(helper.id).deleted


def test_streamed_run_with_an_event_handler(mock: MockServer) -> None:
    client = official(mock, "openai")
    helper = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "Oslo?"}])
    seen: list[str] = []

    class Handler(AssistantEventHandler):
        def on_tool_call_created(self, tool_call: Any) -> None:
            seen.append(f"tool:{tool_call.function.name}")

        def on_text_delta(self, delta: Any, snapshot: Any) -> None:
            seen.append("delta")

        def on_message_done(self, message: Any) -> None:
            seen.append("message")

    with client.beta.threads.runs.stream(
        thread_id=thread.id, assistant_id=helper.id, event_handler=Handler()
    ) as stream:
        stream.until_done()
        run = stream.current_run
    assert run is not None and run.status == "requires_action"
    assert seen == ["tool:get_weather"]
    stored = client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
    assert stored.model_dump() == run.model_dump()
    with client.beta.threads.runs.submit_tool_outputs_stream(
        run_id=run.id,
        thread_id=thread.id,
        tool_outputs=_answer(run, "mild"),
        event_handler=Handler(),
    ) as stream:
        stream.until_done()
    assert seen[-1] == "message"
    assert "delta" in seen
    assert client.beta.threads.runs.retrieve(run.id, thread_id=thread.id).status == "completed"
    with client.beta.threads.create_and_run_stream(
        assistant_id=helper.id, tool_choice="none", event_handler=AssistantEventHandler()
    ) as stream:
        assert stream.get_final_run().status == "completed"
        assert len(stream.get_final_messages()) == 1
    events = list(
        client.beta.threads.runs.create(
            thread.id, assistant_id=helper.id, stream=True, tool_choice="none"
        )
    )
    assert events[-1].event == "thread.run.completed"


def test_chatkit(mock: MockServer) -> None:
    client = official(mock, "openai")
    session = client.beta.chatkit.sessions.create(
        user="u-1",
        workflow={"id": "wf_1", "state_variables": {"tier": "pro"}},
        chatkit_configuration={"file_upload": {"enabled": True}},
        rate_limits={"max_requests_per_1_minute": 5},
    )
    assert session.chatkit_configuration.file_upload.enabled is True
    assert client.beta.chatkit.sessions.cancel(session.id).status == "cancelled"
    store = mock.state.get(ChatKitStore)
    thread = store.add_thread("u-1", [("user", "Hi"), ("assistant", "Hello")], title="Greeting")
    assert [t.id for t in client.beta.chatkit.threads.list(user="u-1")] == [thread["id"]]
    assert client.beta.chatkit.threads.retrieve(thread["id"]).title == "Greeting"
    items = list(client.beta.chatkit.threads.list_items(thread["id"], order="asc"))
    assert [i.type for i in items] == ["chatkit.user_message", "chatkit.assistant_message"]
    assert client.beta.chatkit.threads.delete(thread["id"]).deleted


@pytest.mark.asyncio
@pytest.mark.parametrize("style", ["openai", "azure"])
async def test_async_helpers(mock: MockServer, style: Style) -> None:
    client = async_official(mock, style)
    helper = await client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    thread = await client.beta.threads.create(messages=[{"role": "user", "content": "Hi"}])
    run = await client.beta.threads.runs.create_and_poll(
        thread_id=thread.id, assistant_id=helper.id
    )
    assert run.status == "requires_action"
    done = await client.beta.threads.runs.submit_tool_outputs_and_poll(
        run_id=run.id, thread_id=thread.id, tool_outputs=_answer(run, "ok")
    )
    assert done.status == "completed"
    texts: list[str] = []

    class Handler(AsyncAssistantEventHandler):
        async def on_text_delta(self, delta: Any, snapshot: Any) -> None:
            texts.append(delta.value)

    async with client.beta.threads.runs.stream(
        thread_id=thread.id, assistant_id=helper.id, tool_choice="none", event_handler=Handler()
    ) as stream:
        await stream.until_done()
    assert texts
    async with client.beta.threads.create_and_run_stream(
        assistant_id=helper.id, tool_choice="none"
    ) as stream:
        assert (await stream.get_final_run()).status == "completed"
    polled = await client.beta.threads.create_and_run_poll(
        assistant_id=helper.id, tool_choice="none"
    )
    assert polled.status == "completed"
    assert [s.id async for s in client.beta.threads.runs.steps.list(run.id, thread_id=thread.id)]
    assert [m.id async for m in client.beta.threads.messages.list(thread.id)]


@pytest.mark.asyncio
async def test_async_chatkit(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    session = await client.beta.chatkit.sessions.create(user="u", workflow={"id": "w"})
    assert session.status == "active"
    mock.state.get(ChatKitStore).add_thread("u", [("user", "Hi")])
    assert [t.user async for t in client.beta.chatkit.threads.list()] == ["u"]


def test_azure_v1_does_not_serve_assistants(mock: MockServer) -> None:
    client = official(mock, "azure_v1")
    with pytest.raises(openai.NotFoundError):
        client.beta.assistants.create(model="gpt-4o")


@pytest.mark.asyncio
async def test_async_every_remaining_call(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    helper = await client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    assert (await client.beta.assistants.retrieve(helper.id)).id == helper.id
    assert (await client.beta.assistants.update(helper.id, name="n")).name == "n"
    assert [a.id async for a in client.beta.assistants.list()] == [helper.id]
    thread = await client.beta.threads.create()
    assert (await client.beta.threads.retrieve(thread.id)).id == thread.id
    await client.beta.threads.update(thread.id, metadata={"a": "b"})
    note = await client.beta.threads.messages.create(thread.id, role="user", content="Oslo?")
    assert (await client.beta.threads.messages.retrieve(note.id, thread_id=thread.id)).id
    await client.beta.threads.messages.update(note.id, thread_id=thread.id, metadata={"k": "v"})
    run = await client.beta.threads.runs.create(thread.id, assistant_id=helper.id)
    assert (await client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)).status == "queued"
    await client.beta.threads.runs.update(run.id, thread_id=thread.id, metadata={"x": "1"})
    waiting = await client.beta.threads.runs.poll(run.id, thread.id)
    assert waiting.status == "requires_action"
    async with client.beta.threads.runs.submit_tool_outputs_stream(
        run_id=run.id,
        thread_id=thread.id,
        tool_outputs=_answer(waiting, "rain"),
        event_handler=AsyncAssistantEventHandler(),
    ) as stream:
        assert (await stream.get_final_run()).status == "completed"
    steps = await client.beta.threads.runs.steps.list(run.id, thread_id=thread.id)
    one = await client.beta.threads.runs.steps.retrieve(
        steps.data[0].id, thread_id=thread.id, run_id=run.id
    )
    assert one.id == steps.data[0].id
    other = await client.beta.threads.runs.create(thread.id, assistant_id=helper.id)
    cancelled = await client.beta.threads.runs.cancel(other.id, thread_id=thread.id)
    assert cancelled.status == "cancelling"
    assert len([r async for r in client.beta.threads.runs.list(thread.id)]) == 2
    mock.advance(1)
    assert (await client.beta.threads.messages.delete(note.id, thread_id=thread.id)).deleted
    assert (await client.beta.threads.delete(thread.id)).deleted
    assert (await client.beta.assistants.delete(helper.id)).deleted
    session = await client.beta.chatkit.sessions.create(user="u", workflow={"id": "w"})
    assert (await client.beta.chatkit.sessions.cancel(session.id)).status == "cancelled"
    made = mock.state.get(ChatKitStore).add_thread("u", [("user", "Hi")])
    assert (await client.beta.chatkit.threads.retrieve(made["id"])).id == made["id"]
    assert [i.type async for i in client.beta.chatkit.threads.list_items(made["id"])]
    assert (await client.beta.chatkit.threads.delete(made["id"])).deleted
