"""Assemble the Starlette app: admin routes, the URL table, a catch-all 404.

The URL table mounts every operation on three route families:

- OpenAI: ``/v1`` + path.
- Azure classic: ``/openai/deployments/{deployment}`` + path for operations
  that run on a deployment, ``/openai`` + path for the others;
  ``api-version`` required: without it the answer is Azure's 404
  ``{"error": {"code": "404", "message": "Resource not found"}}`` (what the
  service answers a URL it cannot route), and a value that is not a
  ``YYYY-MM-DD[-preview]`` date is a 400 ``API version not supported``. An
  unknown deployment is a 404 ``DeploymentNotFound``.
- Azure v1: ``/openai/v1`` + path; ``api-version`` optional, the body's
  ``model`` names the deployment.

An operation Azure does not serve gets Azure's 404 on its routes (one served on
the classic routes only, such as the Assistants API, gets it on Azure v1). The POSTs of
operations declared ``fast`` take a raw-ASGI way in ahead of the router (``_fastpath``).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Router, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from openai_kit.mockserver._admin import admin_routes, any_method_route
from openai_kit.mockserver._core import ServerCore
from openai_kit.mockserver._fastpath import MockApp
from openai_kit.mockserver._journal import Style
from openai_kit.mockserver._operation import Operation, WebSocketEndpoint
from openai_kit.mockserver._pipeline import serve, style_of_path

__all__ = ["build_app", "socket_apps", "url_table"]

Endpoint = Callable[[Request], Awaitable[Response]]
# Paths remembered by the router (ids and deployment names make new ones).
_MAX_RESOLVED = 4096


def _endpoint(style: Style, operations: Mapping[str, Operation]) -> Endpoint:
    """The endpoint of one URL-table path, for any server: the app serving the request
    (Starlette puts it in the scope, and so does the fast path) holds the server's core."""

    async def endpoint(request: Request) -> Response:
        app: MockApp = request.scope["app"]
        return await serve(app.core, style, operations, request)

    return endpoint


_ApiRoute = tuple[BaseRoute, Style, str, Mapping[str, Operation]]


@functools.lru_cache(maxsize=16)
def _api_routes(operations: tuple[Operation, ...]) -> tuple[_ApiRoute, ...]:
    """The URL table's routes, built once per set of operations and shared by every server
    serving it: compiling some 200 path patterns per server was most of what a new
    ``MockServer`` cost (a fresh one per test, in the pytest plugin)."""
    return tuple(
        (any_method_route(path, _endpoint(style, ops)), style, path, ops)
        for style, path, ops in url_table(operations)
    )


class _ResolvingRouter(Router):
    """Starlette's router, remembering which route a path and method resolved to.

    Starlette tries the routes in order on every request (a regex each). A
    route's match depends only on the path and the method, so the first
    route that fully matched a (path, method) is remembered; the next
    request for it goes straight there (its own ``matches`` still fills the
    path parameters). Anything else (partial matches, 404s, lifespan) takes
    Starlette's own way, and a change to the route list forgets everything.
    """

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        super().__init__(routes=list(routes))
        self._resolved: dict[tuple[str, str, str], BaseRoute] = {}
        self._route_count = len(self.routes)

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().app(scope, receive, send)
            return
        if len(self.routes) != self._route_count:
            self._resolved.clear()
            self._route_count = len(self.routes)
        # what a route's match depends on: the path below the root path, the method
        key = (scope["path"], scope.get("root_path", ""), scope["method"])
        route = self._resolved.get(key)
        if route is None:
            for candidate in self.routes:
                match, _ = candidate.matches(scope)
                if match is Match.FULL:
                    route = candidate
                    break
                if match is Match.PARTIAL:
                    break  # Starlette's way: it may still find a full match further on
            if route is None:
                await super().app(scope, receive, send)
                return
            if len(self._resolved) >= _MAX_RESOLVED:
                self._resolved.clear()
            self._resolved[key] = route
        _full, child_scope = route.matches(scope)
        if "router" not in scope:
            scope["router"] = self
        scope["route"] = route
        scope.update(child_scope)
        await route.handle(scope, receive, send)


def url_table(operations: Iterable[Operation]) -> list[tuple[Style, str, dict[str, Operation]]]:
    """``(style, path pattern, {method: operation})`` for every served path, in order."""
    table: dict[tuple[Style, str], dict[str, Operation]] = {}
    for op in operations:
        mounts: list[tuple[Style, str]] = [("openai", "/v1" + op.path)]
        if op.azure:
            classic = "/openai/deployments/{deployment}" if op.deployment else "/openai"
            mounts.append(("azure", classic + op.path))
            if op.azure is True:
                mounts.append(("azure_v1", "/openai/v1" + op.path))
        for key in mounts:
            table.setdefault(key, {})[op.method] = op
    return [(style, path, methods) for (style, path), methods in table.items()]


def socket_apps(core: ServerCore) -> dict[str, ASGIApp]:
    """The app of each WebSocket endpoint of every area by path, on each route family it has.

    Azure's classic route takes the deployment from the query (``?deployment=``),
    so both Azure mounts sit at ``/openai`` + path and ``/openai/v1`` + path.
    """
    apps: dict[str, ASGIApp] = {}
    for endpoint in (ws for area in core.areas for ws in area.websockets):
        mounts: list[tuple[Style, str]] = [("openai", "/v1" + endpoint.path)]
        if endpoint.azure:
            mounts += [
                ("azure_v1", "/openai/v1" + endpoint.path),
                ("azure", "/openai" + endpoint.path),
            ]
        for style, path in mounts:
            apps[path] = _SocketApp(core, style, endpoint)
    return apps


class _SocketApp:
    """A WebSocket endpoint as a plain ASGI app (Starlette wraps bare functions otherwise)."""

    def __init__(self, core: ServerCore, style: Style, endpoint: WebSocketEndpoint) -> None:
        self._core = core
        self._style: Style = style
        self._handler = endpoint.handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._handler(self._core, self._style, scope, receive, send)


def build_app(core: ServerCore, reset: Callable[[], None] | None = None) -> Starlette:
    """The ASGI app of one mock server (``reset`` backs ``POST /_mock/reset``)."""
    sockets = socket_apps(core)
    routes: list[BaseRoute] = [
        *admin_routes(core, reset),
        *(WebSocketRoute(path, socket) for path, socket in sockets.items()),
    ]
    fast = _api_routes(tuple(core.operations.values()))
    routes.extend(route for route, *_ in fast)

    async def unknown(request: Request) -> Response:
        return await serve(core, style_of_path(request.url.path), {}, request)

    routes.append(any_method_route("/{path:path}", unknown))
    app = MockApp(core, routes)
    app.router = _ResolvingRouter(routes)
    app.sockets.update(sockets)
    for entry in fast:
        app.add_fast(*entry)
    return app
