"""The control plane under ``/_mock/``: journal, reset and scripted responses over HTTP.

It needs no API key and is never journaled, so a server running in another
process can be driven and inspected by any HTTP client:

- ``GET /_mock/requests`` → ``{"data": [entries]}``; ``DELETE`` empties it.
- ``POST /_mock/reset`` forgets state, journal and scripts.
- ``POST /_mock/scripts`` queues a script (the keyword arguments of
  ``MockServer.script`` as JSON, ``error`` as a status or
  ``{"status", "message", "type", "param", "code"}``); ``GET`` lists pending
  scripts; ``DELETE`` drops them all.
- ``POST /_mock/faults`` installs a fault rule: ``{"fault": {"kind": "status",
  "status": 429}, "operation": ..., "model": ..., "deployment": ...,
  "header": ..., "times": ..., "after": ..., "probability": ...}``; ``fault``
  may be a list (a sequence, ``null`` answering normally), a bare status
  code or a spec string (``"hang"``, ``"status=503"``). ``GET`` lists the
  rules, ``DELETE`` removes them all; ``GET|DELETE /_mock/faults/{id}`` one
  rule; ``GET /_mock/faults/hits`` which fault hit which request.
- ``GET /_mock/clock`` reads the server's clock (``now``, ``offset``,
  ``frozen``); ``POST`` with ``{"advance": seconds}`` and/or ``{"frozen":
  true|false}`` moves it: rate-limit buckets refill and background responses
  progress (queued → in_progress → completed) as it does.

Bad input is a 400 with an OpenAI-shaped error body; nothing changes then.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from openai_kit.mockserver._faults_book import FaultBook

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["admin_routes", "fault_routes"]


def _error(status: int, message: str, param: str | None = None) -> JSONResponse:
    body = {
        "error": {"message": message, "type": "invalid_request_error", "param": param, "code": None}
    }
    return JSONResponse(body, status)


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        raise ValueError("the request body is not valid JSON") from None


def _hits_json(book: FaultBook) -> list[dict[str, Any]]:
    return [
        {
            "request_id": hit.request.request_id,
            "operation": hit.request.operation,
            "path": hit.request.path,
            "rule": None if hit.rule is None else hit.rule.id,
            "fault": hit.fault.to_json(),
        }
        for hit in book.hits
    ]


def fault_routes(core: ServerCore) -> list[BaseRoute]:
    """``/_mock/faults`` and ``/_mock/clock``."""

    book = core.faults

    async def rules(request: Request) -> Response:
        if request.method == "GET":
            return JSONResponse({"data": book.to_json()})
        if request.method == "DELETE":
            return JSONResponse({"deleted": book.clear()})
        try:
            rule = book.add_json(await _json_body(request))
        except (TypeError, ValueError) as exc:
            return _error(400, str(exc), "fault")
        return JSONResponse(rule.to_json(), 201)

    async def one_rule(request: Request) -> Response:
        rule_id = request.path_params["rule_id"]
        rule = book.get(rule_id)
        if rule is None:
            return _error(404, f"No fault rule with id {rule_id!r} is installed.")
        if request.method == "DELETE":
            rule.remove()
            return JSONResponse({"id": rule_id, "deleted": True})
        return JSONResponse(rule.to_json())

    async def hits(request: Request) -> Response:
        return JSONResponse({"data": _hits_json(book)})

    async def clock(request: Request) -> Response:
        server_clock = core.clock
        if request.method == "POST":
            try:
                data = await _json_body(request)
                if not isinstance(data, dict) or set(data) - {"advance", "frozen"}:
                    raise ValueError('expected {"advance": seconds} and/or {"frozen": true|false}')
                frozen = data.get("frozen")
                if frozen is not None and not isinstance(frozen, bool):
                    raise ValueError("frozen must be true or false")
                advance = data.get("advance", 0)
                if (
                    isinstance(advance, bool)
                    or not isinstance(advance, int | float)
                    or not math.isfinite(advance)
                    or advance < 0
                ):
                    raise ValueError("advance must be a number of seconds >= 0")
            except ValueError as exc:
                return _error(400, str(exc), "clock")
            if frozen is True:
                server_clock.freeze()
            elif frozen is False:
                server_clock.resume()
            if advance:
                server_clock.advance(advance)
                core.state.tick()
        return JSONResponse(server_clock.to_json())

    return [
        Route("/_mock/faults", rules, methods=["GET", "POST", "DELETE"]),
        Route("/_mock/faults/hits", hits, methods=["GET"]),
        Route("/_mock/faults/{rule_id}", one_rule, methods=["GET", "DELETE"]),
        Route("/_mock/clock", clock, methods=["GET", "POST"]),
    ]


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

    async def media(request: Request) -> Response:
        from openai_kit.mockserver.media.hosted import HostedMedia

        found = core.state.get(HostedMedia).get(request.path_params["name"])
        if found is None:
            return _error(404, "The mock hosts no such media (it keeps the newest only).")
        return Response(found[0], media_type=found[1])

    async def unknown(request: Request) -> Response:
        return _error(404, f"The mock has no admin endpoint {request.method} {request.url.path}.")

    return [
        Route("/_mock/requests", requests, methods=["GET", "DELETE"]),
        Route("/_mock/reset", reset_all, methods=["POST"]),
        Route("/_mock/scripts", scripts, methods=["GET", "POST", "DELETE"]),
        Route("/_mock/media/{name}", media, methods=["GET"]),
        *fault_routes(core),
        Route("/_mock/{rest:path}", unknown),
    ]
