"""Handlers of runs and run steps, ``create_and_run`` included.

A run takes its settings from the request, else from its assistant. A
streaming request is answered with the run's events (``thread.run.created``
... ``thread.run.completed`` or ``thread.run.requires_action``) in the
Assistants framing; the run is then stored as the stream left it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import Call, JSONReply, Reply, StreamReply
from openai_kit.mockserver._sse import encode_json
from openai_kit.mockserver.api.assistants.resources import store_tool_resources
from openai_kit.mockserver.api.assistants.store import AssistantsStore
from openai_kit.mockserver.api.assistants.validate import (
    check_assistant_model,
    check_tool_resources,
)
from openai_kit.mockserver.api.threads.handlers import (
    create_thread,
    new_message,
    new_metadata,
)
from openai_kit.mockserver.api.threads.store import Events, ThreadsStore
from openai_kit.mockserver.api.threads.validate import RUN_FIELDS, check_run, check_thread

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "runs_cancel",
    "runs_create",
    "runs_list",
    "runs_retrieve",
    "runs_submit_tool_outputs",
    "runs_update",
    "steps_list",
    "steps_retrieve",
    "threads_create_and_run",
]

_ONLY_RUNS = ("additional_instructions", "additional_messages")
_AND_RUN_FIELDS = (*(f for f in RUN_FIELDS if f not in _ONLY_RUNS), "thread", "tool_resources")


def _sse(events: Events) -> StreamReply:
    encoded = [
        b"event: " + name.encode() + b"\ndata: " + encode_json(data) + b"\n\n"
        for name, data in events
    ]
    return StreamReply(encoded, encoded=True)


def _settings(core: ServerCore, call: Call, body: Mapping[str, Any]) -> dict[str, Any]:
    """The run's settings: the request's, else its assistant's."""
    assistant = core.state.get(AssistantsStore).get(body["assistant_id"])
    model = body.get("model")
    if model is not None:
        check_assistant_model(core, model, azure=call.azure)
    instructions = body.get("instructions")
    if instructions is None:
        instructions = assistant["instructions"] or ""
    if body.get("additional_instructions"):
        instructions = f"{instructions}\n{body['additional_instructions']}".strip()
    fmt = body.get("response_format")

    def given(key: str, default: Any) -> Any:
        value = body.get(key)
        return default if value is None else value

    return {
        "assistant_id": assistant["id"],
        "model": given("model", assistant["model"]),
        "instructions": instructions,
        "tools": given("tools", assistant["tools"]),
        "metadata": given("metadata", {}),
        "temperature": given("temperature", assistant["temperature"]),
        "top_p": given("top_p", assistant["top_p"]),
        "max_prompt_tokens": body.get("max_prompt_tokens"),
        "max_completion_tokens": body.get("max_completion_tokens"),
        "truncation_strategy": given(
            "truncation_strategy", {"type": "auto", "last_messages": None}
        ),
        "response_format": assistant["response_format"] if fmt is None else fmt,
        "tool_choice": given("tool_choice", "auto"),
        "parallel_tool_calls": given("parallel_tool_calls", True),
    }


def _answer(run: dict[str, Any], events: Events, streaming: bool) -> Reply:
    return _sse(events) if streaming else JSONReply(run)


def runs_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    check_run(body)
    settings = _settings(core, call, body)
    extra = [new_message(m) for m in body.get("additional_messages") or ()]
    assistant = core.state.get(AssistantsStore).get(body["assistant_id"])
    run, events = ThreadsStore.of(core).create_run(
        call.path_params["thread_id"],
        settings,
        extra,
        script=call.script,
        stream=call.streaming,
        resources=assistant["tool_resources"],
    )
    return _answer(run, events, call.streaming)


def threads_create_and_run(core: ServerCore, call: Call) -> Reply:
    body = call.json
    check_run(body, fields=_AND_RUN_FIELDS)
    thread_body = body.get("thread") or {}
    check_thread(P.check_object("thread", thread_body), "thread")
    if body.get("tool_resources") is not None:
        check_tool_resources(body["tool_resources"])
    settings = _settings(core, call, body)
    resources = body.get("tool_resources")
    if resources is None:
        resources = core.state.get(AssistantsStore).get(body["assistant_id"])["tool_resources"]
    thread = create_thread(core, thread_body)
    run, events = ThreadsStore.of(core).create_run(
        thread["id"],
        settings,
        (),
        script=call.script,
        stream=call.streaming,
        resources=store_tool_resources(core.state, resources),
    )
    return _answer(run, [("thread.created", thread), *events], call.streaming)


def runs_list(core: ServerCore, call: Call) -> Reply:
    listed = ThreadsStore.of(core).list_runs(
        call.path_params["thread_id"],
        **P.list_params(call.query)._asdict(),
    )
    return JSONReply(listed)


def runs_retrieve(core: ServerCore, call: Call) -> Reply:
    params = call.path_params
    return JSONReply(ThreadsStore.of(core).retrieve_run(params["thread_id"], params["run_id"]))


def runs_update(core: ServerCore, call: Call) -> Reply:
    params = call.path_params
    metadata = new_metadata(call.json)
    updated = ThreadsStore.of(core).update_run(params["thread_id"], params["run_id"], metadata)
    return JSONReply(updated)


def runs_cancel(core: ServerCore, call: Call) -> Reply:
    params = call.path_params
    return JSONReply(ThreadsStore.of(core).cancel_run(params["thread_id"], params["run_id"]))


def _tool_outputs(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    outputs: list[Mapping[str, Any]] = P.require(body, "tool_outputs")
    for where, output in P.each_object("tool_outputs", outputs):
        P.check_string(f"{where}.tool_call_id", P.member(where, output, "tool_call_id"))
        if output.get("output") is not None:
            P.check_string(f"{where}.output", output["output"])
    return outputs


def runs_submit_tool_outputs(core: ServerCore, call: Call) -> Reply:
    body = call.json
    P.check_unknown_parameters(body, ("tool_outputs", "stream"))
    outputs = _tool_outputs(body)
    params = call.path_params
    run, events = ThreadsStore.of(core).submit_tool_outputs(
        params["thread_id"], params["run_id"], outputs, script=call.script, stream=call.streaming
    )
    return _answer(run, events, call.streaming)


def steps_list(core: ServerCore, call: Call) -> Reply:
    path = call.path_params
    listed = ThreadsStore.of(core).list_steps(
        path["thread_id"],
        path["run_id"],
        **P.list_params(call.query)._asdict(),
    )
    return JSONReply(listed)


def steps_retrieve(core: ServerCore, call: Call) -> Reply:
    path = call.path_params
    step = ThreadsStore.of(core).retrieve_step(path["thread_id"], path["run_id"], path["step_id"])
    return JSONReply(step)
