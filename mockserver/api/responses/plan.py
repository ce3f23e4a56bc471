"""What a response says, decided before it is shaped as a body or as stream events.

A :class:`ResponsePlan` holds the output items (reasoning, an assistant
message, function calls) and the token counts of one request. The body,
every event of its stream and the stored copy are renderings of the same
plan, so a streamed answer always matches the buffered one.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from openai_kit.mockserver.api.responses.hosted import HostedPlan
from openai_kit.mockserver.api.responses.items import (
    IdFactory,
    count_input_tokens,
    last_user_text,
    strip_ids,
)
from openai_kit.mockserver.generation.catalog import ModelInfo
from openai_kit.mockserver.generation.context import GenContext
from openai_kit.mockserver.generation.logprobs import chat_logprobs
from openai_kit.mockserver.generation.rng import derive_seed, random_alnum, request_seed
from openai_kit.mockserver.generation.schema import json_from_schema
from openai_kit.mockserver.generation.text import reply_text, sentence, words
from openai_kit.mockserver.generation.tokens import count_tokens, tokenize

__all__ = ["OutputPlan", "PlanRequest", "ResponsePlan", "plan_response", "plan_scripted_response"]

# Arguments that change how an answer is delivered or cut, not what it says.
_DELIVERY_KEYS: Final = frozenset(
    {
        "stream", "stream_options", "max_output_tokens", "store", "background", "metadata",
        "user", "safety_identifier", "prompt_cache_key", "prompt_cache_retention",
        "prompt_cache_options", "service_tier", "include", "truncation", "conversation",
        "previous_response_id", "top_logprobs", "moderation", "context_management",
    }
)  # fmt: skip
_CALL_OVERHEAD: Final = 7
_REASONING_STEPS: Final[Mapping[str, tuple[int, ...]]] = {
    "none": (0,),
    "minimal": (0, 8, 16),
    "low": (64, 128, 192),
    "medium": (128, 192, 256, 320, 448),
    "high": (384, 512, 768, 1024),
    "xhigh": (768, 1024, 1536),
    "max": (1024, 1536, 2048),
}
_SENTENCES: Final[Mapping[str, tuple[int, int]]] = {"low": (1, 2), "medium": (1, 4), "high": (3, 6)}
_LOGPROBS: Final = "message.output_text.logprobs"
_ENCRYPTED: Final = "reasoning.encrypted_content"

OutputKind = Literal[
    "reasoning",
    "message",
    "function_call",
    "custom_tool_call",
    "file_search_call",
    "code_interpreter_call",
]
#: What a hosted call item shows while it runs (``output_item.added``).
_RUNNING: Final[Mapping[str, Mapping[str, Any]]] = {
    "file_search_call": {"queries": [], "results": None},
    "code_interpreter_call": {"code": "", "outputs": None},
}


@dataclass(slots=True)
class OutputPlan:
    """One output item. ``text`` is the message text (or a custom tool's input)."""

    kind: OutputKind
    id: str
    status: Literal["completed", "incomplete"] = "completed"
    text: str = ""
    tokens: list[str] = field(default_factory=list)
    logprobs: list[dict[str, Any]] | None = None
    call_id: str = ""
    name: str = ""
    arguments: str = ""
    summary: list[str] = field(default_factory=list)
    encrypted: str | None = None
    payload: dict[str, Any] | None = None
    annotations: list[dict[str, Any]] = field(default_factory=list)

    def part(self, text: str | None = None) -> dict[str, Any]:
        """The ``output_text`` content part (``text`` overrides, for the empty opening part)."""
        return {
            "type": "output_text",
            "annotations": [] if text is not None else [dict(a) for a in self.annotations],
            "logprobs": [] if text is not None else list(self.logprobs or []),
            "text": self.text if text is None else text,
        }

    def to_json(self, *, done: bool = True) -> dict[str, Any]:
        """The item as ``output`` shows it (``done=False``: as ``output_item.added`` shows it)."""
        status = self.status if done else "in_progress"
        if self.payload is not None:
            shown = dict(self.payload)
            if not done:
                shown.update(_RUNNING[self.kind], status="in_progress")
            return shown
        if self.kind == "message":
            content = [self.part()] if done else []
            return {
                "id": self.id,
                "type": "message",
                "status": status,
                "content": content,
                "role": "assistant",
            }
        if self.kind == "function_call":
            return {
                "id": self.id,
                "type": "function_call",
                "status": status,
                "arguments": self.arguments if done else "",
                "call_id": self.call_id,
                "name": self.name,
            }
        if self.kind == "custom_tool_call":
            return {
                "id": self.id,
                "type": "custom_tool_call",
                "status": status,
                "call_id": self.call_id,
                "input": self.text if done else "",
                "name": self.name,
            }
        item: dict[str, Any] = {"id": self.id, "type": "reasoning"}
        if self.encrypted is not None:
            item["encrypted_content"] = self.encrypted
        item["summary"] = (
            [{"type": "summary_text", "text": text} for text in self.summary] if done else []
        )
        return item


@dataclass(slots=True)
class ResponsePlan:
    seed: int
    model: ModelInfo
    items: list[OutputPlan]
    input_tokens: int
    reasoning_tokens: int = 0
    incomplete: bool = False

    @property
    def status(self) -> Literal["completed", "incomplete"]:
        return "incomplete" if self.incomplete else "completed"

    @property
    def output_tokens(self) -> int:
        total = self.reasoning_tokens
        for item in self.items:
            if item.kind == "message":
                total += len(item.tokens)
            elif item.kind == "function_call":
                total += _call_cost(item.name, item.arguments)
            elif item.kind == "custom_tool_call":
                total += _call_cost(item.name, item.text)
        return total

    @property
    def output_text(self) -> str:
        return "".join(item.text for item in self.items if item.kind == "message")

    def output(self) -> list[dict[str, Any]]:
        return [item.to_json() for item in self.items]

    def usage(self) -> dict[str, Any]:
        output = self.output_tokens
        return {
            "input_tokens": self.input_tokens,
            "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
            "output_tokens": output,
            "output_tokens_details": {"reasoning_tokens": self.reasoning_tokens},
            "total_tokens": self.input_tokens + output,
        }


@dataclass(frozen=True, slots=True)
class _ToolSpec:
    kind: Literal["function", "custom"]
    name: str
    schema: Any


def _call_cost(name: str, arguments: str) -> int:
    return count_tokens(name) + count_tokens(arguments) + _CALL_OVERHEAD


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _tool_specs(body: Mapping[str, Any]) -> list[_ToolSpec]:
    specs: list[_ToolSpec] = []
    for tool in body.get("tools") or ():
        if tool.get("type") == "function":
            specs.append(_ToolSpec("function", tool["name"], tool.get("parameters")))
        elif tool.get("type") == "custom":
            specs.append(_ToolSpec("custom", tool["name"], None))
    return specs


def _choose_tools(
    body: Mapping[str, Any], items: Sequence[Mapping[str, Any]], rng: random.Random
) -> list[_ToolSpec]:
    specs = _tool_specs(body)
    if not specs:
        return []
    choice: Any = body.get("tool_choice") or "auto"
    if isinstance(choice, Mapping):
        kind = choice.get("type")
        if kind in ("function", "custom"):
            return [s for s in specs if s.name == choice.get("name")][:1]
        if kind != "allowed_tools":
            return []  # a hosted tool was asked for; the mock runs none
        names = {t.get("name") for t in choice.get("tools") or () if isinstance(t, Mapping)}
        specs = [s for s in specs if s.name in names] or specs
        choice = choice.get("mode", "auto")
    last = items[-1].get("type") if items else None
    if choice == "none" or (
        choice == "auto" and last in ("function_call_output", "custom_tool_call_output")
    ):
        return []
    text = last_user_text(items)
    picked = [
        s for s in specs if s.name.lower() in text or s.name.replace("_", " ").lower() in text
    ]
    picked = picked or [rng.choice(specs)]
    if body.get("parallel_tool_calls") is False:
        picked = picked[:1]
    limit = body.get("max_tool_calls")
    return picked[: int(limit)] if isinstance(limit, int) else picked


def _text(rng: random.Random, body: Mapping[str, Any]) -> str:
    text = _mapping(body.get("text"))
    fmt = _mapping(text.get("format"))
    if fmt.get("type") == "json_schema":
        value = json_from_schema(rng, fmt.get("schema") or {"type": "object"})
    elif fmt.get("type") == "json_object":
        value = json_from_schema(rng, {"type": "object"})
    else:
        low, high = _SENTENCES.get(str(text.get("verbosity") or "medium"), _SENTENCES["medium"])
        return reply_text(rng, low, high)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _arguments(rng: random.Random, spec: _ToolSpec) -> str:
    if spec.kind == "custom":
        return sentence(rng)
    schema = spec.schema if isinstance(spec.schema, Mapping) else {"type": "object"}
    return json.dumps(json_from_schema(rng, schema), separators=(",", ":"), ensure_ascii=False)


def _summary(rng: random.Random, mode: Any) -> list[str]:
    if mode not in ("auto", "concise", "detailed"):
        return []
    count = 1 if mode == "concise" else rng.randint(1, 3)
    paragraphs = []
    for _ in range(count):
        title = " ".join(w.capitalize() for w in words(rng, rng.randint(2, 4)))
        paragraphs.append(f"**{title}**\n\n{reply_text(rng, 1, 3)}")
    return paragraphs


def _encrypted(rng: random.Random, reasoning_tokens: int) -> str:
    size = min(96 + reasoning_tokens // 2, 900)
    return "gAAAAAB" + base64.urlsafe_b64encode(rng.randbytes(size)).decode()


class _Builder:
    """Collects the output items of one plan, spending the ``max_output_tokens`` budget."""

    def __init__(self, seed: int, body: Mapping[str, Any], new_id: IdFactory) -> None:
        self.seed = seed
        self.body = body
        self.new_id = new_id
        self.include = set(body.get("include") or ())
        limit = body.get("max_output_tokens")
        self.budget: int | None = int(limit) if limit is not None else None
        self.items: list[OutputPlan] = []
        self.reasoning_tokens = 0
        self.incomplete = False

    def reasoning(self, rng: random.Random, info: ModelInfo) -> None:
        settings = _mapping(self.body.get("reasoning"))
        effort = str(settings.get("effort") or "medium")
        if not info.reasoning or effort == "none":
            return
        tokens = rng.choice(_REASONING_STEPS.get(effort, _REASONING_STEPS["medium"]))
        summary = _summary(rng, settings.get("summary"))
        tokens += sum(count_tokens(p) for p in summary)
        if self.budget is not None and tokens >= self.budget:
            tokens, self.budget, self.incomplete = self.budget, 0, True
        elif self.budget is not None:
            self.budget -= tokens
        self.reasoning_tokens = tokens
        item = OutputPlan("reasoning", self.new_id("rs"), summary=summary)
        if _ENCRYPTED in self.include:
            item.encrypted = _encrypted(random.Random(derive_seed(self.seed, "rs")), tokens)
        self.items.append(item)

    def message(self, text: str) -> None:
        if self.incomplete:
            return
        item = OutputPlan("message", self.new_id("msg"))
        tokens = tokenize(text)
        if self.budget is not None and len(tokens) > self.budget:
            tokens = tokens[: self.budget]
            item.status = "incomplete"
            self.incomplete = True
        item.tokens = tokens
        item.text = "".join(tokens)
        if _LOGPROBS in self.include:
            top = int(self.body.get("top_logprobs") or 0)
            lp_rng = random.Random(derive_seed(self.seed, "logprobs", len(self.items)))
            item.logprobs = chat_logprobs(lp_rng, tokens, top)
        self.items.append(item)

    def hosted(self, plan: HostedPlan) -> None:
        for call in plan.calls:
            kind: OutputKind = (
                "file_search_call" if call.kind == "file_search_call" else "code_interpreter_call"
            )
            self.items.append(OutputPlan(kind, str(call.item["id"]), payload=call.item))
        self.message(plan.text)
        message = self.items[-1] if self.items and self.items[-1].kind == "message" else None
        if message is not None:
            end = len(message.text)
            message.annotations = [
                a for a in plan.annotations if a.get("index", a.get("end_index", 0)) <= end
            ]

    def call(self, rng: random.Random, kind: str, name: str, arguments: str) -> None:
        if self.incomplete:
            return
        cost = _call_cost(name, arguments)
        status: Literal["completed", "incomplete"] = "completed"
        if self.budget is not None and cost > self.budget:
            room = max(self.budget - count_tokens(name) - _CALL_OVERHEAD, 0)
            arguments = "".join(tokenize(arguments)[:room])
            status, self.incomplete = "incomplete", True
        if self.budget is not None:
            self.budget = max(self.budget - cost, 0)
        call_id = "call_" + random_alnum(rng, 24)
        if kind == "custom":
            item = OutputPlan("custom_tool_call", self.new_id("ctc"), status, text=arguments)
        else:
            item = OutputPlan("function_call", self.new_id("fc"), status, arguments=arguments)
        item.call_id, item.name = call_id, name
        self.items.append(item)


@dataclass(frozen=True)
class PlanRequest:
    """A validated request as both planners read it.

    ``items`` is everything the model reads (the carried context, then this
    request's input); ``new_id`` names the output items.
    """

    ctx: GenContext
    body: Mapping[str, Any]
    info: ModelInfo
    items: Sequence[Mapping[str, Any]]
    new_id: IdFactory

    @property
    def seed(self) -> int:
        """The answer's seed: the server's seed, the body's content and the input without ids."""
        keyed = {**self.body, "input": strip_ids(self.items)}
        return request_seed(self.ctx.seed, "responses", keyed, _DELIVERY_KEYS)


def _start(request: PlanRequest) -> tuple[random.Random, _Builder]:
    """The output's random stream, and a builder holding the reasoning item (if any)."""
    seed = request.seed
    rng = random.Random(derive_seed(seed, "output"))
    builder = _Builder(seed, request.body, request.new_id)
    builder.reasoning(rng, request.info)
    return rng, builder


def _finish(request: PlanRequest, builder: _Builder) -> ResponsePlan:
    return ResponsePlan(
        seed=builder.seed,
        model=request.info,
        items=builder.items,
        input_tokens=count_input_tokens(request.items, request.body),
        reasoning_tokens=builder.reasoning_tokens,
        incomplete=builder.incomplete,
    )


def plan_response(request: PlanRequest, hosted: HostedPlan | None = None) -> ResponsePlan:
    """The generated answer to a validated request.

    ``hosted``: the hosted tool calls already run (file search, code
    interpreter) and the answer on them.
    """
    rng, builder = _start(request)
    tools = _choose_tools(request.body, request.items, rng)
    if tools:
        for spec in tools:
            builder.call(rng, spec.kind, spec.name, _arguments(rng, spec))
    elif hosted is not None:
        builder.hosted(hosted)
    else:
        builder.message(_text(rng, request.body))
    return _finish(request, builder)


def plan_scripted_response(
    request: PlanRequest,
    *,
    content: str | None,
    tool_calls: Sequence[Mapping[str, Any]],
    finish_reason: str | None = None,
) -> ResponsePlan:
    """A plan that says what a test scripted: function calls and/or a message.

    ``tool_calls`` are ``{"name": ..., "arguments": dict | str}``; call ids
    are generated. ``finish_reason="length"`` makes the response incomplete.
    """
    rng, builder = _start(request)
    for call in tool_calls:
        arguments = call.get("arguments", {})
        if not isinstance(arguments, str):
            arguments = json.dumps(arguments, separators=(",", ":"), ensure_ascii=False)
        builder.call(rng, "function", str(call["name"]), arguments)
    if content is not None:
        builder.message(content)
    if finish_reason == "length" and not builder.incomplete:
        builder.incomplete = True
        for item in builder.items:
            item.status = "incomplete"
    return _finish(request, builder)
