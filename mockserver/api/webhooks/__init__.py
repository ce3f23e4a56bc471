"""Webhooks: signed events sent to registered endpoints (no API operations of its own).

Registration is the mock's own (``mock.webhooks.add``, ``/_mock/webhooks``,
the CLI's ``--webhook``); other areas emit events with ``state.emit``.
Listed last among the areas so that events emitted by a tick go out in it.
"""

from __future__ import annotations

from openai_kit.mockserver._operation import Area
from openai_kit.mockserver.api.webhooks.store import WebhooksStore

__all__ = ["AREA"]

AREA = Area("webhooks", (), stores=(WebhooksStore,))
