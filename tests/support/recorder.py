"""A recording ``httpx.MockTransport`` for client tests.

``Recorder`` keeps every ``httpx.Request`` a client sends, so a test can
assert on the URL, headers, query and JSON body that went over the wire.
It answers with queued one-off replies first (``enqueue``), then with its
default reply. A reply without a body gets a small canned body that fits
the route (a chat completion for ``/chat/completions``, a model list for
``GET /models`` ...), so most tests need not spell out a response at all.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

__all__ = ["CANNED_BODIES", "Recorder", "Reply", "canned_body"]

_CREATED = 1_700_000_000

# (method, path suffix) -> body. Longer suffixes come first, so that
# "/chat/completions" wins over "/completions".
CANNED_BODIES: tuple[tuple[str, str, object], ...] = (
    (
        "POST",
        "/chat/completions",
        {
            "id": "chatcmpl-rec",
            "object": "chat.completion",
            "created": _CREATED,
            "model": "gpt-4o-mini",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "Hello."},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
        },
    ),
    (
        "POST",
        "/completions",
        {
            "id": "cmpl-rec",
            "object": "text_completion",
            "created": _CREATED,
            "model": "gpt-3.5-turbo-instruct",
            "choices": [{"index": 0, "text": "Hello.", "finish_reason": "stop", "logprobs": None}],
        },
    ),
    (
        "POST",
        "/embeddings",
        {
            "object": "list",
            "data": [{"object": "embedding", "index": 0, "embedding": [0.25, -0.5]}],
            "model": "text-embedding-3-small",
            "usage": {"prompt_tokens": 2, "total_tokens": 2},
        },
    ),
    (
        "POST",
        "/moderations",
        {"id": "modr-rec", "model": "omni-moderation-latest", "results": []},
    ),
    (
        "GET",
        "/models",
        {
            "object": "list",
            "data": [
                {"id": "gpt-4o-mini", "object": "model", "created": _CREATED, "owned_by": "system"}
            ],
        },
    ),
    ("GET", "/files", {"object": "list", "data": [], "has_more": False}),
)


def canned_body(request: httpx.Request) -> object:
    """The canned body for the request's route, or ``{}`` for any other route."""
    for method, suffix, body in CANNED_BODIES:
        if request.method == method and request.url.path.endswith(suffix):
            return body
    return {}


@dataclass(frozen=True)
class Reply:
    """One response: ``body=None`` means the canned body for the route."""

    status: int = 200
    body: object = None
    headers: Mapping[str, str] = field(default_factory=dict)


class Recorder:
    """Answers requests through ``httpx.MockTransport`` and records them."""

    def __init__(
        self,
        body: object = None,
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.default = Reply(status, body, dict(headers or {}))
        self.queued: deque[Reply] = deque()
        self.requests: list[httpx.Request] = []

    def enqueue(
        self, status: int, body: object = None, headers: Mapping[str, str] | None = None
    ) -> Recorder:
        """Serve this reply once, before the default one (queued replies go in order)."""
        self.queued.append(Reply(status, body, dict(headers or {})))
        return self

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.queued.popleft() if self.queued else self.default
        body = canned_body(request) if reply.body is None else reply.body
        return httpx.Response(reply.status, json=body, headers=dict(reply.headers))

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)

    def sync_client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(transport=self.transport(), **kwargs)

    def async_client(self, **kwargs: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=self.transport(), **kwargs)

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "the client sent no request"
        return self.requests[-1]

    def json(self, index: int = -1) -> Any:
        """The JSON body of a recorded request (the last one by default)."""
        return json.loads(self.requests[index].content)

    def query(self, index: int = -1) -> dict[str, str]:
        """The query parameters of a recorded request, one value per name."""
        return dict(self.requests[index].url.params)
