"""A Realtime session in the request journal: the handshake plus every event, in order.

The entry is the journal's own :class:`RecordedRequest` (operation
``"realtime.connect"``, status 101 once accepted, or the refusal's status)
with ``events``: ``{"from": "client" | "server", "event": {...}}`` in the
order they crossed the socket. Audio payloads (``audio`` of an append, the
``delta`` of an audio delta, retrieved items' audio) are replaced by their
size, so audio is not stored twice.

A server event is kept as the very text that was sent (or, for an audio
delta, its summary) and decoded when the journal is read: sending costs no
second encoding and no copy, and what the journal shows is what crossed the
socket even if the objects it was made from change afterwards.
"""

from __future__ import annotations

import json
from typing import Any, Final

from openai_kit.mockserver._journal import RecordedRequest
from openai_kit.mockserver.api.realtime.audio import summarise
from openai_kit.mockserver.api.realtime.frames import Event

__all__ = ["SessionEntry", "summarised"]

_AUDIO_DELTAS: Final = frozenset({"response.output_audio.delta"})


def summarised(event: Any) -> Any:
    """``event`` with its audio replaced by ``"<audio N bytes>"`` (a copy when anything changed)."""
    if not isinstance(event, dict):
        return event
    kind = event.get("type")
    if kind == "input_audio_buffer.append" and isinstance(event.get("audio"), str):
        return {**event, "audio": summarise(event["audio"])}
    if kind in _AUDIO_DELTAS and isinstance(event.get("delta"), str):
        return {**event, "delta": summarise(event["delta"])}
    if kind == "conversation.item.retrieved" and isinstance(event.get("item"), dict):
        parts = event["item"].get("content") or []
        if any(isinstance(p, dict) and isinstance(p.get("audio"), str) for p in parts):
            content = [
                {**p, "audio": summarise(p["audio"])} if isinstance(p.get("audio"), str) else p
                for p in parts
            ]
            return {**event, "item": {**event["item"], "content": content}}
    return event


class SessionEntry(RecordedRequest):
    """A journal entry for one WebSocket session, with its events."""

    __slots__ = ("_events",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (side, event, sent): ``sent`` when ``event`` is a server event's text as it was sent
        self._events: list[tuple[str, Any, bool]] = []

    def record(self, side: str, event: Any) -> None:
        self._events.append((side, summarised(event), False))

    def record_sent(self, event: Event, text: str) -> None:
        """A server event as sent: its ``text`` (its summary for an audio delta)."""
        if not isinstance(event, str) and event["type"] in _AUDIO_DELTAS:
            self._events.append(("server", summarised(event), False))
        else:
            self._events.append(("server", text, True))

    @property
    def event_count(self) -> int:
        return len(self._events)

    @property
    def events(self) -> list[dict[str, Any]]:
        """``{"from": side, "event": {...}}`` in order (fresh objects at each read)."""
        return [
            {"from": side, "event": json.loads(event) if sent else event}
            for side, event, sent in list(self._events)
        ]

    def of(self, side: str) -> list[Any]:
        """The events one side sent (``"client"`` or ``"server"``), in order."""
        return [e["event"] for e in self.events if e["from"] == side]

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "events": self.events}
