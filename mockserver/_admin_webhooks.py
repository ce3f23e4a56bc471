"""``/_mock/webhooks``: register webhook endpoints and read their deliveries over HTTP.

- ``POST /_mock/webhooks`` with ``{"url": ..., "secret": "whsec_...", "events": [...]}``
  (``secret`` and ``events`` optional) → 201, the endpoint (``id``, ``url``,
  ``events``, ``secret``).
- ``GET /_mock/webhooks`` → ``{"data": [endpoints]}``; ``DELETE`` removes them all,
  ``DELETE /_mock/webhooks/{id}`` one.
- ``GET /_mock/webhooks/deliveries`` → ``{"data": [deliveries]}`` (``event_type``,
  ``status`` pending/delivered/failed, ``attempts``, ``response_status``, ``error``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from openai_kit.mockserver._admin_access import RouteFactory
from openai_kit.mockserver._admin_kit import collection, error_answer, json_answer
from openai_kit.mockserver.api.webhooks.store import WebhooksStore

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["webhook_routes"]

_KEYS = {"url", "secret", "events"}


def _registration(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or set(data) - _KEYS:
        raise ValueError('expected {"url": ..., "secret": "whsec_...", "events": [...]}')
    if not isinstance(data.get("url"), str):
        raise ValueError("url must be a string")
    events = data.get("events")
    if events is not None and not (
        isinstance(events, list) and all(isinstance(e, str) for e in events)
    ):
        raise ValueError("events must be a list of event types")
    secret = data.get("secret")
    if secret is not None and not isinstance(secret, str):
        raise ValueError("secret must be a string")
    return data


def webhook_routes(core: ServerCore, route: RouteFactory) -> list[BaseRoute]:
    """The admin routes of webhook endpoints and deliveries, built by the admin API's
    ``route`` so its access check applies."""
    store = core.state.get(WebhooksStore)

    def register(body: Any) -> dict[str, Any]:
        data = _registration(body)
        return store.add(data["url"], data.get("secret"), data.get("events"))

    endpoints = collection(store.endpoints, store.remove, register)

    async def one(request: Request) -> Response:
        endpoint_id = request.path_params["endpoint_id"]
        if not store.remove(endpoint_id):
            message = f"No webhook endpoint with id {endpoint_id!r} is registered."
            return error_answer(404, message)
        return json_answer({"id": endpoint_id, "deleted": True})

    async def deliveries(request: Request) -> Response:
        return json_answer({"data": store.deliveries()})

    return [
        route(core, "/_mock/webhooks", endpoints, ["GET", "POST", "DELETE"]),
        route(core, "/_mock/webhooks/deliveries", deliveries, ["GET"]),
        route(core, "/_mock/webhooks/{endpoint_id}", one, ["DELETE"]),
    ]
