"""An event of a streamed image generation."""

from __future__ import annotations

from typing import Annotated, TypeAlias

from pydantic import Field

from .image_gen_completed_event import ImageGenCompletedEvent
from .image_gen_partial_image_event import ImageGenPartialImageEvent

__all__ = ["ImageGenStreamEvent"]

ImageGenStreamEvent: TypeAlias = Annotated[
    ImageGenPartialImageEvent | ImageGenCompletedEvent, Field(discriminator="type")
]
