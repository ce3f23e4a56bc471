"""Runs on the simulated clock: lifecycle, tool calls, cancel, expiry, limits, usage, steps."""

from __future__ import annotations

import json
from typing import Any

import httpx
import jsonschema

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import NOW
from tests.mockserver.threads.conftest import WEATHER, assistant, call, fail, thread


def start(http: httpx.Client, thread_id: str, **body: Any) -> dict[str, Any]:
    run: dict[str, Any] = call(http, "POST", f"/threads/{thread_id}/runs", body)
    return run


def status(http: httpx.Client, run: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = call(http, "GET", f"/threads/{run['thread_id']}/runs/{run['id']}")
    return found


def test_queued_in_progress_completed(http: httpx.Client, mock: MockServer) -> None:
    thread_id = thread(http)
    run = start(http, thread_id, assistant_id=assistant(http, instructions="Be kind."))
    assert run["status"] == "queued"
    assert run["expires_at"] == NOW + 600
    assert run["instructions"] == "Be kind."
    assert run["usage"] is None
    mock.advance(1)
    assert status(http, run)["status"] == "in_progress"
    assert status(http, run)["started_at"] == NOW + 1
    mock.advance(1)
    done = status(http, run)
    assert done["status"] == "completed"
    assert done["completed_at"] == NOW + 2
    assert done["expires_at"] is None
    usage = done["usage"]
    assert usage["prompt_tokens"] > 0 < usage["completion_tokens"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    messages = call(http, "GET", f"/threads/{thread_id}/messages", run_id=run["id"])["data"]
    assert len(messages) == 1
    reply = messages[0]
    assert (reply["role"], reply["status"], reply["run_id"]) == (
        "assistant",
        "completed",
        run["id"],
    )
    steps = call(http, "GET", f"/threads/{thread_id}/runs/{run['id']}/steps")["data"]
    assert [s["type"] for s in steps] == ["message_creation"]
    assert steps[0]["step_details"]["message_creation"]["message_id"] == reply["id"]
    assert steps[0]["usage"] == usage
    one = call(http, "GET", f"/threads/{thread_id}/runs/{run['id']}/steps/{steps[0]['id']}")
    assert one == steps[0]


def test_ticks_move_runs_without_reads(http: httpx.Client, mock: MockServer) -> None:
    run = start(http, thread(http), assistant_id=assistant(http))
    mock.advance(5)
    runs = mock.state.snapshot()["threads"]["runs"]
    assert [r["status"] for r in runs if r["id"] == run["id"]] == ["completed"]


def test_function_tools_require_action_and_resume(http: httpx.Client, mock: MockServer) -> None:
    thread_id = thread(http, "What is the weather in Oslo?")
    run = start(http, thread_id, assistant_id=assistant(http, tools=[WEATHER]))
    mock.advance(2)
    waiting = status(http, run)
    assert waiting["status"] == "requires_action"
    calls = waiting["required_action"]["submit_tool_outputs"]["tool_calls"]
    assert calls[0]["function"]["name"] == "get_weather"
    arguments = json.loads(calls[0]["function"]["arguments"])
    jsonschema.validate(arguments, WEATHER["function"]["parameters"])
    path = f"/threads/{thread_id}/runs/{run['id']}/submit_tool_outputs"
    wrong = fail(http, "POST", path, {"tool_outputs": [{"tool_call_id": "call_x", "output": "1"}]})
    assert (
        wrong["message"]
        == f"Expected tool outputs for call_ids ['{calls[0]['id']}'], got ['call_x']"
    )
    resumed = call(
        http,
        "POST",
        path,
        {"tool_outputs": [{"tool_call_id": calls[0]["id"], "output": "rainy, 4C"}]},
    )
    assert resumed["status"] == "queued"
    assert resumed["required_action"] is None
    mock.advance(2)
    done = status(http, run)
    assert done["status"] == "completed"
    reply = call(http, "GET", f"/threads/{thread_id}/messages", run_id=run["id"])["data"][0]
    assert "rainy, 4C" in reply["content"][0]["text"]["value"]
    steps = call(http, "GET", f"/threads/{thread_id}/runs/{run['id']}/steps", order="asc")["data"]
    assert [s["type"] for s in steps] == ["tool_calls", "message_creation"]
    assert steps[0]["step_details"]["tool_calls"][0]["function"]["output"] == "rainy, 4C"
    late = fail(http, "POST", path, {"tool_outputs": []})
    assert late["message"] == 'Runs in status "completed" do not accept tool outputs.'


def test_tool_choice_is_honoured(http: httpx.Client, mock: MockServer) -> None:
    helper = assistant(http, tools=[WEATHER])
    quiet = start(http, thread(http), assistant_id=helper, tool_choice="none")
    forced = start(
        http,
        thread(http, "Say hi"),
        assistant_id=helper,
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
    )
    mock.advance(2)
    assert status(http, quiet)["status"] == "completed"
    assert status(http, forced)["status"] == "requires_action"
    unknown = fail(
        http,
        "POST",
        f"/threads/{thread(http)}/runs",
        {
            "assistant_id": helper,
            "tools": [WEATHER],
            "tool_choice": {"type": "function", "function": {"name": "nope"}},
        },
    )
    assert unknown["param"] == "tool_choice"


def test_cancel(http: httpx.Client, mock: MockServer) -> None:
    run = start(http, thread(http), assistant_id=assistant(http))
    path = f"/threads/{run['thread_id']}/runs/{run['id']}/cancel"
    assert call(http, "POST", path)["status"] == "cancelling"
    mock.advance(1)
    cancelled = status(http, run)
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancelled_at"] == NOW + 1
    again = fail(http, "POST", path)
    assert again["message"] == "Cannot cancel run with status 'cancelled'."


def test_requires_action_expires(http: httpx.Client, mock: MockServer) -> None:
    run = start(http, thread(http), assistant_id=assistant(http, tools=[WEATHER]))
    mock.advance(2)
    assert status(http, run)["status"] == "requires_action"
    mock.advance(600)
    expired = status(http, run)
    assert expired["status"] == "expired"
    steps = call(http, "GET", f"/threads/{run['thread_id']}/runs/{run['id']}/steps")["data"]
    assert steps[0]["status"] == "expired"


def test_script_fails_a_run_with_rate_limit_exceeded(http: httpx.Client, mock: MockServer) -> None:
    mock.script("beta.threads.runs.create", content="", finish_reason="rate_limit_exceeded")
    run = start(http, thread(http), assistant_id=assistant(http))
    mock.advance(2)
    failed = status(http, run)
    assert failed["status"] == "failed"
    assert failed["failed_at"] == NOW + 2
    assert failed["last_error"]["code"] == "rate_limit_exceeded"
    assert failed["last_error"]["message"].startswith("You exceeded your current quota")


def test_scripts_decide_calls_and_content(http: httpx.Client, mock: MockServer) -> None:
    mock.script(
        "beta.threads.runs.create",
        tool_calls=[{"name": "get_weather", "arguments": {"city": "Rome", "unit": "c", "days": 1}}],
    )
    mock.script("beta.threads.runs.submit_tool_outputs", content="It is warm in Rome.")
    run = start(http, thread(http), assistant_id=assistant(http, tools=[WEATHER]))
    mock.advance(2)
    calls = status(http, run)["required_action"]["submit_tool_outputs"]["tool_calls"]
    assert json.loads(calls[0]["function"]["arguments"])["city"] == "Rome"
    path = f"/threads/{run['thread_id']}/runs/{run['id']}/submit_tool_outputs"
    call(http, "POST", path, {"tool_outputs": [{"tool_call_id": calls[0]["id"], "output": "25"}]})
    mock.advance(2)
    reply = call(http, "GET", f"/threads/{run['thread_id']}/messages")["data"][0]
    assert reply["content"][0]["text"]["value"] == "It is warm in Rome."


def test_max_completion_tokens_ends_incomplete(http: httpx.Client, mock: MockServer) -> None:
    mock.script("beta.threads.runs.create", content="word " * 400)
    run = start(http, thread(http), assistant_id=assistant(http), max_completion_tokens=256)
    mock.advance(2)
    ended = status(http, run)
    assert ended["status"] == "incomplete"
    assert ended["incomplete_details"] == {"reason": "max_completion_tokens"}
    assert ended["usage"]["completion_tokens"] == 256
    reply = call(http, "GET", f"/threads/{run['thread_id']}/messages")["data"][0]
    assert reply["status"] == "incomplete"
    assert reply["incomplete_details"] == {"reason": "max_tokens"}


def test_max_prompt_tokens_and_truncation(http: httpx.Client, mock: MockServer) -> None:
    long = "many words here " * 120
    helper = assistant(http)
    thread_id = thread(http, long)
    call(http, "POST", f"/threads/{thread_id}/messages", {"role": "user", "content": long})
    strict = start(
        http,
        thread_id,
        assistant_id=helper,
        max_prompt_tokens=256,
        truncation_strategy={"type": "last_messages", "last_messages": 2},
    )
    mock.advance(2)
    assert status(http, strict)["incomplete_details"] == {"reason": "max_prompt_tokens"}
    auto = start(http, thread_id, assistant_id=helper, max_prompt_tokens=500)
    mock.advance(2)
    fitted = status(http, auto)
    assert fitted["status"] == "completed"
    assert fitted["usage"]["prompt_tokens"] <= 500
    last = start(
        http,
        thread_id,
        assistant_id=helper,
        truncation_strategy={"type": "last_messages", "last_messages": 1},
    )
    mock.advance(2)
    assert (
        status(http, last)["usage"]["prompt_tokens"]
        < status(http, strict)["usage"]["prompt_tokens"] + 1000
    )
    low = fail(
        http,
        "POST",
        f"/threads/{thread_id}/runs",
        {"assistant_id": helper, "max_prompt_tokens": 10},
    )
    assert (low["param"], low["code"]) == ("max_prompt_tokens", "integer_below_min_value")


def test_json_schema_answers_are_valid(http: httpx.Client, mock: MockServer) -> None:
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
        "required": ["name", "age"],
        "additionalProperties": False,
    }
    fmt = {
        "type": "json_schema",
        "json_schema": {"name": "person", "schema": schema, "strict": True},
    }
    run = start(http, thread(http), assistant_id=assistant(http), response_format=fmt)
    mock.advance(2)
    reply = call(http, "GET", f"/threads/{run['thread_id']}/messages")["data"][0]
    jsonschema.validate(json.loads(reply["content"][0]["text"]["value"]), schema)


def test_create_and_run_and_additional_messages(http: httpx.Client, mock: MockServer) -> None:
    helper = assistant(http)
    run = call(
        http,
        "POST",
        "/threads/runs",
        {"assistant_id": helper, "thread": {"messages": [{"role": "user", "content": "Hi"}]}},
    )
    assert run["thread_id"].startswith("thread_")
    mock.advance(2)
    follow = start(
        http,
        run["thread_id"],
        assistant_id=helper,
        additional_messages=[{"role": "user", "content": "And more"}],
        additional_instructions="Extra.",
    )
    assert follow["instructions"].endswith("Extra.")
    mock.advance(2)
    texts = call(http, "GET", f"/threads/{run['thread_id']}/messages", order="asc")["data"]
    assert [m["role"] for m in texts] == ["user", "assistant", "user", "assistant"]
    updated = call(
        http, "POST", f"/threads/{run['thread_id']}/runs/{run['id']}", {"metadata": {"a": "1"}}
    )
    assert updated["metadata"] == {"a": "1"}
    listed = call(http, "GET", f"/threads/{run['thread_id']}/runs", limit=1)
    assert listed["data"][0]["id"] == follow["id"]
    assert listed["has_more"] is True
    missing = fail(http, "POST", "/threads/runs", {"assistant_id": "asst_nope"}, status=404)
    assert missing["message"] == "No assistant found with id 'asst_nope'."


def test_builtin_tools_record_steps(http: httpx.Client, mock: MockServer) -> None:
    helper = assistant(http, tools=[{"type": "code_interpreter"}, {"type": "file_search"}])
    run = start(
        http,
        thread(http, "Add 2 and 3.5"),
        assistant_id=helper,
        tool_choice={"type": "code_interpreter"},
    )
    mock.advance(2)
    assert status(http, run)["status"] == "completed"
    steps = call(http, "GET", f"/threads/{run['thread_id']}/runs/{run['id']}/steps", order="asc")[
        "data"
    ]
    assert [s["type"] for s in steps] == ["tool_calls", "message_creation"]
    used = steps[0]["step_details"]["tool_calls"][0]
    assert used["type"] == "code_interpreter"
    assert used["code_interpreter"]["outputs"] == [{"type": "logs", "logs": "5.5\n"}]
    reply = call(http, "GET", f"/threads/{run['thread_id']}/messages")["data"][0]
    assert reply["content"][0]["text"]["value"] == "The result is 5.5."
