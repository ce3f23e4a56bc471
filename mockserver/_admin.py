"""The control plane under ``/_mock/``: journal, reset and scripted responses over HTTP.

It needs no API key and is never journaled, so a server running in another
process can be driven and inspected by an HTTP client on the same machine
(over the network only from loopback hosts and origins, or with the admin
token: see ``_admin_access``):

- ``GET /_mock/requests`` → ``{"data": [entries], "has_more", "first_id",
  "last_id"}``, oldest first; ``?limit=N`` pages (at most 10,000 a page),
  ``?after=<request_id>`` goes on after an entry; the query parameters
  ``operation``, ``method``, ``path``, ``status``, ``model``, ``style`` and
  ``since`` (a ``request_id``: the entries after it) filter it; an unknown
  parameter is a 400. ``DELETE`` empties it.
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
- ``/_mock/realtime/faults`` installs, lists and removes Realtime session
  faults (``api/realtime/admin``).
- ``GET /_mock/clock`` reads the server's clock (``now``, ``offset``,
  ``frozen``); ``POST`` with ``{"advance": seconds}`` and/or ``{"frozen":
  true|false}`` moves it: rate-limit buckets refill and background responses
  progress (queued → in_progress → completed) as it does.

Bad input is a 400 with an OpenAI-shaped error body; nothing changes then
(every definition is checked whole before anything is installed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._admin_kit import (
    Endpoint,
    collection,
    error_answer,
    json_answer,
    read_json,
)
from openai_kit.mockserver._admin_webhooks import webhook_routes
from openai_kit.mockserver._clock import MAX_ADVANCE
from openai_kit.mockserver._definitions import check_seconds
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._faults_book import FaultBook
from openai_kit.mockserver._journal import FilterError, filter_params
from openai_kit.mockserver.api.realtime.admin import realtime_admin_routes

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["admin_routes", "any_method_route", "fault_routes"]

_MAX_PAGE = 10_000


_ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def any_method_route(path: str, endpoint: Endpoint) -> Route:
    """A route that takes every method (TRACE, CONNECT, lowercase and made-up ones too).

    Each path answers every method itself: one it does not serve gets the
    service's own error body, never Starlette's plain-text 405.
    """
    route = Route(path, endpoint)
    route.methods = None  # Starlette then checks no method
    return route


def _route(core: ServerCore, path: str, endpoint: Endpoint, methods: list[str]) -> Route:
    """``path`` answered by ``endpoint`` behind the admin API's door (``core.admin``).

    Every method reaches it: one it does not serve is a JSON 405, and bad
    input a JSON 400 whatever raised it.
    """

    async def checked(request: Request) -> Response:
        refusal = core.admin.refusal(request.scope)
        if refusal is not None:
            return error_answer(*refusal)
        if request.method not in methods:
            allowed = ", ".join(methods)
            return error_answer(405, f"{request.url.path[:200]} answers {allowed} only.")
        try:
            return await endpoint(request)
        except (TypeError, ValueError, RecursionError) as exc:
            return error_answer(400, str(exc)[:1000])

    return any_method_route(path, checked)


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


def _clock_change(data: object) -> tuple[float, bool | None]:
    """``(advance, frozen)`` of a ``POST /_mock/clock`` body; ValueError when it is not one."""
    if not isinstance(data, dict) or set(data) - {"advance", "frozen"}:
        raise ValueError('expected {"advance": seconds} and/or {"frozen": true|false}')
    frozen = data.get("frozen")
    if frozen is not None and not isinstance(frozen, bool):
        raise ValueError("frozen must be true or false")
    advance = data.get("advance", 0)
    if isinstance(advance, bool) or not isinstance(advance, int | float):
        raise ValueError("advance must be a number of seconds >= 0")
    return check_seconds("advance", advance, maximum=MAX_ADVANCE), frozen


def _clock_route(core: ServerCore) -> Endpoint:
    async def clock(request: Request) -> Response:
        server_clock = core.clock
        if request.method == "POST":
            try:
                advance, frozen = _clock_change(await read_json(request))
            except ValueError as exc:
                return error_answer(400, str(exc), "clock")
            if frozen is True:
                server_clock.freeze()
            elif frozen is False:
                server_clock.resume()
            if advance:
                server_clock.advance(advance)
                core.state.tick()
        return json_answer(server_clock.to_json())

    return clock


def fault_routes(core: ServerCore) -> list[BaseRoute]:
    """``/_mock/faults`` and ``/_mock/clock``."""

    book = core.faults

    rules = collection(
        book.to_json, book.clear, lambda data: book.add_json(data).to_json(), param="fault"
    )

    async def one_rule(request: Request) -> Response:
        rule_id = request.path_params["rule_id"]
        rule = book.get(rule_id)
        if rule is None:
            return error_answer(404, f"No fault rule with id {rule_id[:100]!r} is installed.")
        if request.method == "DELETE":
            rule.remove()
            return json_answer({"id": rule_id, "deleted": True})
        return json_answer(rule.to_json())

    async def hits(request: Request) -> Response:
        return json_answer({"data": _hits_json(book)})

    return [
        _route(core, "/_mock/faults", rules, ["GET", "POST", "DELETE"]),
        _route(core, "/_mock/faults/hits", hits, ["GET"]),
        _route(core, "/_mock/faults/{rule_id}", one_rule, ["GET", "DELETE"]),
        _route(core, "/_mock/clock", _clock_route(core), ["GET", "POST"]),
    ]


def _page_query(request: Request) -> tuple[int | None, str | None]:
    """``limit`` and ``after`` of ``GET /_mock/requests``."""
    query = request.query_params
    raw = query.get("limit")
    try:
        limit = None if raw is None else P.integer_query("limit", raw, 1, _MAX_PAGE)
    except MockAPIError as err:
        raise ValueError(err.message) from None
    return limit, query.get("after") or None


def admin_routes(core: ServerCore, reset: Callable[[], None] | None = None) -> list[BaseRoute]:
    """Routes of the admin API; ``reset`` (optional) is called by ``POST /_mock/reset``."""

    async def requests(request: Request) -> Response:
        if request.method == "DELETE":
            return json_answer({"deleted": core.journal.clear()})
        limit, after = _page_query(request)
        filters = {k: v for k, v in request.query_params.items() if k not in ("limit", "after")}
        try:
            entries = filter_params(core.journal, filters) if filters else None
        except FilterError as exc:
            return error_answer(400, str(exc), exc.param)
        return json_answer(core.journal.page(after=after, limit=limit, entries=entries))

    async def reset_all(request: Request) -> Response:
        if reset is not None:
            reset()
        else:
            core.reset()
        return json_answer({"reset": True})

    scripts = collection(
        lambda: [s.to_json() for s in core.scripts.pending],
        core.scripts.clear,
        lambda data: core.scripts.add_json(data).to_json(),
    )

    async def media(request: Request) -> Response:
        from openai_kit.mockserver.media.hosted import HostedMedia

        found = core.state.get(HostedMedia).get(request.path_params["name"])
        if found is None:
            return error_answer(404, "The mock hosts no such media (it keeps the newest only).")
        return Response(found[0], media_type=found[1])

    async def unknown(request: Request) -> Response:
        path = request.url.path[:200]
        return error_answer(404, f"The mock has no admin endpoint {request.method[:20]} {path}.")

    return [
        _route(core, "/_mock/requests", requests, ["GET", "DELETE"]),
        _route(core, "/_mock/reset", reset_all, ["POST"]),
        _route(core, "/_mock/scripts", scripts, ["GET", "POST", "DELETE"]),
        _route(core, "/_mock/media/{name}", media, ["GET"]),
        *fault_routes(core),
        *webhook_routes(core, _route),
        *realtime_admin_routes(core, _route),
        _route(core, "/_mock/{rest:path}", unknown, _ALL_METHODS),
    ]
