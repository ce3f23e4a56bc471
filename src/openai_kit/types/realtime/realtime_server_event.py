"""Realtime server events as received: the event's ``type`` and ``event_id`` plus its fields.

Every field the server sends is kept as an attribute (``event.delta``,
``event.response.id``); nested objects are models too, so
``event.response.output[0].content[0].text`` reads like the official types.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._models import BaseModel

__all__ = ["RealtimeServerEvent", "parse_server_event"]


class RealtimeObject(BaseModel):
    """A nested object of a server event (a session, response, item, part...)."""


class RealtimeServerEvent(BaseModel):
    """One server event: ``type`` names it (``"response.output_text.delta"``...)."""

    type: str
    event_id: str


def _models(value: Any) -> Any:
    if isinstance(value, Mapping):
        return RealtimeObject.model_construct(**{k: _models(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_models(v) for v in value]
    return value


def parse_server_event(data: Any) -> RealtimeServerEvent:
    """A decoded server message as a :class:`RealtimeServerEvent` (nested objects as models)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("type"), str):
        raise ValueError(f"not a Realtime server event: {data!r}"[:200])
    fields = {k: _models(v) for k, v in data.items() if k not in ("type", "event_id")}
    return RealtimeServerEvent.model_construct(
        type=data["type"], event_id=str(data.get("event_id", "")), **fields
    )
