"""Request bodies sent as ``multipart/form-data`` (audio and image uploads).

Form fields are text: ``True`` goes as ``true``, lists as repeated ``name[]``
fields, nested mappings as ``name[key]``; ``None`` and NOT_GIVEN leave a field
out. File fields take whatever :func:`~openai_kit._files.to_httpx_file` takes;
a list of files goes as repeated ``name[]`` parts, as the API expects.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from .._files import to_httpx_file
from .._options import FinalRequestOptions
from .._resource import make_options
from .._types import NotGiven, Omit, split_request_options

__all__ = ["form_fields", "multipart_options", "stream_flag"]


def _text(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def form_fields(body: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """``body`` as form fields: ``a[b]`` for nested mappings, ``a[]`` repeated for lists."""
    fields: dict[str, object] = {}
    for key, value in body.items():
        if value is None or isinstance(value, NotGiven | Omit):
            continue
        name = f"{prefix}[{key}]" if prefix else key
        if isinstance(value, Mapping):
            fields.update(form_fields(value, name))
        elif isinstance(value, list | tuple):
            fields[name + "[]"] = [_text(item) for item in value]
        else:
            fields[name] = _text(value)
    return fields


def _is_file_list(value: object) -> bool:
    # a (name, content[, type]) tuple is one file; a list (or tuple of tuples) is several
    return isinstance(value, list) or (
        isinstance(value, tuple) and bool(value) and all(isinstance(v, tuple) for v in value)
    )


def multipart_options(
    path: str, params: Mapping[str, Any], file_fields: Collection[str]
) -> FinalRequestOptions:
    """POST options for ``params``: ``file_fields`` as uploads, the rest as form fields."""
    body, request_options = split_request_options(params)
    files: list[tuple[str, Any]] = []
    for name in file_fields:
        value = body.pop(name, None)
        if value is None:
            continue
        if _is_file_list(value):
            files += [(f"{name}[]", to_httpx_file(item)) for item in value]
        else:
            files.append((name, to_httpx_file(value)))
    options = make_options("post", path, body=form_fields(body), files=files, **request_options)
    if files:
        return options
    # httpx sends a form without files url-encoded; the API wants multipart all the same
    boundary = os.urandom(16).hex()
    headers = {**options.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    content = _text_form(options.data or {}, boundary)
    return replace(options, data=None, files=None, content=content, headers=headers)


def _text_form(fields: Mapping[str, object], boundary: str) -> bytes:
    """A ``multipart/form-data`` body of text fields only (lists as repeated fields)."""
    out = bytearray()
    for name, value in fields.items():
        quoted = name.replace("\\", "\\\\").replace('"', "%22")
        for item in value if isinstance(value, list) else [value]:
            out += (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{quoted}"\r\n\r\n'.encode()
            )
            out += str(item).encode() + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out)


def stream_flag(params: dict[str, Any], stream: bool | None) -> bool:
    """Put ``stream`` in ``params`` when given; whether the call streams."""
    if stream is not None:
        params["stream"] = stream
    return bool(stream)
