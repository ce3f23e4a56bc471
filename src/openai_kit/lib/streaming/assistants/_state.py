"""What an Assistants event means for the handler: snapshots kept, callbacks to make.

:class:`EventState` is the core the sync and async event handlers share:
``feed(event)`` updates the run, message and run-step snapshots and returns
the callbacks the event calls for, in order, as ``(name, args)``.
"""

from __future__ import annotations

from typing import Any

from ....types.beta.assistant_stream_event import AssistantStreamEvent
from ....types.beta.threads.message import Message
from ....types.beta.threads.run import Run
from ....types.beta.threads.runs.run_step import RunStep
from ._accumulate import merge_message_delta, merge_step_delta

__all__ = ["Callbacks", "EventState"]

Callbacks = list[tuple[str, tuple[Any, ...]]]

_RUN_ENDS = frozenset(
    {
        "thread.run.completed",
        "thread.run.cancelled",
        "thread.run.expired",
        "thread.run.failed",
        "thread.run.requires_action",
        "thread.run.incomplete",
    }
)
_STEP_ENDS = frozenset(
    {
        "thread.run.step.completed",
        "thread.run.step.failed",
        "thread.run.step.cancelled",
        "thread.run.step.expired",
    }
)


def _content_done(content: Any) -> tuple[str, tuple[Any, ...]] | None:
    if content.type == "text":
        return ("on_text_done", (content.text,))
    if content.type == "image_file":
        return ("on_image_file_done", (content.image_file,))
    return None


class EventState:
    """The snapshots of one stream and the callback rules."""

    def __init__(self) -> None:
        self.current_event: AssistantStreamEvent | None = None
        self.current_run: Run | None = None
        self.current_message_snapshot: Message | None = None
        self.current_run_step_snapshot: RunStep | None = None
        self.messages: dict[str, Message] = {}
        self.steps: dict[str, RunStep] = {}
        self._content_index: int | None = None
        self._tool_call_index: int | None = None
        self._tool_call: Any = None

    def feed(self, event: AssistantStreamEvent) -> Callbacks:
        self.current_event = event
        calls: Callbacks = [("on_event", (event,))]
        name = event.event
        if name.startswith("thread.run.step."):
            self._step(event, calls)
        elif name.startswith("thread.message."):
            self._message(event, calls)
        elif name.startswith("thread.run."):
            self.current_run = event.data  # type: ignore[assignment]
            if name in _RUN_ENDS and self._tool_call is not None:
                calls.append(("on_tool_call_done", (self._tool_call,)))
                self._tool_call = self._tool_call_index = None
        return calls

    def _message(self, event: Any, calls: Callbacks) -> None:
        name = event.event
        if name == "thread.message.delta":
            snapshot = self.messages[event.data.id]
            added = merge_message_delta(snapshot, event.data)
            for delta in event.data.delta.content or ():
                if delta.index in added:
                    calls.extend(self._new_content(snapshot, delta.index))
                if delta.type == "text" and delta.text is not None:
                    block = snapshot.content[delta.index]
                    calls.append(("on_text_delta", (delta.text, block.text)))
            calls.append(("on_message_delta", (event.data.delta, snapshot)))
            self.current_message_snapshot = snapshot
            return
        message: Message = event.data
        self.messages[message.id] = message
        self.current_message_snapshot = message
        if name == "thread.message.created":
            self._content_index = None
            calls.append(("on_message_created", (message,)))
        elif name in ("thread.message.completed", "thread.message.incomplete"):
            index = self._content_index
            if index is not None and index < len(message.content):
                done = _content_done(message.content[index])
                if done is not None:
                    calls.append(done)
            self._content_index = None
            calls.append(("on_message_done", (message,)))

    def _new_content(self, snapshot: Message, index: int) -> Callbacks:
        calls: Callbacks = []
        if self._content_index is not None and self._content_index < len(snapshot.content):
            done = _content_done(snapshot.content[self._content_index])
            if done is not None:
                calls.append(done)
        self._content_index = index
        block: Any = snapshot.content[index]
        if block.type == "text":
            calls.append(("on_text_created", (block.text,)))
        return calls

    def _step(self, event: Any, calls: Callbacks) -> None:
        name = event.event
        if name == "thread.run.step.delta":
            snapshot = self.steps[event.data.id]
            merge_step_delta(snapshot, event.data)
            details = event.data.delta.step_details
            if details is not None and details.type == "tool_calls":
                for delta in details.tool_calls or ():
                    calls.extend(self._tool_delta(snapshot, delta))
            calls.append(("on_run_step_delta", (event.data.delta, snapshot)))
            self.current_run_step_snapshot = snapshot
            return
        step: RunStep = event.data
        self.steps[step.id] = step
        self.current_run_step_snapshot = step
        if name == "thread.run.step.created":
            calls.append(("on_run_step_created", (step,)))
        elif name in _STEP_ENDS:
            if self._tool_call is not None:
                calls.append(("on_tool_call_done", (self._tool_call,)))
                self._tool_call = self._tool_call_index = None
            calls.append(("on_run_step_done", (step,)))

    def _tool_delta(self, snapshot: Any, delta: Any) -> Callbacks:
        calls: Callbacks = []
        current = snapshot.step_details.tool_calls[delta.index]
        if delta.index == self._tool_call_index:
            calls.append(("on_tool_call_delta", (delta, current)))
        else:
            if self._tool_call is not None:
                calls.append(("on_tool_call_done", (self._tool_call,)))
            self._tool_call_index = delta.index
            calls.append(("on_tool_call_created", (current,)))
        self._tool_call = current
        return calls
