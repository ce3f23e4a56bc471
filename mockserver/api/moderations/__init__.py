"""Moderations: category scores from the shared classifier (OpenAI only)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver.api.moderations.handlers import moderations_create

__all__ = ["AREA"]

AREA = Area(
    "moderations",
    (
        Operation(
            "moderations.create",
            "POST",
            "/moderations",
            moderations_create,
            body="json",
            azure=False,
            model=True,
            fast=True,
        ),
    ),
)
