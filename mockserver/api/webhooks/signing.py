"""Standard Webhooks signing, as the service signs the events it sends.

``webhook-signature`` is ``v1,`` and the base64 HMAC-SHA256 of
``"{webhook-id}.{webhook-timestamp}.{body}"`` under the secret, a ``whsec_``
string whose rest is base64 (the key's bytes). ``webhook-timestamp`` is
wall-clock seconds: receivers check it against their own clock.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time

__all__ = ["SECRET_PREFIX", "event_headers", "secret_key", "sign"]

SECRET_PREFIX = "whsec_"


def secret_key(secret: str) -> bytes:
    """The key bytes of ``secret`` (``whsec_`` + base64); a ValueError when it is not base64."""
    if not isinstance(secret, str) or not secret:
        raise ValueError("a webhook secret must be a non-empty string")
    try:
        return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except binascii.Error:
        raise ValueError("a webhook secret must be 'whsec_' followed by base64") from None


def sign(key: bytes, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value of ``body`` sent as ``message_id`` at ``timestamp``."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def event_headers(key: bytes, message_id: str, body: bytes) -> dict[str, str]:
    """The headers of one delivery of ``body``, signed now."""
    timestamp = int(time.time())
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(key, message_id, timestamp, body),
    }
