"""A raw-ASGI way in for the model operations' POSTs, ahead of Starlette's stack.

``POST`` to the operations declared ``fast`` (chat completions, completions,
embeddings, moderations) on the three route families is most of what a mock
serves under load. For those the
app below skips Starlette's middleware, router and ``Request``: it reads the
body from ``receive`` itself and hands it to the very function Starlette's
route calls (:func:`openai_kit.mockserver._pipeline.answer`), so status,
headers, body and journal entry are the same either way.

Whatever it cannot do exactly as Starlette would goes Starlette's way: other
paths and methods, a root path, a router, route list, middleware or exception
handler changed after the app was built, debug mode, and a body whose reading did not end in one complete request
(a client gone mid-body): the messages read so far are replayed to Starlette.
A repeated OpenAI chat request may not even need :func:`answer`: the express
lane (``_express``) sends the answer it made the first time, as it would.
An exception before the answer starts gets Starlette's plain 500, as its
``ServerErrorMiddleware`` would send, and goes on up.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import ClassVar, Final

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openai_kit.mockserver._core import ServerCore
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._express import Express, express_answer
from openai_kit.mockserver._journal import Style
from openai_kit.mockserver._observe import (
    ObservedApp,
    observes,
    watched,
    watcher_of,
)
from openai_kit.mockserver._operation import Operation
from openai_kit.mockserver._pipeline import answer, body_too_large
from openai_kit.mockserver._render import NotedStream

__all__ = ["MockApp"]

_DEPLOYMENTS: Final = "/openai/deployments/"
_PLACEHOLDER: Final = "{deployment}"

_Target = tuple[Style, Mapping[str, Operation]]


def _replay(consumed: list[Message], receive: Receive) -> Receive:
    """``receive`` that gives the messages already read first, then the client's own."""
    pending = list(consumed)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


class MockApp(Starlette):
    """The mock's Starlette app, answering the hot POSTs through :func:`answer` directly.

    It :func:`~openai_kit.mockserver._observe.notes_answers`: called with an
    ``observer`` (the observing layer), it hands that layer what it does not
    observe (the admin paths), sends every answer through ``watched(observer,
    scope, send)`` (or notes it chunk by chunk) and tells the layer when the
    request is over.

    ``fast`` maps a static path to its route family and operations;
    ``fast_deployed`` maps the tail of an Azure classic path
    (``/openai/deployments/{deployment}`` + tail) likewise. ``sockets`` maps a
    WebSocket endpoint's path to its app, which takes the connection directly:
    none of Starlette's layers wraps the ``send`` of every event.
    """

    notes_answers: ClassVar[bool] = True

    def __init__(self, core: ServerCore, routes: list[BaseRoute]) -> None:
        super().__init__(routes=routes)
        self.core = core
        self.fast: dict[str, _Target] = {}
        self.fast_deployed: dict[str, _Target] = {}
        self.sockets: dict[str, ASGIApp] = {}
        self._built_routes = len(routes)
        self._fast_router: object = None

    def add_fast(
        self, route: BaseRoute, style: Style, path: str, operations: Mapping[str, Operation]
    ) -> None:
        """Answer ``POST path`` (``route``'s) directly, when Starlette's router sends it there too."""
        self._fast_router = self.router
        op = operations.get("POST")
        if op is None or not op.fast or op.body != "json":
            return
        if path.startswith(_DEPLOYMENTS + _PLACEHOLDER + "/"):
            tail = path[len(_DEPLOYMENTS + _PLACEHOLDER) :]
            if "{" in tail or not self._routes_to(route, _DEPLOYMENTS + "d" + tail):
                return
            self.fast_deployed[tail] = (style, operations)
        elif "{" not in path and self._routes_to(route, path):
            self.fast[path] = (style, operations)

    def _routes_to(self, route: BaseRoute, path: str) -> bool:
        """Whether the router's first full match for ``POST path`` is the table route."""
        scope: Scope = {"type": "http", "method": "POST", "path": path, "root_path": ""}
        for candidate in self.router.routes:
            match, _ = candidate.matches(scope)
            if match is Match.FULL:
                return candidate is route
            if match is Match.PARTIAL:
                return False
        return False

    def _target(self, scope: Scope) -> tuple[_Target, dict[str, str]] | None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope.get("root_path"):
            return None
        if (
            self.router is not self._fast_router
            or len(self.router.routes) != self._built_routes
            or self.user_middleware
            or self.exception_handlers
            or self.debug
        ):
            return None
        path: str = scope["path"]
        target = self.fast.get(path)
        if target is not None:
            return target, {}
        if not path.startswith(_DEPLOYMENTS):
            return None
        deployment, slash, tail = path[len(_DEPLOYMENTS) :].partition("/")
        target = self.fast_deployed.get(slash + tail)
        if target is None or not deployment:
            return None
        return target, {"deployment": deployment}

    def answer_now(self, scope: Scope, body: bytes) -> Express | None:
        """The express lane's 200 (headers, body, its parts) for a whole request, journaled;
        else None.

        What ``__call__`` would send for it, without running anything async:
        the in-process transports try it before they start the app.
        """
        started = time.perf_counter()
        limit = self.core.max_body_bytes
        found = self._target(scope)
        if found is None or (limit is not None and len(body) > limit):
            return None
        (style, operations), _ = found
        return express_answer(self.core, style, operations["POST"], scope, body, started)

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send, observer: ObservedApp | None = None
    ) -> None:
        started = time.perf_counter()
        found = self._target(scope)  # a POST to an API path: observed, if anything is
        if found is None and observer is not None and not observes(scope):
            await observer.unobserved(scope, receive, send)
            return
        try:
            if found is None:
                socket = self.sockets.get(scope["path"]) if scope["type"] == "websocket" else None
                if socket is not None and not scope.get("root_path"):
                    await socket(scope, receive, send)
                else:
                    await self._general(scope, receive, watched(observer, scope, send))
                return
            (style, operations), path_params = found
            message = await receive()
            limit = self.core.max_body_bytes
            body: bytes | MockAPIError
            if message["type"] == "http.request" and not message.get("more_body", False):
                whole: bytes = message.get("body", b"")
                over = limit is not None and len(whole) > limit
                body = body_too_large(len(whole), limit) if over and limit else whole
            else:
                read = await self._read_rest(message, receive, limit)
                if isinstance(read, list):
                    await super().__call__(
                        scope, _replay(read, receive), watched(observer, scope, send)
                    )
                    return
                body = read
            scope["app"] = self
            try:
                express = None
                if isinstance(body, bytes):
                    operation = operations["POST"]
                    express = express_answer(self.core, style, operation, scope, body, started)
                if express is None:
                    response = await answer(
                        self.core, style, operations, scope, receive, body, path_params, started
                    )
            except Exception:
                error = PlainTextResponse("Internal Server Error", status_code=500)
                await error(scope, receive, watched(observer, scope, send))
                raise
            if express is None:
                if isinstance(response, NotedStream):  # notes its chunks itself, sends them raw
                    response.watcher = watcher_of(observer, scope, send)
                    await response(scope, receive, send)
                else:
                    await response(scope, receive, watched(observer, scope, send))
                return
            # the messages Starlette's Response sends; an observing layer is told of them
            # here (with no ``send`` wrapped), not below
            headers, content, pieces, request_id, after_id = express
            noting, observer = observer, None
            try:
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": content})
            finally:
                if noting is not None:
                    noting.finish_whole(scope, started, 200, request_id, after_id, content, pieces)
        finally:
            if observer is not None:
                observer.finish(scope, started)

    async def _general(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Starlette's way; ``OPTIONS *`` and the like (no route can take them) get the
        service's 404."""
        if scope["type"] == "http" and not scope["path"].startswith("/"):
            started = time.perf_counter()
            response = await answer(self.core, "openai", {}, scope, receive, b"", {}, started)
            await response(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    @staticmethod
    async def _read_rest(
        first: Message, receive: Receive, limit: int | None
    ) -> bytes | MockAPIError | list[Message]:
        """The whole body (the 413 once over ``limit``), or every message read when it did
        not end in a complete request."""
        consumed = [first]
        chunks: list[bytes] = []
        size = 0
        message = first
        while True:
            if message["type"] != "http.request":
                return consumed
            chunk: bytes = message.get("body", b"")
            if chunk:
                size += len(chunk)
                if limit is not None and size > limit:
                    return body_too_large(size, limit)
                chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)
            message = await receive()
            consumed.append(message)
