"""Realtime state: client secrets, calls, the sessions served, and session faults.

- Client secrets (``ek_...``) carry a session configuration and expire on the
  server's simulated clock: the WebSocket endpoint accepts one until then.
- Calls: a WebRTC call created with an SDP offer is ``active``; an incoming SIP
  call (:meth:`RealtimeStore.incoming_call`, announced as ``realtime.call.incoming``)
  is ``ringing`` until accepted (``active``) or rejected; ``hangup`` ends any
  live call, ``refer`` transfers an active one.
- Sessions: one summary per WebSocket session (for dashboards; the journal
  holds their events). Secrets, calls and sessions are each bounded by the
  server's ``store_limit``, oldest forgotten first.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, ClassVar

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._stores import State, Store, copied, kept, kept_at, not_found
from openai_kit.mockserver.api.realtime.faults import SessionFaults

__all__ = ["RealtimeStore"]

_LIVE = ("ringing", "active")


call_not_found = not_found("Call with id '{}' not found.", param="call_id", code="call_not_found")


def _secret_shown(secret: dict[str, Any], now: float) -> dict[str, Any]:
    """What snapshots show of a client secret: never its value."""
    return {
        "expires_at": secret["expires_at"],
        "expired": secret["expires_at"] <= now,
        "session_id": secret["session"]["id"],
    }


class RealtimeStore(Store):
    """The Realtime state of one server (thread-safe)."""

    area: ClassVar[str] = "realtime"
    _secrets = kept_at("client_secrets", _secret_shown)
    _calls = kept("calls", copied)

    def __init__(self, state: State) -> None:
        super().__init__(state)
        self.faults = SessionFaults()
        self._sessions: deque[dict[str, Any]] = deque(maxlen=state.store_limit)

    def clear(self) -> None:
        super().clear()
        self._sessions.clear()
        self.faults.clear()

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        with self.lock:
            return {**super().snapshot(), "sessions": [dict(s) for s in self._sessions]}

    # -- client secrets ----------------------------------------------------------------------

    def add_secret(self, session: dict[str, Any], seconds: int) -> dict[str, Any]:
        """A new client secret for ``session``, valid ``seconds`` from now."""
        value = self.mint("ek_", "realtime.client_secret", 32, counter="").id
        expires_at = int(self.now()) + seconds
        with self.lock:
            self._secrets[value] = {"expires_at": expires_at, "session": session}
        return {"value": value, "expires_at": expires_at, "session": session}

    def accepts(self, key: str, accepts_key: Callable[[str], bool]) -> bool:
        """Whether ``key`` is a live client secret (``ek_...``), or a key ``accepts_key`` takes."""
        if key.startswith("ek_"):
            return self.secret_session(key) is not None
        return accepts_key(key)

    def secret_session(self, value: str) -> dict[str, Any] | None:
        """The session a live client secret carries; None when unknown or expired."""
        with self.lock:
            secret = self._secrets.get(value)
            if secret is None or secret["expires_at"] <= self.now():
                return None
            return dict(secret["session"])

    # -- calls ------------------------------------------------------------------------------------

    def add_call(
        self,
        status: str,
        session: dict[str, Any] | None,
        sdp: str | None = None,
        sip_headers: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        """A new call, announced as ``realtime.call.incoming`` (webhooks hear it)."""
        call_id = self.mint("rtc_", "realtime.call", 32, counter="").id
        call: dict[str, Any] = {
            "id": call_id,
            "status": status,
            "created_at": int(self.now()),
            "session": session,
            "sdp_offer": sdp,
            "refer_to": None,
            "sip_status": None,
        }
        with self.lock:
            self._calls[call_id] = call
        self.state.emit(
            "realtime.call.incoming", {"call_id": call_id, "sip_headers": sip_headers or []}
        )
        return dict(call)

    def incoming_call(self, sip_headers: list[dict[str, str]] | None = None) -> str:
        """A SIP call ringing in: announced as ``realtime.call.incoming``; returns its id."""
        headers = sip_headers or [{"name": "From", "value": "sip:+14155550123@sip.example.com"}]
        return str(self.add_call("ringing", None, sip_headers=headers)["id"])

    def call(self, call_id: str) -> dict[str, Any]:
        with self.lock:
            call = self._calls.get(call_id)
            if call is None:
                raise call_not_found(call_id)
            return dict(call)

    def move_call(
        self, call_id: str, action: str, allowed: tuple[str, ...], status: str, **changes: Any
    ) -> None:
        """Apply ``action`` when the call is in one of the ``allowed`` states; a 400 otherwise."""
        with self.lock:
            call = self._calls.get(call_id)
            if call is None:
                raise call_not_found(call_id)
            if call["status"] not in allowed:
                raise MockAPIError(
                    400,
                    f"Cannot {action} call '{call_id}': the call is {call['status']}.",
                    param="call_id",
                    code="invalid_call_state",
                )
            call.update(status=status, **changes)

    # -- sessions ---------------------------------------------------------------------------------

    def add_session(self, summary: dict[str, Any]) -> None:
        with self.lock:
            self._sessions.append(summary)


LIVE_CALL_STATES = _LIVE
