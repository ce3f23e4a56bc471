"""``AssistantEventHandler`` / ``AsyncAssistantEventHandler``: callbacks, snapshots and results
of streamed runs (the in-process mock streams them)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openai_kit.lib.streaming.assistants import AssistantEventHandler, AsyncAssistantEventHandler
from openai_kit.mockserver import MockServer
from tests.sdk.test_beta import WEATHER, async_client, mock, sync_client

__all__ = ["mock"]


class Recording(AssistantEventHandler):
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def on_run_step_created(self, run_step: Any) -> None:
        self.calls.append(("step_created", run_step.type))

    def on_run_step_done(self, run_step: Any) -> None:
        self.calls.append(("step_done", run_step.status))

    def on_tool_call_created(self, tool_call: Any) -> None:
        self.calls.append(("tool_created", tool_call.function.name))

    def on_tool_call_done(self, tool_call: Any) -> None:
        self.calls.append(("tool_done", tool_call.function.arguments))

    def on_message_created(self, message: Any) -> None:
        self.calls.append(("message_created", message.status))

    def on_text_created(self, text: Any) -> None:
        self.calls.append(("text_created", text.value))

    def on_text_delta(self, delta: Any, snapshot: Any) -> None:
        self.calls.append(("text_delta", snapshot.value))

    def on_text_done(self, text: Any) -> None:
        self.calls.append(("text_done", text.value))

    def on_message_done(self, message: Any) -> None:
        self.calls.append(("message_done", message.content[0].text.value))

    def on_end(self) -> None:
        self.calls.append(("end", None))

    def on_exception(self, exception: Exception) -> None:
        self.calls.append(("exception", type(exception).__name__))


def _setup(mock: MockServer, content: str | None = None) -> tuple[Any, str, str]:
    client = sync_client(mock)
    helper = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "Hi"}])
    if content is not None:
        mock.script("beta.threads.runs.create", content=content)
    return client, helper.id, thread.id


def test_text_callbacks_and_snapshots(mock: MockServer) -> None:
    text = "one two three four five six seven eight nine"
    client, helper, thread = _setup(mock, text)
    handler = Recording()
    with client.beta.threads.runs.stream(
        thread_id=thread, assistant_id=helper, event_handler=handler
    ) as stream:
        assert stream is handler
        stream.until_done()
    kinds = [name for name, _ in handler.calls]
    assert kinds[:3] == ["step_created", "message_created", "text_created"]
    deltas = [value for name, value in handler.calls if name == "text_delta"]
    assert deltas[-1] == text
    assert all(text.startswith(d) for d in deltas)
    assert ("text_done", text) in handler.calls
    assert ("message_done", text) in handler.calls
    assert kinds[-2:] == ["step_done", "end"]
    assert handler.current_run is not None and handler.current_run.status == "completed"
    assert [m.content[0].text.value for m in handler.get_final_messages()] == [text]  # type: ignore[union-attr]
    assert [s.type for s in handler.get_final_run_steps()] == ["message_creation"]
    assert handler.get_final_run().status == "completed"


def test_tool_call_callbacks_and_resume(mock: MockServer) -> None:
    client, helper, thread = _setup(mock)
    mock.script(
        "beta.threads.runs.create",
        tool_calls=[{"name": "get_weather", "arguments": {"city": "Oslo"}}],
    )
    handler = Recording()
    with client.beta.threads.runs.stream(
        thread_id=thread, assistant_id=helper, event_handler=handler
    ) as stream:
        run = stream.get_final_run()
    assert run.status == "requires_action"
    assert ("tool_created", "get_weather") in handler.calls
    assert ("tool_done", '{"city": "Oslo"}') in handler.calls
    call = run.required_action.submit_tool_outputs.tool_calls[0]  # type: ignore[union-attr]
    with client.beta.threads.runs.submit_tool_outputs_stream(
        run_id=run.id,
        thread_id=thread,
        tool_outputs=[{"tool_call_id": call.id, "output": "cold"}],
    ) as resumed:
        texts = "".join(resumed.text_deltas)
    assert "cold" in texts
    reused = client.beta.threads.runs.stream(
        thread_id=thread, assistant_id=helper, event_handler=handler
    )
    with pytest.raises(RuntimeError, match="one stream"), reused:
        pass


def test_error_event_and_a_cut_stream(mock: MockServer) -> None:
    from openai_kit.mockserver import faults

    client, helper, thread = _setup(mock)
    mock.faults.add(faults.stream_error(4), operation="beta.threads.runs.create", times=1)
    handler = Recording()
    with client.beta.threads.runs.stream(
        thread_id=thread, assistant_id=helper, event_handler=handler, tool_choice="none"
    ) as stream:
        events = list(stream)
    last = events[-1]
    assert last.event == "error"
    assert last.data.code == "server_error"
    assert handler.calls[-1] == ("end", None)
    mock.advance(5)
    mock.faults.add(faults.stream_cut(3), operation="beta.threads.runs.create", times=1)
    cut = Recording()
    with (
        pytest.raises(httpx.RemoteProtocolError),
        client.beta.threads.runs.stream(thread_id=thread, assistant_id=helper, event_handler=cut),
    ):
        cut.until_done()
    assert ("exception", "RemoteProtocolError") in cut.calls


@pytest.mark.asyncio
async def test_async_handler(mock: MockServer) -> None:
    client = async_client(mock)
    helper = await client.beta.assistants.create(model="gpt-4o")
    seen: list[str] = []

    class Handler(AsyncAssistantEventHandler):
        async def on_text_delta(self, delta: Any, snapshot: Any) -> None:
            seen.append(snapshot.value)

        async def on_message_done(self, message: Any) -> None:
            seen.append("done")

    mock.script("beta.threads.create_and_run", content="alpha beta gamma delta epsilon zeta")
    async with client.beta.threads.create_and_run_stream(
        assistant_id=helper.id,
        thread={"messages": [{"role": "user", "content": "Hi"}]},
        event_handler=Handler(),
    ) as stream:
        run = await stream.get_final_run()
    assert run.status == "completed"
    assert seen[-2:] == ["alpha beta gamma delta epsilon zeta", "done"]
    async with client.beta.threads.runs.stream(
        thread_id=run.thread_id, assistant_id=helper.id
    ) as plain:
        names = [event.event async for event in plain]
    assert names[-1] == "thread.run.completed"
    assert len(await plain.get_final_messages()) == 1
