"""Faults on Realtime sessions: refuse the upgrade, drop, delay or interrupt with an ``error``.

Installed on the realtime store (``mock.realtime.faults``); each rule applies to
the next ``times`` sessions (None: every one) whose model matches::

    mock.realtime.faults.refuse(503)             # the handshake answers 503
    mock.realtime.faults.drop_after(5)           # the socket closes after 5 server events
    mock.realtime.faults.delay(0.05)             # each server event waits 50 ms
    mock.realtime.faults.error_after(3, code="server_error")   # an error event after 3 events
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from openai_kit.mockserver._rulebook import RuleBook

__all__ = ["SessionFault", "SessionFaults"]

FaultKind = Literal["refuse", "drop", "delay", "error"]


@dataclass
class SessionFault:
    """One rule: what happens (``kind``), after how many server events, to which sessions."""

    kind: FaultKind
    after: int = 0
    seconds: float = 0.0
    status: int = 500
    error: dict[str, Any] = field(default_factory=dict)
    model: str | None = None
    times: int | None = 1
    hits: int = 0

    def to_json(self) -> dict[str, Any]:
        """Every field, as the admin API lists it."""
        return asdict(self)


class SessionFaults(RuleBook[SessionFault]):
    """The installed session faults of one server (thread-safe)."""

    def _add(self, rule: SessionFault) -> SessionFault:
        if rule.times is not None and rule.times < 1:
            raise ValueError("times must be at least 1, or None for every session")
        if rule.after < 0:
            raise ValueError("after must be >= 0")
        with self._lock:
            self._entries.append(rule)
        return rule

    def refuse(
        self, status: int, *, model: str | None = None, times: int | None = 1
    ) -> SessionFault:
        """Answer the WebSocket handshake with ``status`` (the API's error body) instead of accepting."""
        if not 400 <= status <= 599:
            raise ValueError("status must be a 4xx or 5xx code")
        return self._add(SessionFault("refuse", status=status, model=model, times=times))

    def drop_after(
        self, events: int, *, model: str | None = None, times: int | None = 1
    ) -> SessionFault:
        """Close the connection without a close frame after ``events`` server events."""
        return self._add(SessionFault("drop", after=events, model=model, times=times))

    def delay(
        self, seconds: float, *, model: str | None = None, times: int | None = 1
    ) -> SessionFault:
        """Wait ``seconds`` before sending each server event."""
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        return self._add(SessionFault("delay", seconds=seconds, model=model, times=times))

    def error_after(
        self,
        events: int,
        *,
        message: str = "The server had an error while processing your request. Sorry about that!",
        type: str = "server_error",
        code: str | None = None,
        model: str | None = None,
        times: int | None = 1,
    ) -> SessionFault:
        """Send an ``error`` event after ``events`` server events (the session stays open)."""
        error = {"type": type, "code": code, "message": message, "param": None, "event_id": None}
        return self._add(SessionFault("error", after=events, error=error, model=model, times=times))

    def take(self, model: str) -> list[SessionFault]:
        """The rules a new session on ``model`` gets, counting their use."""
        taken: list[SessionFault] = []
        with self._lock:
            for rule in list(self._entries):
                if rule.model is not None and rule.model != model:
                    continue
                rule.hits += 1
                taken.append(rule)
                if rule.times is not None and rule.hits >= rule.times:
                    self._entries.remove(rule)
        return taken

    @property
    def rules(self) -> list[SessionFault]:
        return self._listed()
