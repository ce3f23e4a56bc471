"""The JSON-mode response format."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

__all__ = ["ResponseFormatJSONObject"]


class ResponseFormatJSONObject(BaseModel):
    """Ask for any valid JSON object (the older JSON mode)."""

    type: Literal["json_object"]
