"""The handler of chat completions: validate like the real API, plan, answer (or stream).

An unscripted request's validation, plan and encoded answer are memoized per
``(seed, body)`` (``plan_cache``); ``created``, headers, journal and faults
stay per request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openai_kit.mockserver._call import BytesReply, Call, JSONReply, Reply, StreamReply
from openai_kit.mockserver.api.chat.content import (
    chat_completion_from_script,
    chat_events_again,
    plan_from_script,
)
from openai_kit.mockserver.api.chat.plan import ChatPlan
from openai_kit.mockserver.api.chat.plan_cache import cached_chat_answer, cached_plan_chat
from openai_kit.mockserver.api.chat.validate import validate_chat_request
from openai_kit.mockserver.generation.context import GenContext

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["chat_completions_create"]


def chat_completions_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    ctx = core.gen_context(azure=call.azure)
    script = call.script
    if script is None:
        if call.streaming:
            return _stream(cached_plan_chat(ctx, body), ctx, body)
        # the encoded answer too, keyed on the raw body (call.json is parsed from it)
        return BytesReply(cached_chat_answer(ctx, body, call.body), "application/json")
    validate_chat_request(body, azure=call.azure, custom=core.custom_models)
    text, calls, finish = script.content, script.tool_calls, script.finish_reason
    if call.streaming:
        plan = plan_from_script(ctx, body, content=text, tool_calls=calls, finish_reason=finish)
        return _stream(plan, ctx, body)
    return JSONReply(
        chat_completion_from_script(ctx, body, content=text, tool_calls=calls, finish_reason=finish)
    )


def _stream(plan: ChatPlan, ctx: GenContext, body: dict[str, Any]) -> StreamReply:
    """The plan's stream, with what makes its events again (an observer keeps that, not them)."""
    again = chat_events_again(plan, ctx, body)
    return StreamReply(again(), encoded=True, again=again)
