"""The handler of embeddings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver.api.embeddings.content import embeddings
from openai_kit.mockserver.api.embeddings.validate import validate_embedding_request

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["embeddings_create"]


def embeddings_create(core: ServerCore, call: Call) -> Reply:
    validate_embedding_request(call.json, custom=core.custom_models)
    return JSONReply(embeddings(core.gen_context(azure=call.azure), call.json))
