"""Turning the file arguments users pass into httpx multipart parts."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from ._types import FileContent, FileTypes

__all__ = ["to_httpx_file"]

HttpxFile = (
    tuple[str | None, Any, str | None] | tuple[str | None, Any, str | None, Mapping[str, str]]
)


def _read(content: FileContent) -> tuple[str | None, bytes | IO[bytes]]:
    if isinstance(content, bytes | bytearray | memoryview):
        return None, bytes(content)
    if isinstance(content, os.PathLike):
        path = Path(os.fspath(content))
        return path.name, path.read_bytes()
    if isinstance(content, io.IOBase) or hasattr(content, "read"):
        name = getattr(content, "name", None)
        return (os.path.basename(name) if isinstance(name, str) else None), content
    raise TypeError(
        f"Expected file content as bytes, a file object, a path or a tuple; got {type(content).__name__}"
    )


def to_httpx_file(file: FileTypes) -> HttpxFile:
    """A ``(filename, content, content_type[, headers])`` tuple httpx can send.

    Accepts bytes, a binary file object, a path (its name becomes the
    filename), or a tuple ``(filename, content[, content_type[, headers]])``.
    """
    if isinstance(file, tuple):
        filename, content = file[0], file[1]
        derived, body = _read(content)
        content_type = file[2] if len(file) > 2 else None
        if len(file) > 3:
            return (filename or derived, body, content_type, file[3])
        return (filename or derived, body, content_type)
    derived, body = _read(file)
    return (derived or "upload", body, None)
