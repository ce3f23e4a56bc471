"""A file stored with the API."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

__all__ = ["FileObject"]


class FileObject(BaseModel):
    """An uploaded file's metadata: name, size, purpose and processing status."""

    id: str
    bytes: int
    created_at: int
    filename: str
    object: Literal["file"]
    purpose: Literal[
        "assistants",
        "assistants_output",
        "batch",
        "batch_output",
        "fine-tune",
        "fine-tune-results",
        "vision",
        "user_data",
    ]
    status: Literal["uploaded", "processed", "error"]
    expires_at: int | None = None
    status_details: str | None = None
