"""A small ``multipart/form-data`` parser (the mock needs no python-multipart)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from openai_kit.mockserver._errors import MockAPIError

__all__ = ["FormFile", "attachment", "form_items", "parse_form"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

_BOUNDARY = re.compile(r'boundary=(?:"([^"]+)"|([^;\s]+))', re.IGNORECASE)
_PARAM = re.compile(r';\s*([a-zA-Z*]+)=(?:"((?:[^"\\]|\\.)*)"|([^;]*))')


@dataclass(frozen=True)
class FormFile:
    filename: str
    content_type: str | None
    data: bytes


def _bad_form(detail: str) -> MockAPIError:
    return MockAPIError(400, f"Could not parse multipart form: {detail}.")


def _part(raw: bytes) -> tuple[str, str | FormFile]:
    head, sep, data = raw.partition(b"\r\n\r\n")
    if not sep:
        raise _bad_form("a part has no header block")
    headers: dict[str, str] = {}
    for line in head.decode("utf-8", "replace").split("\r\n"):
        key, colon, value = line.partition(":")
        if colon:
            headers[key.strip().lower()] = value.strip()
    disposition = headers.get("content-disposition", "")
    params = {
        m.group(1).lower(): (m.group(2) if m.group(2) is not None else (m.group(3) or "").strip())
        for m in _PARAM.finditer(disposition)
    }
    name = params.get("name")
    if not disposition.lower().startswith("form-data") or name is None:
        raise _bad_form("a part has no form-data name")
    if "filename" in params:
        filename = params["filename"]
        if _CONTROL.search(filename):
            raise MockAPIError(
                400,
                "Invalid file name: it must not contain control characters.",
                param=name,
                code="invalid_file_name",
            )
        return name, FormFile(filename, headers.get("content-type"), data)
    return name, data.decode("utf-8", "replace")


def form_items(content_type: str, body: bytes) -> list[tuple[str, str | FormFile]]:
    """Every part of a multipart body in order (repeated fields such as ``image[]`` kept)."""
    match = _BOUNDARY.search(content_type)
    if not content_type.lower().startswith("multipart/form-data") or match is None:
        raise MockAPIError(
            400,
            "Invalid Content-Type header "
            f"({content_type or 'none'}), expected multipart/form-data. "
            "(HINT: If you're using curl, you can pass -H 'Content-Type: multipart/form-data')",
        )
    delimiter = b"--" + (match.group(1) or match.group(2)).encode("latin-1")
    sections = body.split(delimiter)
    if len(sections) == 2 and sections[1].startswith(b"--"):
        return []  # a form without fields: just the closing boundary
    if len(sections) < 3 or not sections[-1].startswith(b"--"):
        raise _bad_form("the closing boundary is missing")
    items: list[tuple[str, str | FormFile]] = []
    for section in sections[1:-1]:
        if not section.startswith(b"\r\n") or not section.endswith(b"\r\n"):
            raise _bad_form("a part is not delimited by CRLF")
        items.append(_part(section[2:-2]))
    return items


def parse_form(content_type: str, body: bytes) -> dict[str, str | FormFile]:
    """Fields of a multipart body: text values as str, uploads as :class:`FormFile`.

    A repeated field keeps its last value (:func:`form_items` keeps them all).
    """
    return dict(form_items(content_type, body))


def attachment(filename: str) -> str:
    """A ``content-disposition`` value naming ``filename`` safely (RFC 6266).

    ``filename`` is an ASCII fallback (other characters, quotes and
    backslashes as ``_``); ``filename*`` carries the name as sent, UTF-8.
    """
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in filename)
    encoded = quote(filename.encode("utf-8", "replace"), safe="")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
