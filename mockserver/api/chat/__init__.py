"""Chat completions: validation, planning, rendering, streams, and the plan memo."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver.api.chat.handlers import chat_completions_create
from openai_kit.mockserver.api.chat.plan_cache import chat_plans

__all__ = ["AREA"]

AREA = Area(
    "chat",
    (
        Operation(
            "chat.completions.create",
            "POST",
            "/chat/completions",
            chat_completions_create,
            body="json",
            deployment=True,
            model=True,
            content_scripts=True,
            fast=True,
            express=chat_plans.encoded_parts,
        ),
    ),
)
