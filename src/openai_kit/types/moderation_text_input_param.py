"""A text part of a multi-modal moderation input."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ModerationTextInputParam"]


class ModerationTextInputParam(TypedDict, total=False):
    """A piece of text to classify."""

    text: Required[str]
    type: Required[Literal["text"]]
