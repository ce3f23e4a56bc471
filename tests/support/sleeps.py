"""Helpers for the retry, timeout and error tests: no real sleeps, no sockets.

* ``record_sleeps(monkeypatch)`` swaps the SDK's sleep hooks
  (``SyncAPIClient._sleep`` and ``AsyncAPIClient._sleep`` in
  ``openai_kit._base_client``) for a :class:`SleepRecorder`, so a test can
  assert every wait the client asked for without waiting.
* :class:`Script` is an ``httpx.MockTransport`` handler that plays a sequence
  of steps (a status code, a :class:`Reply`, or an exception class to raise),
  one per attempt, repeating the last, and keeps every request it saw.
* ``make_client`` / ``make_azure_client`` build a sync or async client wired
  to a script, and ``settle`` awaits a result only when the client is async,
  so one test body serves both flavours.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeAlias, TypeVar

import httpx
import pytest

from openai_kit import AsyncAzureOpenAI, AsyncOpenAI, AzureOpenAI, OpenAI, _base_client

__all__ = [
    "AZURE_ENDPOINT",
    "BASE_URL",
    "MODEL_BODY",
    "AnyClient",
    "Flavour",
    "Reply",
    "Script",
    "SleepRecorder",
    "Step",
    "backoff_range",
    "make_azure_client",
    "make_client",
    "record_sleeps",
    "settle",
]

_T = TypeVar("_T")

Flavour: TypeAlias = Literal["sync", "async"]
AnyClient: TypeAlias = OpenAI | AsyncOpenAI

BASE_URL: Final = "http://127.0.0.1:4010/v1"
AZURE_ENDPOINT: Final = "http://127.0.0.1:4010"

# What GET /models/{id} answers; the default body of a scripted 2xx.
MODEL_BODY: Final[Mapping[str, object]] = {
    "id": "gpt-4o-mini",
    "object": "model",
    "created": 1_700_000_000,
    "owned_by": "openai",
}


@dataclass
class SleepRecorder:
    """Every wait the client requested, in order, and through which hook."""

    waits: list[float] = field(default_factory=list)
    sync_waits: list[float] = field(default_factory=list)
    async_waits: list[float] = field(default_factory=list)

    def sync_sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.sync_waits.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.async_waits.append(seconds)


def record_sleeps(monkeypatch: pytest.MonkeyPatch) -> SleepRecorder:
    """Install a recorder on both sleep hooks for the rest of the test."""
    recorder = SleepRecorder()
    # staticmethod keeps the recorder unbound however the client reaches the hook
    # (through the class or through ``self``).
    monkeypatch.setattr(_base_client.SyncAPIClient, "_sleep", staticmethod(recorder.sync_sleep))
    monkeypatch.setattr(_base_client.AsyncAPIClient, "_sleep", staticmethod(recorder.async_sleep))
    return recorder


def backoff_range(retries_taken: int) -> tuple[float, float]:
    """Bounds of the jittered exponential back-off before retry number ``retries_taken + 1``."""
    ceiling = min(0.5 * 2.0**retries_taken, 8.0)
    return ceiling * 0.75, ceiling


_DEFAULT: Final = object()


@dataclass(frozen=True)
class Reply:
    """One scripted response.

    ``body`` left out gives :data:`MODEL_BODY` for a 2xx and an OpenAI error
    envelope otherwise; a ``str`` is sent as text/plain, ``bytes`` as given
    (no content type), anything else as JSON. ``request_id`` ``"auto"`` sends
    ``x-request-id: req_<attempt>``; ``None`` sends no request id.
    """

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: object = _DEFAULT
    request_id: str | None = "auto"

    def build(self, attempt: int) -> httpx.Response:
        headers: dict[str, str] = {}
        if self.request_id is not None:
            auto = self.request_id == "auto"
            headers["x-request-id"] = f"req_{attempt}" if auto else self.request_id
        headers.update(self.headers)
        body = self.body
        if body is _DEFAULT:
            body = MODEL_BODY if self.status < 400 else error_envelope(self.status)
        if isinstance(body, bytes):
            return httpx.Response(self.status, headers=headers, content=body)
        if isinstance(body, str):
            return httpx.Response(self.status, headers=headers, text=body)
        return httpx.Response(self.status, headers=headers, json=body)


def error_envelope(status: int) -> dict[str, object]:
    return {
        "error": {
            "message": f"scripted failure with status {status}",
            "type": "invalid_request_error" if status < 500 else "server_error",
            "param": None,
            "code": None,
        }
    }


Step: TypeAlias = int | Reply | type[BaseException]


class Script:
    """A MockTransport handler playing one step per attempt; the last step repeats.

    Responses carry ``x-request-id: req_<n>`` (n counts attempts from 1) unless
    the step sets its own. An exception class is raised with the request
    attached when it is an ``httpx.RequestError``.
    """

    def __init__(self, *steps: Step) -> None:
        if not steps:
            raise ValueError("a script needs at least one step")
        self.steps: tuple[Step, ...] = steps
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        attempt = len(self.requests)
        step = self.steps[min(attempt, len(self.steps)) - 1]
        if isinstance(step, int):
            return Reply(step).build(attempt)
        if isinstance(step, Reply):
            return step.build(attempt)
        if issubclass(step, httpx.RequestError):
            raise step(f"scripted {step.__name__}", request=request)
        raise step(f"scripted {step.__name__}")

    @property
    def attempts(self) -> int:
        return len(self.requests)

    def header(self, name: str) -> list[str | None]:
        """The value of one request header on every attempt."""
        return [request.headers.get(name) for request in self.requests]

    def json_bodies(self) -> list[object]:
        return [json.loads(request.content) for request in self.requests]


def make_client(flavour: Flavour, script: Script, **options: Any) -> AnyClient:
    """An OpenAI (sync) or AsyncOpenAI (async) client whose transport is ``script``."""
    options.setdefault("api_key", "sk-test")
    options.setdefault("base_url", BASE_URL)
    transport = httpx.MockTransport(script)
    if flavour == "sync":
        return OpenAI(http_client=httpx.Client(transport=transport), **options)
    return AsyncOpenAI(http_client=httpx.AsyncClient(transport=transport), **options)


def make_azure_client(
    flavour: Flavour, script: Script, **options: Any
) -> AzureOpenAI | AsyncAzureOpenAI:
    """An Azure client (key auth, endpoint on loopback) whose transport is ``script``."""
    options.setdefault("api_key", "azure-test-key")
    options.setdefault("azure_endpoint", AZURE_ENDPOINT)
    options.setdefault("api_version", "2024-10-21")
    transport = httpx.MockTransport(script)
    if flavour == "sync":
        return AzureOpenAI(http_client=httpx.Client(transport=transport), **options)
    return AsyncAzureOpenAI(http_client=httpx.AsyncClient(transport=transport), **options)


async def settle(result: Awaitable[_T] | _T) -> _T:
    """The value of a client call: awaited for an async client, as is for a sync one."""
    if inspect.isawaitable(result):
        return await result
    return result
