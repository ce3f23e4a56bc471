"""The handler of legacy completions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openai_kit.mockserver._call import Call, JSONReply, Reply, StreamReply
from openai_kit.mockserver.api.completions.content import completion, completion_chunks
from openai_kit.mockserver.api.completions.validate import validate_completion_request

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["completions_create"]


def completions_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    validate_completion_request(body)
    ctx = core.gen_context(azure=call.azure)
    if call.streaming:
        return StreamReply(completion_chunks(ctx, body))
    return JSONReply(completion(ctx, body))
