"""The ``error`` object of an API error body."""

from __future__ import annotations

from openai_kit._models import BaseModel

__all__ = ["ErrorObject"]


class ErrorObject(BaseModel):
    """What went wrong, as the API reports it."""

    message: str
    type: str
    param: str | None = None
    code: str | None = None
