"""The handler of moderations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver.api.moderations.content import moderation
from openai_kit.mockserver.api.moderations.validate import validate_moderation_request

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["moderations_create"]


def moderations_create(core: ServerCore, call: Call) -> Reply:
    validate_moderation_request(call.json, custom=core.custom_models)
    return JSONReply(moderation(core.gen_context(azure=call.azure), call.json))
