"""A function's parameters as a JSON Schema object."""

from __future__ import annotations

from typing import TypeAlias

__all__ = ["FunctionParameters"]

FunctionParameters: TypeAlias = dict[str, object]
