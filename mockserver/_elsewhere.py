"""What the layers answering in the mock's place (cassette replay, the record proxy) share.

They read the whole request body, journal the request as the pipeline would
(the journal, the request log and the dashboard then show it like any other),
and send answers of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final
from urllib.parse import parse_qsl

from starlette.types import Message, Receive, Scope, Send

from openai_kit.mockserver._journal import RecordedRequest, RequestJournal
from openai_kit.mockserver._observe import ENTRY_SCOPE_KEY, SOURCE_SCOPE_KEY
from openai_kit.mockserver._op_lookup import OperationFinder
from openai_kit.mockserver._pipeline import style_of_path
from openai_kit.mockserver.api import AREAS

__all__ = ["HOP_BY_HOP", "Journaler", "read_body", "replayed_receive", "send_whole"]

# headers that describe one connection or one transfer, never passed on
HOP_BY_HOP: Final = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)


async def read_body(receive: Receive) -> bytes:
    """The whole request body (``b""`` when the client went away first)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def replayed_receive(body: bytes, receive: Receive) -> Receive:
    """``receive`` that gives ``body`` once (as one message), then the client's own messages."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def send_whole(
    send: Send, status: int, headers: Iterable[tuple[str, str]], chunks: Iterable[bytes]
) -> None:
    """One response: ``headers`` (minus hop-by-hop ones), then the body in ``chunks``."""
    raw = [
        (name.lower().encode("latin-1"), value.encode("latin-1"))
        for name, value in headers
        if name.lower() not in HOP_BY_HOP
    ]
    parts = list(chunks)
    raw.append((b"content-length", str(sum(len(p) for p in parts)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    for part in parts[:-1]:
        await send({"type": "http.response.body", "body": part, "more_body": True})
    await send({"type": "http.response.body", "body": parts[-1] if parts else b""})


class Journaler:
    """Journals requests answered outside the pipeline, tagged with who answered."""

    def __init__(self, journal: RequestJournal) -> None:
        self.journal = journal
        self.finder = OperationFinder(op for area in AREAS for op in area.operations)

    def note(self, scope: Scope, body: bytes, source: str) -> RecordedRequest:
        path: str = scope["path"]
        operation, params = self.finder.find(scope["method"], path)
        query = scope["query_string"].decode("latin-1")
        entry = RecordedRequest.from_asgi(
            operation,
            scope["method"],
            path,
            dict(parse_qsl(query, keep_blank_values=True)),
            scope["headers"],
            style=style_of_path(path),
            deployment=params.get("deployment"),
            request_id="",
            json_body=body if body.lstrip()[:1] == b"{" else None,
        )
        self.journal.append(entry)
        scope[ENTRY_SCOPE_KEY] = entry
        scope[SOURCE_SCOPE_KEY] = source
        return entry
