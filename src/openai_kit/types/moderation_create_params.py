"""Request parameters of ``moderations.create``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Required

from typing_extensions import TypedDict

from .moderation_model import ModerationModel
from .moderation_multi_modal_input_param import ModerationMultiModalInputParam

__all__ = ["ModerationCreateParams"]


class ModerationCreateParams(TypedDict, total=False):
    """The body of a moderation request."""

    input: Required[str | Sequence[str] | Iterable[ModerationMultiModalInputParam]]
    model: str | ModerationModel
