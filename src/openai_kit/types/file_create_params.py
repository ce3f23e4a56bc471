"""Request parameters of ``files.create`` (a multipart upload)."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

from openai_kit._types import FileTypes

from .file_purpose import FilePurpose

__all__ = ["ExpiresAfter", "FileCreateParams"]


class FileCreateParams(TypedDict, total=False):
    """The form fields of a file upload."""

    file: Required[FileTypes]
    purpose: Required[FilePurpose]
    expires_after: ExpiresAfter


class ExpiresAfter(TypedDict, total=False):
    """When the uploaded file expires, counted in seconds from an anchor time."""

    anchor: Required[Literal["created_at"]]
    seconds: Required[int]
