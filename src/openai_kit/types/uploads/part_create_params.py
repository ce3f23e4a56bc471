"""Request parameters of ``uploads.parts.create`` (a multipart upload of one part)."""

from __future__ import annotations

from typing import Required

from typing_extensions import TypedDict

from openai_kit._types import FileTypes

__all__ = ["PartCreateParams"]


class PartCreateParams(TypedDict, total=False):
    """The form field of one part: its bytes (at most 64 MB)."""

    data: Required[FileTypes]
