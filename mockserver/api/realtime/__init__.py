"""The Realtime API: the WebSocket sessions, client secrets and WebRTC/SIP calls."""

from __future__ import annotations

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

__all__ = ["AREA", "RealtimeStore"]

_CALL = "/realtime/calls/{call_id}"

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
        Operation("realtime.calls.create", "POST", "/realtime/calls", calls_create),
        Operation("realtime.calls.accept", "POST", _CALL + "/accept", calls_accept, body="json"),
        Operation("realtime.calls.hangup", "POST", _CALL + "/hangup", calls_hangup),
        Operation("realtime.calls.refer", "POST", _CALL + "/refer", calls_refer, body="json"),
        Operation("realtime.calls.reject", "POST", _CALL + "/reject", calls_reject),
    ),
    stores=(RealtimeStore,),
    websockets=(
        WebSocketEndpoint(OPERATION, "/realtime", serve_realtime, scripts=(RESPONSE_SCRIPTS,)),
    ),
)
