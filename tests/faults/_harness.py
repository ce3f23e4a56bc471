"""What every fault-matrix test shares: the cells, the clients, the waits, the call.

A *cell* is one combination of SDK (openai-kit or the official ``openai``
package), flavour (sync or async client), route (OpenAI or Azure classic
``/openai/deployments/{d}/...``) and mode (a plain chat completion or
``stream=True``). :class:`Harness` builds the cell's client wired to a
:class:`MockServer` (in process, or over a live loopback socket), records every
retry wait both SDKs ask for without sleeping, and closes what it opened.

Tests are ``async def`` for every cell: a sync client is simply called from
the coroutine (its in-process transport runs the app on its own thread), so
one body serves both flavours (:func:`settle` awaits only what is awaitable).
"""

from __future__ import annotations

import inspect
import time
import types
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeAlias, TypeVar

import anyio
import anyio.lowlevel
import httpx
import openai
import openai._base_client as official_base_client
import pytest

import openai_kit
from openai_kit import _base_client as kit_base_client
from openai_kit.mockserver import MockServer
from openai_kit.mockserver._server import DEFAULT_AZURE_API_VERSION, IN_PROCESS_URL

__all__ = [
    "CELLS",
    "MESSAGES",
    "MODEL",
    "OPERATION",
    "RETRY_AFTER_CAP",
    "RETRY_COUNT_HEADER",
    "Cell",
    "Chat",
    "Flavour",
    "Harness",
    "Mode",
    "Route",
    "Sdk",
    "WaitRecorder",
    "assert_waits",
    "backoff_bounds",
    "cell_id",
    "error_class",
    "iter_cells",
    "server_wait",
    "settle",
]

_T = TypeVar("_T")

Sdk: TypeAlias = Literal["kit", "openai"]
Flavour: TypeAlias = Literal["sync", "async"]
Route: TypeAlias = Literal["openai", "azure"]
Mode: TypeAlias = Literal["plain", "stream"]

MODEL: Final = "gpt-4o-mini"
OPERATION: Final = "chat.completions.create"
MESSAGES: Final[list[Any]] = [{"role": "user", "content": "Say hello to the fault matrix."}]

# The header each SDK uses to number its attempts (a documented difference:
# openai-kit's own name vs the official package's X-Stainless family).
RETRY_COUNT_HEADER: Final[dict[Sdk, str]] = {
    "kit": "x-retry-count",
    "openai": "x-stainless-retry-count",
}


@dataclass(frozen=True)
class Cell:
    """One point of the matrix."""

    sdk: Sdk
    flavour: Flavour
    route: Route
    mode: Mode

    @property
    def stream(self) -> bool:
        return self.mode == "stream"

    @property
    def style(self) -> str:
        """The journal's ``style`` for this cell's requests."""
        return self.route

    def __str__(self) -> str:
        return cell_id(self)


def cell_id(cell: Cell) -> str:
    return f"{cell.sdk}-{cell.flavour}-{cell.route}-{cell.mode}"


CELLS: Final[list[Cell]] = [
    Cell(sdk, flavour, route, mode)
    for sdk in ("kit", "openai")
    for flavour in ("sync", "async")
    for route in ("openai", "azure")
    for mode in ("plain", "stream")
]


def error_class(sdk: Sdk, name: str) -> type[Exception]:
    """The exception class ``name`` as the cell's SDK exports it."""
    module = openai_kit if sdk == "kit" else openai
    cls = getattr(module, name)
    assert isinstance(cls, type) and issubclass(cls, Exception)
    return cls


# The longest server-requested wait each SDK obeys (a documented difference:
# openai-kit 60 s and normal back-off above; the official 2.54 obeys up to 120 s
# and does not retry at all when asked to wait longer).
RETRY_AFTER_CAP: Final[dict[Sdk, float]] = {"kit": 60.0, "openai": 120.0}


def backoff_bounds(retries_taken: int) -> tuple[float, float]:
    """Both SDKs' jittered back-off before retry ``retries_taken + 1``: 0.5 s doubling to 8 s, less up to 25%."""
    ceiling = min(0.5 * 2.0**retries_taken, 8.0)
    return ceiling * 0.75, ceiling


def server_wait(headers: httpx.Headers) -> float | None:
    """The wait a response asks for: ``retry-after-ms`` first, then ``retry-after`` seconds."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is not None:
            try:
                return float(value) / scale
            except ValueError:
                continue
    return None


def assert_waits(sdk: Sdk, waits: list[float], retried: list[httpx.Response | None]) -> None:
    """Each wait is what the response before it asked for, or the back-off when it asked nothing.

    ``retried`` holds the response of every retried attempt (None for an
    attempt that got no response: a timeout or a dropped connection).
    """
    assert len(waits) == len(retried), (waits, retried)
    for taken, (wait, response) in enumerate(zip(waits, retried, strict=True)):
        asked = None if response is None else server_wait(response.headers)
        if asked is not None and 0 < asked <= RETRY_AFTER_CAP[sdk]:
            assert wait == pytest.approx(asked), (taken, wait, asked)
        else:
            low, high = backoff_bounds(taken)
            assert low <= wait <= high, (taken, wait)


# -- waits -----------------------------------------------------------------------


@dataclass
class WaitRecorder:
    """Every retry wait either SDK asked for, in order; nothing is slept."""

    waits: list[float] = field(default_factory=list)
    #: called with each wait, e.g. a mock clock's ``advance`` so that time
    #: "passes" on the server as the client believes it slept
    on_wait: list[Callable[[float], object]] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        for callback in self.on_wait:
            callback(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await anyio.lowlevel.checkpoint()

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Patch openai-kit's sleep hooks and the sleeps of the official package's retry loop.

        openai-kit waits through ``SyncAPIClient._sleep`` / ``AsyncAPIClient._sleep``.
        The official package calls ``time.sleep`` and ``anyio.sleep`` through its
        ``_base_client`` module's globals, so those two names are replaced there
        (only there) by proxies whose ``sleep`` records.
        """
        monkeypatch.setattr(kit_base_client.SyncAPIClient, "_sleep", staticmethod(self.sleep))
        monkeypatch.setattr(
            kit_base_client.AsyncAPIClient, "_sleep", staticmethod(self.async_sleep)
        )
        monkeypatch.setattr(official_base_client, "time", _Proxy(time, sleep=self.sleep))
        monkeypatch.setattr(official_base_client, "anyio", _Proxy(anyio, sleep=self.async_sleep))


class _Proxy:
    """A module stand-in: the given attributes, everything else from ``module``."""

    def __init__(self, module: types.ModuleType, **overrides: Any) -> None:
        self._module = module
        self.__dict__.update(overrides)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


# -- calls -----------------------------------------------------------------------


async def settle(result: Awaitable[_T] | _T) -> _T:
    """The value of a client call: awaited for an async client, as is for a sync one."""
    if inspect.isawaitable(result):
        return await result
    return result


@dataclass
class Chat:
    """What the consumer of one chat call got.

    Plain calls fill ``completion``; streams fill ``chunks`` and, when the
    stream broke after it started, ``error`` (raised while iterating).
    """

    completion: Any = None
    chunks: list[Any] = field(default_factory=list)
    error: BaseException | None = None

    @property
    def text(self) -> str:
        if self.completion is not None:
            return str(self.completion.choices[0].message.content or "")
        return "".join(c.choices[0].delta.content or "" for c in self.chunks if c.choices)

    @property
    def finish_reason(self) -> str | None:
        if self.completion is not None:
            return str(self.completion.choices[0].finish_reason)
        reasons = [c.choices[0].finish_reason for c in self.chunks if c.choices]
        return next((str(r) for r in reversed(reasons) if r), None)


# -- the harness -------------------------------------------------------------------


class Harness:
    """Clients of every cell for one mock server; closes them all at the end.

    ``live_url`` (from ``mock.live()``) sends the clients over real loopback
    sockets instead of the in-process transports.
    """

    def __init__(self, mock: MockServer, waits: WaitRecorder, live_url: str | None = None) -> None:
        self.mock = mock
        self.waits = waits
        self.live_url = live_url
        #: every response either SDK received, as httpx saw it (headers at once,
        #: the body once the SDK has read it)
        self.responses: list[httpx.Response] = []
        self._sync: list[Any] = []
        self._async: list[Any] = []

    def _http_client(self, flavour: Flavour) -> httpx.Client | httpx.AsyncClient:
        live = self.live_url is not None
        if flavour == "sync":
            return httpx.Client(
                transport=None if live else self.mock.transport(),
                event_hooks={"response": [self.responses.append]},
            )

        async def seen(response: httpx.Response) -> None:
            self.responses.append(response)

        return httpx.AsyncClient(
            transport=None if live else self.mock.async_transport(),
            event_hooks={"response": [seen]},
        )

    def client(self, cell: Cell, **options: Any) -> Any:
        """The cell's client (``max_retries``, ``timeout`` ... pass through)."""
        origin = self.live_url or IN_PROCESS_URL
        http_client = self._http_client(cell.flavour)
        options.setdefault("api_key", self.mock.api_key)
        options["http_client"] = http_client
        module: Any = openai_kit if cell.sdk == "kit" else openai
        if cell.route == "openai":
            name = "OpenAI" if cell.flavour == "sync" else "AsyncOpenAI"
            options.setdefault("base_url", f"{origin}/v1")
        else:
            name = "AzureOpenAI" if cell.flavour == "sync" else "AsyncAzureOpenAI"
            options.setdefault("azure_endpoint", origin)
            options.setdefault("api_version", DEFAULT_AZURE_API_VERSION)
        client = getattr(module, name)(**options)
        (self._sync if cell.flavour == "sync" else self._async).append(http_client)
        return client

    async def chat(self, client: Any, cell: Cell, **params: Any) -> Chat:
        """One chat completion as the cell's mode makes it, consumed to the end.

        Errors of the call itself propagate; an error while iterating a
        stream that has started is kept in :attr:`Chat.error` with the
        chunks that arrived before it.
        """
        params.setdefault("model", MODEL)
        params.setdefault("messages", MESSAGES)
        result = await settle(client.chat.completions.create(stream=cell.stream, **params))
        if not cell.stream:
            return Chat(completion=result)
        got = Chat()
        try:
            if cell.flavour == "sync":
                with result:
                    for chunk in result:
                        got.chunks.append(chunk)
            else:
                async with result:
                    async for chunk in result:
                        got.chunks.append(chunk)
        except Exception as exc:
            got.error = exc
        return got

    def attempts(self, cell: Cell | None = None) -> list[Any]:
        """The journal's chat requests (on the cell's route when given)."""
        entries = self.mock.requests.filter(OPERATION)
        if cell is not None:
            assert all(e.style == cell.style for e in entries), [e.style for e in entries]
        return entries

    def retry_counts(self, cell: Cell) -> list[str | None]:
        """The attempt number each request carried in its SDK's retry header."""
        header = RETRY_COUNT_HEADER[cell.sdk]
        return [e.headers.get(header) for e in self.attempts(cell)]

    def close(self) -> None:
        for http_client in self._sync:
            http_client.close()
        self._sync.clear()

    async def aclose(self) -> None:
        self.close()
        for http_client in self._async:
            await http_client.aclose()
        self._async.clear()


def iter_cells(
    *,
    sdks: tuple[Sdk, ...] = ("kit", "openai"),
    flavours: tuple[Flavour, ...] = ("sync", "async"),
    routes: tuple[Route, ...] = ("openai", "azure"),
    modes: tuple[Mode, ...] = ("plain", "stream"),
) -> Iterator[Cell]:
    """The cells of a sub-matrix, in :data:`CELLS` order."""
    for cell in CELLS:
        if (
            cell.sdk in sdks
            and cell.flavour in flavours
            and cell.route in routes
            and cell.mode in modes
        ):
            yield cell
