"""``client.realtime``: WebSocket connections, client secrets and calls."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from ..._resource import AsyncAPIResource, SyncAPIResource
from .calls import AsyncCalls, Calls
from .client_secrets import AsyncClientSecrets, ClientSecrets
from .connection import AsyncRealtimeConnectionManager, RealtimeConnectionManager

__all__ = ["AsyncRealtime", "Realtime"]


class Realtime(SyncAPIResource):
    @cached_property
    def client_secrets(self) -> ClientSecrets:
        return ClientSecrets(self._client)

    @cached_property
    def calls(self) -> Calls:
        return Calls(self._client)

    def connect(
        self,
        *,
        model: str | None = None,
        call_id: str | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        websocket_connection_options: Mapping[str, Any] | None = None,
    ) -> RealtimeConnectionManager:
        """A Realtime WebSocket session: ``with client.realtime.connect(model=...) as connection:``."""
        return RealtimeConnectionManager(
            self._client,
            model=model,
            call_id=call_id,
            extra_query=extra_query or {},
            extra_headers=extra_headers or {},
            websocket_connection_options=websocket_connection_options or {},
        )


class AsyncRealtime(AsyncAPIResource):
    @cached_property
    def client_secrets(self) -> AsyncClientSecrets:
        return AsyncClientSecrets(self._client)

    @cached_property
    def calls(self) -> AsyncCalls:
        return AsyncCalls(self._client)

    def connect(
        self,
        *,
        model: str | None = None,
        call_id: str | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        websocket_connection_options: Mapping[str, Any] | None = None,
    ) -> AsyncRealtimeConnectionManager:
        """A Realtime WebSocket session: ``async with client.realtime.connect(model=...) as c:``."""
        return AsyncRealtimeConnectionManager(
            self._client,
            model=model,
            call_id=call_id,
            extra_query=extra_query or {},
            extra_headers=extra_headers or {},
            websocket_connection_options=websocket_connection_options or {},
        )
