"""The response of ``files.delete``."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

__all__ = ["FileDeleted"]


class FileDeleted(BaseModel):
    """Confirms the deletion of a file."""

    id: str
    deleted: bool
    object: Literal["file"]
