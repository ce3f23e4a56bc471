"""The live server's outer layer: admin access, the dashboard and its admin endpoints, the log.

::

    StandaloneApp (an ObservedApp: one layer)
      /_mock/...   admin token check (when one is set), then the endpoints below,
                   then the mock's own admin API
      API paths    noted (request log, observations), answered by ``serve`` → the mock

``serve`` is the mock's app, or a layer in front of it (cassette replay, the
record proxy). The endpoints added here:

- ``GET /_mock/health``: ``{"status": "ok", "version", "mode", "requests"}``.
- ``GET /_mock/log``: the observed requests, oldest first, as summaries;
  ``after`` (a ``seq``: only newer ones), ``limit`` (the newest that many,
  default 200), ``operation``, ``status`` (``429`` or a class: ``4xx``),
  ``model`` filter; ``last`` is the newest ``seq`` overall.
- ``GET /_mock/log/{seq}``: one request and its response in full (headers
  redacted, the body as captured, a stream's events).
- ``GET /_mock/state``: every area's stores (``state.snapshot()``), by area.
- ``GET /_mock/info``: what the server runs (mode, seed, capture, token).
- ``GET /_mock/``: the dashboard (static files shipped in the package).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from openai_kit._version import __version__
from openai_kit.mockserver._observation_json import detail_json, summary_json
from openai_kit.mockserver._observe import (
    CAPTURE_LIMIT,
    LOG_SIZE,
    Observation,
    ObservationLog,
    ObservedApp,
    Sink,
)
from openai_kit.mockserver.api import AREAS

if TYPE_CHECKING:
    from openai_kit.mockserver._server import MockServer

__all__ = ["StandaloneApp"]

_STATIC: Final = {
    "index.html": "text/html; charset=utf-8",
    "dashboard.css": "text/css; charset=utf-8",
    "dashboard.js": "text/javascript; charset=utf-8",
}
_DEFAULT_LIMIT: Final = 200


def _error(
    status: int, message: str, param: str | None = None, code: str | None = None
) -> Response:
    body = {
        "error": {"message": message, "type": "invalid_request_error", "param": param, "code": code}
    }
    return JSONResponse(body, status)


@functools.cache
def _static(name: str) -> bytes:
    return (resources.files("openai_kit.mockserver") / "dashboard" / name).read_bytes()


def _status_matches(wanted: str, status: int | None) -> bool:
    if status is None:
        return wanted == "none"
    if len(wanted) == 3 and wanted.endswith("xx"):
        return str(status)[0] == wanted[0]
    return str(status) == wanted


def _selected(request: Request, log: ObservationLog) -> list[Observation]:
    query = request.query_params
    after = int(query.get("after") or 0)
    limit = int(query.get("limit") or _DEFAULT_LIMIT)
    if limit < 1 or after < 0:
        raise ValueError("after must be >= 0 and limit >= 1")
    items = log.after(after)
    if operation := query.get("operation"):
        items = [o for o in items if o.operation == operation]
    if status := query.get("status"):
        items = [o for o in items if _status_matches(status.lower(), o.status)]
    if model := query.get("model"):
        items = [o for o in items if o.model == model]
    return items[-limit:]


class StandaloneApp(ObservedApp):
    """``mock``'s app as a live server serves it (see the module docstring).

    ``serve`` answers the API paths (default: the mock's app); ``mode`` names
    it for ``/_mock/health``. ``capture`` bytes of each response are kept for
    the dashboard (0: none); ``sinks`` get each finished request (the console
    log). Who may use ``/_mock/`` is the server's admin access (``MockServer(admin_token=...)``).
    """

    def __init__(
        self,
        mock: MockServer,
        *,
        serve: ASGIApp | None = None,
        mode: str = "mock",
        sinks: Iterable[Sink] = (),
        capture: int = CAPTURE_LIMIT,
        log_size: int = LOG_SIZE,
    ) -> None:
        log = ObservationLog(log_size, mock._core.journal.find)
        super().__init__(serve or mock.app, log, sinks, capture=capture)
        self.mock = mock
        self.mode = mode
        self.access = mock._core.admin
        self.router = Router(self._routes(), default=super().admin)

    async def admin(self, scope: Scope, receive: Receive, send: Send) -> None:
        # the page's static files hold no data: a browser fetches them without the token;
        # the page itself may carry it as ?token= (its script sends it on as a header)
        path: str = scope["path"]
        refusal = None if path.startswith("/_mock/static/") else self.access.refusal(scope)
        page = path in ("/_mock", "/_mock/")
        if page and self.access.accepts_token(QueryParams(scope["query_string"]).get("token")):
            refusal = None
        if refusal is not None:
            status, message = refusal
            code = "admin_token_required" if status == 401 else "admin_host_refused"
            await _error(status, message, code=code)(scope, receive, send)
            return
        await self.router(scope, receive, send)

    def _routes(self) -> list[Route]:
        async def dashboard(request: Request) -> Response:
            name = request.path_params.get("name", "index.html")
            if name not in _STATIC:
                return _error(404, f"The dashboard has no file {name!r}.")
            return Response(_static(name), media_type=_STATIC[name])

        async def to_dashboard(request: Request) -> Response:
            query = request.url.query
            return RedirectResponse("/_mock/" + (f"?{query}" if query else ""))

        return [
            Route("/_mock", to_dashboard, methods=["GET"]),
            Route("/_mock/", dashboard, methods=["GET"]),
            Route("/_mock/static/{name}", dashboard, methods=["GET"]),
            Route("/_mock/health", self._health, methods=["GET"]),
            Route("/_mock/info", self._info, methods=["GET"]),
            Route("/_mock/state", self._state, methods=["GET"]),
            Route("/_mock/log", self._log, methods=["GET"]),
            Route("/_mock/log/{seq:int}", self._one, methods=["GET"]),
        ]

    async def _health(self, request: Request) -> Response:
        return JSONResponse(
            {
                "status": "ok",
                "version": __version__,
                "mode": self.mode,
                "requests": len(self.mock.requests),
                "time": time.time(),
            }
        )

    async def _info(self, request: Request) -> Response:
        info: dict[str, Any] = {
            "version": __version__,
            "mode": self.mode,
            "seed": self.mock.seed,
            "capture_bytes": self.capture,
            "admin_token_required": self.access.token is not None,
            "operations": sorted(op.name for area in AREAS for op in area.operations),
        }
        return JSONResponse(info)

    async def _state(self, request: Request) -> Response:
        return JSONResponse({"data": self.mock.state.snapshot()})

    async def _log(self, request: Request) -> Response:
        try:
            items = _selected(request, self.log)
        except ValueError:
            return _error(400, "after must be an integer >= 0 and limit an integer >= 1.", "after")
        return JSONResponse(
            {
                "data": [summary_json(o) for o in items],
                "last": self.log.last,
                "size": len(self.log),
            }
        )

    async def _one(self, request: Request) -> Response:
        seq: int = request.path_params["seq"]
        observation = self.log.get(seq)
        if observation is None:
            return _error(404, f"No observed request {seq} (the log keeps the last {LOG_SIZE}).")
        return JSONResponse(detail_json(observation))
