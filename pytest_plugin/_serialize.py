"""Cassette files: vcrpy ``version: 1`` YAML, read in every dialect, written diffable.

Written (one mapping per interaction)::

    version: 1
    interactions:
    - request:  {method, uri, body, headers: {name: [values]}}
      response: {status: {code, message}, headers: {name: [values]}, body: {string: ...}}

How bodies are stored, so a diff of a re-recording reads line by line:

- JSON (request or response) is re-indented by two spaces, keys in the order
  sent, non-ASCII kept as is, in a YAML literal block (``|``). The API itself
  pretty-prints its JSON; replay hands the stored text to the client.
- SSE (``text/event-stream``) is kept as sent, in a literal block: one
  ``data:`` line per event and a blank line between events, so replay can
  split it into the same events again.
- Other text is kept as is; bytes that are not UTF-8 (audio, images) become
  ``!!binary``.
- A WebSocket session (Realtime) adds ``websocket: {frames: [{client: ...} |
  {server: ...}], close: {code, reason}}`` to its interaction: each event's
  JSON text on one line, in the order the two ends sent them (audio stays the
  base64 the events carry; binary frames become ``!!binary``); ``close`` only
  when the server closed the session. Other readers ignore the key. Compressed bodies are stored decoded (gzip, deflate, and br or
  zstd when a decoder is installed), without ``content-encoding``;
  ``content-length`` is never written (re-indenting changes it).

Read: the above (through ``_fastload``, a line reader for exactly what this
module writes, about ten times faster than YAML; anything else goes to vcrpy's
YAML loader), and the dialects found in real projects' cassettes:
``body: {string: !!binary <gzip>}`` with ``Content-Encoding: gzip`` (decoded
here), pydantic-ai's ``parsed_body:`` mappings (re-serialised to JSON), and
the legacy vcrpy httpx form ``{content, status_code, headers}`` whose headers
may still announce gzip although ``content`` is already decoded text.
"""

from __future__ import annotations

import gzip
import importlib
import json
import os
import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any

import yaml

from openai_kit.pytest_plugin import _fastload as fastload
from openai_kit.pytest_plugin._model import (
    Headers,
    Interaction,
    RecordedRequest,
    RecordedResponse,
    RecordedSession,
    WebSocketFrame,
    header_value,
)
from openai_kit.pytest_plugin._vcr import FORMAT_VERSION, parse_yaml

try:
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]

__all__ = [
    "STABLE_BOUNDARY",
    "CassetteFormatError",
    "decode_content",
    "dump_cassette",
    "load_cassette",
    "parse_cassette",
    "stable_multipart",
    "strip_encoding_headers",
    "write_cassette",
]


class CassetteFormatError(ValueError):
    """A cassette file is not a vcrpy ``version: 1`` cassette in a known dialect."""


# --------------------------------------------------------------------------------------------
# Content-Encoding
# --------------------------------------------------------------------------------------------


def _optional_decoder(coding: str) -> Callable[[bytes], bytes] | None:
    modules = {
        "br": ("brotli", "brotlicffi"),
        "zstd": ("compression.zstd", "zstandard"),
    }.get(coding, ())
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        decompress: Callable[[bytes], bytes] = module.decompress
        return decompress
    return None


def _inflate(body: bytes) -> bytes:
    try:
        return zlib.decompress(body)
    except zlib.error:
        return zlib.decompress(body, -zlib.MAX_WBITS)


def _decode_one(body: bytes, coding: str) -> bytes | None:
    if coding in ("", "identity"):
        return body
    if coding in ("gzip", "x-gzip"):
        # A body that is not gzip although the header says so was stored decoded already.
        return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body
    if coding == "deflate":
        try:
            return _inflate(body)
        except zlib.error:
            return body
    decoder = _optional_decoder(coding)
    return None if decoder is None else decoder(body)


def decode_content(body: bytes, content_encoding: str | None) -> bytes | None:
    """``body`` undone from ``content_encoding`` (outermost last), or None if a coding has no decoder."""
    if not content_encoding or not body:
        return body
    codings = [part.strip().lower() for part in content_encoding.split(",")]
    for coding in reversed(codings):
        decoded = _decode_one(body, coding)
        if decoded is None:
            return None
        body = decoded
    return body


def strip_encoding_headers(headers: Headers, *, keep_encoding: bool = False) -> Headers:
    """``headers`` without ``content-length`` (and ``content-encoding`` unless kept)."""
    dropped = {"content-length"} if keep_encoding else {"content-length", "content-encoding"}
    return tuple((name, value) for name, value in headers if name.lower() not in dropped)


# --------------------------------------------------------------------------------------------
# Multipart boundaries
# --------------------------------------------------------------------------------------------

STABLE_BOUNDARY = "openai-kit-cassette-boundary"
_BOUNDARY = re.compile(r"(boundary=)(\"?)([^\";]+)\2", re.IGNORECASE)


def stable_multipart(headers: Headers, body: bytes) -> tuple[Headers, bytes]:
    """A multipart request with its random boundary replaced by :data:`STABLE_BOUNDARY`.

    Re-recording an upload then changes nothing in the file. Other requests,
    and bodies that happen to contain the stable boundary, are returned as they are.
    """
    content_type = header_value(headers, "content-type") or ""
    found = _BOUNDARY.search(content_type)
    if not found or not content_type.lower().startswith("multipart/"):
        return headers, body
    old = found.group(3)
    if STABLE_BOUNDARY.encode() in body:
        return headers, body
    fixed = tuple(
        (name, _BOUNDARY.sub(rf"\g<1>\g<2>{STABLE_BOUNDARY}\g<2>", value, count=1))
        if name.lower() == "content-type"
        else (name, value)
        for name, value in headers
    )
    return fixed, body.replace(b"--" + old.encode("latin-1"), b"--" + STABLE_BOUNDARY.encode())


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def _json_default(value: object) -> str:
    # YAML turns unquoted date-like scalars into dates; JSON had them as strings.
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _json_bytes(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=_json_default).encode("utf-8")


def _headers(raw: object, where: str) -> Headers:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise CassetteFormatError(f"{where}: headers must be a mapping, not {type(raw).__name__}")
    pairs: list[tuple[str, str]] = []
    for name, values in raw.items():
        items = values if isinstance(values, list | tuple) else [values]
        pairs.extend((str(name), str(value)) for value in items)
    return tuple(pairs)


def _scalar_body(raw: object, where: str) -> bytes:
    """A body stored as text, bytes, ``{string: ...}``, a file (``BytesIO``) or chunks."""
    if raw is None:
        return b""
    if isinstance(raw, Mapping) and "string" in raw:
        return _scalar_body(raw["string"], where)
    if isinstance(raw, str):
        return raw.encode("utf-8")
    if isinstance(raw, bytes | bytearray):
        return bytes(raw)
    read = getattr(raw, "read", None)
    if callable(read):
        return _scalar_body(read(), where)
    if isinstance(raw, Iterable):
        return b"".join(_scalar_body(part, where) for part in raw)
    raise CassetteFormatError(f"{where}: cannot read a body of type {type(raw).__name__}")


def _request(raw: object, where: str) -> RecordedRequest:
    if not isinstance(raw, Mapping) or "uri" not in raw:
        raise CassetteFormatError(f"{where}: a request needs at least 'method' and 'uri'")
    body = _json_bytes(raw["parsed_body"]) if "parsed_body" in raw else None
    if body is None:
        body = _scalar_body(raw.get("body"), where)
    return RecordedRequest(
        method=str(raw.get("method", "GET")).upper(),
        uri=str(raw["uri"]),
        headers=strip_encoding_headers(_headers(raw.get("headers"), where), keep_encoding=True),
        body=body,
    )


def _status(raw: Mapping[str, Any], where: str) -> tuple[int, str]:
    status = raw.get("status")
    if isinstance(status, Mapping) and "code" in status:
        code = int(status["code"])
        message = status.get("message")
    elif "status_code" in raw:
        code, message = int(raw["status_code"]), raw.get("reason_phrase")
    else:
        raise CassetteFormatError(f"{where}: a response needs 'status: {{code}}' or 'status_code'")
    if not message:
        try:
            message = HTTPStatus(code).phrase
        except ValueError:
            message = ""
    return code, str(message)


def _response(raw: object, where: str) -> RecordedResponse:
    if not isinstance(raw, Mapping):
        raise CassetteFormatError(f"{where}: a response must be a mapping")
    code, reason = _status(raw, where)
    headers = _headers(raw.get("headers"), where)
    if "parsed_body" in raw:
        body, was_text = _json_bytes(raw["parsed_body"]), True
    else:
        stored = raw["body"] if "body" in raw else raw.get("content")
        if isinstance(stored, Mapping):
            stored = stored.get("string")
        was_text = stored is None or isinstance(stored, str)
        body = _scalar_body(stored, where)
    if was_text:
        # Text was stored decoded whatever the headers say (gzip bytes are never valid text).
        return RecordedResponse(code, reason, strip_encoding_headers(headers), body)
    decoded = decode_content(body, header_value(headers, "content-encoding"))
    if decoded is None:  # no decoder installed: replay it encoded, as the server sent it
        return RecordedResponse(
            code, reason, strip_encoding_headers(headers, keep_encoding=True), body
        )
    return RecordedResponse(code, reason, strip_encoding_headers(headers), decoded)


def _frame(raw: object, where: str) -> WebSocketFrame:
    if isinstance(raw, Mapping) and len(raw) == 1:
        ((sender, data),) = raw.items()
        if sender in ("client", "server") and isinstance(data, str | bytes):
            return WebSocketFrame(sender, data)
    raise CassetteFormatError(f"{where}: a WebSocket frame is {{client: data}} or {{server: data}}")


def _session(raw: object, where: str) -> RecordedSession | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("frames", []), list):
        raise CassetteFormatError(f"{where}: 'websocket' must be a mapping with a 'frames' list")
    close = raw.get("close")
    if close is not None and not (isinstance(close, Mapping) and "code" in close):
        raise CassetteFormatError(f"{where}: 'websocket.close' needs a 'code'")
    return RecordedSession(
        frames=tuple(_frame(item, where) for item in raw.get("frames") or []),
        close=None if close is None else (int(close["code"]), str(close.get("reason") or "")),
    )


def _read_data(text: str | bytes) -> object:
    """The YAML data of a cassette: the fast reader for files this module wrote, else vcrpy's."""
    try:
        decoded = text.decode("utf-8") if isinstance(text, bytes) else text
        return fastload.parse(decoded)
    except (fastload.NotFast, UnicodeDecodeError):
        return parse_yaml(text)


def parse_cassette(text: str | bytes, *, source: str = "<cassette>") -> list[Interaction]:
    """The interactions of a cassette's text, in order."""
    try:
        data = _read_data(text)
    except (yaml.YAMLError, ValueError) as exc:
        raise CassetteFormatError(f"{source}: not readable as a YAML cassette: {exc}") from exc
    if data is None:
        return []
    if not isinstance(data, Mapping) or not isinstance(data.get("interactions", []), list):
        raise CassetteFormatError(f"{source}: expected a mapping with an 'interactions' list")
    version = data.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise CassetteFormatError(
            f"{source}: cassette format version {version!r}; this reader knows {FORMAT_VERSION}"
        )
    interactions: list[Interaction] = []
    for index, item in enumerate(data.get("interactions") or []):
        where = f"{source}, interaction {index}"
        if not isinstance(item, Mapping):
            raise CassetteFormatError(f"{where}: expected a mapping with request and response")
        interactions.append(
            Interaction(
                _request(item.get("request"), where),
                _response(item.get("response"), where),
                _session(item.get("websocket"), where),
            )
        )
    return interactions


def load_cassette(path: Path) -> list[Interaction]:
    """The interactions stored in ``path`` (which must exist)."""
    return parse_cassette(path.read_bytes(), source=str(path))


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


class _Dumper(_BaseDumper):
    """Safe YAML with multi-line text as literal blocks (``|``), one source line per line."""


def _represent_str(dumper: _Dumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def _stored_body(body: bytes, content_type: str) -> str | bytes:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return body
    if "event-stream" in content_type.lower() or text.lstrip()[:1] not in ("{", "["):
        return text
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False, allow_nan=False)
    except (ValueError, RecursionError):
        return text


def _stored_headers(headers: Headers) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for name, value in headers:
        first = names.setdefault(name.lower(), name)
        grouped.setdefault(first, []).append(value)
    return grouped


def _stored_session(session: RecordedSession) -> dict[str, object]:
    stored: dict[str, object] = {"frames": [{f.sender: f.data} for f in session.frames]}
    if session.close is not None:
        stored["close"] = {"code": session.close[0], "reason": session.close[1]}
    return stored


def _stored(interaction: Interaction) -> dict[str, object]:
    request, response = interaction.request, interaction.response
    request_body = (
        _stored_body(request.body, request.header("content-type") or "") if request.body else None
    )
    return {
        "request": {
            "method": request.method,
            "uri": request.uri,
            "body": request_body,
            "headers": _stored_headers(strip_encoding_headers(request.headers, keep_encoding=True)),
        },
        "response": {
            "status": {"code": response.status, "message": response.reason},
            # A content-encoding left in memory is one no installed decoder could undo.
            "headers": _stored_headers(
                strip_encoding_headers(response.headers, keep_encoding=True)
            ),
            "body": {"string": _stored_body(response.body, response.header("content-type") or "")},
        },
        **(
            {}
            if interaction.websocket is None
            else {"websocket": _stored_session(interaction.websocket)}
        ),
    }


def dump_cassette(interactions: Sequence[Interaction]) -> str:
    """The YAML text of a cassette holding ``interactions`` (already scrubbed)."""
    data = {"version": FORMAT_VERSION, "interactions": [_stored(x) for x in interactions]}
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )


def write_cassette(path: Path, interactions: Sequence[Interaction]) -> None:
    """Write ``interactions`` to ``path`` atomically (a reader never sees half a file)."""
    text = dump_cassette(interactions)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
