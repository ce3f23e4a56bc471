"""What one model turn of a run does: call tools, write a message, or stop short.

The run's context is its instructions, tools and the thread's messages (cut by
``truncation_strategy``) plus the tool outputs submitted so far. A content
script decides the turn outright; otherwise function tools are called once
(as ``tool_choice`` allows), with arguments valid against their schemas, and
the next turn answers with the outputs in its text. ``response_format``
json_schema answers are instances of the schema. Limits:
``max_prompt_tokens`` (after truncation) and ``max_completion_tokens``.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from openai_kit.mockserver.api.assistants.validate import function_tools
from openai_kit.mockserver.generation.rng import canonical_json
from openai_kit.mockserver.generation.schema import json_from_schema
from openai_kit.mockserver.generation.text import reply_text
from openai_kit.mockserver.generation.tokens import (
    count_tokens,
    count_value_tokens,
    truncate_tokens,
)

__all__ = ["FAILURES", "Search", "Turn", "plan_turn", "prompt_tokens"]

#: A file search over vector stores: ``(store ids, query, tool options)`` ->
#: ``(the step's file_search details, the answer's text, its annotations)``.
Search = Callable[
    [Sequence[str], str, Mapping[str, Any]],
    tuple[dict[str, Any], str, list[dict[str, Any]]],
]

#: Script ``finish_reason`` values that fail a run, with the ``last_error`` message sent.
FAILURES: Final = {
    "server_error": "Sorry, something went wrong.",
    "rate_limit_exceeded": (
        "You exceeded your current quota, please check your plan and billing details. For more "
        "information on this error, read the docs: "
        "https://platform.openai.com/docs/guides/error-codes/api-errors."
    ),
    "invalid_prompt": (
        "Invalid prompt: your prompt was flagged as potentially violating our usage policy."
    ),
}
_INCOMPLETE: Final = ("max_completion_tokens", "max_prompt_tokens")
_MESSAGE_OVERHEAD: Final = 4
_NUMBER: Final = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass
class Turn:
    """One turn: ``calls`` (``(type, details)``) and/or ``content``, or a stop.

    ``failure`` is a ``last_error`` code; ``incomplete`` an ``incomplete_details`` reason.
    """

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    content: str | None = None
    annotations: list[dict[str, Any]] = field(default_factory=list)
    failure: str | None = None
    incomplete: str | None = None


def _message_text(message: Mapping[str, Any]) -> str:
    blocks = message.get("content") or ()
    return "\n".join(str(b["text"]["value"]) for b in blocks if b.get("type") == "text")


def _context(run: Mapping[str, Any], messages: Sequence[Mapping[str, Any]]) -> list[int]:
    """The cost of each message the run's truncation strategy keeps, oldest first."""
    costs = [count_tokens(_message_text(m)) + _MESSAGE_OVERHEAD for m in messages]
    strategy = run.get("truncation_strategy") or {}
    keep = strategy.get("last_messages")
    if strategy.get("type") == "last_messages" and isinstance(keep, int):
        costs = costs[-keep:] if keep else []
    return costs


def prompt_tokens(
    run: Mapping[str, Any],
    messages: Sequence[Mapping[str, Any]],
    outputs: Sequence[Mapping[str, Any]],
) -> int:
    """The prompt of a turn: instructions, tools, kept messages and tool outputs.

    With ``truncation_strategy`` auto and ``max_prompt_tokens``, the oldest
    messages are dropped until the prompt fits (the newest always stays)."""
    fixed = count_tokens(run.get("instructions") or "") + count_value_tokens(run.get("tools"))
    fixed += sum(count_tokens(str(o.get("output", ""))) for o in outputs)
    costs = _context(run, messages)
    limit = run.get("max_prompt_tokens")
    auto = (run.get("truncation_strategy") or {}).get("type", "auto") == "auto"
    if auto and isinstance(limit, int):
        while len(costs) > 1 and fixed + sum(costs) > limit:
            costs.pop(0)
    return int(fixed + sum(costs))


def _called_tools(run: Mapping[str, Any], last_text: str, rng: random.Random) -> list[str]:
    """The function tools this turn calls (none once outputs came back)."""
    functions = function_tools(run.get("tools"))
    choice = run.get("tool_choice") or "auto"
    if not functions or choice == "none":
        return []
    if isinstance(choice, Mapping):
        name = str((choice.get("function") or {}).get("name"))
        return [name] if choice.get("type") == "function" and name in functions else []
    mentioned = [name for name in functions if name in last_text]
    if not mentioned:
        return [next(iter(functions))]
    return mentioned if run.get("parallel_tool_calls", True) else mentioned[:1]


def _function_call(name: str, function: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
    schema = function.get("parameters") or {"type": "object", "properties": {}}
    arguments = json_from_schema(rng, schema, optional_probability=0.5)
    return {"name": name, "arguments": json.dumps(arguments), "output": None}


def _builtin_calls(
    run: Mapping[str, Any], last: Mapping[str, Any] | None, searchable: bool
) -> list[str]:
    """Built-in tools the turn uses: the one ``tool_choice`` names, else attachments' tools,
    and ``file_search`` whenever the run has vector stores to search."""
    kinds = {tool.get("type") for tool in run.get("tools") or ()}
    choice = run.get("tool_choice") or "auto"
    if isinstance(choice, Mapping) and choice.get("type") in ("file_search", "code_interpreter"):
        return [str(choice["type"])]
    wanted: list[str] = ["file_search"] if searchable and "file_search" in kinds else []
    for attachment in (last or {}).get("attachments") or ():
        for tool in attachment.get("tools") or ():
            kind = tool.get("type")
            if kind in kinds and kind not in wanted:
                wanted.append(kind)
    return wanted if choice != "none" else []


def _builtin(kind: str, query: str) -> dict[str, Any]:
    """A built-in call: code interpreter sums the numbers the user gave; a file search
    without vector stores finds nothing."""
    if kind == "code_interpreter":
        numbers = [float(n) if "." in n else int(n) for n in _NUMBER.findall(query)]
        return {
            "input": f"numbers = {numbers!r}\nprint(sum(numbers))",
            "outputs": [{"type": "logs", "logs": f"{sum(numbers)}\n"}],
        }
    return {
        "ranking_options": {"ranker": "default_2024_08_21", "score_threshold": 0.0},
        "results": [],
    }


def _answer(
    run: Mapping[str, Any], outputs: Sequence[Mapping[str, Any]], rng: random.Random
) -> str:
    fmt = run.get("response_format")
    if isinstance(fmt, Mapping) and fmt.get("type") == "json_schema":
        schema = (fmt.get("json_schema") or {}).get("schema") or {"type": "object"}
        return str(canonical_json(json_from_schema(rng, schema, optional_probability=0.5)))
    text = str(reply_text(rng))
    if outputs:
        seen = "; ".join(str(o.get("output", ""))[:200] for o in outputs)
        text = f"The tools returned: {seen}. {text}"
    if isinstance(fmt, Mapping) and fmt.get("type") == "json_object":
        return json.dumps({"answer": text})
    return text


def _from_script(turn: Turn, script: Any, run: Mapping[str, Any], query: str) -> None:
    if script.finish_reason in FAILURES:
        turn.failure = script.finish_reason
        return
    if script.finish_reason in _INCOMPLETE:
        turn.incomplete = script.finish_reason
    functions = function_tools(run.get("tools"))
    for call in script.tool_calls or ():
        if call["name"] in ("file_search", "code_interpreter") and call["name"] not in functions:
            turn.calls.append((call["name"], _builtin(call["name"], query)))
        else:
            turn.calls.append(("function", {**call, "output": None}))
    if script.content is not None and not turn.calls:
        turn.content = script.content


def _search_call(
    run: Mapping[str, Any], stores: Sequence[str], query: str, search: Search, turn: Turn
) -> dict[str, Any]:
    """Search the run's vector stores; the answer quotes and cites what was found."""
    options: Mapping[str, Any] = {}
    for tool in run.get("tools") or ():
        if tool.get("type") == "file_search":
            options = tool.get("file_search") or {}
    details, text, annotations = search(stores, query, options)
    turn.content, turn.annotations = text, annotations
    return details


def _first_calls(
    turn: Turn,
    run: Mapping[str, Any],
    last: Mapping[str, Any] | None,
    query: str,
    stores: Sequence[str],
    search: Search | None,
    rng: random.Random,
) -> None:
    """A run's first turn: built-in tools (answered within the turn), else function calls."""
    searchable = bool(stores) and search is not None
    for kind in _builtin_calls(run, last, searchable):
        if kind == "file_search" and search is not None and stores:
            turn.calls.append((kind, _search_call(run, stores, query, search, turn)))
            continue
        details = _builtin(kind, query)
        turn.calls.append((kind, details))
        if kind == "code_interpreter" and turn.content is None:
            turn.content = f"The result is {details['outputs'][0]['logs'].strip()}."
    if not turn.calls:
        functions = function_tools(run.get("tools"))
        for name in _called_tools(run, query, rng):
            turn.calls.append(("function", _function_call(name, functions[name], rng)))


def plan_turn(
    run: Mapping[str, Any],
    messages: Sequence[Mapping[str, Any]],
    outputs: Sequence[Mapping[str, Any]],
    *,
    script: Any,
    first: bool,
    rng: random.Random,
    stores: Sequence[str] = (),
    search: Search | None = None,
) -> Turn:
    """What this turn of ``run`` does, given the thread's ``messages`` and the ``outputs``."""
    turn = Turn(prompt_tokens=prompt_tokens(run, messages, outputs))
    limit = run.get("max_prompt_tokens")
    if isinstance(limit, int) and turn.prompt_tokens > limit:
        turn.incomplete = "max_prompt_tokens"
        return turn
    users = [m for m in messages if m.get("role") == "user"]
    last = users[-1] if users else None
    query = _message_text(last or {})
    if script is not None:
        _from_script(turn, script, run, query)
    elif first:
        _first_calls(turn, run, last, query, stores, search, rng)
    calls_functions = any(kind == "function" for kind, _ in turn.calls)
    if turn.failure is None and not calls_functions and turn.content is None:
        turn.content = _answer(run, outputs, rng)
    _count_completion(turn, run)
    return turn


def _count_completion(turn: Turn, run: Mapping[str, Any]) -> None:
    spent = sum(count_value_tokens(details) for _, details in turn.calls)
    if turn.content is not None:
        spent += count_tokens(turn.content)
        limit = run.get("max_completion_tokens")
        if isinstance(limit, int) and spent > limit:
            room = max(limit - (spent - count_tokens(turn.content)), 0)
            turn.content, _, _ = truncate_tokens(turn.content, room)
            spent = limit
            turn.incomplete = "max_completion_tokens"
    turn.completion_tokens = spent
