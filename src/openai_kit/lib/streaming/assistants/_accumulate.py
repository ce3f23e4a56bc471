"""Snapshots built from an Assistants event stream: messages from their deltas, run steps from theirs.

A ``thread.message.delta`` extends the message it names (text appended to its
content block, a new block added); a ``thread.run.step.delta`` extends the
step's tool calls (function arguments appended, code interpreter input and
outputs added). Whole objects (``...created``, ``...completed``) replace the
snapshot.
"""

from __future__ import annotations

from typing import Any, get_args

from ...._models import construct_lenient
from ....types.beta.threads.message import Message
from ....types.beta.threads.message_delta_event import MessageDeltaEvent
from ....types.beta.threads.runs.run_step import (
    CodeInterpreter,
    RunStep,
    RunStepDetailsToolCallsObject,
)
from ....types.beta.threads.runs.run_step_delta_event import RunStepDeltaEvent

__all__ = ["merge_message_delta", "merge_step_delta"]

_CONTENT = get_args(Message.model_fields["content"].annotation)[0]
_TOOL_CALL = get_args(RunStepDetailsToolCallsObject.model_fields["tool_calls"].annotation)[0]
_CODE_OUTPUT = get_args(CodeInterpreter.model_fields["outputs"].annotation)[0]


def _dump(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(exclude_unset=True, warnings=False)
    data.pop("index", None)
    return data


def merge_message_delta(snapshot: Message, event: MessageDeltaEvent) -> list[int]:
    """Apply a message delta to ``snapshot``; the indexes of content blocks it added."""
    added: list[int] = []
    for delta in event.delta.content or ():
        index = delta.index
        if index >= len(snapshot.content):
            block = _dump(delta)
            if block.get("type") == "text":
                text = block.setdefault("text", {})
                text.setdefault("value", "")
                text.setdefault("annotations", [])
            snapshot.content.append(construct_lenient(_CONTENT, block))
            added.append(index)
            continue
        current: Any = snapshot.content[index]
        if delta.type == "text" and current.type == "text" and delta.text is not None:
            current.text.value += delta.text.value or ""
            current.text.annotations.extend(delta.text.annotations or ())
    return added


def _merge_call(current: Any, delta: Any) -> None:
    if delta.type == "function" and delta.function is not None:
        if delta.function.arguments:
            current.function.arguments += delta.function.arguments
        if delta.function.output is not None:
            current.function.output = delta.function.output
    elif delta.type == "code_interpreter" and delta.code_interpreter is not None:
        if delta.code_interpreter.input:
            current.code_interpreter.input += delta.code_interpreter.input
        for output in delta.code_interpreter.outputs or ():
            current.code_interpreter.outputs.append(construct_lenient(_CODE_OUTPUT, _dump(output)))
    elif delta.type == "file_search" and getattr(delta, "file_search", None) is not None:
        current.file_search = delta.file_search


def merge_step_delta(snapshot: RunStep, event: RunStepDeltaEvent) -> list[int]:
    """Apply a step delta to ``snapshot``; the indexes of tool calls it added."""
    details: Any = event.delta.step_details
    if (
        details is None
        or details.type != "tool_calls"
        or snapshot.step_details.type != "tool_calls"
    ):
        return []
    calls: list[Any] = snapshot.step_details.tool_calls
    added: list[int] = []
    for delta in details.tool_calls or ():
        if delta.index >= len(calls):
            calls.append(_full_call(delta))
            added.append(delta.index)
        else:
            _merge_call(calls[delta.index], delta)
    return added


def _full_call(delta: Any) -> Any:
    data = _dump(delta)
    if data.get("type") == "function":
        data.setdefault("function", {}).setdefault("arguments", "")
        data["function"].setdefault("output", None)
    if data.get("type") == "code_interpreter":
        data.setdefault("code_interpreter", {}).setdefault("input", "")
        data["code_interpreter"].setdefault("outputs", [])
    return construct_lenient(_TOOL_CALL, data)
