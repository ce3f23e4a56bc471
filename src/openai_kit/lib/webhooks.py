"""Webhook signatures in the Standard Webhooks scheme OpenAI uses: check them, and make them.

A webhook carries three headers: ``webhook-id``, ``webhook-timestamp`` (Unix
seconds) and ``webhook-signature``, a space-separated list of
``v1,<base64 HMAC-SHA256>`` signatures of ``"{id}.{timestamp}.{body}"``. The key
is the secret's bytes, or, for a ``whsec_`` secret, the base64 text after the
prefix decoded. A webhook is accepted when any ``v1`` signature matches and its
timestamp is within ``tolerance`` seconds (300) of now, in either direction.

:func:`verify_signature` is what ``client.webhooks.verify_signature`` and
``client.webhooks.unwrap`` run. :func:`sign_webhook` and :func:`build_test_event`
go the other way, for testing a webhook handler without the API: they produce a
payload and headers that ``unwrap`` (openai-kit's or the official package's) accepts.

    signed = build_test_event("batch.completed", data={"id": "batch_abc"}, secret="whsec_...")
    response = test_client.post("/hooks/openai", content=signed.payload, headers=signed.headers)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .._exceptions import InvalidWebhookSignatureError

__all__ = [
    "DEFAULT_TOLERANCE",
    "HeadersLike",
    "SignedWebhook",
    "build_test_event",
    "event_types",
    "sign_webhook",
    "signature",
    "verify_signature",
]

#: Seconds a webhook's timestamp may lie before or after now.
DEFAULT_TOLERANCE = 300
_ID, _TIMESTAMP, _SIGNATURE = "webhook-id", "webhook-timestamp", "webhook-signature"


class _GetHeader(Protocol):
    def get(self, key: str, /) -> str | None: ...


#: A plain mapping, or a headers object with ``.get`` (httpx, Starlette, Flask, Django ...).
HeadersLike = Mapping[str, str] | _GetHeader


def _header(headers: HeadersLike, name: str) -> str:
    """A header's value, whatever the case of its name; ``ValueError`` when it is absent."""
    if isinstance(headers, Mapping):
        for key, value in headers.items():
            if isinstance(key, str) and key.lower() == name and isinstance(value, str):
                return value
    for spelling in (name, name.title(), name.upper()):
        value = headers.get(spelling)
        if value:
            return value
    raise ValueError(f"Could not find {name} header")


def _key(secret: str) -> bytes:
    if secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret[len("whsec_") :], validate=True)
        except binascii.Error as exc:
            raise ValueError("A whsec_ webhook secret must be base64 after the prefix") from exc
    return secret.encode()


def _text(payload: str | bytes) -> str:
    return payload.decode("utf-8") if isinstance(payload, bytes) else payload


def signature(payload: str | bytes, *, secret: str, webhook_id: str, timestamp: int | str) -> str:
    """The base64 HMAC-SHA256 of ``"{webhook_id}.{timestamp}.{payload}"`` under ``secret``."""
    signed = f"{webhook_id}.{timestamp}.{_text(payload)}".encode()
    return base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest()).decode()


def verify_signature(
    payload: str | bytes,
    headers: HeadersLike,
    *,
    secret: str,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Check that ``payload`` was signed with ``secret`` recently; raise if not.

    ``ValueError`` names a missing header; :class:`~openai_kit.InvalidWebhookSignatureError`
    says why the signature or timestamp was refused.
    """
    given = _header(headers, _SIGNATURE)
    timestamp = _header(headers, _TIMESTAMP)
    webhook_id = _header(headers, _ID)
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise InvalidWebhookSignatureError("Invalid webhook timestamp format") from None
    current = int(time.time() if now is None else now)
    if current - sent_at > tolerance:
        raise InvalidWebhookSignatureError("Webhook timestamp is too old")
    if sent_at > current + tolerance:
        raise InvalidWebhookSignatureError("Webhook timestamp is too new")
    expected = signature(payload, secret=secret, webhook_id=webhook_id, timestamp=timestamp)
    candidates = [
        part[len("v1,") :] if part.startswith("v1,") else part
        for part in given.split()
        if part.startswith("v1,") or "," not in part
    ]
    if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
        raise InvalidWebhookSignatureError(
            "The given webhook signature does not match the expected signature"
        )


@dataclass(frozen=True)
class SignedWebhook:
    """A webhook as OpenAI would deliver it: the JSON body and its three signature headers."""

    payload: str
    headers: dict[str, str] = field(default_factory=dict)


def sign_webhook(
    payload: str | bytes | Mapping[str, Any],
    *,
    secret: str,
    webhook_id: str | None = None,
    timestamp: int | None = None,
) -> SignedWebhook:
    """Sign ``payload`` (JSON text, or a mapping to encode) as a webhook from OpenAI would be.

    ``webhook_id`` defaults to a fresh ``wh_...`` id and ``timestamp`` to now.
    """
    text = _text(payload) if isinstance(payload, str | bytes) else _encode(payload)
    webhook_id = webhook_id or f"wh_{secrets.token_hex(16)}"
    sent_at = str(int(time.time()) if timestamp is None else timestamp)
    digest = signature(text, secret=secret, webhook_id=webhook_id, timestamp=sent_at)
    headers = {_ID: webhook_id, _TIMESTAMP: sent_at, _SIGNATURE: f"v1,{digest}"}
    return SignedWebhook(payload=text, headers=headers)


def _encode(event: Mapping[str, Any]) -> str:
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False)


def event_types() -> list[str]:
    """Every webhook event type the API sends (``"batch.completed"``, ...), as the spec lists them."""
    from typing import get_args

    from ..types.webhooks.unwrap_webhook_event import UnwrapWebhookEvent

    (union, *_) = get_args(UnwrapWebhookEvent)
    return [value for member in get_args(union) for value in _type_values(member)]


def _type_values(model: Any) -> tuple[str, ...]:
    from typing import get_args

    return get_args(model.model_fields["type"].annotation)


def build_test_event(
    event_type: str,
    *,
    data: Mapping[str, Any],
    secret: str,
    event_id: str | None = None,
    created_at: int | None = None,
    webhook_id: str | None = None,
    timestamp: int | None = None,
) -> SignedWebhook:
    """A signed webhook for the event ``event_type`` about ``data`` (``{"id": "batch_abc"}``).

    The event is ``{"id", "object": "event", "type", "created_at", "data"}`` and must
    be one the API sends: an unknown ``event_type`` or ``data`` that does not fit it
    raises ``ValueError``. ``event_id`` defaults to a fresh ``evt_...`` id,
    ``created_at`` and ``timestamp`` to now.
    """
    import pydantic

    from ..types.webhooks.unwrap_webhook_event import UnwrapWebhookEvent

    known = event_types()
    if event_type not in known:
        raise ValueError(f"Unknown webhook event type {event_type!r}; expected one of {known}")
    event = {
        "id": event_id or f"evt_{secrets.token_hex(16)}",
        "object": "event",
        "created_at": int(time.time()) if created_at is None else created_at,
        "type": event_type,
        "data": dict(data),
    }
    try:
        pydantic.TypeAdapter(UnwrapWebhookEvent).validate_python(event, strict=False)
    except pydantic.ValidationError as exc:
        raise ValueError(f"The data does not fit a {event_type!r} event: {exc}") from None
    return sign_webhook(event, secret=secret, webhook_id=webhook_id, timestamp=timestamp)
