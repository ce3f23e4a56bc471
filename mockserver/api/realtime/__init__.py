"""The Realtime API: the WebSocket sessions, client secrets and WebRTC/SIP calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openai_kit.mockserver._operation import Area, Operation, WebSocketEndpoint
from openai_kit.mockserver.api.realtime.endpoint import OPERATION, RESPONSE_SCRIPTS, serve_realtime
from openai_kit.mockserver.api.realtime.handlers import (
    calls_accept,
    calls_create,
    calls_hangup,
    calls_refer,
    calls_reject,
    client_secrets_create,
)
from openai_kit.mockserver.api.realtime.store import RealtimeStore

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["AREA", "RealtimeStore"]

_CALL = "/realtime/calls/{call_id}"


def accepts_client_secrets(core: ServerCore, key: str) -> bool:
    """The server's keys, and live ``ek_`` client secrets (browsers and phones call with one)."""
    return core.state.get(RealtimeStore).accepts(key, core.accepts_key)


_EK = accepts_client_secrets

AREA = Area(
    "realtime",
    (
        Operation(
            "realtime.client_secrets.create",
            "POST",
            "/realtime/client_secrets",
            client_secrets_create,
            body="json",
        ),
        Operation("realtime.calls.create", "POST", "/realtime/calls", calls_create, accepts=_EK),
        Operation(
            "realtime.calls.accept",
            "POST",
            _CALL + "/accept",
            calls_accept,
            body="json",
            accepts=_EK,
        ),
        Operation("realtime.calls.hangup", "POST", _CALL + "/hangup", calls_hangup, accepts=_EK),
        Operation(
            "realtime.calls.refer", "POST", _CALL + "/refer", calls_refer, body="json", accepts=_EK
        ),
        Operation("realtime.calls.reject", "POST", _CALL + "/reject", calls_reject, accepts=_EK),
    ),
    stores=(RealtimeStore,),
    websockets=(
        WebSocketEndpoint(OPERATION, "/realtime", serve_realtime, scripts=(RESPONSE_SCRIPTS,)),
    ),
)
