"""``client.webhooks``: check that a webhook came from OpenAI and read its event.

No request is sent: the signature is checked against the webhook secret, which
is the ``secret`` argument, else the client's ``webhook_secret``, else the
``OPENAI_WEBHOOK_SECRET`` environment variable. The scheme is in
:mod:`openai_kit.lib.webhooks`, which also builds signed test events.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from .._models import validate_json
from .._resource import AsyncAPIResource, SyncAPIResource
from ..lib.webhooks import (
    DEFAULT_TOLERANCE,
    HeadersLike,
    SignedWebhook,
    build_test_event,
    verify_signature,
)
from ..types.webhooks.unwrap_webhook_event import UnwrapWebhookEvent

__all__ = ["AsyncWebhooks", "Webhooks"]

_NO_SECRET = (
    "The webhook secret must either be set using the env var, OPENAI_WEBHOOK_SECRET, on the "
    "client class, OpenAI(webhook_secret='123'), or passed to this function"
)


class _WebhooksCore:
    """The methods, the same for the sync and the async client (none of them does I/O)."""

    _client: Any

    def _secret(self, secret: str | None) -> str:
        found = secret or self._client.webhook_secret or os.environ.get("OPENAI_WEBHOOK_SECRET")
        if not found:
            raise ValueError(_NO_SECRET)
        return str(found)

    def verify_signature(
        self,
        payload: str | bytes,
        headers: HeadersLike,
        *,
        secret: str | None = None,
        tolerance: int = DEFAULT_TOLERANCE,
    ) -> None:
        """Raise unless ``payload`` carries a valid signature made within ``tolerance`` seconds.

        ``ValueError`` when a ``webhook-*`` header or the secret is missing;
        :class:`~openai_kit.InvalidWebhookSignatureError` for a wrong signature or a
        timestamp more than ``tolerance`` seconds old or ahead.
        """
        verify_signature(payload, headers, secret=self._secret(secret), tolerance=tolerance)

    def unwrap(
        self, payload: str | bytes, headers: HeadersLike, *, secret: str | None = None
    ) -> UnwrapWebhookEvent:
        """Verify the webhook (as :meth:`verify_signature`), then parse its event.

        The result is the event's own type (``BatchCompletedWebhookEvent``, ...),
        chosen by its ``type``.
        """
        self.verify_signature(payload, headers, secret=secret)
        strict = bool(self._client._strict_response_validation)
        event: Any = validate_json(UnwrapWebhookEvent, payload, strict=strict)  # type: ignore[arg-type]
        return event  # type: ignore[no-any-return]

    def build_test_event(
        self,
        event_type: str,
        *,
        data: Mapping[str, Any],
        secret: str | None = None,
        event_id: str | None = None,
        created_at: int | None = None,
        webhook_id: str | None = None,
        timestamp: int | None = None,
    ) -> SignedWebhook:
        """A signed ``event_type`` webhook about ``data``, for testing a webhook handler.

        Signed with the same secret :meth:`unwrap` checks against (argument, client,
        environment); see :func:`openai_kit.lib.webhooks.build_test_event`.
        """
        return build_test_event(
            event_type,
            data=data,
            secret=self._secret(secret),
            event_id=event_id,
            created_at=created_at,
            webhook_id=webhook_id,
            timestamp=timestamp,
        )


class Webhooks(_WebhooksCore, SyncAPIResource):
    """Webhook verification for :class:`~openai_kit.OpenAI`."""


class AsyncWebhooks(_WebhooksCore, AsyncAPIResource):
    """Webhook verification for :class:`~openai_kit.AsyncOpenAI` (the methods are not async)."""
