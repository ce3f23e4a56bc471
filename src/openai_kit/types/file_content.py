"""The body of ``files.retrieve_content`` (deprecated there in favour of ``files.content``)."""

from __future__ import annotations

from typing import TypeAlias

__all__ = ["FileContent"]

FileContent: TypeAlias = str
