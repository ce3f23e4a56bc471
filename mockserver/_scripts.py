"""Scripted responses: say what the next matching call(s) of an operation return.

Scripts form a queue per server. A call takes the first script whose
operation and predicates match and that has uses left; with none, the mock
generates content as usual. An agent loop is two lines::

    mock.script("chat.completions.create", tool_calls=[{"name": "get_weather", "arguments": {"city": "Paris"}}])
    mock.script("chat.completions.create", content="It is sunny in Paris.")

A script answers with exactly one of:

- ``content`` and/or ``tool_calls`` (``chat.completions.create`` and
  ``responses.create``): a completion or response built around them,
  streamed as proper chunks or events when the request streams;
- ``body`` (and ``status``, default 200): that JSON body, as is;
- ``chunks``: those objects as SSE events, then ``data: [DONE]`` (Responses
  operations: each as ``event: <type>`` + ``data:``, no ``[DONE]``);
- ``error``: a :class:`MockAPIError` or a bare status code.

Content and tool-call scripts go through request validation like generated
answers; ``body``, ``chunks`` and ``error`` replace the whole response.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict, Unpack, cast

from openai_kit.mockserver._definitions import check_integer, check_json, sendable_headers
from openai_kit.mockserver._errors import MockAPIError, standard_error
from openai_kit.mockserver._journal import RecordedRequest
from openai_kit.mockserver._rulebook import RuleBook

__all__ = ["Script", "ScriptBook", "ScriptOptions", "request_text"]


ScriptKind = Literal["reply", "body", "chunks", "error"]


class ScriptOptions(TypedDict, total=False):
    """What ``mock.script(operation, ...)`` takes after the operation: the answer (one of
    ``content``/``tool_calls``, ``body`` with ``status``, ``chunks``, ``error``), the calls it
    takes (``model``, ``contains``, ``match``) and how many (``times``, default 1; None: all)."""

    content: str | None
    tool_calls: Sequence[Mapping[str, Any]] | None
    finish_reason: str | None
    body: Any
    chunks: Sequence[Any] | None
    status: int | None
    error: MockAPIError | int | None
    headers: Mapping[str, str] | None
    model: str | None
    contains: str | None
    match: Callable[[RecordedRequest], bool] | None
    times: int | None


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                out.append(item["text"])
        return out
    return []


def _input_texts(value: object) -> list[str]:
    """The text of an ``input``: strings, ``text`` parts, and Responses items' ``content``."""
    out = _texts(value)
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and "content" in item:
                out.extend(_texts(item["content"]))
    return out


def request_text(body: object) -> str:
    """The text of a request body: message contents, ``instructions``, ``prompt`` and ``input``.

    A Responses ``input`` counts as a string, or as items whose ``content``
    is a string or a list of ``input_text`` (any ``text``) parts.
    """
    if not isinstance(body, dict):
        return ""
    parts: list[str] = []
    messages = body.get("messages")
    if isinstance(messages, list):
        for message in messages:
            if isinstance(message, dict):
                parts.extend(_texts(message.get("content")))
    instructions = body.get("instructions")
    if isinstance(instructions, str):
        parts.append(instructions)
    parts.extend(_texts(body.get("prompt")))
    parts.extend(_input_texts(body.get("input")))
    return "\n".join(parts)


@dataclass
class Script:
    """One scripted response and the calls it applies to.

    ``times`` is how many calls it answers (None: every matching call);
    ``calls`` counts the calls it has answered so far.
    """

    operation: str
    number: int
    content: str | None = None
    tool_calls: list[dict[str, Any]] | None = None
    finish_reason: str | None = None
    body: Any = None
    chunks: list[Any] | None = None
    status: int = 200
    error: MockAPIError | None = None
    headers: dict[str, str] = field(default_factory=dict)
    model: str | None = None
    contains: str | None = None
    match: Callable[[RecordedRequest], bool] | None = None
    times: int | None = 1
    calls: int = 0

    @property
    def kind(self) -> ScriptKind:
        if self.error is not None:
            return "error"
        if self.chunks is not None:
            return "chunks"
        if self.content is not None or self.tool_calls is not None:
            return "reply"
        return "body"

    @property
    def remaining(self) -> int | None:
        return None if self.times is None else self.times - self.calls

    def matches(self, entry: RecordedRequest) -> bool:
        if entry.operation != self.operation:
            return False
        if self.model is not None and entry.model != self.model:
            return False
        if self.contains is not None and self.contains not in request_text(entry.json):
            return False
        return self.match is None or bool(self.match(entry))

    def to_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "kind": self.kind,
            "content": self.content,
            "tool_calls": self.tool_calls,
            "finish_reason": self.finish_reason,
            "body": self.body,
            "chunks": self.chunks,
            "status": self.error.status if self.error is not None else self.status,
            "error": None if self.error is None else self.error.openai_body()["error"],
            "headers": dict(self.headers),
            "model": self.model,
            "contains": self.contains,
            "match": None
            if self.match is None
            else getattr(self.match, "__name__", repr(self.match)),
            "times": self.times,
            "calls": self.calls,
        }


def _tool_call(spec: Mapping[str, Any]) -> dict[str, Any]:
    """``{"name", "arguments": <JSON text>}`` from that form or OpenAI's ``{"function": {...}}``."""
    function = spec.get("function", spec)
    if not isinstance(function, Mapping) or not isinstance(function.get("name"), str):
        raise ValueError(f"a tool call needs a function name: {dict(spec)!r}")
    arguments = function.get("arguments", {})
    if not isinstance(arguments, str):
        arguments = json.dumps(arguments)
    return {"name": function["name"], "arguments": arguments}


class ScriptBook(RuleBook[Script]):
    """The queue of scripts of one server (thread-safe)."""

    def __init__(
        self, operations: Collection[str], content_operations: Collection[str] = ()
    ) -> None:
        """``operations`` are the names scripts may target; ``content_operations`` those that
        ``content``/``tool_calls`` scripts may answer (the rest take body, chunks or error)."""
        super().__init__()
        self._operations = frozenset(operations)
        self._content_operations = frozenset(content_operations)
        self._numbers = 0

    def _check_kind(
        self, operation: str, reply: bool, body: object, chunks: object, error: object
    ) -> None:
        """The operation is served and exactly one kind of answer is given, one it may script."""
        if operation not in self._operations:
            known = ", ".join(sorted(self._operations))
            raise ValueError(f"unknown operation {operation!r}; the mock serves: {known}")
        given = [reply, body is not None, chunks is not None, error is not None]
        if sum(given) != 1:
            raise ValueError("give exactly one of content/tool_calls, body, chunks or error")
        if reply and operation not in self._content_operations:
            allowed = " and ".join(repr(name) for name in sorted(self._content_operations))
            raise ValueError(f"content and tool_calls script {allowed} only; use body=")

    def add(self, operation: str, **options: Unpack[ScriptOptions]) -> Script:
        """Queue a script; see the module docstring for the answer kinds."""
        unknown = set(options) - ScriptOptions.__optional_keys__
        if unknown:
            raise TypeError(f"unknown script option(s): {', '.join(sorted(unknown))}")
        tool_calls, body = options.get("tool_calls"), options.get("body")
        chunks, status = options.get("chunks"), options.get("status")
        reply = options.get("content") is not None or tool_calls is not None
        self._check_kind(operation, reply, body, chunks, options.get("error"))
        if status is not None and body is None:
            raise ValueError("status goes with body=; for an error use error=")
        _check_values(options)
        error = options.get("error")
        if isinstance(error, int) and not isinstance(error, bool):
            error = standard_error(check_integer("error", error, minimum=400, maximum=599))
        elif error is not None and not isinstance(error, MockAPIError):
            raise TypeError("error is a MockAPIError or a status code")
        calls = None if tool_calls is None else [_tool_call(spec) for spec in tool_calls]
        with self._lock:
            self._numbers += 1
            script = Script(
                operation=operation,
                number=self._numbers,
                content=options.get("content"),
                tool_calls=calls,
                finish_reason=options.get("finish_reason"),
                body=body,
                chunks=None if chunks is None else list(chunks),
                status=200 if status is None else status,
                error=error,
                headers=dict(sendable_headers(options.get("headers"))),
                model=options.get("model"),
                contains=options.get("contains"),
                match=options.get("match"),
                times=options.get("times", 1),
            )
            self._entries.append(script)
        return script

    def add_json(self, data: object) -> Script:
        """Queue a script described as JSON (the admin API's form)."""
        if not isinstance(data, dict):
            raise ValueError("a script is a JSON object")
        unknown = set(data) - _JSON_FIELDS
        if unknown:
            raise ValueError(f"unknown script field(s): {', '.join(sorted(unknown))}")
        operation = data.get("operation")
        if not isinstance(operation, str):
            raise ValueError("a script needs an 'operation'")
        error = data.get("error")
        if isinstance(error, dict):
            error = _error_from_json(error)
        elif error is not None and (isinstance(error, bool) or not isinstance(error, int)):
            raise ValueError("error is a status code or an object")
        times = data.get("times", 1)
        if times is not None and (isinstance(times, bool) or not isinstance(times, int)):
            raise ValueError("times must be an integer or null")
        fields = {name: value for name, value in data.items() if name != "operation"}
        return self.add(
            operation, **cast(ScriptOptions, {**fields, "error": error, "times": times})
        )

    def take(self, entry: RecordedRequest) -> Script | None:
        """The script that answers this call, if any, counting the use."""
        with self._lock:
            for script in self._entries:
                if script.matches(entry):
                    script.calls += 1
                    if script.remaining == 0:
                        self._entries.remove(script)
                    return script
        return None

    @property
    def pending(self) -> list[Script]:
        """Scripts with uses left, in queue order."""
        return self._listed()

    def assert_all_used(self) -> None:
        """Fail when a script with a fixed number of uses was not used up."""
        left = [s for s in self.pending if s.times is not None]
        if left:
            described = "; ".join(f"{s.operation} ({s.kind}, {s.remaining} left)" for s in left)
            raise AssertionError(f"{len(left)} scripted response(s) not used: {described}")


def _optional_text(name: str, value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a string, not {type(value).__name__}")
    if isinstance(value, str):
        check_json(name, value)


def _check_values(options: ScriptOptions) -> None:
    """Every value of a script checked, so what is queued can be sent (TypeError/ValueError)."""
    for name in ("content", "finish_reason", "model", "contains"):
        _optional_text(name, options.get(name))
    body, chunks, status = options.get("body"), options.get("chunks"), options.get("status")
    if body is not None:
        check_json("body", body)
    if chunks is not None:
        if isinstance(chunks, str | bytes) or not isinstance(chunks, Sequence):
            raise TypeError("chunks must be a list")
        check_json("chunks", list(chunks))
    if status is not None:
        check_integer("status", status, minimum=200, maximum=599)
    sendable_headers(options.get("headers"))
    times = options.get("times", 1)
    if times is not None:
        check_integer("times", times, minimum=1)


def _error_from_json(error: dict[str, Any]) -> MockAPIError:
    """A script's ``error`` object (``status``, ``message``, ``type``, ``param``, ``code``)."""
    status = error.get("status", 400)
    if isinstance(status, bool) or not isinstance(status, int):
        raise ValueError("error.status must be an integer")
    check_integer("error.status", status, minimum=400, maximum=599)
    unknown = set(error) - {"status", "message", "type", "param", "code"}
    if unknown:
        raise ValueError(f"unknown error field(s): {', '.join(sorted(unknown))}")
    for name in ("message", "type", "param", "code"):
        _optional_text(f"error.{name}", error.get(name))
    base = standard_error(status, error.get("message"))
    return MockAPIError(
        status,
        base.message,
        type=error.get("type") or base.type,
        param=error.get("param"),
        code=error.get("code", base.code),
    )


_JSON_FIELDS = frozenset(
    {
        "operation",
        "content",
        "tool_calls",
        "finish_reason",
        "body",
        "chunks",
        "status",
        "error",
        "headers",
        "model",
        "contains",
        "times",
    }
)
