"""``openai-kit-mock --record-to DIR --upstream URL``: a recording proxy for any client.

Each API request goes to ``URL`` + its path and query, with the client's own
headers (its credentials included) and body; the answer comes back as it
arrives, a stream event by event. Once an answer is complete the exchange is
written to a cassette in ``DIR`` (``recorded-<UTC time>.yaml``, rewritten
after each exchange, so a stopped server loses nothing), scrubbed of secrets
by the pytest plugin's rules: the plugin and ``--cassettes DIR`` replay it.

An upstream that cannot be reached is a 502 with an OpenAI-shaped error.
Recording needs the ``testing`` extra (PyYAML).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from openai_kit.mockserver._elsewhere import HOP_BY_HOP, Journaler, read_body
from openai_kit.mockserver._journal import RequestJournal

if TYPE_CHECKING:
    from openai_kit.pytest_plugin._model import Interaction

__all__ = ["CassetteRecorder", "ProxyApp"]

_TIMEOUT = httpx.Timeout(600.0, connect=10.0)


class CassetteRecorder:
    """Writes the exchanges of one server run to one new cassette file in ``directory``."""

    def __init__(self, directory: Path) -> None:
        try:
            from openai_kit.pytest_plugin._serialize import write_cassette
            from openai_kit.pytest_plugin._transport import recorded_interaction
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise ValueError(
                f"recording needs the testing extra (pip install 'openai-kit[testing]'): {exc}"
            ) from None
        self._write = write_cassette
        self.scrubbed = recorded_interaction
        directory.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
        path = directory / f"recorded-{stamp}.yaml"
        number = 1
        while path.exists():
            number += 1
            path = directory / f"recorded-{stamp}-{number}.yaml"
        self.path = path
        self._interactions: list[Interaction] = []
        self._lock = threading.Lock()

    def add(
        self, request: httpx.Request, body: bytes, response: httpx.Response, raw: bytes
    ) -> None:
        interaction = self.scrubbed(request, body, response, raw)
        with self._lock:
            self._interactions.append(interaction)
            self._write(self.path, list(self._interactions))

    def __len__(self) -> int:
        return len(self._interactions)


def _forwarded(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in raw
        if name.decode("latin-1").lower() not in HOP_BY_HOP
    ]


class ProxyApp:
    """Forwards API requests to ``upstream`` and records them; ``/_mock/`` goes to ``mock_app``."""

    def __init__(
        self, upstream: str, recorder: CassetteRecorder, mock_app: ASGIApp, journal: RequestJournal
    ) -> None:
        url = httpx.URL(upstream)
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"--upstream must be an http(s) URL, not {upstream!r}")
        self.upstream = upstream.rstrip("/")
        self.recorder = recorder
        self.mock_app = mock_app
        self.journaler = Journaler(journal)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_mock/"):
            await self.mock_app(scope, receive, send)
            return
        body = await read_body(receive)
        # a client per request: nothing stays open when the server's event loop ends
        async with httpx.AsyncClient(timeout=_TIMEOUT) as client:
            await self._forward(client, scope, receive, send, body)

    async def _forward(
        self, client: httpx.AsyncClient, scope: Scope, receive: Receive, send: Send, body: bytes
    ) -> None:
        entry = self.journaler.note(scope, body, "proxy")
        query = scope["query_string"].decode("latin-1")
        request = client.build_request(
            scope["method"],
            self.upstream + scope["path"] + (f"?{query}" if query else ""),
            headers=_forwarded(scope["headers"]),
            content=body,
        )
        try:
            response = await client.send(request, stream=True)
        except httpx.HTTPError as exc:
            entry.status = 502
            message = f"The upstream {self.upstream} could not be reached: {type(exc).__name__}."
            error = {"message": message, "type": "server_error", "param": None}
            await JSONResponse({"error": {**error, "code": "upstream_unreachable"}}, 502)(
                scope, receive, send
            )
            return
        entry.status = response.status_code
        entry.request_id = response.headers.get("x-request-id", "")
        raw_headers = [
            (n.lower().encode("latin-1"), v.encode("latin-1"))
            for n, v in response.headers.multi_items()
            if n.lower() not in HOP_BY_HOP
        ]
        await send(
            {"type": "http.response.start", "status": response.status_code, "headers": raw_headers}
        )
        parts: list[bytes] = []
        try:
            async for chunk in response.aiter_raw():
                parts.append(chunk)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        finally:
            await response.aclose()
        await send({"type": "http.response.body", "body": b""})
        self.recorder.add(request, body, response, b"".join(parts))
