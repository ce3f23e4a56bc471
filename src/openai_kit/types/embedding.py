"""One vector of an embeddings response."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

__all__ = ["Embedding"]


class Embedding(BaseModel):
    """The embedding vector of one input, in input order by ``index``."""

    embedding: list[float]
    index: int
    object: Literal["embedding"]
