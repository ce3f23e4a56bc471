"""The control plane under ``/_mock/``: journal, reset and scripted responses over HTTP.

It needs no API key and is never journaled, so a server running in another
process can be driven and inspected by any HTTP client:

- ``GET /_mock/requests`` → ``{"data": [entries]}``; ``DELETE`` empties it.
- ``POST /_mock/reset`` forgets state, journal and scripts.
- ``POST /_mock/scripts`` queues a script (the keyword arguments of
  ``MockServer.script`` as JSON, ``error`` as a status or
  ``{"status", "message", "type", "param", "code"}``); ``GET`` lists pending
  scripts; ``DELETE`` drops them all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["admin_routes"]


def _error(status: int, message: str) -> JSONResponse:
    body = {
        "error": {"message": message, "type": "invalid_request_error", "param": None, "code": None}
    }
    return JSONResponse(body, status)


def admin_routes(core: ServerCore, reset: Callable[[], None] | None = None) -> list[BaseRoute]:
    """Routes of the admin API; ``reset`` (optional) is called by ``POST /_mock/reset``."""

    async def requests(request: Request) -> Response:
        if request.method == "DELETE":
            return JSONResponse({"deleted": core.journal.clear()})
        return JSONResponse({"data": core.journal.to_json()})

    async def reset_all(request: Request) -> Response:
        if reset is not None:
            reset()
        else:
            core.reset()
        return JSONResponse({"reset": True})

    async def scripts(request: Request) -> Response:
        if request.method == "GET":
            return JSONResponse({"data": [s.to_json() for s in core.scripts.pending]})
        if request.method == "DELETE":
            return JSONResponse({"deleted": core.scripts.clear()})
        try:
            data = json.loads(await request.body())
            script = core.scripts.add_json(data)
        except ValueError as exc:
            return _error(400, str(exc))
        return JSONResponse(script.to_json(), 201)

    async def unknown(request: Request) -> Response:
        return _error(404, f"The mock has no admin endpoint {request.method} {request.url.path}.")

    return [
        Route("/_mock/requests", requests, methods=["GET", "DELETE"]),
        Route("/_mock/reset", reset_all, methods=["POST"]),
        Route("/_mock/scripts", scripts, methods=["GET", "POST", "DELETE"]),
        Route("/_mock/{rest:path}", unknown),
    ]
