"""The JSON-mode response format, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ResponseFormatJSONObject"]


class ResponseFormatJSONObject(TypedDict, total=False):
    """Ask for any valid JSON object (the older JSON mode)."""

    type: Required[Literal["json_object"]]
