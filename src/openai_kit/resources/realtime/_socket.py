"""Where a Realtime connection goes and what carries it.

URL: ``websocket_base_url`` + ``/realtime`` when the client has one, else
``base_url`` with ``ws``/``wss`` for ``http``/``https``. OpenAI adds
``?model=``; Azure classic (``{endpoint}/openai``) goes to
``/openai/realtime?api-version=&deployment=``, Azure v1 (``.../openai/v1``) to
``/openai/v1/realtime?model=<deployment>``. Credentials are the client's own
headers (a key, an Azure key or Entra token; a callable's value is fetched
first), so a client made with an ``ek_`` client secret as its key uses it.

Carrier: when the client's httpx transport offers ``connect_websocket(url,
headers, timeout)`` (the mock server's in-process transports do), the socket
is that; otherwise the ``websockets`` package (``openai-kit[realtime]``).
Both are wrapped so ``recv`` raises :class:`RealtimeConnectionClosed` at the
end and a refused handshake raises the client's usual status error
(``AuthenticationError`` for a 401, ...).
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

import httpx

from ..._exceptions import APIStatusError, OpenAIError

__all__ = [
    "AsyncSocket",
    "RealtimeConnectionClosed",
    "SyncSocket",
    "closed_of",
    "closed_types",
    "open_async",
    "open_sync",
    "realtime_target",
    "refusal_parts",
]

_NORMAL = (1000, 1001)


class RealtimeConnectionClosed(OpenAIError):
    """The Realtime connection is closed; ``code`` 1000 is a normal close, 1006 a dropped one."""

    def __init__(self, code: int, reason: str = "") -> None:
        super().__init__(f"the Realtime connection closed: {code} {reason}".rstrip())
        self.code = code
        self.reason = reason

    @property
    def normal(self) -> bool:
        return self.code in _NORMAL


def _is_azure(client: Any) -> bool:
    return hasattr(client, "_azure_deployment") and hasattr(client, "api_version")


def realtime_target(
    client: Any, model: str | None, call_id: str | None, extra_query: Mapping[str, object]
) -> tuple[str, dict[str, str]]:
    """The WebSocket URL and the headers of a connection of ``client``."""
    base = client.websocket_base_url
    root = httpx.URL(str(base)) if base is not None else client.base_url
    path = root.path.rstrip("/")
    query: dict[str, object] = {}
    if _is_azure(client):
        if "/deployments/" in path:
            path = path.split("/deployments/", 1)[0]
        deployment = client._azure_deployment or model
        if not deployment:
            raise OpenAIError("`model` is required for Azure Realtime API")
        if path.endswith("/openai/v1"):
            query["model"] = deployment
        else:
            query = {"api-version": client.api_version, "deployment": deployment}
    elif model is not None:
        query["model"] = model
    if call_id is not None:
        query["call_id"] = call_id
    query.update(extra_query)
    scheme = {"http": "ws", "https": "wss"}.get(root.scheme, root.scheme)
    url = root.copy_with(scheme=scheme, path=path + "/realtime", params=query)
    headers = {"User-Agent": client.user_agent, **client.auth_headers}
    return str(url), headers


def refresh_sync(client: Any) -> None:
    provider = client._auth_provider()
    if provider is not None:
        client._accept_credential(provider())


async def refresh_async(client: Any) -> None:
    provider = client._auth_provider()
    if provider is not None:
        value = provider()
        client._accept_credential(await value if inspect.isawaitable(value) else value)


def _in_process(client: Any) -> Any:
    if client.websocket_base_url is not None:
        return None
    transport = getattr(client._client, "_transport", None)
    return getattr(transport, "connect_websocket", None)


def refusal_parts(exc: BaseException) -> tuple[int, list[tuple[str, str]], bytes] | None:
    """Status, headers and body of a refused handshake (either carrier), or None."""
    status = getattr(exc, "status", None)
    headers: Any = getattr(exc, "headers", None)
    body = getattr(exc, "body", None)
    response = getattr(exc, "response", None)  # websockets' InvalidStatus
    if response is not None and hasattr(response, "status_code"):
        status, headers, body = (
            response.status_code,
            list(response.headers.raw_items()),
            response.body,
        )
    if not isinstance(status, int):
        return None
    return status, list(headers or []), bytes(body or b"")


def _refusal(client: Any, url: str, exc: BaseException) -> APIStatusError | None:
    """The client's status error for a refused handshake (either carrier), or None."""
    parts = refusal_parts(exc)
    if parts is None:
        return None
    status, headers, body = parts
    request = httpx.Request("GET", url.replace("ws", "http", 1))
    reply = httpx.Response(status, headers=headers, content=body, request=request)
    reply.read()
    error: APIStatusError = client._make_status_error_from_response(reply)
    return error


def closed_of(exc: BaseException) -> RealtimeConnectionClosed:
    if hasattr(exc, "rcvd"):  # websockets' ConnectionClosed: the close frame received, if any
        received = exc.rcvd
        if received is None:  # cut without a close frame (its deprecated ``code`` is not read)
            return RealtimeConnectionClosed(1006)
        return RealtimeConnectionClosed(received.code, received.reason)
    code = getattr(exc, "code", None)
    if isinstance(code, int):
        return RealtimeConnectionClosed(code, getattr(exc, "reason", "") or "")
    return RealtimeConnectionClosed(1006)


def closed_types() -> tuple[type[BaseException], ...]:
    try:
        from websockets.exceptions import ConnectionClosed
    except ImportError:  # pragma: no cover - the in-process carrier raises ConnectionError
        return (ConnectionError,)
    return (ConnectionError, ConnectionClosed)


class SyncSocket:
    """A connected socket (either carrier) for threads."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self._closed = closed_types()

    def send(self, data: str | bytes) -> None:
        try:
            self.raw.send(data)
        except self._closed as exc:
            raise closed_of(exc) from exc

    def recv(self) -> str | bytes:
        try:
            data: str | bytes = self.raw.recv()
        except self._closed as exc:
            raise closed_of(exc) from exc
        return data

    def close(self, code: int = 1000, reason: str = "") -> None:
        self.raw.close(code, reason)


class AsyncSocket:
    """A connected socket (either carrier) for asyncio."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self._closed = closed_types()

    async def send(self, data: str | bytes) -> None:
        try:
            await self.raw.send(data)
        except self._closed as exc:
            raise closed_of(exc) from exc

    async def recv(self) -> str | bytes:
        try:
            data: str | bytes = await self.raw.recv()
        except self._closed as exc:
            raise closed_of(exc) from exc
        return data

    async def close(self, code: int = 1000, reason: str = "") -> None:
        await self.raw.close(code, reason)


def _needs_websockets() -> OpenAIError:
    return OpenAIError("You need to install `openai-kit[realtime]` to use this method")


def _timeout(client: Any) -> float | None:
    timeout = client.timeout
    if isinstance(timeout, httpx.Timeout):
        return timeout.connect
    return float(timeout) if timeout is not None else None


def open_sync(
    client: Any, url: str, headers: dict[str, str], options: Mapping[str, Any]
) -> SyncSocket:
    connect = _in_process(client)
    try:
        if connect is not None:
            return SyncSocket(connect(url, headers, _timeout(client)))
        try:
            from websockets.sync.client import connect as ws_connect
        except ImportError as exc:
            raise _needs_websockets() from exc
        user_agent = headers.pop("User-Agent", None)
        raw = ws_connect(
            url,
            additional_headers=headers,
            user_agent_header=user_agent,
            open_timeout=_timeout(client),
            **options,
        )
        return SyncSocket(raw)
    except Exception as exc:
        refused = _refusal(client, url, exc)
        if refused is None:
            raise
        raise refused from exc


async def open_async(
    client: Any, url: str, headers: dict[str, str], options: Mapping[str, Any]
) -> AsyncSocket:
    connect = _in_process(client)
    try:
        if connect is not None:
            return AsyncSocket(await connect(url, headers, _timeout(client)))
        try:
            from websockets.asyncio.client import connect as ws_connect
        except ImportError as exc:
            raise _needs_websockets() from exc
        user_agent = headers.pop("User-Agent", None)
        raw = await ws_connect(
            url,
            additional_headers=headers,
            user_agent_header=user_agent,
            open_timeout=_timeout(client),
            **options,
        )
        return AsyncSocket(raw)
    except Exception as exc:
        refused = _refusal(client, url, exc)
        if refused is None:
            raise
        raise refused from exc
