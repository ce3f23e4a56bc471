"""``/_mock/realtime/faults``: the session faults of ``mock.realtime.faults`` over the admin API.

- ``POST`` with ``{"kind": "refuse", "status": 503}``, ``{"kind": "drop", "after": 5}``,
  ``{"kind": "delay", "seconds": 0.05}`` or ``{"kind": "error", "after": 3, "code": ...,
  "message": ..., "type": ...}``, each optionally with ``"model"`` (only sessions on that
  model) and ``"times"`` (how many sessions; ``null``: every one; default 1) → 201, the rule.
- ``GET`` → ``{"data": [rules]}`` (``kind``, ``after``, ``seconds``, ``status``, ``error``,
  ``model``, ``times``, ``hits``); ``DELETE`` → ``{"deleted": <count>}``.

The routes are built by the admin API's route factory, so its access check and its JSON
errors (400 for bad input, 405 for another method) apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from starlette.routing import BaseRoute

from openai_kit.mockserver._admin_access import RouteFactory
from openai_kit.mockserver._admin_kit import collection
from openai_kit.mockserver.api.realtime.faults import SessionFault, SessionFaults
from openai_kit.mockserver.api.realtime.store import RealtimeStore

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["realtime_admin_routes"]

_FIELDS = {
    "refuse": ("status",),
    "drop": ("after",),
    "delay": ("seconds",),
    "error": ("after", "message", "type", "code"),
}
_USAGE = '{"kind": "refuse" | "drop" | "delay" | "error", ...}'


def _integer(data: Mapping[str, Any], key: str, default: int | None = None) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key} must be an integer")
    return value


def _text(data: Mapping[str, Any], key: str, *, nullable: bool = False) -> Any:
    value = data.get(key)
    if not isinstance(value, str) and not (nullable and value is None):
        raise ValueError(f"{key} must be a string{' or null' if nullable else ''}")
    return value


def install(faults: SessionFaults, data: object) -> SessionFault:
    """Install the rule ``data`` describes; ``ValueError`` naming what is wrong with it."""
    if not isinstance(data, dict):
        raise ValueError(f"expected {_USAGE}")
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in _FIELDS:
        raise ValueError(f"kind must be one of refuse, drop, delay, error; got {kind!r}")
    unknown = sorted(set(data) - {"kind", "model", "times", *_FIELDS[kind]})
    if unknown:
        raise ValueError(f"unknown key(s) for a {kind} fault: {', '.join(unknown)}")
    model = _text(data, "model", nullable=True) if "model" in data else None
    times = None if data.get("times", 1) is None else _integer(data, "times", 1)
    if kind == "refuse":
        return faults.refuse(_integer(data, "status"), model=model, times=times)
    if kind == "drop":
        return faults.drop_after(_integer(data, "after"), model=model, times=times)
    if kind == "delay":
        seconds = data.get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise ValueError("seconds must be a number")
        return faults.delay(float(seconds), model=model, times=times)
    given = {
        key: _text(data, key, nullable=key == "code") for key in _FIELDS["error"][1:] if key in data
    }
    return faults.error_after(_integer(data, "after", 0), model=model, times=times, **given)


def realtime_admin_routes(core: ServerCore, route: RouteFactory) -> list[BaseRoute]:
    """The admin routes of Realtime session faults, made by the admin API's ``route``."""
    faults = core.state.get(RealtimeStore).faults

    rules = collection(
        lambda: [rule.to_json() for rule in faults.rules],
        faults.clear,
        lambda data: install(faults, data).to_json(),
    )

    return [route(core, "/_mock/realtime/faults", rules, ["GET", "POST", "DELETE"])]
