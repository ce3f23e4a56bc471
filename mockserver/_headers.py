"""The headers real responses carry: request ids, processing time, rate limits.

Ids are deterministic per server seed and call number. Azure answers add
its gateway's headers (``apim-request-id``, ``x-ms-region``, ...) and use a
UUID ``x-request-id``, as the recorded Azure traffic shows.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Final

from openai_kit.mockserver._ids import hex_id, uuid_id

__all__ = [
    "EXPOSE_HEADER",
    "REQUEST_ID_HEADER",
    "REQUEST_LIMIT",
    "TOKEN_LIMIT",
    "RequestIds",
    "headers_after_id",
    "number_header",
    "raw_response_headers",
]

REQUEST_LIMIT = 10_000
TOKEN_LIMIT = 30_000_000
OPENAI_VERSION = "2020-10-01"


class RequestIds:
    """The ids of call number ``index`` of a server seeded with ``seed`` (each hashed on first use)."""

    __slots__ = ("_apim", "_azure", "_openai", "index", "seed")

    def __init__(self, seed: int, index: int) -> None:
        self.seed = seed
        self.index = index
        self._openai: str | None = None
        self._azure: str | None = None
        self._apim: str | None = None

    @property
    def openai(self) -> str:
        if self._openai is None:
            self._openai = "req_" + hex_id(self.seed, "request", self.index)
        return self._openai

    @property
    def apim(self) -> str:
        if self._apim is None:
            self._apim = uuid_id(self.seed, "apim", self.index)
        return self._apim

    def request_id(self, *, azure: bool) -> str:
        if not azure:
            return self.openai
        if self._azure is None:
            self._azure = uuid_id(self.seed, "request", self.index)
        return self._azure


Raw = list[tuple[bytes, bytes]]

# The values that never change, encoded once.
_LIMITS: Final[Raw] = [
    (b"openai-version", OPENAI_VERSION.encode()),
    (b"x-ratelimit-limit-requests", str(REQUEST_LIMIT).encode()),
    (b"x-ratelimit-limit-tokens", str(TOKEN_LIMIT).encode()),
    (b"x-ratelimit-remaining-requests", str(REQUEST_LIMIT - 1).encode()),
]
_RESETS: Final[Raw] = [
    (b"x-ratelimit-reset-requests", b"6ms"),
    (b"x-ratelimit-reset-tokens", b"0s"),
]
_ECHOED: Final = (
    ("openai-organization", b"openai-organization"),
    ("openai-project", b"openai-project"),
)
#: The first header of every answer; its value is the one each answer has of its own.
REQUEST_ID_HEADER: Final = b"x-request-id"
#: What an OpenAI answer ends its service headers with.
EXPOSE_HEADER: Final = (b"access-control-expose-headers", b"X-Request-ID")
_AZURE_SECURITY: Final[Raw] = [
    (b"x-content-type-options", b"nosniff"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains; preload"),
]


@functools.lru_cache(maxsize=64)
def _model_session(seed: int) -> bytes:
    """Azure's ``azureml-model-session`` of a server: one per seed."""
    return f"v20250225-1-{int(hex_id(seed, 'session', 0, 8), 16) % 10**9:09d}".encode()


@functools.lru_cache(maxsize=4096)
def number_header(name: bytes, value: int) -> tuple[bytes, bytes]:
    """The raw header ``name: value`` for a number, built once: most answers repeat the
    numbers of others (a processing time, a token count, a length), and a pair they share
    is no new memory for each (nor for the live server's log, which keeps the headers)."""
    return name, str(value).encode("latin-1")


def headers_after_id(processing_ms: int, tokens: int, request_headers: Mapping[str, str]) -> Raw:
    """The service's headers after ``x-request-id`` up to the echoed request headers: what
    answers of one kind share (every pair in them is built once, for all of them)."""
    raw: Raw = [
        number_header(b"openai-processing-ms", processing_ms),
        *_LIMITS,
        number_header(b"x-ratelimit-remaining-tokens", max(0, TOKEN_LIMIT - tokens)),
        *_RESETS,
    ]
    for echoed, name in _ECHOED:
        value = request_headers.get(echoed)
        if value:
            raw.append((name, value.encode("latin-1")))
    return raw


def raw_response_headers(
    ids: RequestIds,
    *,
    azure: bool,
    model_headers: bool,
    processing_ms: int,
    tokens: int,
    request_headers: Mapping[str, str],
    region: str,
) -> Raw:
    """The service's headers for one answer, as ASGI raw headers (lowercase names, in order).

    ``model_headers``: the operation runs on a model (Azure adds its model timing headers).
    """
    raw: Raw = [
        (REQUEST_ID_HEADER, ids.request_id(azure=azure).encode("latin-1")),
        *headers_after_id(processing_ms, tokens, request_headers),
    ]
    if not azure:
        raw.append(EXPOSE_HEADER)
        return raw
    ms = raw[1][1]  # openai-processing-ms
    apim = ids.apim
    client_id = request_headers.get("x-ms-client-request-id") or apim
    raw.append((b"apim-request-id", apim.encode("latin-1")))
    raw.append((b"x-ms-client-request-id", client_id.encode("latin-1")))
    raw.append((b"x-ms-region", region.encode("latin-1")))
    raw.extend(_AZURE_SECURITY)
    if model_headers:
        raw.append((b"azureml-model-session", _model_session(ids.seed)))
        raw.append((b"cmp-upstream-response-duration", ms))
        raw.append((b"ms-azureml-model-time", ms))
    return raw
