"""The headers real responses carry: request ids, processing time, rate limits.

Ids are deterministic per server seed and call number. Azure answers add
its gateway's headers (``apim-request-id``, ``x-ms-region``, ...) and use a
UUID ``x-request-id``, as the recorded Azure traffic shows.
"""

from __future__ import annotations

from collections.abc import Mapping

from openai_kit.mockserver._ids import hex_id, uuid_id

__all__ = ["REQUEST_LIMIT", "TOKEN_LIMIT", "RequestIds", "response_headers"]

REQUEST_LIMIT = 10_000
TOKEN_LIMIT = 30_000_000
OPENAI_VERSION = "2020-10-01"
# Operations that reach a model deployment (Azure adds model timing headers).
_MODEL_OPERATIONS = frozenset(
    {"chat.completions.create", "completions.create", "embeddings.create", "moderations.create"}
)


class RequestIds:
    """The ids of call number ``index`` of a server seeded with ``seed``."""

    __slots__ = ("apim", "index", "openai", "seed")

    def __init__(self, seed: int, index: int) -> None:
        self.seed = seed
        self.index = index
        self.openai = "req_" + hex_id(seed, "request", index)
        self.apim = uuid_id(seed, "apim", index)

    def request_id(self, *, azure: bool) -> str:
        return uuid_id(self.seed, "request", self.index) if azure else self.openai


def response_headers(
    ids: RequestIds,
    *,
    azure: bool,
    operation: str | None,
    processing_ms: int,
    tokens: int,
    request_headers: Mapping[str, str],
    region: str,
) -> dict[str, str]:
    headers = {
        "x-request-id": ids.request_id(azure=azure),
        "openai-processing-ms": str(processing_ms),
        "openai-version": OPENAI_VERSION,
        "x-ratelimit-limit-requests": str(REQUEST_LIMIT),
        "x-ratelimit-limit-tokens": str(TOKEN_LIMIT),
        "x-ratelimit-remaining-requests": str(REQUEST_LIMIT - 1),
        "x-ratelimit-remaining-tokens": str(max(0, TOKEN_LIMIT - tokens)),
        "x-ratelimit-reset-requests": "6ms",
        "x-ratelimit-reset-tokens": "0s",
    }
    for echoed in ("openai-organization", "openai-project"):
        value = request_headers.get(echoed)
        if value:
            headers[echoed] = value
    if not azure:
        headers["access-control-expose-headers"] = "X-Request-ID"
        return headers
    headers["apim-request-id"] = ids.apim
    headers["x-ms-client-request-id"] = request_headers.get("x-ms-client-request-id") or ids.apim
    headers["x-ms-region"] = region
    headers["x-content-type-options"] = "nosniff"
    headers["strict-transport-security"] = "max-age=31536000; includeSubDomains; preload"
    if operation in _MODEL_OPERATIONS:
        headers["azureml-model-session"] = (
            f"v20250225-1-{int(hex_id(ids.seed, 'session', 0, 8), 16) % 10**9:09d}"
        )
        headers["cmp-upstream-response-duration"] = str(processing_ms)
        headers["ms-azureml-model-time"] = str(processing_ms)
    return headers
