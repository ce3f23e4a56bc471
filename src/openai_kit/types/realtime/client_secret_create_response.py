"""The answer of ``realtime.client_secrets.create``: the ``ek_`` value, its expiry, the session."""

from __future__ import annotations

from typing import Any

from ..._models import BaseModel

__all__ = ["ClientSecretCreateResponse"]


class ClientSecretCreateResponse(BaseModel):
    value: str
    """The client secret (``ek_...``): a short-lived key for the Realtime API."""

    expires_at: int
    """When it stops being accepted (unix seconds)."""

    session: dict[str, Any]
    """The session configuration the secret carries."""
