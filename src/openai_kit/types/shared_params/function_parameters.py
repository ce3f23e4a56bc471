"""A function's parameters as a JSON Schema object, for request parameters."""

from __future__ import annotations

from openai_kit.types.shared.function_parameters import FunctionParameters as FunctionParameters

__all__ = ["FunctionParameters"]
