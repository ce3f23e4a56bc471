"""Request parameters of ``embeddings.create``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, Required

from typing_extensions import TypedDict

from .embedding_model import EmbeddingModel

__all__ = ["EmbeddingCreateParams"]


class EmbeddingCreateParams(TypedDict, total=False):
    """The body of an embeddings request."""

    input: Required[str | Sequence[str] | Iterable[int] | Iterable[Iterable[int]]]
    model: Required[str | EmbeddingModel]
    dimensions: int
    encoding_format: Literal["float", "base64"]
    user: str
