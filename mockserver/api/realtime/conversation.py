"""A Realtime session's conversation: its items in order, created, retrieved, deleted, truncated.

Items are kept as the server shows them (``object: "realtime.item"``,
``status``); what a client sends is checked first (:func:`check_item`).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Final

from openai_kit.mockserver._params import (
    check_enum,
    check_object,
    check_string,
    invalid_request,
    invalid_type,
    missing,
)

__all__ = ["Conversation", "check_item", "item_text", "item_view"]

_USER_PARTS: Final = ("input_text", "input_audio", "input_image")
_ASSISTANT_PARTS: Final = ("output_text", "output_audio")
_SYSTEM_PARTS: Final = ("input_text",)


def _check_content(where: str, item: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    if "content" not in item:
        missing(f"{where}.content")
    content = item["content"]
    if not isinstance(content, list):
        invalid_type(f"{where}.content", "an array", content)
    for index, part in enumerate(content):
        at = f"{where}.content[{index}]"
        check_object(at, part)
        check_enum(f"{at}.type", part.get("type"), allowed)


def check_item(item: Any, where: str = "item") -> dict[str, Any]:
    """A client's item, checked; the error the service gives otherwise."""
    given = check_object(where, item)
    if "type" not in given:
        missing(f"{where}.type")
    check_enum(f"{where}.type", given["type"], ("message", "function_call", "function_call_output"))
    kind = given["type"]
    if kind == "message":
        check_enum(f"{where}.role", given.get("role"), ("user", "assistant", "system"))
        parts = {"user": _USER_PARTS, "assistant": _ASSISTANT_PARTS, "system": _SYSTEM_PARTS}
        _check_content(where, given, parts[given["role"]])
    elif kind == "function_call":
        for key in ("name", "arguments"):
            if key not in given:
                missing(f"{where}.{key}")
            check_string(f"{where}.{key}", given[key])
    else:
        for key in ("call_id", "output"):
            if key not in given:
                missing(f"{where}.{key}")
            check_string(f"{where}.{key}", given[key])
    return dict(given)


def item_text(item: Mapping[str, Any]) -> str:
    """The words of an item (texts, transcripts, arguments, outputs), for prompts and scripts."""
    if item.get("type") == "function_call":
        return f"{item.get('name', '')} {item.get('arguments', '')}"
    if item.get("type") == "function_call_output":
        return str(item.get("output", ""))
    parts = item.get("content") or ()
    texts = [
        part[key]
        for part in parts
        for key in ("text", "transcript")
        if isinstance(part.get(key), str)
    ]
    return " ".join(texts)


def item_view(item: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``item`` as it is now, for an event sent later: the item, its content list and
    parts are copied (what the session changes in place: status, transcripts, audio)."""
    view = dict(item)
    content = view.get("content")
    if isinstance(content, list):
        view["content"] = [dict(part) if isinstance(part, dict) else part for part in content]
    return view


class Conversation:
    """The items of one session, in order.

    The words of each settled item (not ``in_progress``) are kept once worked out, for the
    responses that read the whole conversation; truncating or deleting an item forgets them.
    """

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._texts: dict[str, str] = {}

    def texts(self) -> list[str]:
        """``item_text`` of every item, in order."""
        known = self._texts
        out = []
        for item in self.items:
            text = known.get(item["id"])
            if text is None:
                text = item_text(item)
                if item.get("status") != "in_progress":
                    known[item["id"]] = text
            out.append(text)
        return out

    def index(self, item_id: str) -> int | None:
        for position, item in enumerate(self.items):
            if item["id"] == item_id:
                return position
        return None

    def get(self, item_id: str, *, param: str = "item_id") -> dict[str, Any]:
        position = self.index(item_id)
        if position is None:
            invalid_request(
                f"Error: Conversation item with item_id '{item_id}' does not exist.",
                param,
                "item_not_found",
            )
        return self.items[position]

    def add(self, item: dict[str, Any], previous_item_id: str | None = None) -> str | None:
        """Insert ``item`` after ``previous_item_id`` (``"root"``: first; None: last);
        returns the id of the item now before it."""
        if previous_item_id is None:
            position = len(self.items)
        elif previous_item_id == "root":
            position = 0
        else:
            found = self.index(previous_item_id)
            if found is None:
                invalid_request(
                    f"Error: previous_item_id '{previous_item_id}' does not exist.",
                    "previous_item_id",
                    "item_not_found",
                )
            position = found + 1
        self.items.insert(position, item)
        return self.items[position - 1]["id"] if position > 0 else None

    def delete(self, item_id: str) -> None:
        self.items.remove(self.get(item_id))
        self._texts.pop(item_id, None)

    def truncate(self, item_id: str, content_index: int, audio_end_ms: int, rate_ms: int) -> None:
        """Cut an assistant audio part at ``audio_end_ms`` (``rate_ms``: its length); drop its transcript."""
        item = self.get(item_id)
        if item.get("role") != "assistant":
            invalid_request(
                "Error: only assistant messages can be truncated.", "item_id", "invalid_value"
            )
        content = item.get("content") or []
        if (
            not 0 <= content_index < len(content)
            or content[content_index].get("type") != "output_audio"
        ):
            invalid_request(
                f"Error: content_index {content_index} is not an audio part of item '{item_id}'.",
                "content_index",
                "invalid_value",
            )
        if audio_end_ms > rate_ms:
            invalid_request(
                f"Audio content of {rate_ms}ms is already shorter than {audio_end_ms}ms",
                "audio_end_ms",
                "invalid_value",
            )
        content[content_index]["transcript"] = None
        self._texts.pop(item_id, None)

    def snapshot(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self.items)
