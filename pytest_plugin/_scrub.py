"""Secrets out of everything a cassette writes: headers, URLs and bodies.

Every secret becomes the fixed marker :data:`MARKER`, so a cassette shows
*that* a credential was sent without showing it:

- headers whose names say they hold a credential (``Authorization``,
  ``api-key``, ``X-Auth-Token``, ``X-Custom-Secret``, cookies, the organization
  and project ids: see ``_scrub_names`` for the rule and its allow and deny
  lists), in requests and responses;
- query parameters named likewise (``api-key=``, ``key=``, Azure's
  ``subscription-key=``, ...) and any user:password in the URL;
- anywhere (bodies, other headers, URLs): OpenAI keys ``sk-...`` (``sk-proj-``,
  ``sk-svcacct-``, ``sk-admin-``), session keys ``sess-...``, realtime
  ephemeral keys ``ek_...``, ``Bearer <token>``, JWTs, and the values of JSON
  fields named like ``api_key``, ``access_token``, ``client_secret`` or
  ``password``; also right after a JSON escape (``\nsk-...``), inside
  base64 (a run of base64 that decodes to text holding a credential is
  replaced whole), and inside a gzip-compressed body (decompressed, scrubbed,
  compressed again).

What is data stays: a credential is recognised by its shape (the prefixes
above, a JWT's three dot-separated parts) or by the name it travels under,
never by looking random, so hex digests, ids (``chatcmpl-...``, ``file-...``),
base64 images and hashes inside messages are kept as they are.

In an SSE response a model's text arrives a few characters per event, so a
key the model repeats is split across events where no pattern sees it whole.
:func:`scrub_event_stream` joins the text fragments of each stream field
(``delta.content``, ``arguments``, Responses' ``delta`` ...), finds secrets
in the joined text, and rewrites the events that carry a piece of one.

Matching applies the same scrubbing to live requests before comparing them
with recorded ones, so a request carrying a real key still matches the
recording of itself.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import re
import zlib
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from openai_kit.pytest_plugin._model import (
    Headers,
    Interaction,
    RecordedRequest,
    RecordedResponse,
    RecordedSession,
    WebSocketFrame,
    split_events,
)
from openai_kit.pytest_plugin._scrub_names import (
    DENIED_HEADERS,
    SECRET_QUERY_PARAMS,
    is_secret_header,
    is_secret_param,
)

__all__ = [
    "MARKER",
    "SECRET_HEADERS",
    "SECRET_QUERY_PARAMS",
    "is_secret_param",
    "scrub_body",
    "scrub_bytes",
    "scrub_event_stream",
    "scrub_headers",
    "scrub_interaction",
    "scrub_session",
    "scrub_text",
    "scrub_url",
]

MARKER: Final = "REDACTED"

#: Headers always scrubbed (others are too when their names say so: ``_scrub_names``).
SECRET_HEADERS: Final = DENIED_HEADERS

# One pass over the text; each alternative is a named group. The look-behinds
# keep "task-..." or "risk-..." from reading as a key, but let one start right
# after a JSON escape ("\nsk-...", "\u00a0sk-...").
_EDGE: Final = r"(?:(?<![A-Za-z0-9_-])|(?<=\\[nrtbf])|(?<=\\u[0-9A-Fa-f]{4}))"
_SOURCE: Final = "|".join(
    (
        r"(?P<bearer>(?i:bearer)\s+)(?!" + MARKER + r"\b)[A-Za-z0-9\-._~+/]{8,}=*",
        r"(?P<field>\"(?i:api[_-]?key|access[_-]?token|refresh[_-]?token|client[_-]?secret"
        r"|password|secret[_-]?key)\"\s*:\s*)\"(?:[^\"\\]|\\.)*\"",
        _EDGE + r"sk-[A-Za-z0-9_-]{16,}",
        _EDGE + r"sess-[A-Za-z0-9]{16,}",
        _EDGE + r"ek_[A-Za-z0-9]{16,}",
        _EDGE + r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
    )
)
_TEXT: Final = re.compile(_SOURCE)
_BYTES: Final = re.compile(_SOURCE.encode("ascii"))
_QUICK_TEXT: Final = re.compile(r"(?i:bearer|sk-|sess-|ek_|eyJ|key|token|secret|password)")
_QUICK_BYTES: Final = re.compile(_QUICK_TEXT.pattern.encode("ascii"))


def _replace_text(match: re.Match[str]) -> str:
    if match.group("bearer") is not None:
        return match.group("bearer") + MARKER
    if match.group("field") is not None:
        return match.group("field") + f'"{MARKER}"'
    return MARKER


def _replace_bytes(match: re.Match[bytes]) -> bytes:
    if match.group("bearer") is not None:
        return match.group("bearer") + MARKER.encode()
    if match.group("field") is not None:
        return match.group("field") + f'"{MARKER}"'.encode()
    return MARKER.encode()


def scrub_text(text: str) -> str:
    """``text`` with every secret pattern replaced by the marker."""
    if not _QUICK_TEXT.search(text):
        return text
    return _TEXT.sub(_replace_text, text)


# a run of base64 long enough to hide a key, short enough not to be an image or a file
_BASE64_RUN: Final = re.compile(
    rb"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,4096}={0,2}(?![A-Za-z0-9+/=_-])"
)


def _hides_secret(run: bytes) -> bool:
    """Whether ``run`` is base64 of text holding a credential."""
    padded = run.rstrip(b"=")
    padded += b"=" * (-len(padded) % 4)
    try:
        decoded = base64.b64decode(padded.replace(b"-", b"+").replace(b"_", b"/"), validate=True)
    except (binascii.Error, ValueError):
        return False
    return bool(_QUICK_BYTES.search(decoded)) and _BYTES.search(decoded) is not None


def _scrub_base64(data: bytes) -> bytes:
    return _BASE64_RUN.sub(
        lambda m: MARKER.encode() if _hides_secret(m.group(0)) else m.group(0), data
    )


def scrub_bytes(data: bytes) -> bytes:
    """The same as :func:`scrub_text`, on bytes (binary bodies, multipart uploads), and
    credentials hidden in base64 runs."""
    if _QUICK_BYTES.search(data):
        data = _BYTES.sub(_replace_bytes, data)
    return _scrub_base64(data)


def scrub_body(data: bytes, content_encoding: str | None) -> bytes:
    """:func:`scrub_bytes` of a body, through its gzip or deflate ``content_encoding``.

    A compressed body with a credential inside is written back compressed,
    scrubbed (deterministically: no time stamp); one without stays as it was.
    """
    coding = (content_encoding or "").strip().lower()
    if coding not in ("gzip", "x-gzip", "deflate") or not data:
        return scrub_bytes(data)
    try:
        plain = gzip.decompress(data) if "gzip" in coding else zlib.decompress(data)
    except (OSError, EOFError, zlib.error):
        return scrub_bytes(data)
    scrubbed = scrub_bytes(plain)
    if scrubbed == plain:
        return data
    return gzip.compress(scrubbed, mtime=0) if "gzip" in coding else zlib.compress(scrubbed)


def _scrub_query(query: str) -> str:
    pieces = []
    for piece in query.split("&"):
        name, sep, _value = piece.partition("=")
        pieces.append(f"{name}={MARKER}" if sep and is_secret_param(name) else scrub_text(piece))
    return "&".join(pieces)


def scrub_url(uri: str) -> str:
    """``uri`` without credentials: secret query values and any user:password replaced."""
    parts = urlsplit(uri)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = MARKER + "@" + netloc.rpartition("@")[2]
    query = _scrub_query(parts.query) if parts.query else parts.query
    return urlunsplit((parts.scheme, netloc, scrub_text(parts.path), query, parts.fragment))


def scrub_headers(headers: Headers) -> Headers:
    """Secret headers' values replaced by the marker; other values scrubbed of key patterns."""
    return tuple(
        (name, MARKER if is_secret_header(name) else scrub_text(value)) for name, value in headers
    )


# --------------------------------------------------------------------------------------------
# Secrets split across the events of a stream
# --------------------------------------------------------------------------------------------

# Fields that carry streamed text, a few characters per event.
_STREAM_FIELDS: Final = frozenset(
    {"content", "text", "delta", "arguments", "refusal", "reasoning_content", "transcript"}
)
_DATA_LINE: Final = re.compile(rb"^data:[ ]?(.*?)(\r?)$", re.MULTILINE)


@dataclass(slots=True)
class _Fragment:
    event: int
    holder: dict[str, Any]
    key: str
    text: str


def _stream_fragments(
    value: Any, path: str, event: int, groups: dict[str, list[_Fragment]]
) -> None:
    if isinstance(value, list):
        for position, item in enumerate(value):
            # Chat chunks name their choice with "index"; the list position may not.
            index = item.get("index", position) if isinstance(item, dict) else position
            _stream_fragments(item, f"{path}[{index}]", event, groups)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and key in _STREAM_FIELDS:
                groups.setdefault(f"{path}.{key}", []).append(_Fragment(event, value, key, item))
            elif isinstance(item, dict | list):
                _stream_fragments(item, f"{path}.{key}", event, groups)


def _stream_key(data: dict[str, Any]) -> str:
    # Responses events interleave items; their text belongs to (type, item, part).
    parts = (data.get(name) for name in ("type", "item_id", "output_index", "content_index"))
    return "/".join("" if part is None else str(part) for part in parts)


def _rewrite(fragments: list[_Fragment]) -> bool:
    """Scrub the joined text of ``fragments`` and hand each its share back; False: no secret."""
    joined = "".join(f.text for f in fragments)
    matches = list(_TEXT.finditer(joined)) if _QUICK_TEXT.search(joined) else []
    if not matches:
        return False
    starts = []
    offset = 0
    for fragment in fragments:
        starts.append(offset)
        offset += len(fragment.text)
    pieces: list[list[str]] = [[] for _ in fragments]

    def keep(begin: int, end: int) -> None:
        for number in range(max(bisect_right(starts, begin) - 1, 0), len(fragments)):
            low, high = starts[number], starts[number] + len(fragments[number].text)
            if low >= end:
                break
            if high > begin:
                pieces[number].append(joined[max(begin, low) : min(end, high)])

    position = 0
    for match in matches:
        keep(position, match.start())
        pieces[bisect_right(starts, match.start()) - 1].append(_replace_text(match))
        position = match.end()
    keep(position, len(joined))
    for fragment, parts in zip(fragments, pieces, strict=True):
        fragment.holder[fragment.key] = "".join(parts)
    return True


def scrub_event_stream(body: bytes) -> bytes:
    """An SSE body with secrets removed even where they span several events."""
    events = split_events(body)
    parsed: dict[int, dict[str, Any]] = {}
    groups: dict[str, list[_Fragment]] = {}
    for number, event in enumerate(events):
        lines = _DATA_LINE.findall(event)
        if len(lines) != 1 or not lines[0][0].startswith(b"{"):
            continue
        try:
            data = json.loads(lines[0][0])
        except ValueError:
            continue
        if isinstance(data, dict):
            parsed[number] = data
            _stream_fragments(data, _stream_key(data), number, groups)
    changed: set[int] = set()
    for fragments in groups.values():
        if _rewrite(fragments):
            changed.update(f.event for f in fragments)
    for number in changed:
        text = json.dumps(parsed[number], ensure_ascii=False, separators=(",", ":")).encode()
        event = events[number]
        line = _DATA_LINE.search(event)
        if line is not None:
            events[number] = event[: line.start()] + b"data: " + text + event[line.end(1) :]
    return b"".join(events)


# --------------------------------------------------------------------------------------------
# Whole interactions
# --------------------------------------------------------------------------------------------


def _header(headers: Headers, name: str) -> str | None:
    return next((value for key, value in headers if key.lower() == name), None)


def _scrub_frame(data: str | bytes) -> str | bytes:
    return scrub_text(data) if isinstance(data, str) else scrub_bytes(data)


def scrub_session(session: RecordedSession) -> RecordedSession:
    """A WebSocket session's frames without secrets, also where the server's text
    deltas split one across events (the frames are scrubbed as one event stream)."""
    frames = [WebSocketFrame(f.sender, _scrub_frame(f.data)) for f in session.frames]
    streamed = {
        number: f.data
        for number, f in enumerate(frames)
        if f.sender == "server" and isinstance(f.data, str) and not any(c in f.data for c in "\r\n")
    }
    if streamed:
        body = "".join(f"data: {text}\n\n" for text in streamed.values()).encode()
        for number, event in zip(streamed, split_events(scrub_event_stream(body)), strict=True):
            frames[number] = WebSocketFrame("server", event.decode()[len("data: ") : -2])
    return RecordedSession(tuple(frames), session.close)


def scrub_interaction(interaction: Interaction) -> Interaction:
    """A copy of ``interaction`` fit to be written: no secret left in any part."""
    request, response = interaction.request, interaction.response
    return Interaction(
        request=RecordedRequest(
            method=request.method,
            uri=scrub_url(request.uri),
            headers=scrub_headers(request.headers),
            body=scrub_body(request.body, _header(request.headers, "content-encoding")),
        ),
        response=RecordedResponse(
            status=response.status,
            reason=response.reason,
            headers=scrub_headers(response.headers),
            body=scrub_body(
                scrub_event_stream(response.body) if response.is_sse else response.body,
                _header(response.headers, "content-encoding"),
            ),
        ),
        websocket=None if interaction.websocket is None else scrub_session(interaction.websocket),
    )
