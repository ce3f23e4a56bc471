"""Validation of chat ``messages``: structure, roles, content parts, tool-call pairing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from openai_kit.mockserver import _params as P

__all__ = ["ROLES", "check_messages", "check_tool_pairing", "message_text"]

ROLES: Final = ("system", "assistant", "user", "function", "tool", "developer")
_ALL_PART_TYPES: Final = ("text", "image_url", "input_audio", "refusal", "audio", "file")
_PART_TYPES: Final[Mapping[str, tuple[str, ...]]] = {
    "user": ("text", "image_url", "input_audio", "file"),
    "system": ("text",),
    "developer": ("text",),
    "tool": ("text",),
    "assistant": ("text", "refusal"),
    "function": ("text",),
}
_CONTENT_TYPES: Final = "one of a string or array of objects"
# Roles whose messages need nothing beyond a role, a string content and an optional name.
_TEXT_ROLES: Final = ("system", "user", "developer")


def _check_part(path: str, part: Any, role: str) -> None:
    P.check_object(path, part)
    kind = part.get("type")
    if kind is None:
        P.missing(f"{path}.type")
    if not isinstance(kind, str):
        P.invalid_type(f"{path}.type", "a string", kind)
    if kind not in _ALL_PART_TYPES:
        P.invalid_value(f"{path}.type", kind, _ALL_PART_TYPES)
    allowed = _PART_TYPES[role]
    if kind not in allowed:
        P.invalid_value(f"{path}.type", kind, allowed)
    if kind in ("text", "refusal"):
        if kind not in part:
            P.missing(f"{path}.{kind}")
        P.check_string(f"{path}.{kind}", part[kind])
    elif kind == "image_url":
        image = part.get("image_url")
        if image is None:
            P.missing(f"{path}.image_url")
        P.check_object(f"{path}.image_url", image)
        P.member(f"{path}.image_url", image, "url", P.check_string)
        if image.get("detail") is not None:
            P.check_enum(f"{path}.image_url.detail", image["detail"], ("auto", "low", "high"))
    elif kind == "input_audio":
        audio = part.get("input_audio")
        if audio is None:
            P.missing(f"{path}.input_audio")
        P.check_object(f"{path}.input_audio", audio)
        for key in ("data", "format"):
            if key not in audio:
                P.missing(f"{path}.input_audio.{key}")
        P.check_string(f"{path}.input_audio.data", audio["data"])
        P.check_enum(f"{path}.input_audio.format", audio["format"], ("wav", "mp3"))
    elif kind == "file":
        if part.get("file") is None:
            P.missing(f"{path}.file")
        P.check_object(f"{path}.file", part["file"])


def _check_content(path: str, content: Any, role: str) -> None:
    if content is None or isinstance(content, str):
        return
    if not isinstance(content, list):
        P.invalid_type(path, _CONTENT_TYPES, content)
    if not content:
        P.empty_array(path)
    for index, part in enumerate(content):
        _check_part(f"{path}[{index}]", part, role)


def _check_tool_calls(path: str, calls: Any) -> None:
    for where, call in P.each_object(path, calls, nonempty=True):
        for key in ("id", "type"):
            if key not in call:
                P.missing(f"{where}.{key}")
        P.check_string(f"{where}.id", call["id"])
        P.check_enum(f"{where}.type", call["type"], ("function", "custom"))
        body_key = call["type"]
        if body_key not in call:
            P.missing(f"{where}.{body_key}")
        inner = P.check_object(f"{where}.{body_key}", call[body_key])
        needed = ("name", "arguments") if body_key == "function" else ("name", "input")
        for key in needed:
            if key not in inner:
                P.missing(f"{where}.{body_key}.{key}")
            P.check_string(f"{where}.{body_key}.{key}", inner[key])


def _check_message(path: str, message: Any) -> None:
    P.check_object(path, message)
    role = message.get("role")
    if role is None:
        P.missing(f"{path}.role")
    P.check_enum(f"{path}.role", role, ROLES)
    _check_content(f"{path}.content", message.get("content"), role)
    if message.get("name") is not None:
        P.check_string(f"{path}.name", message["name"])
    if role == "assistant":
        if message.get("tool_calls") is not None:
            _check_tool_calls(f"{path}.tool_calls", message["tool_calls"])
        if message.get("refusal") is not None:
            P.check_string(f"{path}.refusal", message["refusal"])
        function_call = message.get("function_call")
        if function_call is not None:
            P.check_object(f"{path}.function_call", function_call)
            for key in ("name", "arguments"):
                if key not in function_call:
                    P.missing(f"{path}.function_call.{key}")
    elif role == "tool":
        P.member(f"{path}", message, "tool_call_id", P.check_string)
    elif role == "function" and "name" not in message:
        P.missing(f"{path}.name")


def check_messages(messages: Any) -> None:
    """``messages``: a non-empty array of well-formed messages."""
    if not isinstance(messages, list):
        P.invalid_type("messages", "an array of objects", messages)
    if not messages:
        P.empty_array("messages")
    for index, message in enumerate(messages):
        if (
            type(message) is dict
            and message.get("role") in _TEXT_ROLES
            and type(message.get("content")) is str
            and message.get("name") is None
        ):
            continue  # a plain text message: nothing for _check_message to report
        _check_message(f"messages[{index}]", message)


def check_tool_pairing(messages: Sequence[Mapping[str, Any]]) -> None:
    """Every tool message answers a preceding tool call, and every tool call is answered."""
    pending: list[str] = []
    pending_at = -1
    last_non_tool = ""
    for index, message in enumerate(messages):
        role = message.get("role")
        if role == "tool":
            if last_non_tool != "assistant_with_calls":
                P.invalid_request(
                    "Invalid parameter: messages with role 'tool' must be a response to a "
                    "preceeding message with 'tool_calls'.",
                    f"messages.[{index}].role",
                )
            call_id = message.get("tool_call_id")
            if call_id in pending:
                pending.remove(call_id)
            continue
        if pending:
            _unanswered(pending_at, pending)
        tool_calls = message.get("tool_calls") if role == "assistant" else None
        if tool_calls:
            pending = [c["id"] for c in tool_calls if isinstance(c, Mapping)]
            pending_at = index
            last_non_tool = "assistant_with_calls"
        else:
            pending = []
            last_non_tool = str(role)
    if pending:
        _unanswered(pending_at, pending)


def _unanswered(index: int, ids: list[str]) -> None:
    P.invalid_request(
        "An assistant message with 'tool_calls' must be followed by tool messages responding "
        "to each 'tool_call_id'. The following tool_call_ids did not have response messages: "
        + ", ".join(ids),
        f"messages.[{index}].role",
    )


def message_text(message: Mapping[str, Any]) -> str:
    """The text of a message's content (string content, or its text parts joined)."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            part["text"]
            for part in content
            if isinstance(part, Mapping) and isinstance(part.get("text"), str)
        )
    return ""
