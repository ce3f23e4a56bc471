"""One part of a multi-modal moderation input: text or an image."""

from __future__ import annotations

from typing import TypeAlias

from .moderation_image_url_input_param import ModerationImageURLInputParam
from .moderation_text_input_param import ModerationTextInputParam

__all__ = ["ModerationMultiModalInputParam"]

ModerationMultiModalInputParam: TypeAlias = ModerationImageURLInputParam | ModerationTextInputParam
