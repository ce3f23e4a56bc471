"""The response of ``embeddings.create``."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

from .embedding import Embedding

__all__ = ["CreateEmbeddingResponse", "Usage"]


class Usage(BaseModel):
    """Tokens consumed by an embeddings request."""

    prompt_tokens: int
    total_tokens: int


class CreateEmbeddingResponse(BaseModel):
    """The list of embeddings computed for the inputs, with token usage."""

    data: list[Embedding]
    model: str
    object: Literal["list"]
    usage: Usage
