"""Handlers of the model operations: chat, completions, embeddings, moderations.

Each validates the body like the real API, then asks the content generator
(``openai_kit.mockserver.content``) for the answer, streamed as SSE when the
request says ``"stream": true``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openai_kit.mockserver import content
from openai_kit.mockserver._call import BytesReply, Call, JSONReply, Reply, StreamReply
from openai_kit.mockserver.content._chat import chat_events_from_script, render_chat_events
from openai_kit.mockserver.content._plan_cache import cached_chat_answer, cached_plan_chat

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "chat_completions_create",
    "completions_create",
    "embeddings_create",
    "moderations_create",
]


def chat_completions_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    ctx = core.gen_context(azure=call.azure)
    script = call.script
    if script is None:
        # validation and plan of an identical earlier request are reused (see
        # _plan_cache); created, headers, journal and faults stay per request
        if call.streaming:
            plan = cached_plan_chat(ctx, body)
            return StreamReply(render_chat_events(plan, ctx, body), encoded=True)
        # the encoded answer too, keyed on the raw body (call.json is parsed from it)
        return BytesReply(cached_chat_answer(ctx, body, call.body), "application/json")
    content.validate_chat_request(body)
    text, calls, finish = script.content, script.tool_calls, script.finish_reason
    if call.streaming:
        return StreamReply(
            chat_events_from_script(
                ctx, body, content=text, tool_calls=calls, finish_reason=finish
            ),
            encoded=True,
        )
    return JSONReply(
        content.chat_completion_from_script(
            ctx, body, content=text, tool_calls=calls, finish_reason=finish
        )
    )


def completions_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    content.validate_completion_request(body)
    ctx = core.gen_context(azure=call.azure)
    if call.streaming:
        return StreamReply(content.completion_chunks(ctx, body))
    return JSONReply(content.completion(ctx, body))


def embeddings_create(core: ServerCore, call: Call) -> Reply:
    content.validate_embedding_request(call.json)
    return JSONReply(content.embeddings(core.gen_context(azure=call.azure), call.json))


def moderations_create(core: ServerCore, call: Call) -> Reply:
    content.validate_moderation_request(call.json)
    return JSONReply(content.moderation(core.gen_context(azure=call.azure), call.json))
