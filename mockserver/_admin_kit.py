"""What every admin endpoint under ``/_mock/`` answers with, written once.

JSON answers that never fail to encode, errors in the API's shape, request
bodies read strictly and bounded, and the collection endpoint the control plane
repeats for faults, scripts, webhook endpoints and Realtime session faults:
``GET`` lists ``{"data": [...]}``, ``DELETE`` removes all (``{"deleted": n}``),
``POST`` installs the JSON body's definition (201 with it), a bad one a 400.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from openai_kit.mockserver._strict_json import dumps_safe
from openai_kit.mockserver._strict_json import loads as strict_loads

__all__ = ["Endpoint", "collection", "error_answer", "json_answer", "read_json"]

Endpoint = Callable[[Request], Awaitable[Response]]

_JSON: Final = "application/json"
#: The largest admin request body read (definitions are small).
MAX_ADMIN_BODY: Final = 1 << 20


def json_answer(body: Any, status: int = 200) -> Response:
    """A JSON answer that never fails to encode (see ``dumps_safe``)."""
    return Response(dumps_safe(body), status, media_type=_JSON)


def error_answer(status: int, message: str, param: str | None = None) -> Response:
    """An error in the API's shape (``invalid_request_error``)."""
    error = {"message": message, "type": "invalid_request_error", "param": param, "code": None}
    return json_answer({"error": error}, status)


async def read_json(request: Request) -> Any:
    """The request's JSON body (``{}`` when empty); ``ValueError`` when too large or not JSON."""
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_ADMIN_BODY:
            raise ValueError(f"the request body is larger than {MAX_ADMIN_BODY} bytes")
    if not raw.strip():
        return {}
    try:
        return strict_loads(raw)
    except ValueError:
        raise ValueError("the request body is not valid JSON") from None


def collection(
    listing: Callable[[], list[Any]],
    clear: Callable[[], int],
    install: Callable[[Any], dict[str, Any]],
    *,
    param: str | None = None,
) -> Endpoint:
    """The endpoint of one admin collection (``GET``/``POST``/``DELETE``).

    ``install`` takes the parsed body and returns what it installed as JSON; a
    ``TypeError``/``ValueError`` from it is a 400 naming ``param``.
    """

    async def endpoint(request: Request) -> Response:
        if request.method == "GET":
            return json_answer({"data": listing()})
        if request.method == "DELETE":
            return json_answer({"deleted": clear()})
        try:
            installed = install(await read_json(request))
        except (TypeError, ValueError) as exc:
            return error_answer(400, str(exc), param)
        return json_answer(installed, 201)

    return endpoint
