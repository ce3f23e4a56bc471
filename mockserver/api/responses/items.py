"""Responses items: the stored form of input, their text, and what they cost in tokens.

A request's ``input`` (a string, "easy" messages, typed items) becomes a list
of items as ``input_items.list`` and conversations show them: every item
with an ``id``, messages with typed content parts and a ``status``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

from openai_kit.mockserver.generation.tokens import count_tokens, count_value_tokens

__all__ = [
    "IdFactory",
    "count_input_tokens",
    "count_items_tokens",
    "item_text",
    "items_text",
    "last_user_text",
    "normalize_items",
    "strip_ids",
]

IdFactory = Callable[[str], str]
"""Makes a fresh id from a prefix: ``new_id("msg") -> "msg_..."``."""

_PREFIXES: Final[Mapping[str, str]] = {
    "message": "msg",
    "function_call": "fc",
    "function_call_output": "fco",
    "custom_tool_call": "ctc",
    "custom_tool_call_output": "ctco",
    "reasoning": "rs",
    "web_search_call": "ws",
    "file_search_call": "fs",
    "computer_call": "cu",
    "computer_call_output": "cuo",
    "image_generation_call": "ig",
    "code_interpreter_call": "ci",
    "mcp_call": "mcp",
    "mcp_list_tools": "mcpl",
    "mcp_approval_request": "mcpr",
    "mcp_approval_response": "mcpa",
}
_ITEM_OVERHEAD: Final = 4
_BASE_TOKENS: Final = 3
# What a content part costs: the tokens of its text, or a flat price by kind (images by
# ``detail``: "low" or anything else, high).
_TEXT_PARTS: Final = ("input_text", "output_text", "summary_text", "refusal")
_IMAGE_LOW: Final = 85
_IMAGE_HIGH: Final = 765
_FLAT_TOKENS: Final[Mapping[str, int]] = {"input_file": 250, "input_audio": 50}


def _parts(role: str, content: Any) -> list[dict[str, Any]]:
    if isinstance(content, str):
        if role == "assistant":
            return [{"type": "output_text", "text": content, "annotations": [], "logprobs": []}]
        return [{"type": "input_text", "text": content}]
    parts: list[dict[str, Any]] = []
    for part in content:
        out = dict(part)
        if out.get("type") == "input_image":
            out.setdefault("detail", "auto")
        elif out.get("type") == "output_text":
            out.setdefault("annotations", [])
        parts.append(out)
    return parts


def _message(item: Mapping[str, Any], new_id: IdFactory) -> dict[str, Any]:
    role = str(item["role"])
    out: dict[str, Any] = {
        "id": item.get("id") or new_id("msg"),
        "type": "message",
        "status": item.get("status") or "completed",
        "role": role,
        "content": _parts(role, item["content"]),
    }
    if role == "assistant" and item.get("phase") is not None:
        out["phase"] = item["phase"]
    return out


def _typed(item: Mapping[str, Any], new_id: IdFactory) -> dict[str, Any]:
    kind = str(item["type"])
    out = dict(item)
    out["id"] = item.get("id") or new_id(_PREFIXES.get(kind, "item"))
    if kind in ("function_call", "function_call_output", "custom_tool_call_output"):
        out["status"] = item.get("status") or "completed"
    if kind == "reasoning":
        out.pop("status", None)
    return out


def normalize_items(
    value: str | list[Any],
    new_id: IdFactory,
    resolve: Callable[[str], dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Validated ``input`` (or conversation ``items``) as stored items, ids assigned.

    ``item_reference`` items are replaced by what ``resolve(id)`` returns
    (which raises the 404 when it knows no such item).
    """
    if isinstance(value, str):
        return [_message({"role": "user", "content": value}, new_id)] if value else []
    items: list[dict[str, Any]] = []
    for item in value:
        kind = item.get("type")
        if kind is None or kind == "message":
            items.append(_message(item, new_id))
        elif kind == "item_reference" and resolve is not None:
            items.append(resolve(str(item["id"])))
        else:
            items.append(_typed(item, new_id))
    return items


def strip_ids(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Items without their ids (what the model sees; seeds generated content)."""
    return [{k: v for k, v in item.items() if k not in ("id", "status")} for item in items]


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    texts = [
        part.get("text") or part.get("refusal") or ""
        for part in content
        if isinstance(part, Mapping)
    ]
    return " ".join(t for t in texts if isinstance(t, str) and t)


def item_text(item: Mapping[str, Any]) -> str:
    """The text an item shows the model (message text, call arguments, tool output)."""
    kind = item.get("type", "message")
    if kind == "message":
        return _content_text(item.get("content"))
    if kind == "function_call":
        return f"{item.get('name', '')}({item.get('arguments', '')})"
    if kind in ("function_call_output", "custom_tool_call_output"):
        return _content_text(item.get("output"))
    if kind == "custom_tool_call":
        return str(item.get("input", ""))
    if kind == "reasoning":
        return " ".join(
            str(s.get("text", "")) for s in item.get("summary") or () if isinstance(s, Mapping)
        )
    return ""


def items_text(items: Iterable[Mapping[str, Any]]) -> list[str]:
    return [item_text(item) for item in items]


def last_user_text(items: Sequence[Mapping[str, Any]]) -> str:
    """The text of the last user message, lower-cased ("" when there is none)."""
    for item in reversed(items):
        if item.get("type", "message") == "message" and item.get("role") == "user":
            return item_text(item).lower()
    return ""


def _part_tokens(part: Mapping[str, Any]) -> int:
    kind = part.get("type")
    if kind in _TEXT_PARTS:
        text = part.get("refusal" if kind == "refusal" else "text")
        return count_tokens(text) if isinstance(text, str) else 0
    if kind == "input_image":
        return _IMAGE_LOW if part.get("detail") == "low" else _IMAGE_HIGH
    return _FLAT_TOKENS.get(kind, 0) if isinstance(kind, str) else 0


def _content_tokens(content: Any) -> int:
    if isinstance(content, str):
        return count_tokens(content)
    if isinstance(content, list):
        return sum(_part_tokens(p) for p in content if isinstance(p, Mapping))
    return 0


def _item_tokens(item: Mapping[str, Any]) -> int:
    kind = item.get("type", "message")
    if kind == "message":
        return _ITEM_OVERHEAD + _content_tokens(item.get("content"))
    if kind == "function_call":
        name = str(item.get("name", ""))
        return _ITEM_OVERHEAD + count_tokens(name) + count_tokens(str(item.get("arguments", "")))
    if kind in ("function_call_output", "custom_tool_call_output"):
        return _ITEM_OVERHEAD + _content_tokens(item.get("output"))
    if kind == "custom_tool_call":
        return _ITEM_OVERHEAD + count_tokens(str(item.get("input", "")))
    if kind == "reasoning":
        summary = item.get("summary") or ()
        return sum(_part_tokens(s) for s in summary if isinstance(s, Mapping))
    return _ITEM_OVERHEAD + count_value_tokens({k: v for k, v in item.items() if k != "id"})


def count_items_tokens(items: Iterable[Mapping[str, Any]]) -> int:
    """Tokens of input items (per-item overhead and content)."""
    return sum(_item_tokens(item) for item in items)


def count_input_tokens(items: Sequence[Mapping[str, Any]], body: Mapping[str, Any]) -> int:
    """``usage.input_tokens`` of a request: instructions, items, tools and the output schema.

    ``items`` is everything the model reads: the context carried by
    ``previous_response_id`` or the conversation, then this request's input.
    """
    total = _BASE_TOKENS + count_items_tokens(items)
    instructions = body.get("instructions")
    if isinstance(instructions, str) and instructions:
        total += _ITEM_OVERHEAD + count_tokens(instructions)
    for tool in body.get("tools") or ():
        total += 8 + count_value_tokens(tool)
    text = body.get("text")
    fmt = text.get("format") if isinstance(text, Mapping) else None
    if isinstance(fmt, Mapping) and fmt.get("type") == "json_schema":
        total += 8 + count_value_tokens(fmt.get("schema"))
    return total
