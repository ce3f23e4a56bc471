"""``POST /v1/chat/completions``: response bodies and stream chunks shaped like the real API."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from json.encoder import encode_basestring_ascii
from typing import Any, TypedDict, Unpack

from openai_kit.mockserver.api.chat.plan import (
    ChatPlan,
    ChoicePlan,
    ScriptedToolCall,
    ToolCallPlan,
    plan_chat,
    plan_scripted_chat,
)
from openai_kit.mockserver.api.chat.sse import (
    ChunkTemplate,
    encode_event,
    event_json,
    hole,
)
from openai_kit.mockserver.generation.azure_filters import (
    choice_filter_results,
    chunk_filter_results,
    prompt_filter_results,
    stream_prelude,
)
from openai_kit.mockserver.generation.context import GenContext
from openai_kit.mockserver.generation.rng import derive_seed, randint, random_alnum
from openai_kit.mockserver.generation.tokens import tokenize

__all__ = [
    "ChatScript",
    "chat_chunks_from_script",
    "chat_completion",
    "chat_completion_chunks",
    "chat_completion_events",
    "chat_completion_from_script",
    "chat_events_again",
    "chat_events_from_script",
    "plan_from_script",
    "render_chat_body",
    "render_chat_chunks",
    "render_chat_events",
]


def _usage(plan: ChatPlan) -> dict[str, Any]:
    completion = plan.completion_tokens
    return {
        "prompt_tokens": plan.prompt_tokens,
        "completion_tokens": completion,
        "total_tokens": plan.prompt_tokens + completion,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": plan.reasoning_tokens,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def _tool_call(call: ToolCallPlan) -> dict[str, Any]:
    if call.kind == "custom":
        return {
            "id": call.id,
            "type": "custom",
            "custom": {"name": call.name, "input": call.arguments},
        }
    return {
        "id": call.id,
        "type": "function",
        "function": {"name": call.name, "arguments": call.arguments},
    }


def _message(choice: ChoicePlan, azure: bool) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": choice.content, "refusal": None}
    if not azure:
        message["annotations"] = []
    if choice.tool_calls:
        message["tool_calls"] = [_tool_call(c) for c in choice.tool_calls]
    if choice.function_call is not None:
        message["function_call"] = {
            "name": choice.function_call.name,
            "arguments": choice.function_call.arguments,
        }
    return message


def _logprobs_value(plan: ChatPlan, entries: list[dict[str, Any]] | None) -> Any:
    if not plan.logprobs_requested:
        return None
    return {"content": entries if entries else None, "refusal": None}


def render_chat_body(plan: ChatPlan, ctx: GenContext) -> dict[str, Any]:
    """The ``chat.completion`` object for ``plan``."""
    choices: list[dict[str, Any]] = []
    for choice in plan.choices:
        item: dict[str, Any] = {"index": choice.index, "message": _message(choice, ctx.azure)}
        if plan.sends_logprobs:
            item["logprobs"] = _logprobs_value(plan, choice.logprobs)
        item["finish_reason"] = choice.finish_reason
        if ctx.azure:
            item["content_filter_results"] = choice_filter_results(choice.content)
        choices.append(item)
    body: dict[str, Any] = {
        "id": plan.id,
        "object": "chat.completion",
        "created": ctx.created,
        "model": plan.response_model,
        "choices": choices,
        "usage": _usage(plan),
    }
    if ctx.azure:
        body["prompt_filter_results"] = prompt_filter_results(plan.prompt)
    elif plan.sends_service_tier:
        body["service_tier"] = plan.service_tier
    body["system_fingerprint"] = plan.fingerprint
    if plan.moderation is not None:
        body["moderation"] = plan.moderation
    return body


class _ChunkWriter:
    """Builds chunks that share id/model/fingerprint and the stream-wide options.

    Chunks go to ``out`` in stream order: as dicts, or with ``encode`` as
    their SSE events (bytes). Content chunks are then made from one
    :class:`ChunkTemplate` per choice; either way each chunk draws its
    ``obfuscation`` from ``rng`` in the same order, so both give the same stream.
    """

    def __init__(
        self, plan: ChatPlan, ctx: GenContext, usage: bool, obfuscation: bool, *, encode: bool
    ) -> None:
        self.plan = plan
        self.azure = ctx.azure
        self.encode = encode
        self.out: list[Any] = []
        self.include_usage = usage
        self.obfuscate = obfuscation and not ctx.azure
        self.rng = random.Random(derive_seed(plan.seed, "obfuscation"))
        self.head: dict[str, Any] = {
            "id": plan.id,
            "object": "chat.completion.chunk",
            "created": ctx.created,
            "model": plan.response_model,
        }
        if not ctx.azure and plan.sends_service_tier:
            self.head["service_tier"] = plan.service_tier
        self.head["system_fingerprint"] = plan.fingerprint

    def obfuscation(self) -> str:
        rng = self.rng
        return random_alnum(rng, randint(rng, 2, 16))

    def _unpadded(self, choices: list[dict[str, Any]], extra: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(self.head)
        out["choices"] = choices
        if self.include_usage:
            out["usage"] = None
        out.update(extra)
        return out

    def chunk(self, choices: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        out = self._unpadded(choices, extra)
        if self.obfuscate:
            out["obfuscation"] = self.obfuscation()
        return out

    def add(self, choices: list[dict[str, Any]], **extra: Any) -> None:
        chunk = self.chunk(choices, **extra)
        self.out.append(encode_event(chunk) if self.encode else chunk)

    def add_event(self, event: dict[str, Any]) -> None:
        """A chunk that is not one of this stream's (Azure's filter-only prelude)."""
        self.out.append(encode_event(event) if self.encode else event)

    def choice(
        self,
        index: int,
        delta: dict[str, Any],
        *,
        finish: str | None = None,
        logprobs: Any = None,
        filters: Any = None,
    ) -> list[dict[str, Any]]:
        item: dict[str, Any] = {"index": index, "delta": delta}
        if self.plan.sends_logprobs:
            item["logprobs"] = logprobs
        item["finish_reason"] = finish
        if self.azure:
            item["content_filter_results"] = filters if filters is not None else {}
        return [item]

    def add_tokens(self, index: int, tokens: list[str], entries: list[dict[str, Any]]) -> None:
        """One content chunk per token of choice ``index`` (``entries``: its logprobs)."""
        with_logprobs = self.plan.logprobs_requested
        if not self.encode:
            for position, token in enumerate(tokens):
                logprobs = None
                if with_logprobs:
                    logprobs = {"content": entries[position : position + 1], "refusal": None}
                filters = chunk_filter_results(token) if self.azure else None
                delta: dict[str, Any] = {"content": token}
                self.add(self.choice(index, delta, logprobs=logprobs, filters=filters))
            return
        if not tokens:
            return
        # Holes, in the order the chunk is encoded: token, logprobs, filters, padding.
        holes = iter(range(4))
        sample = self.choice(
            index,
            {"content": hole(next(holes))},
            logprobs=hole(next(holes)) if with_logprobs else None,
            filters=hole(next(holes)) if self.azure else None,
        )
        unpadded = self._unpadded(sample, {})
        if self.obfuscate:
            unpadded["obfuscation"] = hole(next(holes))
        template = ChunkTemplate(unpadded, 1 + with_logprobs + self.azure + self.obfuscate)
        out = self.out
        if template.holes == 2 and self.obfuscate:  # the usual stream: token and padding
            fill2 = template.fill2
            for token in tokens:
                out.append(fill2(encode_basestring_ascii(token), f'"{self.obfuscation()}"'))
            return
        for position, token in enumerate(tokens):
            values = [encode_basestring_ascii(token)]
            if with_logprobs:
                logprobs = {"content": entries[position : position + 1], "refusal": None}
                values.append(event_json(logprobs))
            if self.azure:
                values.append(event_json(chunk_filter_results(token)))
            if self.obfuscate:
                values.append(f'"{self.obfuscation()}"')
            out.append(template.fill(*values))


def _call_header(position: int, call: ToolCallPlan) -> dict[str, Any]:
    if call.kind == "custom":
        return {
            "index": position,
            "id": call.id,
            "type": "custom",
            "custom": {"name": call.name, "input": call.arguments},
        }
    return {
        "index": position,
        "id": call.id,
        "type": "function",
        "function": {"name": call.name, "arguments": ""},
    }


def _choice_chunks(writer: _ChunkWriter, choice: ChoicePlan) -> None:
    index = choice.index
    calls = choice.tool_calls
    first: dict[str, Any] = {"role": "assistant"}
    if choice.content is None and calls:
        first.update(content=None, tool_calls=[_call_header(0, calls[0])], refusal=None)
    elif choice.content is None and choice.function_call is not None:
        call = choice.function_call
        first.update(content=None, function_call={"name": call.name, "arguments": ""}, refusal=None)
    else:
        first.update(content="", refusal=None)
    writer.add(writer.choice(index, first))
    writer.add_tokens(index, choice.tokens, choice.logprobs or [])
    for position, call in enumerate(calls):
        header_sent = position == 0 and choice.content is None
        if not header_sent:
            header_delta = {"tool_calls": [_call_header(position, call)]}
            writer.add(writer.choice(index, header_delta))
        if call.kind == "custom":
            continue
        for piece in tokenize(call.arguments):
            fragment = {"index": position, "function": {"arguments": piece}}
            writer.add(writer.choice(index, {"tool_calls": [fragment]}))
    function_call = choice.function_call
    if function_call is not None:
        if choice.content is not None:
            header = {"function_call": {"name": function_call.name, "arguments": ""}}
            writer.add(writer.choice(index, header))
        for piece in tokenize(function_call.arguments):
            writer.add(writer.choice(index, {"function_call": {"arguments": piece}}))
    writer.add(writer.choice(index, {}, finish=choice.finish_reason))


def _stream_options(body: Mapping[str, Any]) -> tuple[bool, bool]:
    """What a stream's ``stream_options`` ask: the usage chunk, the ``obfuscation`` field."""
    options = body.get("stream_options") or {}
    return bool(options.get("include_usage")), options.get("include_obfuscation") is not False


def _render_stream(
    plan: ChatPlan, ctx: GenContext, usage: bool, obfuscation: bool, *, encode: bool
) -> list[Any]:
    writer = _ChunkWriter(plan, ctx, usage, obfuscation, encode=encode)
    if ctx.azure:
        writer.add_event(stream_prelude(plan.prompt))
    for choice in plan.choices:
        _choice_chunks(writer, choice)
    if writer.include_usage:
        writer.add([], usage=_usage(plan))
    if plan.moderation is not None:
        writer.add([], moderation=plan.moderation)
    return writer.out


def render_chat_chunks(
    plan: ChatPlan, ctx: GenContext, body: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The ``chat.completion.chunk`` objects of a stream for ``plan`` (without ``[DONE]``)."""
    chunks: list[dict[str, Any]] = _render_stream(plan, ctx, *_stream_options(body), encode=False)
    return chunks


def _events(plan: ChatPlan, ctx: GenContext, usage: bool, obfuscation: bool) -> list[bytes]:
    events: list[bytes] = _render_stream(plan, ctx, usage, obfuscation, encode=True)
    return events


def render_chat_events(plan: ChatPlan, ctx: GenContext, body: Mapping[str, Any]) -> list[bytes]:
    """The SSE events of :func:`render_chat_chunks`, each ``encode_event`` of its chunk."""
    return _events(plan, ctx, *_stream_options(body))


def chat_events_again(
    plan: ChatPlan, ctx: GenContext, body: Mapping[str, Any]
) -> Callable[[], list[bytes]]:
    """What renders :func:`render_chat_events` of these, the same bytes each time it is
    called. It holds the plan (shared, never changed), ``ctx`` and the two stream options,
    not the body: an observer keeps it in place of the events it saw go out."""
    return partial(_events, plan, ctx, *_stream_options(body))


def chat_completion(ctx: GenContext, body: Mapping[str, Any]) -> dict[str, Any]:
    """A generated ``chat.completion`` for a validated request."""
    return render_chat_body(plan_chat(ctx, body), ctx)


def chat_completion_chunks(ctx: GenContext, body: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The generated stream for a validated request, chunk by chunk (``[DONE]`` not included)."""
    return render_chat_chunks(plan_chat(ctx, body), ctx, body)


def chat_completion_events(ctx: GenContext, body: Mapping[str, Any]) -> list[bytes]:
    """:func:`chat_completion_chunks` as SSE events (bytes), as the server sends them."""
    return render_chat_events(plan_chat(ctx, body), ctx, body)


def _scripted_calls(tool_calls: Sequence[Mapping[str, Any]] | None) -> list[ScriptedToolCall]:
    calls: list[ScriptedToolCall] = []
    for call in tool_calls or ():
        arguments = call.get("arguments", {})
        if not isinstance(arguments, str):
            arguments = json.dumps(arguments, separators=(",", ":"), ensure_ascii=False)
        calls.append(ScriptedToolCall(str(call["name"]), arguments))
    return calls


class ChatScript(TypedDict, total=False):
    """A scripted answer: ``content`` and/or ``tool_calls``, ``{"name": ..., "arguments":
    dict | str}`` whose ids are generated; ``finish_reason`` defaults to ``"tool_calls"``
    when there are tool calls and ``"stop"`` otherwise."""

    content: str | None
    tool_calls: Sequence[Mapping[str, Any]] | None
    finish_reason: str | None


def plan_from_script(
    ctx: GenContext, body: Mapping[str, Any], **script: Unpack[ChatScript]
) -> ChatPlan:
    """The plan of an answer that says what a test scripted (see :class:`ChatScript`)."""
    return _scripted(ctx, body, script)


def _scripted(ctx: GenContext, body: Mapping[str, Any], script: ChatScript) -> ChatPlan:
    return plan_scripted_chat(
        ctx,
        body,
        content=script.get("content"),
        tool_calls=_scripted_calls(script.get("tool_calls")),
        finish_reason=script.get("finish_reason"),
    )


def chat_completion_from_script(
    ctx: GenContext, body: Mapping[str, Any], **script: Unpack[ChatScript]
) -> dict[str, Any]:
    """A ``chat.completion`` that says what a test scripted (see :class:`ChatScript`)."""
    return render_chat_body(_scripted(ctx, body, script), ctx)


def chat_chunks_from_script(
    ctx: GenContext, body: Mapping[str, Any], **script: Unpack[ChatScript]
) -> list[dict[str, Any]]:
    """The stream of :func:`chat_completion_from_script` for the same arguments."""
    return render_chat_chunks(_scripted(ctx, body, script), ctx, body)


def chat_events_from_script(
    ctx: GenContext, body: Mapping[str, Any], **script: Unpack[ChatScript]
) -> list[bytes]:
    """:func:`chat_chunks_from_script` as SSE events (bytes)."""
    return render_chat_events(_scripted(ctx, body, script), ctx, body)
