"""The name for the in-progress (not yet parsed) response a stream accumulates."""

from __future__ import annotations

from typing import TypeAlias

from ....types.responses.parsed_response import ParsedResponse

__all__ = ["ParsedResponseSnapshot"]

ParsedResponseSnapshot: TypeAlias = ParsedResponse[object]
