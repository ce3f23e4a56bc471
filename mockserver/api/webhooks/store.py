"""Webhook endpoints and deliveries: the mock sends signed events when things happen.

Any store announces what happened with ``self.state.emit(event_type, obj)``
(``"batch.completed"``, ``"fine_tuning.job.succeeded"``, ``"eval.run.failed"``,
``"response.completed"`` ..., ``obj`` the JSON of the object it happened to);
this store listens (``State.listeners``) and queues one delivery per endpoint
that wants the event type. The event body is the service's
``{"id": "evt_...", "object": "event", "type", "created_at", "data": {"id"}}``
(``created_at`` on the server's clock), signed with Standard Webhooks headers.

Deliveries go out in :meth:`WebhooksStore.tick` (every clock advance, and
every quarter second on a live server). A non-2xx answer or a failure to
connect is retried after :data:`RETRY_DELAYS` seconds of the server's clock;
after the last one the delivery is ``failed``. Endpoints and deliveries are
store tables: each holds the server's ``store_limit`` at most, oldest forgotten first.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final

from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._stores import State, Store, kept
from openai_kit.mockserver.api.webhooks.signing import SECRET_PREFIX, event_headers, secret_key
from openai_kit.mockserver.api.webhooks.targets import Poster, Target, describe

__all__ = ["EVENT_TYPES", "RETRY_DELAYS", "Delivery", "Endpoint", "WebhooksStore"]

logger = logging.getLogger("openai_kit.mockserver")

#: The event types the service sends (the spec's webhook events).
EVENT_TYPES: Final = (
    "batch.cancelled",
    "batch.completed",
    "batch.expired",
    "batch.failed",
    "eval.run.canceled",
    "eval.run.failed",
    "eval.run.succeeded",
    "fine_tuning.job.cancelled",
    "fine_tuning.job.failed",
    "fine_tuning.job.succeeded",
    "realtime.call.incoming",
    "response.cancelled",
    "response.completed",
    "response.failed",
    "response.incomplete",
)
#: Seconds (server clock) before each retry of a failed delivery.
RETRY_DELAYS: Final = (5.0, 30.0, 120.0, 600.0, 3600.0)


@dataclass
class Endpoint:
    id: str
    target: Target
    secret: str
    key: bytes
    events: frozenset[str] | None
    keep_on_reset: bool = False

    def wants(self, event_type: str) -> bool:
        return self.events is None or event_type in self.events

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": describe(self.target),
            "events": None if self.events is None else sorted(self.events),
        }


@dataclass
class Delivery:
    id: str
    event_id: str
    event_type: str
    endpoint: Endpoint
    body: bytes
    next_at: float
    status: str = "pending"
    attempts: int = 0
    response_status: int | None = None
    error: str | None = None
    history: list[int | str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event_id": self.event_id,
            "event_type": self.event_type,
            "endpoint_id": self.endpoint.id,
            "url": describe(self.endpoint.target),
            "status": self.status,
            "attempts": self.attempts,
            "response_status": self.response_status,
            "error": self.error,
            "next_attempt_at": self.next_at if self.status == "pending" else None,
        }


class WebhooksStore(Store):
    """Registered endpoints (``add``/``remove``) and every delivery (``deliveries``)."""

    area: ClassVar[str] = "webhooks"
    _endpoints = kept("endpoints", Endpoint.to_json)
    _deliveries = kept("deliveries", Delivery.to_json)

    def __init__(self, state: State) -> None:
        super().__init__(state)
        self._counts = {"endpoint": 0, "event": 0, "delivery": 0}
        self._sending = threading.Lock()
        state.listeners.append(self._on_event)

    def clear(self) -> None:
        """Forget deliveries and endpoints (but those added with ``keep_on_reset``)."""
        with self.lock:
            staying = [e for e in self._endpoints.values() if e.keep_on_reset]
            super().clear()
            for endpoint in staying:
                self._endpoints[endpoint.id] = endpoint
            self._counts.update(event=0, delivery=0)

    # -- endpoints ---------------------------------------------------------------------------

    def add(
        self,
        target: Target,
        secret: str | None = None,
        events: Collection[str] | None = None,
        *,
        keep_on_reset: bool = False,
    ) -> dict[str, Any]:
        """Send events to ``target`` (a URL, a callable or an ASGI app), signed with ``secret``.

        ``events`` limits the event types (None: every one). Without a secret
        one is made from the seed; the returned endpoint shows it.
        """
        if not isinstance(target, str) and not callable(target):
            raise TypeError("a webhook target is a URL, a callable or an ASGI app")
        if isinstance(target, str) and not target.startswith(("http://", "https://")):
            raise ValueError(f"a webhook URL must be http:// or https://, not {target!r}")
        unknown = sorted(set(events or ()) - set(EVENT_TYPES))
        if unknown:
            raise ValueError(f"unknown webhook event types: {', '.join(unknown)}")
        with self.lock:
            self._counts["endpoint"] += 1
            number = self._counts["endpoint"]
            if secret is None:
                secret = SECRET_PREFIX + alnum_id(self.seed, "webhook-secret", number, 32)
            endpoint = Endpoint(
                id="we_" + alnum_id(self.seed, "webhook-endpoint", number),
                target=target,
                secret=secret,
                key=secret_key(secret),
                events=None if events is None else frozenset(events),
                keep_on_reset=keep_on_reset,
            )
            self._endpoints[endpoint.id] = endpoint
            return {**endpoint.to_json(), "secret": secret}

    def remove(self, endpoint_id: str | None = None) -> int:
        """Remove one endpoint (by id) or all; returns how many went."""
        with self.lock:
            if endpoint_id is None:
                count = len(self._endpoints)
                self._endpoints.clear()
                return count
            return 1 if self._endpoints.pop(endpoint_id, None) is not None else 0

    def endpoints(self) -> list[dict[str, Any]]:
        with self.lock:
            return [e.to_json() for e in self._endpoints.values()]

    def deliveries(self) -> list[dict[str, Any]]:
        """Every delivery, oldest first: status, attempts, event type, last answer."""
        with self.lock:
            return [d.to_json() for d in self._deliveries.values()]

    # -- events and deliveries ---------------------------------------------------------------

    def _on_event(self, event_type: str, data: Mapping[str, Any]) -> None:
        with self.lock:
            wanting = [e for e in self._endpoints.values() if e.wants(event_type)]
            if not wanting:
                return
            self._counts["event"] += 1
            event_id = "evt_" + alnum_id(self.seed, "webhook-event", self._counts["event"])
            now = self.now()
            event = {
                "id": event_id,
                "object": "event",
                "type": event_type,
                "created_at": int(now),
                "data": {"id": data.get("id")},
            }
            body = json.dumps(event).encode()
            for endpoint in wanting:
                self._counts["delivery"] += 1
                number = self._counts["delivery"]
                ident = "whd_" + alnum_id(self.seed, "webhook-delivery", number)
                # due at once: the next tick sends it, whatever time that tick reads
                delivery = Delivery(ident, event_id, event_type, endpoint, body, 0.0)
                self._deliveries[ident] = delivery

    def tick(self, now: float) -> None:
        """Send every delivery that is due (one sender at a time; a busy tick skips)."""
        if not self._sending.acquire(blocking=False):
            return
        try:
            with self.lock:
                due = [
                    d
                    for d in self._deliveries.values()
                    if d.status == "pending" and d.next_at <= now
                ]
            if due:
                poster = Poster()  # its connections live for this tick only
                try:
                    for delivery in due:
                        self._attempt(poster, delivery, now)
                finally:
                    poster.close()
        finally:
            self._sending.release()

    def _attempt(self, poster: Poster, delivery: Delivery, now: float) -> None:
        endpoint = delivery.endpoint
        headers = event_headers(endpoint.key, delivery.event_id, delivery.body)
        status: int | None = None
        error: str | None = None
        try:
            status = poster.post(endpoint.target, delivery.body, headers)
        except Exception as exc:  # a refused connection, a receiver that raised
            error = f"{type(exc).__name__}: {exc}"
        with self.lock:
            delivery.attempts += 1
            delivery.response_status, delivery.error = status, error
            if status is not None and 200 <= status < 300:
                delivery.status = "delivered"
            elif delivery.attempts > len(RETRY_DELAYS):
                delivery.status = "failed"
            else:
                delivery.next_at = now + RETRY_DELAYS[delivery.attempts - 1]
