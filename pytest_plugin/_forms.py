"""Multipart uploads reduced to what they say: their fields and file contents.

Two uploads of the same form are the same request whatever their random
boundary, the order their client wrote the parts in, or how it spelled the
part headers; a changed field or a changed byte of a file makes them differ.
"""

from __future__ import annotations

import hashlib
import re
from typing import Final

__all__ = ["form_parts"]

_BOUNDARY: Final = re.compile(r"boundary=\"?([^\";]+)\"?", re.IGNORECASE)
_PARAM: Final = re.compile(r';\s*([a-zA-Z*]+)="?((?:[^"\\;]|\\.)*)"?')

#: One part: (field name, file name or None, the text of a field or a file's digest and size).
Part = tuple[str, str | None, str]


def _part(raw: bytes) -> Part | None:
    head, sep, data = raw.partition(b"\r\n\r\n")
    if not sep:
        return None
    disposition = ""
    for line in head.decode("utf-8", "replace").split("\r\n"):
        key, _, value = line.partition(":")
        if key.strip().lower() == "content-disposition":
            disposition = value
    params = {m.group(1).lower(): m.group(2) for m in _PARAM.finditer(disposition)}
    name = params.get("name")
    if name is None:
        return None
    if "filename" in params:
        digest = hashlib.sha256(data).hexdigest()
        return name, params["filename"], f"{len(data)} bytes sha256:{digest}"
    return name, None, data.decode("utf-8", "replace")


def form_parts(content_type: str, body: bytes) -> tuple[Part, ...] | None:
    """The parts of a multipart body in a canonical order; None when it is not one."""
    found = _BOUNDARY.search(content_type)
    if not found or not content_type.lower().startswith("multipart/"):
        return None
    sections = body.split(b"--" + found.group(1).encode("latin-1"))
    parts: list[Part] = []
    for section in sections[1:-1]:
        part = _part(section.strip(b"\r\n") if section.startswith(b"\r\n") else section)
        if part is None:
            return None
        parts.append(part)
    return tuple(sorted(parts, key=lambda p: (p[0], p[1] or "", p[2])))
