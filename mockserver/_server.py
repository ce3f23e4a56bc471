"""``MockServer``: one object holding the app, state, journal and scripts.

Use it in process (clients wired to it through a streaming transport, no
sockets) or live (uvicorn on a free loopback port)::

    mock = MockServer(seed=0)
    client = mock.client()                     # openai_kit.OpenAI, in process
    with mock.live() as url:                   # http://127.0.0.1:PORT
        ...                                    # OPENAI_BASE_URL=url + "/v1"
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import httpx
from starlette.applications import Starlette

from openai_kit.mockserver._app import build_app
from openai_kit.mockserver._clock import Clock
from openai_kit.mockserver._core import ServerCore
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._fastpath import MockApp
from openai_kit.mockserver._faults_book import FaultBook
from openai_kit.mockserver._journal import RecordedRequest, RequestJournal
from openai_kit.mockserver._live import serve_in_thread
from openai_kit.mockserver._scripts import Script, ScriptBook
from openai_kit.mockserver._stores import State
from openai_kit.mockserver._transport import AsyncMockTransport, MockTransport, Shortcut
from openai_kit.mockserver.api.realtime.store import RealtimeStore
from openai_kit.mockserver.api.responses.store import ResponsesStore

if TYPE_CHECKING:
    from openai_kit import AsyncAzureOpenAI, AsyncOpenAI, AzureOpenAI, OpenAI

__all__ = ["DEFAULT_AZURE_API_VERSION", "IN_PROCESS_URL", "MockServer"]

# In-process clients address this origin; the reserved .invalid domain
# guarantees nothing resolves it should a request ever miss the transport.
IN_PROCESS_URL = "http://mockserver.openai-kit.invalid"
DEFAULT_AZURE_API_VERSION = "2024-10-21"


class MockServer:
    """An OpenAI and Azure OpenAI emulator.

    ``seed`` fixes generated content and ids; ``api_keys`` None accepts any
    non-empty credential, a collection makes every other key a 401;
    ``latency`` seconds are waited before each API answer. ``deployments``
    maps Azure deployment names to catalogue models (default: every model is
    deployed under its own name); ``clock`` is the time source of the
    server's simulated clock (``created`` stamps, background responses),
    which :meth:`advance` moves forward.
    """

    def __init__(
        self,
        seed: int = 0,
        api_keys: Collection[str] | None = None,
        latency: float = 0.0,
        *,
        deployments: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.time,
        azure_region: str = "East US",
        journal_size: int | None = 10_000,
    ) -> None:
        self._core = ServerCore(
            seed=seed,
            api_keys=api_keys,
            latency=latency,
            deployments=deployments,
            clock=clock,
            azure_region=azure_region,
            journal_size=journal_size,
        )
        self.app: Starlette = build_app(self._core, self.reset)

    def __repr__(self) -> str:
        return f"<MockServer seed={self.seed} requests={len(self.requests)}>"

    @property
    def clock(self) -> Clock:
        """The server's clock: ``clock`` plus what :meth:`advance` added (``faults.clock`` too)."""
        return self._core.clock

    @property
    def seed(self) -> int:
        return self._core.seed

    @property
    def api_key(self) -> str:
        """The key the mock's own clients send (the first of ``api_keys``)."""
        return self._core.client_api_key

    @property
    def requests(self) -> RequestJournal:
        """Every API request received, oldest first."""
        return self._core.journal

    @property
    def faults(self) -> FaultBook:
        """Installed faults: ``mock.faults.add(faults.status(429), operation=...)``, ``.clear()``,
        ``.rules``, ``.hits``, and ``.clock`` (the server's clock; ``advance`` refills)."""
        return self._core.faults

    @property
    def scripts(self) -> ScriptBook:
        """The scripted responses still pending (``.pending``, ``.clear()``, ``.assert_all_used()``)."""
        return self._core.scripts

    @property
    def state(self) -> State:
        """Every area's stores: ``state.get(FilesStore)``, ``state.snapshot()``, and
        ``state.add_fine_tuned_model(base)`` (creates an ``ft:`` model)."""
        return self._core.state

    @property
    def responses_store(self) -> ResponsesStore:
        """Stored responses (``.retrieve(id)``, ``.cancel(id)``...)."""
        return self._core.state.get(ResponsesStore)

    @property
    def realtime(self) -> RealtimeStore:
        """Realtime state: ``.faults`` on sessions, ``.incoming_call()``, ``.call(id)``..."""
        return self._core.state.get(RealtimeStore)

    def advance(self, seconds: float) -> float:
        """Move the server clock forward (background responses progress, rate limits refill); returns the new time."""
        now = self.clock.advance(seconds)
        self._core.state.tick()
        return now

    def script(
        self,
        operation: str,
        *,
        content: str | None = None,
        tool_calls: Sequence[Mapping[str, Any]] | None = None,
        finish_reason: str | None = None,
        body: Any = None,
        chunks: Sequence[Any] | None = None,
        status: int | None = None,
        error: MockAPIError | int | None = None,
        headers: Mapping[str, str] | None = None,
        model: str | None = None,
        contains: str | None = None,
        match: Callable[[RecordedRequest], bool] | None = None,
        times: int | None = 1,
    ) -> Script:
        """Script the next call(s) of ``operation`` matching ``model``/``contains``/``match``.

        Answer with ``content`` and/or ``tool_calls`` (chat; a tool call is
        ``{"name": ..., "arguments": {...}}``), a whole ``body`` (with
        ``status``), SSE ``chunks``, or an ``error`` (a :class:`MockAPIError`
        or a status code). ``times`` calls are answered (None: all of them).
        """
        return self._core.scripts.add(
            operation,
            content=content,
            tool_calls=tool_calls,
            finish_reason=finish_reason,
            body=body,
            chunks=chunks,
            status=status,
            error=error,
            headers=headers,
            model=model,
            contains=contains,
            match=match,
            times=times,
        )

    def reset(self) -> None:
        """Forget files, fine-tuned models, the journal, scripts and faults; restart ids.

        Faults installed with ``keep_on_reset=True`` (the CLI's) stay, restarted.
        Stored responses and conversations are forgotten; the clock keeps its time.
        """
        self._core.reset()

    # -- in process ------------------------------------------------------------

    def _shortcut(self) -> Shortcut | None:
        """The app's express lane for the transports (none once ``app`` was replaced)."""
        return self.app.answer_now if isinstance(self.app, MockApp) else None

    def transport(self) -> MockTransport:
        """A sync httpx transport into this server: ``httpx.Client(transport=mock.transport())``."""
        return MockTransport(self.app, self._shortcut())

    def async_transport(self) -> AsyncMockTransport:
        """An async httpx transport into this server (asyncio)."""
        return AsyncMockTransport(self.app, self._shortcut())

    def client(self, **kwargs: Any) -> OpenAI:
        """An ``openai_kit.OpenAI`` wired to this server in process (kwargs pass through)."""
        from openai_kit import OpenAI

        kwargs.setdefault("api_key", self.api_key)
        kwargs.setdefault("base_url", f"{IN_PROCESS_URL}/v1")
        kwargs.setdefault("http_client", httpx.Client(transport=self.transport()))
        return OpenAI(**kwargs)

    def async_client(self, **kwargs: Any) -> AsyncOpenAI:
        """An ``openai_kit.AsyncOpenAI`` wired to this server in process."""
        from openai_kit import AsyncOpenAI

        kwargs.setdefault("api_key", self.api_key)
        kwargs.setdefault("base_url", f"{IN_PROCESS_URL}/v1")
        kwargs.setdefault("http_client", httpx.AsyncClient(transport=self.async_transport()))
        return AsyncOpenAI(**kwargs)

    def _azure_kwargs(self, api_version: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs.setdefault("azure_endpoint", IN_PROCESS_URL)
        kwargs["api_version"] = api_version
        if not {"api_key", "azure_ad_token", "azure_ad_token_provider"} & kwargs.keys():
            kwargs["api_key"] = self.api_key
        return kwargs

    def azure_client(
        self, *, api_version: str = DEFAULT_AZURE_API_VERSION, **kwargs: Any
    ) -> AzureOpenAI:
        """An ``openai_kit.AzureOpenAI`` wired to this server (``azure_deployment`` etc. pass through)."""
        from openai_kit import AzureOpenAI

        kwargs.setdefault("http_client", httpx.Client(transport=self.transport()))
        return AzureOpenAI(**self._azure_kwargs(api_version, kwargs))

    def async_azure_client(
        self, *, api_version: str = DEFAULT_AZURE_API_VERSION, **kwargs: Any
    ) -> AsyncAzureOpenAI:
        """An ``openai_kit.AsyncAzureOpenAI`` wired to this server."""
        from openai_kit import AsyncAzureOpenAI

        kwargs.setdefault("http_client", httpx.AsyncClient(transport=self.async_transport()))
        return AsyncAzureOpenAI(**self._azure_kwargs(api_version, kwargs))

    # -- live --------------------------------------------------------------------

    @contextmanager
    def live(self, host: str = "127.0.0.1", port: int = 0, *, http: str = "h11") -> Iterator[str]:
        """Serve under uvicorn in a background thread; yields the base URL.

        Point OpenAI clients at ``url + "/v1"`` and Azure clients at ``url``
        (their ``azure_endpoint``). The server stops when the block ends.
        ``http="httptools"`` serves about three times the requests per second
        (it needs the httptools package); every fault works the same with both.
        """
        with serve_in_thread(self.app, host, port, http=http) as url:
            yield url
