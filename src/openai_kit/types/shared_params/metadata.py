"""Up to 16 string key/value pairs to attach to an object, for request parameters."""

from __future__ import annotations

from openai_kit.types.shared.metadata import Metadata as Metadata

__all__ = ["Metadata"]
