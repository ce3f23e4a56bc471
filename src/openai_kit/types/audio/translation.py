"""A translation in the ``json`` format."""

from __future__ import annotations

from openai_kit._models import BaseModel

__all__ = ["Translation"]


class Translation(BaseModel):
    text: str
