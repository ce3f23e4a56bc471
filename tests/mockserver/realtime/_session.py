"""Drive Realtime sessions in process; check every server event against the official types."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pydantic
from openai.types.realtime.realtime_server_event import RealtimeServerEvent

from openai_kit.mockserver import MockServer

OFFICIAL = pydantic.TypeAdapter(RealtimeServerEvent)
AUTH = {"authorization": "Bearer sk-test"}


class Session:
    """A sync in-process WebSocket to the mock's Realtime endpoint."""

    def __init__(
        self,
        mock: MockServer,
        path: str = "/v1/realtime?model=gpt-realtime",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.ws = mock.transport().connect_websocket(
            "ws://mock" + path, AUTH if headers is None else headers, timeout=10
        )
        self.seen: list[dict[str, Any]] = []

    def send(self, event_type: str, **fields: Any) -> None:
        self.ws.send(json.dumps({"type": event_type, **fields}))

    def recv(self) -> dict[str, Any]:
        event = json.loads(self.ws.recv(timeout=10))
        OFFICIAL.validate_python(event)  # the official package's event types accept it
        self.seen.append(event)
        return event

    def until(self, event_type: str) -> list[dict[str, Any]]:
        """Events up to and including the first of ``event_type``."""
        out = []
        while True:
            event = self.recv()
            out.append(event)
            if event["type"] == event_type:
                return out

    def turn(self) -> list[dict[str, Any]]:
        """A whole response: through ``rate_limits.updated``."""
        return self.until("rate_limits.updated")

    def close(self) -> None:
        self.ws.close()


Connect = Callable[..., Session]


def types(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in events]


def user_text(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}
