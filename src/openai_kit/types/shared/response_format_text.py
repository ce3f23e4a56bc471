"""The plain-text response format."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

__all__ = ["ResponseFormatText"]


class ResponseFormatText(BaseModel):
    """Ask for ordinary text output."""

    type: Literal["text"]
