"""A model as listed and retrieved by the models endpoints."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

__all__ = ["Model"]


class Model(BaseModel):
    """A model available to the caller's organization."""

    id: str
    created: int
    object: Literal["model"]
    owned_by: str
    shutdown_date: str | None = None
