"""An event of a streamed image edit."""

from __future__ import annotations

from typing import Annotated, TypeAlias

from pydantic import Field

from .image_edit_completed_event import ImageEditCompletedEvent
from .image_edit_partial_image_event import ImageEditPartialImageEvent

__all__ = ["ImageEditStreamEvent"]

ImageEditStreamEvent: TypeAlias = Annotated[
    ImageEditPartialImageEvent | ImageEditCompletedEvent, Field(discriminator="type")
]
