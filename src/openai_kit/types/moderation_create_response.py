"""The response of ``moderations.create``."""

from __future__ import annotations

from openai_kit._models import BaseModel

from .moderation import Moderation

__all__ = ["ModerationCreateResponse"]


class ModerationCreateResponse(BaseModel):
    """The moderation results, one per input, in input order."""

    id: str
    model: str
    results: list[Moderation]
