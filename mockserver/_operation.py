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
    "Operation",
    "WebSocketEndpoint",
    "WebSocketHandler",
    "object_operations",
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


def object_operations(
    name: str,
    path: str,
    *,
    create: Handler | None = None,
    list: Handler | None = None,
    retrieve: Handler | None = None,
    update: Handler | None = None,
    delete: Handler | None = None,
    body: BodyKind = "json",
    azure: bool | Literal["classic"] = True,
) -> tuple[Operation, ...]:
    """The usual operations on one kind of object, for those given a handler, in this order:
    ``{name}.create`` (``POST`` on the collection, the body parsed as ``body``), ``.list``
    (``GET`` on it), ``.retrieve`` (``GET`` on ``path``, the one-object path such as
    ``/batches/{batch_id}``), ``.update`` (``POST`` there, the body parsed as ``body``) and
    ``.delete``. ``azure`` as on :class:`Operation`, for all of them."""
    collection = path.rsplit("/", 1)[0]
    kinds: tuple[tuple[str, str, str, Handler | None, BodyKind], ...] = (
        ("create", "POST", collection, create, body),
        ("list", "GET", collection, list, "none"),
        ("retrieve", "GET", path, retrieve, "none"),
        ("update", "POST", path, update, body),
        ("delete", "DELETE", path, delete, "none"),
    )
    return tuple(
        Operation(f"{name}.{verb}", method, at, handler, body=parsed, azure=azure)
        for verb, method, at, handler, parsed in kinds
        if handler is not None
    )


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
