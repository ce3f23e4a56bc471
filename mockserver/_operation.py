"""What an API operation is, declared once, on the operation, in its area.

An area (``api/<area>/__init__.py``) lists its operations and its stores in one
:class:`Area`; ``api/__init__.py`` lists the areas. Everything else in the
server (the URL table, Azure mounting, the fast path and the express lane,
scripts, stream framing, Azure's model headers) reads these declarations and
keeps no list of operation names of its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from openai_kit.mockserver._call import Call, Reply
from openai_kit.mockserver._sse import DATA, Framing

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore
    from openai_kit.mockserver._journal import Style
    from openai_kit.mockserver._stores import Store
    from openai_kit.mockserver.generation.catalog import CustomModels

__all__ = [
    "Area",
    "BodyKind",
    "ExpressLookup",
    "Handler",
    "KeyCheck",
    "ObjectKind",
    "Operation",
    "WebSocketEndpoint",
    "WebSocketHandler",
]

Handler = Callable[["ServerCore", Call], Reply]
BodyKind = Literal["json", "multipart", "none"]
#: The express lane's memo of an operation: ``(seed, the server's custom models, raw body)``
#: → the encoded 200 split around its ``created`` stamp, or None when the body was not
#: answered before.
ExpressLookup = Callable[[int, "CustomModels", bytes], "tuple[bytes, bytes] | None"]
#: Whether an operation takes a credential: ``(server, key)`` → accepted.
KeyCheck = Callable[["ServerCore", str], bool]


@dataclass(frozen=True)
class Operation:
    """One API operation.

    - ``name``: the SDK method path (``"chat.completions.create"``), the same on
      every route family; ``method`` and ``path`` (below the API root).
    - ``body``: how the request body is parsed.
    - ``azure``: whether Azure serves it (``"classic"``: on the classic
      ``/openai`` routes only, not on Azure v1); ``deployment``: the Azure classic route
      sits under ``/openai/deployments/{deployment}`` and the body's model names
      a deployment on Azure v1.
    - ``model``: it runs on a model (Azure adds its model timing headers).
    - ``stream``: how its event streams are framed.
    - ``content_scripts``: ``mock.script(..., content=..., tool_calls=...)`` may
      answer it (every operation takes whole-body, chunk and error scripts).
    - ``fast``: its POST takes the raw-ASGI way in ahead of Starlette's router;
      ``express``: the memo that answers a repeated request without the pipeline.
    - ``accepts``: which keys it takes, when more than the server's own
      (Realtime calls take live ``ek_`` client secrets).
    """

    name: str
    method: str
    path: str
    handler: Handler
    body: BodyKind = "none"
    azure: bool | Literal["classic"] = True
    deployment: bool = False
    model: bool = False
    stream: Framing = DATA
    content_scripts: bool = False
    fast: bool = False
    express: ExpressLookup | None = None
    accepts: KeyCheck | None = None


@dataclass(frozen=True)
class ObjectKind:
    """One kind of object an area serves, whose usual operations are declared one line each.

    ``name`` prefixes the operation names (``"vector_stores.files"``); ``path`` is the
    one-object path (``"/vector_stores/{vector_store_id}/files/{file_id}"``), below which
    its collection is; ``azure`` as on :class:`Operation`, for every operation made here.
    """

    name: str
    path: str
    azure: bool | Literal["classic"] = True

    @property
    def collection(self) -> str:
        return self.path.rsplit("/", 1)[0]

    def _operation(
        self, verb: str, method: str, path: str, handler: Handler, body: BodyKind
    ) -> Operation:
        return Operation(f"{self.name}.{verb}", method, path, handler, body=body, azure=self.azure)

    def operation(
        self, verb: str, method: str, below: str, handler: Handler, body: BodyKind = "none"
    ) -> Operation:
        """``{name}.{verb}``: ``method`` on ``below``, a path under the object's
        (``"cancel"``, ``"files"``)."""
        return self._operation(verb, method, f"{self.path}/{below}", handler, body)

    def create(self, handler: Handler, body: BodyKind = "json") -> Operation:
        """``{name}.create``: ``POST`` on the collection."""
        return self._operation("create", "POST", self.collection, handler, body)

    def list(self, handler: Handler) -> Operation:
        """``{name}.list``: ``GET`` on the collection."""
        return self._operation("list", "GET", self.collection, handler, "none")

    def retrieve(self, handler: Handler) -> Operation:
        """``{name}.retrieve``: ``GET`` on the object."""
        return self._operation("retrieve", "GET", self.path, handler, "none")

    def update(self, handler: Handler, body: BodyKind = "json") -> Operation:
        """``{name}.update``: ``POST`` on the object."""
        return self._operation("update", "POST", self.path, handler, body)

    def delete(self, handler: Handler) -> Operation:
        """``{name}.delete``: ``DELETE`` on the object."""
        return self._operation("delete", "DELETE", self.path, handler, "none")


_Message = MutableMapping[str, Any]
#: A WebSocket endpoint's ASGI handler, given the server and the route family it was reached on.
WebSocketHandler = Callable[
    [
        "ServerCore",
        "Style",
        MutableMapping[str, Any],
        Callable[[], Awaitable[_Message]],
        Callable[[_Message], Awaitable[None]],
    ],
    Awaitable[None],
]


@dataclass(frozen=True)
class WebSocketEndpoint:
    """One WebSocket API, mounted on the same route families as the operations.

    - ``name``: what the journal calls a connection (``"realtime.connect"``);
    - ``path`` below the API root; ``azure``: Azure serves it (classic
      ``/openai`` + path and v1 ``/openai/v1`` + path);
    - ``handler``: runs one connection (the ASGI ``websocket`` scope);
    - ``scripts``: the names ``mock.script(...)`` may target on it (content scripts).
    """

    name: str
    path: str
    handler: WebSocketHandler
    azure: bool = True
    scripts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    """One API area: its operations (literal paths before templated ones), its stores and
    its WebSocket endpoints."""

    name: str
    operations: tuple[Operation, ...]
    stores: tuple[type[Store], ...] = ()
    websockets: tuple[WebSocketEndpoint, ...] = ()
