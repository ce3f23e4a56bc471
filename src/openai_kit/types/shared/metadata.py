"""Up to 16 string key/value pairs attached to an object."""

from __future__ import annotations

from typing import TypeAlias

__all__ = ["Metadata"]

Metadata: TypeAlias = dict[str, str]
