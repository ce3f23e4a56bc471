"""The response of ``models.delete``."""

from __future__ import annotations

from openai_kit._models import BaseModel

__all__ = ["ModelDeleted"]


class ModelDeleted(BaseModel):
    """Confirms the deletion of a fine-tuned model."""

    id: str
    deleted: bool
    object: str
