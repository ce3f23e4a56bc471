"""Validation of Responses input items (``input`` of a response, ``items`` of a conversation).

Each check raises the real API's 400 for the first problem, with the
``param`` path the API reports (``input[0].content[1].text``...).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, NoReturn

from openai_kit.mockserver import _params as P

__all__ = ["ITEM_TYPES", "check_input", "check_item", "check_items_array"]

ITEM_TYPES: Final = (
    "additional_tools", "agent_message", "apply_patch_call", "apply_patch_call_output",
    "code_interpreter_call", "compaction", "compaction_trigger", "computer_call",
    "computer_call_output", "custom_tool_call", "custom_tool_call_output", "file_search_call",
    "function_call", "function_call_output", "image_generation_call", "item_reference",
    "local_shell_call", "local_shell_call_output", "mcp_approval_request",
    "mcp_approval_response", "mcp_call", "mcp_list_tools", "message", "multi_agent_call",
    "multi_agent_call_output", "program", "program_output", "reasoning", "shell_call",
    "shell_call_output", "tool_search_call", "tool_search_output", "web_search_call",
)  # fmt: skip
_ROLES: Final = ("assistant", "system", "developer", "user")
_PART_TYPES: Final = (
    "input_text", "input_image", "input_audio", "output_text", "refusal", "input_file",
    "computer_screenshot", "summary_text", "encrypted_content",
)  # fmt: skip
_INPUT_PARTS: Final = ("input_text", "input_image", "input_file", "scoped_content", "input_audio")
_OUTPUT_PARTS: Final = ("output_text", "refusal")
_MESSAGE_MEMBERS: Final = frozenset({"type", "role", "content", "id", "status"})
_ASSISTANT_MEMBERS: Final = _MESSAGE_MEMBERS | {"phase"}
_PHASES: Final = ("commentary", "final_answer")
_STATUSES: Final = ("in_progress", "completed", "incomplete")
# Members each tool-call item must carry.
_REQUIRED: Final[Mapping[str, tuple[str, ...]]] = {
    "function_call": ("call_id", "name", "arguments"),
    "function_call_output": ("call_id", "output"),
    "custom_tool_call": ("call_id", "name", "input"),
    "custom_tool_call_output": ("call_id", "output"),
    "item_reference": ("id",),
    "reasoning": ("summary",),
}


def _invalid_choice(param: str, value: str, allowed: tuple[str, ...]) -> NoReturn:
    P.invalid_request(
        f"Invalid value: '{value}'. Supported values are: {P.oxford(allowed, 'and')}.",
        param,
        "invalid_value",
    )


def _check_part(path: str, part: Any, role: str) -> None:
    if not isinstance(part, Mapping):
        P.invalid_type(path, "an object", part)
    kind = part.get("type")
    if kind is None:
        P.missing(f"{path}.type")
    if not isinstance(kind, str) or kind not in _PART_TYPES:
        _invalid_choice(f"{path}.type", kind if isinstance(kind, str) else "", _PART_TYPES)
    allowed = _OUTPUT_PARTS if role == "assistant" else _INPUT_PARTS
    if kind not in allowed:
        _invalid_choice(path, kind, allowed)
    if kind in ("input_text", "output_text"):
        P.member(f"{path}", part, "text", P.check_string)
    elif kind == "refusal":
        P.member(f"{path}", part, "refusal", P.check_string)
    elif kind == "input_image":
        if part.get("image_url") is None and part.get("file_id") is None:
            P.invalid_request(
                f"Invalid '{path}': one of 'image_url' or 'file_id' must be provided.",
                path,
                "missing_required_parameter",
            )
        detail = part.get("detail")
        if detail is not None and detail not in ("low", "high", "auto", "original"):
            _invalid_choice(f"{path}.detail", str(detail), ("low", "high", "auto", "original"))


def _check_message(path: str, item: Mapping[str, Any]) -> None:
    role = item.get("role")
    if not isinstance(role, str) or role not in _ROLES:
        _invalid_choice(path, role if isinstance(role, str) else "", _ROLES)
    members = _ASSISTANT_MEMBERS if role == "assistant" else _MESSAGE_MEMBERS
    for key in item:
        if key not in members:
            where = f"{path}.{key}"
            P.invalid_request(f"Unknown parameter: '{where}'.", where, "unknown_parameter")
    if role == "assistant" and item.get("phase") is not None:
        phase = item["phase"]
        if phase not in _PHASES:
            _invalid_choice(f"{path}.phase", str(phase), _PHASES)
    if item.get("status") is not None and item["status"] not in _STATUSES:
        _invalid_choice(f"{path}.status", str(item["status"]), _STATUSES)
    if "content" not in item or item["content"] is None:
        P.missing(f"{path}.content")
    content = item["content"]
    if isinstance(content, str):
        return
    if not isinstance(content, list):
        P.invalid_type(f"{path}.content", "one of a string or array of input content", content)
    for index, part in enumerate(content):
        _check_part(f"{path}.content[{index}]", part, role)


def check_item(path: str, item: Any) -> None:
    """One input item at ``path`` (``input[3]``, ``items[0]``)."""
    if not isinstance(item, Mapping):
        shown = "null" if item is None else P.describe(item)
        P.invalid_request(
            f"Invalid type for '{path}': expected an input item, but got {shown} instead.",
            path,
            "invalid_type",
        )
    kind = item.get("type")
    if kind is None or kind == "message":
        _check_message(path, item)
        return
    if not isinstance(kind, str) or kind not in ITEM_TYPES:
        _invalid_choice(path, kind if isinstance(kind, str) else "", ITEM_TYPES)
    for key in _REQUIRED.get(kind, ()):
        if key not in item or item[key] is None:
            P.missing(f"{path}.{key}")
    if kind in ("function_call", "custom_tool_call"):
        P.check_string(f"{path}.call_id", item["call_id"])
        P.check_string(f"{path}.name", item["name"])
        field = "arguments" if kind == "function_call" else "input"
        P.check_string(f"{path}.{field}", item[field])
    elif kind in ("function_call_output", "custom_tool_call_output"):
        P.check_string(f"{path}.call_id", item["call_id"])
        output = item["output"]
        if not isinstance(output, (str, list)):
            P.invalid_type(f"{path}.output", "one of a string or array of objects", output)
    elif kind == "item_reference":
        P.check_string(f"{path}.id", item["id"])
    elif kind == "reasoning" and not isinstance(item["summary"], list):
        P.invalid_type(f"{path}.summary", "an array of objects", item["summary"])


def check_input(value: Any) -> None:
    """``input`` of a response: a string or an array of input items."""
    if isinstance(value, str):
        return
    if value is None:
        P.invalid_type("input", "a string", value)
    if not isinstance(value, list):
        P.invalid_type("input", "one of a string or array of input items", value)
    for index, item in enumerate(value):
        check_item(f"input[{index}]", item)


def check_items_array(param: str, value: Any, maximum: int = 20) -> None:
    """``items`` of a conversation: an array of at most ``maximum`` input items."""
    if not isinstance(value, list):
        P.invalid_type(param, "an array of input items", value)
    if len(value) > maximum:
        P.invalid_request(
            f"Invalid '{param}': array too long. Expected an array with maximum length "
            f"{maximum}, but got an array with length {len(value)} instead.",
            param,
            "array_above_max_length",
        )
    for index, item in enumerate(value):
        check_item(f"{param}[{index}]", item)
