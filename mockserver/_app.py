"""Assemble the Starlette app: admin routes, the URL table, a catch-all 404."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from openai_kit.mockserver._core import ServerCore
from openai_kit.mockserver._journal import Style
from openai_kit.mockserver._pipeline import Operation, serve, style_of_path
from openai_kit.mockserver.routes.admin import admin_routes
from openai_kit.mockserver.routes.table import url_table

__all__ = ["build_app"]

Endpoint = Callable[[Request], Awaitable[Response]]
# Every path answers every method itself: a method the path does not serve
# gets the service's own 404 body, not Starlette's plain-text 405.
ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _endpoint(core: ServerCore, style: Style, operations: Mapping[str, Operation]) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        return await serve(core, style, operations, request)

    return endpoint


def build_app(core: ServerCore, reset: Callable[[], None] | None = None) -> Starlette:
    """The ASGI app of one mock server (``reset`` backs ``POST /_mock/reset``)."""
    routes: list[BaseRoute] = list(admin_routes(core, reset))
    for style, path, operations in url_table():
        routes.append(Route(path, _endpoint(core, style, operations), methods=ALL_METHODS))

    async def unknown(request: Request) -> Response:
        return await serve(core, style_of_path(request.url.path), {}, request)

    routes.append(Route("/{path:path}", unknown, methods=ALL_METHODS))
    return Starlette(routes=routes)
