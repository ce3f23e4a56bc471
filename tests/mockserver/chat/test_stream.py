"""Streamed chat completions: chunk sequences that add up to the buffered answer."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.chat import ChatCompletionChunk

from openai_kit.mockserver.api.chat.content import (
    chat_chunks_from_script,
    chat_completion,
    chat_completion_chunks,
    chat_completion_from_script,
)
from openai_kit.mockserver.api.chat.validate import validate_chat_request
from openai_kit.mockserver.generation.context import GenContext

CTX = GenContext(seed=3, created=1_700_000_000, azure=False)
AZURE = GenContext(seed=3, created=1_700_000_000, azure=True)
TOOL = {
    "type": "function",
    "function": {
        "name": "lookup",
        "parameters": {
            "type": "object",
            "properties": {"query": {"type": "string"}, "limit": {"type": "integer"}},
            "required": ["query", "limit"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}


def req(**extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "Tell me something."}],
        "stream": True,
        **extra,
    }
    validate_chat_request(body)
    return body


def assemble(chunks: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Fold deltas back into one message per choice, as a client would."""
    out: dict[int, dict[str, Any]] = {}
    for chunk in chunks:
        for choice in chunk["choices"]:
            state = out.setdefault(
                choice["index"],
                {
                    "content": None,
                    "tool_calls": {},
                    "function_call": None,
                    "finish": None,
                    "logprobs": [],
                },
            )
            delta = choice["delta"]
            if delta.get("content") is not None:
                state["content"] = (state["content"] or "") + delta["content"]
            for call in delta.get("tool_calls") or ():
                slot = state["tool_calls"].setdefault(
                    call["index"], {"id": None, "name": None, "arguments": ""}
                )
                if "id" in call:
                    slot["id"] = call["id"]
                    slot["name"] = call["function"]["name"]
                slot["arguments"] += call["function"]["arguments"]
            if delta.get("function_call") is not None:
                fc = state["function_call"] or {"name": None, "arguments": ""}
                fc["name"] = delta["function_call"].get("name") or fc["name"]
                fc["arguments"] += delta["function_call"]["arguments"]
                state["function_call"] = fc
            if choice.get("logprobs"):
                state["logprobs"].extend(choice["logprobs"]["content"])
            if choice["finish_reason"] is not None:
                state["finish"] = choice["finish_reason"]
    return out


def assert_matches(chunks: list[dict[str, Any]], body: dict[str, Any]) -> None:
    folded = assemble(chunks)
    assert sorted(folded) == [c["index"] for c in body["choices"]]
    for choice in body["choices"]:
        state = folded[choice["index"]]
        message = choice["message"]
        assert state["finish"] == choice["finish_reason"]
        if message["content"] is None:
            assert state["content"] in (None, "")
        else:
            assert state["content"] == message["content"]
        calls = [
            {"id": c["id"], "name": c["function"]["name"], "arguments": c["function"]["arguments"]}
            for c in message.get("tool_calls", [])
        ]
        assert [state["tool_calls"][k] for k in sorted(state["tool_calls"])] == calls
        if choice.get("logprobs"):
            assert state["logprobs"] == choice["logprobs"]["content"]


def validate_all(chunks: list[dict[str, Any]]) -> None:
    for chunk in chunks:
        ChatCompletionChunk.model_validate(chunk)


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"n": 3},
        {"max_tokens": 4},
        {"logprobs": True, "top_logprobs": 2},
        {"tools": [TOOL]},
        {"tools": [TOOL], "n": 2, "stream_options": {"include_usage": True}},
        {
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "x", "schema": TOOL["function"]["parameters"]},
            }
        },
        {"functions": [TOOL["function"]]},
    ],
    ids=["plain", "n", "length", "logprobs", "tools", "tools-n-usage", "json-schema", "functions"],
)
def test_deltas_add_up_to_the_buffered_answer(extra: dict[str, Any]) -> None:
    body = req(**extra)
    chunks = chat_completion_chunks(CTX, body)
    validate_all(chunks)
    assert_matches(chunks, chat_completion(CTX, body))


def test_legacy_function_call_stream() -> None:
    body = req(functions=[TOOL["function"]])
    folded = assemble(chat_completion_chunks(CTX, body))[0]
    expected = chat_completion(CTX, body)["choices"][0]["message"]["function_call"]
    assert folded["function_call"] == expected
    assert folded["finish"] == "function_call"


def test_chunk_sequence() -> None:
    chunks = chat_completion_chunks(CTX, req())
    first, *middle, last = chunks
    ids = {c["id"] for c in chunks}
    assert len(ids) == 1
    assert next(iter(ids)).startswith("chatcmpl-")
    for chunk in chunks:
        assert chunk["object"] == "chat.completion.chunk"
        assert chunk["model"] == "gpt-4o-mini-2024-07-18"
        assert chunk["created"] == 1_700_000_000
        assert chunk["service_tier"] == "default"
        assert "usage" not in chunk
        assert isinstance(chunk["obfuscation"], str)
    assert first["choices"] == [
        {
            "index": 0,
            "delta": {"role": "assistant", "content": "", "refusal": None},
            "logprobs": None,
            "finish_reason": None,
        }
    ]
    for chunk in middle:
        (choice,) = chunk["choices"]
        assert list(choice["delta"]) == ["content"]
        assert choice["finish_reason"] is None
    assert last["choices"][0]["delta"] == {}
    assert last["choices"][0]["finish_reason"] == "stop"


def test_usage_chunk() -> None:
    body = req(stream_options={"include_usage": True})
    chunks = chat_completion_chunks(CTX, body)
    *rest, final = chunks
    assert all(c["usage"] is None for c in rest)
    assert final["choices"] == []
    assert final["usage"] == chat_completion(CTX, body)["usage"]


def test_obfuscation_can_be_turned_off() -> None:
    chunks = chat_completion_chunks(CTX, req(stream_options={"include_obfuscation": False}))
    assert not any("obfuscation" in c for c in chunks)


def test_tool_call_deltas() -> None:
    chunks = chat_completion_chunks(CTX, req(tools=[TOOL]))
    first = chunks[0]["choices"][0]["delta"]
    assert first["role"] == "assistant"
    assert first["content"] is None
    assert first["refusal"] is None
    (header,) = first["tool_calls"]
    assert header["index"] == 0
    assert header["type"] == "function"
    assert header["id"].startswith("call_")
    assert header["function"] == {"name": "lookup", "arguments": ""}
    fragments = [c["choices"][0]["delta"] for c in chunks[1:-1]]
    assert fragments
    assert all(list(f["tool_calls"][0]) == ["index", "function"] for f in fragments)
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_parallel_tool_call_headers() -> None:
    second = {"type": "function", "function": {"name": "other", "parameters": {"type": "object"}}}
    body = req(
        tools=[TOOL, second],
        messages=[{"role": "user", "content": "call lookup and other"}],
    )
    chunks = chat_completion_chunks(CTX, body)
    headers = [
        call
        for c in chunks
        for call in c["choices"][0]["delta"].get("tool_calls", [])
        if "id" in call
    ]
    assert [(h["index"], h["function"]["name"]) for h in headers] == [(0, "lookup"), (1, "other")]
    assert_matches(chunks, chat_completion(CTX, body))


def test_azure_stream() -> None:
    body = req(stream_options={"include_usage": True})
    prelude, *chunks = chat_completion_chunks(AZURE, body)
    assert prelude["object"] == ""
    assert prelude["id"] == ""
    assert prelude["model"] == ""
    assert prelude["created"] == 0
    assert prelude["choices"] == []
    assert prelude["prompt_filter_results"][0]["prompt_index"] == 0
    for chunk in chunks:
        assert "obfuscation" not in chunk
        assert "service_tier" not in chunk
        ChatCompletionChunk.model_validate(chunk)
    assert chunks[0]["choices"][0]["content_filter_results"] == {}
    filters = chunks[1]["choices"][0]["content_filter_results"]
    assert set(filters) == {"hate", "self_harm", "sexual", "violence"}
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"] is not None
    assert_matches(chunks, chat_completion(AZURE, body))


def test_moderation_chunk() -> None:
    body = req(moderation={"model": "omni-moderation-latest"})
    final = chat_completion_chunks(CTX, body)[-1]
    assert final["choices"] == []
    assert final["moderation"] == chat_completion(CTX, body)["moderation"]


def test_scripted_stream_matches_scripted_body() -> None:
    body = req(n=2)
    script: dict[str, Any] = {
        "content": "Let me check.",
        "tool_calls": [{"name": "lookup", "arguments": {"query": "x", "limit": 1}}],
    }
    chunks = chat_chunks_from_script(CTX, body, **script)
    validate_all(chunks)
    assert_matches(chunks, chat_completion_from_script(CTX, body, **script))
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_empty_answer_streams_role_then_finish() -> None:
    body = req(model="o4-mini", max_completion_tokens=16, reasoning_effort="high")
    chunks = chat_completion_chunks(CTX, body)
    assert len(chunks) == 2
    assert chunks[-1]["choices"][0]["finish_reason"] == "length"
    assert "logprobs" not in chunks[0]["choices"][0]  # reasoning models send none
