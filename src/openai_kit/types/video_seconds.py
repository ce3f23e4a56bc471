"""The lengths a video can have, in seconds (as strings)."""

from __future__ import annotations

from typing import Literal, TypeAlias

__all__ = ["VideoSeconds"]

VideoSeconds: TypeAlias = Literal["4", "8", "12"]
