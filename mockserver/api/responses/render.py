"""Responses API bodies and stream events, shaped like the recorded real ones.

:func:`render_response` gives the ``response`` object in any lifecycle
state (queued and in-progress responses have no output and no usage yet);
:func:`response_events` gives the whole event sequence of a stream, each
event with its ``sequence_number``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from openai_kit.mockserver.api.responses.plan import OutputPlan, ResponsePlan
from openai_kit.mockserver.generation.azure_filters import (
    choice_filter_results,
    prompt_filter_results,
)
from openai_kit.mockserver.generation.rng import derive_seed, random_alnum
from openai_kit.mockserver.generation.tokens import tokenize

__all__ = ["TERMINAL", "ResponseMeta", "render_response", "response_events"]

TERMINAL: Final = frozenset({"completed", "incomplete", "failed", "cancelled"})
_WITH_OUTPUT: Final = frozenset({"completed", "incomplete"})
_OBFUSCATION_WIDTH: Final = 16


@dataclass(frozen=True, slots=True)
class ResponseMeta:
    """What a rendering needs besides the plan.

    ``body`` is the validated request; ``model`` the name the response shows
    (the snapshot on OpenAI, the deployment name on Azure); ``prompt`` the
    input text (Azure's content filters read it).
    """

    id: str
    created_at: int
    body: Mapping[str, Any]
    model: str
    azure: bool = False
    background: bool = False
    store: bool = True
    previous_response_id: str | None = None
    conversation_id: str | None = None
    prompt: str = ""


_FILE_SEARCH_DEFAULTS: Final[Mapping[str, Any]] = {
    "filters": None,
    "max_num_results": 20,
    "ranking_options": {"ranker": "auto", "score_threshold": 0.0},
}


def _echo_tool(tool: Mapping[str, Any]) -> dict[str, Any]:
    """A tool as the response lists it (the service fills in its defaults)."""
    if tool.get("type") == "file_search":
        return {**_FILE_SEARCH_DEFAULTS, **tool}
    if tool.get("type") != "function":
        return dict(tool)
    parameters = tool.get("parameters")
    strict = tool.get("strict")
    if strict is None:  # the service makes a function strict when its schema allows
        closed = _closed(parameters)
        strict = closed is not None
        parameters = closed if closed is not None else parameters
    return {
        "type": "function",
        "description": tool.get("description"),
        "name": tool["name"],
        "parameters": parameters,
        "strict": strict,
    }


def _closed(schema: Any) -> Any:
    """``schema`` with ``additionalProperties: false`` on every object, or None when it
    cannot be strict (an object that leaves a property optional or allows extra ones)."""
    if isinstance(schema, list):
        items = [_closed(s) for s in schema]
        return None if any(i is None for i in items) else items
    if not isinstance(schema, Mapping):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("properties", "$defs", "definitions") and isinstance(value, Mapping):
            members = {name: _closed(sub) for name, sub in value.items()}
            if any(m is None for m in members.values()):
                return None
            out[key] = members
        elif key in ("items", "anyOf", "allOf", "oneOf"):
            sub = _closed(value)
            if sub is None:
                return None
            out[key] = sub
        else:
            out[key] = value
    if out.get("type") == "object" or isinstance(out.get("properties"), Mapping):
        names = list(out.get("properties") or {})
        if out.get("additionalProperties", False) is not False:
            return None
        if any(name not in (out.get("required") or ()) for name in names):
            return None
        out["additionalProperties"] = False
    return out


def _text_config(body: Mapping[str, Any]) -> dict[str, Any]:
    raw = body.get("text")
    text: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    fmt = text.get("format")
    if not isinstance(fmt, Mapping):
        fmt = {"type": "text"}
    elif fmt.get("type") == "json_schema":
        fmt = {
            "type": "json_schema",
            "description": fmt.get("description"),
            "name": fmt["name"],
            "schema": fmt["schema"],
            "strict": bool(fmt.get("strict")),
        }
    return {"format": dict(fmt), "verbosity": text.get("verbosity") or "medium"}


def _reasoning(body: Mapping[str, Any], plan: ResponsePlan) -> dict[str, Any]:
    raw = body.get("reasoning")
    settings: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    effort = settings.get("effort")
    if effort is None and plan.model.reasoning:
        effort = "medium"
    return {"effort": effort, "summary": settings.get("summary")}


def _number(value: Any, default: float) -> float:
    return float(value) if isinstance(value, (int, float)) else default


def _service_tier(body: Mapping[str, Any], *, final: bool) -> str:
    tier = body.get("service_tier")
    if tier in (None, "auto"):
        return "default" if final else "auto"
    return str(tier)


def _content_filters(meta: ResponseMeta, plan: ResponsePlan) -> list[dict[str, Any]]:
    prompt = prompt_filter_results(meta.prompt)[0]["content_filter_results"]
    text = plan.output_text
    out: list[dict[str, Any]] = []
    for source, results, length in (
        ("prompt", prompt, len(meta.prompt)),
        ("completion", choice_filter_results(text), len(text)),
    ):
        out.append(
            {
                "blocked": False,
                "content_filter_offsets": {
                    "check_offset": 0,
                    "end_offset": length,
                    "start_offset": 0,
                },
                "content_filter_raw": [],
                "content_filter_results": results,
                "source_type": source,
            }
        )
    return out


def render_response(
    meta: ResponseMeta, plan: ResponsePlan, *, status: str, completed_at: int | None = None
) -> dict[str, Any]:
    """The ``response`` object of ``plan`` in lifecycle state ``status``."""
    body = meta.body
    final = status in TERMINAL
    done = status in _WITH_OUTPUT
    out: dict[str, Any] = {
        "id": meta.id,
        "object": "response",
        "created_at": meta.created_at,
        "status": status,
        "background": meta.background,
    }
    if done and not meta.azure:
        out["billing"] = {"payer": "developer"}
    out["completed_at"] = completed_at if status == "completed" else None
    if done and meta.azure:
        out["content_filters"] = _content_filters(meta, plan)
    if meta.conversation_id is not None:
        out["conversation"] = {"id": meta.conversation_id}
    incomplete = {"reason": "max_output_tokens"} if status == "incomplete" else None
    out.update(
        {
            "error": None,
            "frequency_penalty": _number(body.get("frequency_penalty"), 0.0),
            "incomplete_details": incomplete,
            "instructions": body.get("instructions"),
            "max_output_tokens": body.get("max_output_tokens"),
            "max_tool_calls": body.get("max_tool_calls"),
            "model": meta.model,
            "moderation": None,
            "output": plan.output() if done else [],
            "parallel_tool_calls": body.get("parallel_tool_calls", True) is not False,
            "presence_penalty": _number(body.get("presence_penalty"), 0.0),
            "previous_response_id": meta.previous_response_id,
            "prompt_cache_key": body.get("prompt_cache_key"),
            "prompt_cache_retention": body.get("prompt_cache_retention"),
            "reasoning": _reasoning(body, plan),
            "safety_identifier": body.get("safety_identifier"),
            "service_tier": _service_tier(body, final=final),
            "store": meta.store,
            "temperature": _number(body.get("temperature"), 1.0),
            "text": _text_config(body),
            "tool_choice": body.get("tool_choice") or "auto",
            "tools": [_echo_tool(t) for t in body.get("tools") or ()],
            "top_logprobs": int(body.get("top_logprobs") or 0),
            "top_p": _number(body.get("top_p"), 1.0),
            "truncation": body.get("truncation") or "disabled",
            "usage": plan.usage() if done else None,
            "user": body.get("user"),
            "metadata": dict(body.get("metadata") or {}),
        }
    )
    return out


class _Events:
    """Appends events with consecutive sequence numbers."""

    def __init__(self, plan: ResponsePlan, *, obfuscate: bool) -> None:
        self.events: list[dict[str, Any]] = []
        self.obfuscate = obfuscate
        self.rng = random.Random(derive_seed(plan.seed, "obfuscation"))

    def add(self, kind: str, **fields: Any) -> None:
        event: dict[str, Any] = {"type": kind}
        event.update(fields)
        event["sequence_number"] = len(self.events)
        self.events.append(event)

    def padding(self, delta: str) -> dict[str, Any]:
        if not self.obfuscate:
            return {}
        width = max(_OBFUSCATION_WIDTH - len(delta), 2)
        return {"obfuscation": random_alnum(self.rng, width)}


def _reasoning_events(out: _Events, index: int, item: OutputPlan) -> None:
    for position, text in enumerate(item.summary):
        ids = {"item_id": item.id, "output_index": index, "summary_index": position}
        out.add(
            "response.reasoning_summary_part.added",
            part={"type": "summary_text", "text": ""},
            **ids,
        )
        for piece in tokenize(text):
            out.add(
                "response.reasoning_summary_text.delta", delta=piece, **ids, **out.padding(piece)
            )
        out.add("response.reasoning_summary_text.done", text=text, **ids)
        out.add(
            "response.reasoning_summary_part.done",
            part={"type": "summary_text", "text": text},
            **ids,
        )


def _message_events(out: _Events, index: int, item: OutputPlan) -> None:
    ids = {"content_index": 0, "item_id": item.id, "output_index": index}
    out.add("response.content_part.added", **ids, part=item.part(""))
    entries = item.logprobs or []
    for position, token in enumerate(item.tokens):
        logprobs = entries[position : position + 1]
        out.add(
            "response.output_text.delta",
            **ids,
            delta=token,
            logprobs=logprobs,
            **out.padding(token),
        )
    for position, annotation in enumerate(item.annotations):
        out.add(
            "response.output_text.annotation.added",
            **ids,
            annotation_index=position,
            annotation=dict(annotation),
        )
    out.add("response.output_text.done", **ids, logprobs=list(entries), text=item.text)
    out.add("response.content_part.done", **ids, part=item.part())


def _hosted_events(out: _Events, index: int, item: OutputPlan) -> None:
    """A hosted call's progress: in progress, its work (searching; code, interpreting), done."""
    ids = {"item_id": item.id, "output_index": index}
    if item.kind == "file_search_call":
        out.add("response.file_search_call.in_progress", **ids)
        out.add("response.file_search_call.searching", **ids)
        out.add("response.file_search_call.completed", **ids)
        return
    code = str((item.payload or {}).get("code", ""))
    out.add("response.code_interpreter_call.in_progress", **ids)
    for piece in tokenize(code):
        out.add(
            "response.code_interpreter_call_code.delta", delta=piece, **ids, **out.padding(piece)
        )
    out.add("response.code_interpreter_call_code.done", code=code, **ids)
    out.add("response.code_interpreter_call.interpreting", **ids)
    out.add("response.code_interpreter_call.completed", **ids)


def _call_events(out: _Events, index: int, item: OutputPlan) -> None:
    ids = {"item_id": item.id, "output_index": index}
    if item.kind == "custom_tool_call":
        for piece in tokenize(item.text):
            out.add("response.custom_tool_call_input.delta", delta=piece, **ids)
        out.add("response.custom_tool_call_input.done", input=item.text, **ids)
        return
    for piece in tokenize(item.arguments):
        out.add("response.function_call_arguments.delta", delta=piece, **ids, **out.padding(piece))
    out.add(
        "response.function_call_arguments.done", arguments=item.arguments, **ids, name=item.name
    )


def response_events(
    meta: ResponseMeta,
    plan: ResponsePlan,
    *,
    completed_at: int | None,
    cancelled: bool = False,
) -> list[dict[str, Any]]:
    """Every event of the stream of ``plan``, from ``response.created`` to the last.

    A background response opens ``queued`` (``response.created`` then
    ``response.queued``). A ``cancelled`` one stops after
    ``response.in_progress``. Delta events carry ``obfuscation`` padding on
    OpenAI unless ``stream_options.include_obfuscation`` is false.
    """
    options = meta.body.get("stream_options")
    hide = isinstance(options, Mapping) and options.get("include_obfuscation") is False
    out = _Events(plan, obfuscate=not meta.azure and not hide)
    opening = "queued" if meta.background else "in_progress"
    out.add("response.created", response=render_response(meta, plan, status=opening))
    if meta.background:
        out.add("response.queued", response=render_response(meta, plan, status="queued"))
    out.add("response.in_progress", response=render_response(meta, plan, status="in_progress"))
    if cancelled:
        return out.events
    for index, item in enumerate(plan.items):
        out.add("response.output_item.added", item=item.to_json(done=False), output_index=index)
        if item.kind == "reasoning":
            _reasoning_events(out, index, item)
        elif item.kind == "message":
            _message_events(out, index, item)
        elif item.payload is not None:
            _hosted_events(out, index, item)
        else:
            _call_events(out, index, item)
        out.add("response.output_item.done", item=item.to_json(), output_index=index)
    status = plan.status
    final = render_response(meta, plan, status=status, completed_at=completed_at)
    out.add(f"response.{status}", response=final)
    return out.events
