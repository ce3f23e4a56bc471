"""Generated Responses content: deterministic, valid against schemas, budgets and options respected."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

from openai_kit.mockserver.api.responses.items import count_input_tokens, normalize_items
from openai_kit.mockserver.api.responses.plan import (
    PlanRequest,
    ResponsePlan,
    plan_response,
    plan_scripted_response,
)
from openai_kit.mockserver.api.responses.render import (
    ResponseMeta,
    render_response,
    response_events,
)
from openai_kit.mockserver.api.responses.validate import (
    resolve_responses_model,
    validate_responses_request,
)
from openai_kit.mockserver.generation.context import GenContext

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 2},
        "age": {"type": "integer", "minimum": 0, "maximum": 120},
        "tags": {"type": "array", "items": {"enum": ["a", "b", "c"]}, "minItems": 1},
        "address": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "zip": {"pattern": "^[0-9]{5}$"}},
            "required": ["city", "zip"],
            "additionalProperties": False,
        },
        "nickname": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    },
    "required": ["name", "age", "tags", "address", "nickname"],
    "additionalProperties": False,
}
FUNCTION = {
    "type": "function",
    "name": "book_flight",
    "parameters": {
        "type": "object",
        "properties": {
            "origin": {"type": "string"},
            "seats": {"type": "integer", "minimum": 1, "maximum": 9},
            "class": {"enum": ["economy", "business"]},
        },
        "required": ["origin", "seats", "class"],
        "additionalProperties": False,
    },
    "strict": True,
}
OTHER = {"type": "function", "name": "cancel_flight", "parameters": {"type": "object"}}


def ids() -> Callable[[str], str]:
    counter = itertools.count(1)
    return lambda prefix: f"{prefix}_{next(counter):04d}"


def plan(
    body: dict[str, Any], *, seed: int = 0, context: list[dict[str, Any]] | None = None
) -> ResponsePlan:
    validate_responses_request(body)
    info = resolve_responses_model(body["model"])
    items = [*(context or []), *normalize_items(body["input"], ids())]
    ctx = GenContext(seed=seed, created=1_700_000_000)
    return plan_response(PlanRequest(ctx, body, info, items, ids()))


def meta(body: dict[str, Any], **kw: Any) -> ResponseMeta:
    return ResponseMeta(id="resp_1", created_at=1_700_000_000, body=body, model="m", **kw)


def test_same_request_same_answer_and_seed_matters() -> None:
    body = {"model": "gpt-4o", "input": "Write a haiku."}
    first, again = plan(body), plan(body)
    assert first.output() == again.output()
    assert first.output_text
    assert plan(body, seed=1).output_text != first.output_text
    assert plan({**body, "stream": True, "store": False}).output_text == first.output_text
    other = plan({"model": "gpt-4o", "input": "Write a limerick."})
    assert other.output_text != first.output_text


def test_context_changes_the_answer() -> None:
    body = {"model": "gpt-4o", "input": "And then?"}
    context = normalize_items("Once upon a time", ids())
    assert plan(body, context=context).output_text != plan(body).output_text


@pytest.mark.parametrize("seed", range(8))
def test_json_schema_output_is_valid(seed: int) -> None:
    body = {
        "model": "gpt-4o-mini",
        "input": "A person.",
        "text": {
            "format": {"type": "json_schema", "name": "person", "schema": SCHEMA, "strict": True}
        },
    }
    jsonschema.validate(json.loads(plan(body, seed=seed).output_text), SCHEMA)


def test_json_object_output() -> None:
    body = {
        "model": "gpt-4o",
        "input": "Answer in json.",
        "text": {"format": {"type": "json_object"}},
    }
    assert isinstance(json.loads(plan(body).output_text), dict)


@pytest.mark.parametrize("seed", range(8))
def test_function_call_arguments_are_valid(seed: int) -> None:
    body = {"model": "gpt-4o", "input": "Book me a flight.", "tools": [FUNCTION]}
    item = plan(body, seed=seed).items[0]
    assert item.kind == "function_call"
    assert item.name == "book_flight"
    assert item.call_id.startswith("call_")
    jsonschema.validate(json.loads(item.arguments), FUNCTION["parameters"])


def test_tool_choice_rules() -> None:
    base = {"model": "gpt-4o", "input": "Please cancel flight 7.", "tools": [FUNCTION, OTHER]}
    assert [i.name for i in plan(base).items] == ["cancel_flight"]
    assert [i.kind for i in plan({**base, "tool_choice": "none"}).items] == ["message"]
    forced = plan({**base, "tool_choice": {"type": "function", "name": "book_flight"}})
    assert [i.name for i in forced.items] == ["book_flight"]
    both = {**base, "input": "book_flight or cancel_flight?"}
    assert len(plan(both).items) == 2
    assert len(plan({**both, "parallel_tool_calls": False}).items) == 1
    allowed = {
        **both,
        "tool_choice": {
            "type": "allowed_tools",
            "mode": "required",
            "tools": [{"type": "function", "name": "book_flight"}],
        },
    }
    assert [i.name for i in plan(allowed).items] == ["book_flight"]


def test_a_function_output_gets_a_text_answer() -> None:
    call = {"type": "function_call", "call_id": "call_1", "name": "book_flight", "arguments": "{}"}
    output = {"type": "function_call_output", "call_id": "call_1", "output": "booked"}
    body = {"model": "gpt-4o", "input": [{"role": "user", "content": "Book."}, call, output]}
    answered = plan({**body, "tools": [FUNCTION]})
    assert [i.kind for i in answered.items] == ["message"]


def test_reasoning_items() -> None:
    plain = plan({"model": "gpt-4o", "input": "Hi"})
    assert plain.reasoning_tokens == 0
    assert all(i.kind != "reasoning" for i in plain.items)
    thinking = plan(
        {
            "model": "o3",
            "input": "Why?",
            "reasoning": {"effort": "low", "summary": "detailed"},
            "include": ["reasoning.encrypted_content"],
        }
    )
    first = thinking.items[0]
    assert first.kind == "reasoning"
    assert first.summary
    assert all(p.startswith("**") for p in first.summary)
    assert first.encrypted is not None
    assert first.encrypted.startswith("gAAAAAB")
    assert thinking.reasoning_tokens > 0
    usage = thinking.usage()
    assert usage["output_tokens_details"]["reasoning_tokens"] == thinking.reasoning_tokens
    assert usage["output_tokens"] == thinking.output_tokens >= thinking.reasoning_tokens
    quiet = plan({"model": "o3", "input": "Why?"})
    assert quiet.items[0].kind == "reasoning"
    assert quiet.items[0].summary == []
    assert quiet.items[0].encrypted is None
    rendered = render_response(meta({"model": "o3", "input": "Why?"}), quiet, status="completed")
    assert rendered["reasoning"] == {"effort": "medium", "summary": None}
    assert rendered["output"][0] == {"id": quiet.items[0].id, "type": "reasoning", "summary": []}


def test_include_does_not_change_the_text() -> None:
    body = {"model": "o4-mini", "input": "Why?"}
    with_include = {**body, "include": ["reasoning.encrypted_content"]}
    assert plan(body).output_text == plan(with_include).output_text


def test_max_output_tokens_makes_an_incomplete_response() -> None:
    body = {"model": "gpt-4o", "input": "Tell me everything.", "text": {"verbosity": "high"}}
    full = plan(body)
    cut = plan({**body, "max_output_tokens": 16})
    assert len(full.items[0].tokens) > 16
    assert cut.status == "incomplete"
    assert cut.items[0].status == "incomplete"
    assert len(cut.items[0].tokens) == 16
    assert full.output_text.startswith(cut.output_text)
    rendered = render_response(meta(body), cut, status=cut.status)
    assert rendered["status"] == "incomplete"
    assert rendered["incomplete_details"] == {"reason": "max_output_tokens"}
    assert rendered["usage"]["output_tokens"] == 16
    reasoning = plan({"model": "o3", "input": "Think hard.", "max_output_tokens": 16})
    assert reasoning.status == "incomplete"
    assert [i.kind for i in reasoning.items] == ["reasoning"]
    assert reasoning.reasoning_tokens == 16


def test_instructions_and_tools_are_billed() -> None:
    body: dict[str, Any] = {"model": "gpt-4o", "input": "What is the capital of France?"}
    base = plan(body).input_tokens
    assert base == 14
    assert plan({**body, "instructions": "Answer like a pirate."}).input_tokens > base
    assert plan({**body, "tools": [FUNCTION]}).input_tokens > base
    items = normalize_items(body["input"], ids())
    assert count_input_tokens(items, body) == base


def test_logprobs_when_included() -> None:
    body = {
        "model": "gpt-4o-mini",
        "input": "Hi",
        "include": ["message.output_text.logprobs"],
        "top_logprobs": 2,
    }
    item = plan(body).items[0]
    assert item.logprobs is not None
    assert [e["token"] for e in item.logprobs] == item.tokens
    assert all(len(e["top_logprobs"]) == 2 for e in item.logprobs)
    assert plan({"model": "gpt-4o-mini", "input": "Hi"}).items[0].logprobs is None


def test_render_states() -> None:
    body = {"model": "gpt-4o", "input": "Hi", "metadata": {"k": "v"}, "service_tier": "auto"}
    generated = plan(body)
    queued = render_response(meta(body, background=True), generated, status="queued")
    assert (queued["output"], queued["usage"], queued["completed_at"]) == ([], None, None)
    assert queued["service_tier"] == "auto"
    done = render_response(meta(body), generated, status="completed", completed_at=1_700_000_001)
    assert done["service_tier"] == "default"
    assert done["metadata"] == {"k": "v"}
    assert done["completed_at"] == 1_700_000_001
    assert done["billing"] == {"payer": "developer"}
    text = done["output"][0]["content"][0]
    assert text == {
        "type": "output_text",
        "annotations": [],
        "logprobs": [],
        "text": generated.output_text,
    }
    azure = render_response(meta(body, azure=True), generated, status="completed")
    assert "billing" not in azure
    assert [f["source_type"] for f in azure["content_filters"]] == ["prompt", "completion"]


def test_events_sequence_and_obfuscation() -> None:
    body: dict[str, Any] = {
        "model": "o4-mini",
        "input": "Hi",
        "reasoning": {"summary": "concise"},
        "tools": [FUNCTION],
    }
    generated = plan(body)
    events = response_events(meta(body), generated, completed_at=1)
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    kinds = [e["type"] for e in events]
    assert kinds[:3] == ["response.created", "response.in_progress", "response.output_item.added"]
    assert "response.reasoning_summary_text.delta" in kinds
    assert "response.function_call_arguments.done" in kinds
    assert kinds[-1] == "response.completed"
    arguments = "".join(
        e["delta"] for e in events if e["type"] == "response.function_call_arguments.delta"
    )
    assert arguments == generated.items[1].arguments
    assert events[-1]["response"]["output"] == generated.output()
    deltas = [e for e in events if e["type"].endswith(".delta")]
    assert all("obfuscation" in e for e in deltas)
    hidden = response_events(
        meta({**body, "stream_options": {"include_obfuscation": False}}), generated, completed_at=1
    )
    assert not any("obfuscation" in e for e in hidden)
    azure = response_events(meta(body, azure=True), generated, completed_at=1)
    assert not any("obfuscation" in e for e in azure)
    background = response_events(meta(body, background=True), generated, completed_at=1)
    assert background[0]["response"]["status"] == "queued"
    assert background[1]["type"] == "response.queued"
    cancelled = response_events(
        meta(body, background=True), generated, completed_at=1, cancelled=True
    )
    assert [e["type"] for e in cancelled][-1] == "response.in_progress"


def test_incomplete_stream_ends_with_response_incomplete() -> None:
    body = {"model": "gpt-4o", "input": "Tell me everything.", "max_output_tokens": 16}
    events = response_events(meta(body), plan(body), completed_at=1)
    assert events[-1]["type"] == "response.incomplete"
    assert events[-1]["response"]["status"] == "incomplete"


def test_scripted_plan() -> None:
    body: dict[str, Any] = {"model": "gpt-4o", "input": "Weather?", "tools": [FUNCTION]}
    info = resolve_responses_model("gpt-4o")
    items = normalize_items(body["input"], ids())
    ctx = GenContext(seed=0, created=0)
    scripted = plan_scripted_response(
        PlanRequest(ctx, body, info, items, ids()),
        content=None,
        tool_calls=[{"name": "book_flight", "arguments": {"origin": "PAR", "seats": 1}}],
    )
    assert [(i.kind, i.name, i.arguments) for i in scripted.items] == [
        ("function_call", "book_flight", '{"origin":"PAR","seats":1}')
    ]
    said = plan_scripted_response(
        PlanRequest(ctx, body, info, items, ids()), content="Sunny.", tool_calls=[]
    )
    assert said.output_text == "Sunny."
    assert said.usage()["output_tokens"] == 2
    cut = plan_scripted_response(
        PlanRequest(ctx, body, info, items, ids()),
        content="Sunny.",
        tool_calls=[],
        finish_reason="length",
    )
    assert cut.status == "incomplete"
