"""``client.realtime``: WebSocket sessions, client secrets and calls."""

from __future__ import annotations

from ._socket import RealtimeConnectionClosed
from .connection import (
    AsyncRealtimeConnection,
    AsyncRealtimeConnectionManager,
    RealtimeConnection,
    RealtimeConnectionManager,
)
from .realtime import AsyncRealtime, Realtime

__all__ = [
    "AsyncRealtime",
    "AsyncRealtimeConnection",
    "AsyncRealtimeConnectionManager",
    "Realtime",
    "RealtimeConnection",
    "RealtimeConnectionClosed",
    "RealtimeConnectionManager",
]
