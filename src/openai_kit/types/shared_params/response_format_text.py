"""The plain-text response format, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ResponseFormatText"]


class ResponseFormatText(TypedDict, total=False):
    """Ask for ordinary text output."""

    type: Required[Literal["text"]]
