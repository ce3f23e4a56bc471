"""Legacy completions (``/completions``), streamed as ``data:`` events."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver.api.completions.handlers import completions_create

__all__ = ["AREA"]

AREA = Area(
    "completions",
    (
        Operation(
            "completions.create",
            "POST",
            "/completions",
            completions_create,
            body="json",
            deployment=True,
            model=True,
            fast=True,
        ),
    ),
)
