"""What a chat completion says, decided before it is shaped as a body or a stream.

A :class:`ChatPlan` holds the choices (text, tool calls, finish reasons,
logprobs) and the token counts of one request; the body and the chunk list
are two renderings of the same plan, so a streamed answer always matches the
buffered one.
"""

from __future__ import annotations

import functools
import json
import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from openai_kit.mockserver.api.chat.validate_messages import message_text
from openai_kit.mockserver.generation.catalog import (
    NO_FINGERPRINT,
    WEB_SEARCH,
    ModelInfo,
    model_of,
    resolve_model,
)
from openai_kit.mockserver.generation.context import GenContext
from openai_kit.mockserver.generation.logprobs import chat_logprobs
from openai_kit.mockserver.generation.moderation import moderation_result
from openai_kit.mockserver.generation.rng import (
    derive_seed,
    random_alnum,
    request_seed,
    sub_rng,
)
from openai_kit.mockserver.generation.schema import json_from_schema
from openai_kit.mockserver.generation.text import reply_text, sentence
from openai_kit.mockserver.generation.tokens import (
    count_chat_prompt_tokens,
    count_tokens,
    tokenize,
)

__all__ = [
    "ChatPlan",
    "ChoicePlan",
    "ScriptedToolCall",
    "ToolCallPlan",
    "plan_chat",
    "plan_scripted_chat",
    "prompt_text",
]

# Arguments that change how an answer is delivered or cut, not what it says.
_DELIVERY_KEYS: Final = frozenset(
    {
        "stream", "stream_options", "max_tokens", "max_completion_tokens", "stop", "logprobs",
        "top_logprobs", "n", "user", "metadata", "store", "service_tier", "safety_identifier",
        "prompt_cache_key", "prompt_cache_retention", "prompt_cache_options", "moderation",
    }
)  # fmt: skip
_TOOL_CALL_OVERHEAD: Final = 7
_REASONING_STEPS: Final[Mapping[str, tuple[int, ...]]] = {
    "none": (0,),
    "minimal": (0,),
    "low": (64, 128),
    "medium": (64, 128, 192, 256, 320),
    "high": (256, 384, 512, 768, 1024),
    "xhigh": (768, 1024, 1536),
}


@dataclass(slots=True)
class ToolCallPlan:
    """A tool call an answer makes: its id, the tool's name and the arguments."""

    id: str
    name: str
    arguments: str  # JSON text for functions, free text (``input``) for custom tools
    kind: Literal["function", "custom"] = "function"


@dataclass(slots=True)
class ChoicePlan:
    """One choice of an answer: its text as tokens, tool calls, logprobs and usage."""

    index: int
    content: str | None
    tokens: list[str]  # ``content`` split into tokens (empty when there is none)
    finish_reason: str
    tool_calls: list[ToolCallPlan] = field(default_factory=list)
    function_call: ToolCallPlan | None = None
    logprobs: list[dict[str, Any]] | None = None
    completion_tokens: int = 0
    reasoning_tokens: int = 0


@dataclass(slots=True)
class ChatPlan:
    """Everything an answer to a chat request will say, before it is rendered whole or
    as a stream (the same plan gives both)."""

    id: str
    seed: int
    model: ModelInfo
    response_model: str
    fingerprint: str | None
    service_tier: str
    prompt_tokens: int
    prompt: str  # the messages' text: "" unless Azure's filters or moderation read it
    logprobs_requested: bool
    choices: list[ChoicePlan]
    moderation: dict[str, Any] | None = None

    @property
    def sends_logprobs(self) -> bool:
        """Whether choices carry a ``logprobs`` key (reasoning and search models send none)."""
        return not (self.model.reasoning or self.model.has(WEB_SEARCH))

    @property
    def sends_service_tier(self) -> bool:
        return not self.model.has(WEB_SEARCH)

    @property
    def completion_tokens(self) -> int:
        return sum(c.completion_tokens + c.reasoning_tokens for c in self.choices)

    @property
    def reasoning_tokens(self) -> int:
        return sum(c.reasoning_tokens for c in self.choices)


@dataclass(frozen=True, slots=True)
class ScriptedToolCall:
    name: str
    arguments: str


@dataclass(frozen=True, slots=True)
class _ToolSpec:
    kind: Literal["function", "custom"]
    name: str
    schema: Any


def prompt_text(messages: Sequence[Any]) -> str:
    """All message texts of a request, for filters and moderation."""
    return "\n".join(message_text(m) for m in messages if isinstance(m, Mapping))


def _tool_specs(body: Mapping[str, Any]) -> list[_ToolSpec]:
    specs: list[_ToolSpec] = []
    for tool in body.get("tools") or ():
        if tool.get("type") == "custom":
            specs.append(_ToolSpec("custom", tool["custom"]["name"], None))
        else:
            function = tool["function"]
            specs.append(_ToolSpec("function", function["name"], function.get("parameters")))
    return specs


def _allowed_names(choice: Mapping[str, Any]) -> set[str]:
    names: set[str] = set()
    for tool in choice["allowed_tools"].get("tools") or ():
        if not isinstance(tool, Mapping):
            continue
        inner = tool.get(tool.get("type", "function"))
        name = inner.get("name") if isinstance(inner, Mapping) else tool.get("name")
        if isinstance(name, str):
            names.add(name)
    return names


def _mentioned(specs: list[_ToolSpec], messages: Sequence[Any]) -> list[_ToolSpec]:
    text = ""
    for message in reversed(messages):
        if isinstance(message, Mapping) and message.get("role") == "user":
            text = message_text(message).lower()
            break
    return [s for s in specs if s.name.lower() in text or s.name.replace("_", " ").lower() in text]


def _choose_tools(
    body: Mapping[str, Any], rng: random.Random
) -> tuple[list[_ToolSpec], bool, bool]:
    """(tools to call, whether one was forced by name, whether legacy ``functions`` are used)."""
    messages = body["messages"]
    last_role = messages[-1].get("role") if messages else None
    specs = _tool_specs(body)
    legacy = False
    choice: Any = body.get("tool_choice")
    if not specs and body.get("functions"):
        legacy = True
        specs = [_ToolSpec("function", f["name"], f.get("parameters")) for f in body["functions"]]
        choice = body.get("function_call")
        if isinstance(choice, Mapping):
            choice = {"type": "function", "function": choice}
    if not specs:
        return [], False, legacy
    choice = "auto" if choice is None else choice
    if isinstance(choice, Mapping):
        if choice.get("type") == "allowed_tools":
            allowed = _allowed_names(choice)
            specs = [s for s in specs if s.name in allowed] or specs
            choice = choice["allowed_tools"]["mode"]
        else:
            key = "custom" if choice.get("type") == "custom" else "function"
            name = choice[key]["name"]
            return [s for s in specs if s.name == name][:1], True, legacy
    if choice == "none" or (choice == "auto" and last_role in ("tool", "function")):
        return [], False, legacy
    picked = _mentioned(specs, messages) or [rng.choice(specs)]
    if legacy or body.get("parallel_tool_calls") is False:
        picked = picked[:1]
    return picked, False, legacy


def _arguments(rng: random.Random, spec: _ToolSpec) -> str:
    if spec.kind == "custom":
        return sentence(rng)
    schema = spec.schema if isinstance(spec.schema, Mapping) else {"type": "object"}
    value = json_from_schema(rng, schema)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _content(rng: random.Random, body: Mapping[str, Any]) -> str:
    fmt = body.get("response_format")
    kind = fmt.get("type") if isinstance(fmt, Mapping) else None
    if kind == "json_schema" and isinstance(fmt, Mapping):
        value = json_from_schema(rng, fmt["json_schema"]["schema"])
    elif kind == "json_object":
        value = json_from_schema(rng, {"type": "object"})
    else:
        return reply_text(rng)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _stops(body: Mapping[str, Any]) -> list[str]:
    stop = body.get("stop")
    if isinstance(stop, str):
        return [stop] if stop else []
    return [s for s in stop or () if s]


def _budget(body: Mapping[str, Any]) -> int | None:
    for key in ("max_completion_tokens", "max_tokens"):
        value = body.get(key)
        if value is not None:
            return int(value)
    return None


def _reasoning(rng: random.Random, body: Mapping[str, Any], info: ModelInfo) -> int:
    if not info.reasoning:
        return 0
    effort = body.get("reasoning_effort") or "medium"
    return rng.choice(_REASONING_STEPS.get(effort, _REASONING_STEPS["medium"]))


def _finish_text(choice: ChoicePlan, text: str, stops: list[str], budget: int | None) -> None:
    cut = [text.find(s) for s in stops]
    hits = [i for i in cut if i >= 0]
    if hits:
        text = text[: min(hits)]
        choice.finish_reason = "stop"
    tokens = tokenize(text)
    if budget is not None and len(tokens) > budget:
        tokens = tokens[: max(budget, 0)]
        text = "".join(tokens)
        choice.finish_reason = "length"
    choice.tokens = tokens
    choice.content = text
    choice.completion_tokens = len(choice.tokens)


def _finish_calls(choice: ChoicePlan, calls: list[ToolCallPlan], budget: int | None) -> None:
    kept: list[ToolCallPlan] = []
    used = 0
    for call in calls:
        cost = count_tokens(call.name) + _TOOL_CALL_OVERHEAD
        arguments_tokens = tokenize(call.arguments)
        if budget is not None and used + cost + len(arguments_tokens) > budget:
            room = max(budget - used - cost, 0)
            call.arguments = "".join(arguments_tokens[:room])
            kept.append(call)
            used = budget
            choice.finish_reason = "length"
            break
        used += cost + len(arguments_tokens)
        kept.append(call)
    choice.tool_calls = kept
    choice.completion_tokens += used


def _call_id(rng: random.Random) -> str:
    return "call_" + random_alnum(rng, 24)


def _generate_choice(
    index: int, rng: random.Random, body: Mapping[str, Any], info: ModelInfo
) -> ChoicePlan:
    choice = ChoicePlan(index=index, content=None, tokens=[], finish_reason="stop")
    budget = _budget(body)
    choice.reasoning_tokens = _reasoning(rng, body, info)
    if budget is not None and info.reasoning:
        choice.reasoning_tokens = min(choice.reasoning_tokens, budget)
        budget -= choice.reasoning_tokens
    tools, forced, legacy = _choose_tools(body, rng)
    if not tools:
        _finish_text(choice, _content(rng, body), _stops(body), budget)
        return choice
    calls = [
        ToolCallPlan(_call_id(rng), spec.name, _arguments(rng, spec), spec.kind) for spec in tools
    ]
    choice.finish_reason = "stop" if forced else ("function_call" if legacy else "tool_calls")
    _finish_calls(choice, calls, budget)
    if legacy:
        choice.function_call = choice.tool_calls[0]
        choice.tool_calls = []
    return choice


@functools.lru_cache(maxsize=256)
def _model_fingerprint(seed: int, response_model: str) -> str:
    """A model's fingerprint on a server: the same for every request, so derived once."""
    return f"fp_{derive_seed(seed, 'fingerprint', response_model) % 16**10:010x}"


def _fingerprint(ctx: GenContext, info: ModelInfo) -> str | None:
    if info.has(NO_FINGERPRINT):
        return None
    if info.has(WEB_SEARCH):
        return ""
    return _model_fingerprint(ctx.seed, info.response_model)


def _service_tier(body: Mapping[str, Any]) -> str:
    tier = body.get("service_tier")
    return "default" if tier in (None, "auto") else str(tier)


def _moderation(ctx: GenContext, body: Mapping[str, Any], plan: ChatPlan) -> dict[str, Any] | None:
    config = body.get("moderation")
    if not isinstance(config, Mapping):
        return None
    model = str(config.get("model"))
    output = plan.choices[0].content or "" if plan.choices else ""
    sections: dict[str, Any] = {}
    for section, text in (("input", plan.prompt), ("output", output)):
        result = moderation_result(ctx.seed, model, text)
        sections[section] = {
            "type": "moderation_results",
            "model": model,
            "results": [{**result, "type": "moderation_result", "model": model}],
        }
    return sections


def _prompt_tokens(body: Mapping[str, Any]) -> int:
    fmt = body.get("response_format")
    schema = fmt.get("json_schema") if isinstance(fmt, Mapping) else None
    return count_chat_prompt_tokens(
        body["messages"], (body.get("tools"), body.get("functions"), schema)
    )


def _base_plan(ctx: GenContext, body: Mapping[str, Any]) -> ChatPlan:
    info = resolve_model(model_of(body), "chat", azure=ctx.azure, custom=ctx.custom)
    seed = request_seed(ctx.seed, "chat.completions", body, _DELIVERY_KEYS)
    id_rng = random.Random(derive_seed(seed, "id"))
    if info.has(WEB_SEARCH):  # search models answer with UUID-style ids
        suffix = str(uuid.UUID(int=id_rng.getrandbits(128), version=4))
    else:
        suffix = random_alnum(id_rng, 29)
    return ChatPlan(
        id="chatcmpl-" + suffix,
        seed=seed,
        model=info,
        response_model=info.response_model,
        fingerprint=_fingerprint(ctx, info),
        service_tier=_service_tier(body),
        prompt_tokens=_prompt_tokens(body),
        # read by Azure's content filters and by moderation only
        prompt=prompt_text(body["messages"])
        if ctx.azure or isinstance(body.get("moderation"), Mapping)
        else "",
        logprobs_requested=bool(body.get("logprobs")),
        choices=[],
    )


def _add_logprobs(plan: ChatPlan, body: Mapping[str, Any]) -> None:
    if not plan.logprobs_requested:
        return
    top = int(body.get("top_logprobs") or 0)
    for choice in plan.choices:
        rng = random.Random(derive_seed(plan.seed, "logprobs", choice.index))
        choice.logprobs = chat_logprobs(rng, choice.tokens, top)


def plan_chat(ctx: GenContext, body: Mapping[str, Any]) -> ChatPlan:
    """The generated answer to a validated chat completion request."""
    plan = _base_plan(ctx, body)
    count = int(body.get("n") or 1)
    plan.choices = [
        _generate_choice(i, sub_rng(plan.seed, i), body, plan.model) for i in range(count)
    ]
    _add_logprobs(plan, body)
    plan.moderation = _moderation(ctx, body, plan)
    return plan


def plan_scripted_chat(
    ctx: GenContext,
    body: Mapping[str, Any],
    *,
    content: str | None,
    tool_calls: Sequence[ScriptedToolCall],
    finish_reason: str | None,
) -> ChatPlan:
    """A plan whose choices say what a test scripted (each of ``n`` choices the same)."""
    plan = _base_plan(ctx, body)
    count = int(body.get("n") or 1)
    for index in range(count):
        rng = sub_rng(plan.seed, index)
        calls = [ToolCallPlan(_call_id(rng), c.name, c.arguments) for c in tool_calls]
        tokens = tokenize(content) if content is not None else []
        default = "tool_calls" if calls else "stop"
        choice = ChoicePlan(
            index=index,
            content=content,
            tokens=tokens,
            finish_reason=finish_reason or default,
            tool_calls=calls,
            completion_tokens=len(tokens)
            + sum(
                count_tokens(c.name) + count_tokens(c.arguments) + _TOOL_CALL_OVERHEAD
                for c in calls
            ),
        )
        plan.choices.append(choice)
    _add_logprobs(plan, body)
    plan.moderation = _moderation(ctx, body, plan)
    return plan
