"""Request checks of threads, messages and runs (the real API's 400s)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openai_kit.mockserver import _params as P
from openai_kit.mockserver.api.assistants.validate import (
    check_response_format_option,
    check_sampling,
    check_tool_resources,
    check_tools,
    function_tools,
)
from openai_kit.mockserver.api.chat.validate_tools import check_name
from openai_kit.mockserver.api.threads.objects import text_block

__all__ = [
    "RUN_FIELDS",
    "check_message",
    "check_run",
    "check_thread",
    "message_content",
]

MESSAGE_FIELDS = ("role", "content", "attachments", "metadata")
THREAD_FIELDS = ("messages", "tool_resources", "metadata")
RUN_FIELDS = (
    "assistant_id",
    "model",
    "instructions",
    "additional_instructions",
    "additional_messages",
    "tools",
    "metadata",
    "temperature",
    "top_p",
    "stream",
    "max_prompt_tokens",
    "max_completion_tokens",
    "truncation_strategy",
    "tool_choice",
    "parallel_tool_calls",
    "response_format",
    "reasoning_effort",
)
_PART_TYPES = ("image_file", "image_url", "text")
_MAX_MESSAGES = 32


def message_content(where: str, content: Any) -> list[dict[str, Any]]:
    """A message's ``content`` (a string or an array of parts) as content blocks."""
    if isinstance(content, str):
        return [text_block(content)]
    blocks: list[dict[str, Any]] = []
    for at, part in P.each_object(where, content, "a string or an array of content parts"):
        kind = P.member(at, part, "type", P.enum_check(_PART_TYPES))
        if kind == "text":
            text = P.member(at, part, "text")
            P.check_string(f"{at}.text", text)
            blocks.append(text_block(text))
            continue
        inner = P.check_object(f"{at}.{kind}", P.member(at, part, kind))
        key = "file_id" if kind == "image_file" else "url"
        P.check_string(f"{at}.{kind}.{key}", P.member(f"{at}.{kind}", inner, key))
        if inner.get("detail") is not None:
            P.check_enum(f"{at}.{kind}.detail", inner["detail"], ("auto", "low", "high"))
        blocks.append(
            {"type": kind, kind: {key: inner[key], "detail": inner.get("detail", "auto")}}
        )
    return blocks


def _check_attachments(where: str, value: Any) -> None:
    for at, attachment in P.each_object(where, value):
        P.check_nested_keys(at, attachment, ("file_id", "tools"))
        P.check_string(f"{at}.file_id", P.member(at, attachment, "file_id"))
        for place, tool in P.each_object(f"{at}.tools", P.member(at, attachment, "tools")):
            P.member(place, tool, "type", P.enum_check(("code_interpreter", "file_search")))


def check_message(where: str, body: Any) -> None:
    """A message to add (``messages.create``, a thread's ``messages``, ``additional_messages``)."""
    P.check_object(where or "body", body)
    if where:
        P.check_nested_keys(where, body, MESSAGE_FIELDS)
    else:
        P.check_unknown_parameters(body, MESSAGE_FIELDS)
    prefix = f"{where}." if where else ""
    for key in ("role", "content"):
        if body.get(key) is None:
            P.missing(f"{prefix}{key}")
    P.check_enum(f"{prefix}role", body["role"], ("user", "assistant"))
    message_content(f"{prefix}content", body["content"])
    if body.get("attachments") is not None:
        _check_attachments(f"{prefix}attachments", body["attachments"])
    if body.get("metadata") is not None:
        P.check_metadata(body["metadata"])


def _check_messages(where: str, messages: Any) -> None:
    if not isinstance(messages, list):
        P.invalid_type(where, "an array of objects", messages)
    if len(messages) > _MAX_MESSAGES:
        P.too_long_array(where, _MAX_MESSAGES, len(messages))
    for index, message in enumerate(messages):
        check_message(f"{where}[{index}]", message)


def check_thread(body: Mapping[str, Any], where: str = "") -> None:
    """``threads.create``'s body (or ``thread`` of ``create_and_run``)."""
    if where:
        P.check_nested_keys(where, body, THREAD_FIELDS)
    else:
        P.check_unknown_parameters(body, THREAD_FIELDS)
    prefix = f"{where}." if where else ""
    if body.get("messages") is not None:
        _check_messages(f"{prefix}messages", body["messages"])
    if body.get("tool_resources") is not None:
        check_tool_resources(body["tool_resources"])
    if body.get("metadata") is not None:
        P.check_metadata(body["metadata"])


def _check_truncation(value: Any) -> None:
    strategy = P.check_object("truncation_strategy", value)
    P.check_nested_keys("truncation_strategy", strategy, ("type", "last_messages"))
    kind = P.member("truncation_strategy", strategy, "type")
    P.check_enum("truncation_strategy.type", kind, ("auto", "last_messages"))
    if strategy.get("last_messages") is not None:
        P.check_integer("truncation_strategy.last_messages", strategy["last_messages"], 1)


def _check_tool_choice(value: Any, tools: Any) -> None:
    if isinstance(value, str):
        P.check_enum("tool_choice", value, ("none", "auto", "required"))
        return
    choice = P.check_object("tool_choice", value)
    kind = P.member("tool_choice", choice, "type")
    P.check_enum("tool_choice.type", kind, ("function", "code_interpreter", "file_search"))
    if kind == "function":
        function = P.check_object(
            "tool_choice.function", P.member("tool_choice", choice, "function")
        )
        name = P.member("tool_choice.function", function, "name", check_name)
        if tools is not None and name not in function_tools(tools):
            P.invalid_request(
                f"Invalid value for 'tool_choice': no function named '{name}' was specified in "
                "the 'tools' parameter.",
                "tool_choice",
            )


def check_run(body: Mapping[str, Any], *, fields: tuple[str, ...] = RUN_FIELDS) -> None:
    """``runs.create``'s body (``create_and_run`` adds ``thread`` and ``tool_resources``)."""
    P.check_unknown_parameters(body, fields)
    if "assistant_id" in fields:
        P.check_string("assistant_id", P.require(body, "assistant_id"))
    for key in ("instructions", "additional_instructions"):
        if body.get(key) is not None:
            P.check_string(key, body[key], 256_000)
    if body.get("additional_messages") is not None:
        _check_messages("additional_messages", body["additional_messages"])
    if body.get("tools") is not None:
        check_tools(body["tools"], maximum=20)
    if body.get("metadata") is not None:
        P.check_metadata(body["metadata"])
    check_sampling(body)
    for key in ("stream", "parallel_tool_calls"):
        if body.get(key) is not None:
            P.check_boolean(key, body[key])
    for key in ("max_prompt_tokens", "max_completion_tokens"):
        if body.get(key) is not None:
            P.check_integer(key, body[key], 256)
    if body.get("truncation_strategy") is not None:
        _check_truncation(body["truncation_strategy"])
    if body.get("tool_choice") is not None:
        _check_tool_choice(body["tool_choice"], body.get("tools"))
    if body.get("response_format") is not None:
        check_response_format_option(body["response_format"])
