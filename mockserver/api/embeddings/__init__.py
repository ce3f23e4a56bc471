"""Embeddings: unit-length vectors per input text, floats or base64."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver.api.embeddings.handlers import embeddings_create

__all__ = ["AREA"]

AREA = Area(
    "embeddings",
    (
        Operation(
            "embeddings.create",
            "POST",
            "/embeddings",
            embeddings_create,
            body="json",
            deployment=True,
            model=True,
            fast=True,
        ),
    ),
)
