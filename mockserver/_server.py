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
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, Unpack, overload

import httpx
from starlette.applications import Starlette

from openai_kit.mockserver._admin_access import AdminAccess, is_loopback
from openai_kit.mockserver._app import build_app
from openai_kit.mockserver._core import DEFAULT_MAX_BODY_BYTES, Limits, ServerCore
from openai_kit.mockserver._fastpath import MockApp
from openai_kit.mockserver._journal import (
    DEFAULT_BODY_LIMIT,
    DEFAULT_JOURNAL_BYTES,
)
from openai_kit.mockserver._live import serve_in_thread, ticking
from openai_kit.mockserver._scripts import Script, ScriptOptions
from openai_kit.mockserver._stores import DEFAULT_STORE_LIMIT
from openai_kit.mockserver._transport import AsyncMockTransport, MockTransport, Shortcut
from openai_kit.mockserver.api.realtime.store import RealtimeStore
from openai_kit.mockserver.api.responses.store import ResponsesStore
from openai_kit.mockserver.api.webhooks.store import WebhooksStore

if TYPE_CHECKING:
    from openai_kit import AsyncAzureOpenAI, AsyncOpenAI, AzureOpenAI, OpenAI
    from openai_kit.mockserver._transport_httpx2 import AsyncHttpx2Transport, Httpx2Transport

__all__ = ["DEFAULT_AZURE_API_VERSION", "IN_PROCESS_URL", "MockServer"]

# In-process clients address this origin; the reserved .invalid domain
# guarantees nothing resolves it should a request ever miss the transport.
IN_PROCESS_URL = "http://mockserver.openai-kit.invalid"
DEFAULT_AZURE_API_VERSION = "2024-10-21"


T = TypeVar("T")


class _OfCore(Generic[T]):
    """A read-only attribute of a server that is a part of its core (``mock.requests``...)."""

    def __init__(self, read: Callable[[ServerCore], T], doc: str) -> None:
        self._read = read
        self.__doc__ = doc

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, server: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, server: MockServer, owner: type[Any]) -> T: ...
    def __get__(self, server: MockServer | None, owner: type[Any]) -> T | Self:
        return self if server is None else self._read(server._core)

    def __set__(self, server: MockServer, value: object) -> None:
        raise AttributeError(f"MockServer.{self._name} cannot be replaced")


class MockServer:
    """An OpenAI and Azure OpenAI emulator.

    ``seed`` fixes generated content and ids; ``api_keys`` None accepts any
    non-empty credential, a collection makes every other key a 401;
    ``latency`` seconds are waited before each API answer. ``deployments``
    maps Azure deployment names to catalogue models (default: every model is
    deployed under its own name); ``models`` maps model names this server
    serves besides the catalogue to the catalogue model each behaves like
    (``{"my-model": "gpt-4o-mini"}``: listed, validated and answered as that
    one, answers carrying ``my-model``; other servers do not know it);
    ``clock`` is the time source of the
    server's simulated clock (``created`` stamps, background responses),
    which :meth:`advance` moves forward.

    Limits (None: none): ``max_body_bytes`` per request body (a 413 beyond),
    ``journal_size`` entries and ``journal_bytes`` bytes in the journal,
    ``journal_body_bytes`` of a body it keeps whole, ``store_limit`` objects
    per store table (the oldest go first). The admin API (``/_mock/*``) over
    the network answers loopback hosts and origins only (plus
    ``admin_hosts``), or, with ``admin_token``, requests carrying that token.
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
        max_body_bytes: int | None = DEFAULT_MAX_BODY_BYTES,
        journal_bytes: int | None = DEFAULT_JOURNAL_BYTES,
        journal_body_bytes: int = DEFAULT_BODY_LIMIT,
        store_limit: int | None = DEFAULT_STORE_LIMIT,
        admin_token: str | None = None,
        admin_hosts: Collection[str] = (),
        models: Mapping[str, str] | None = None,
    ) -> None:
        limits = Limits(
            max_body_bytes=max_body_bytes,
            journal_size=journal_size,
            journal_bytes=journal_bytes,
            journal_body_bytes=journal_body_bytes,
            store_limit=store_limit,
        )
        self._core = ServerCore(
            seed,
            api_keys,
            latency,
            deployments=deployments,
            clock=clock,
            azure_region=azure_region,
            limits=limits,
            admin=AdminAccess(admin_token, admin_hosts),
            models=models,
        )
        self.app: Starlette = build_app(self._core, self.reset)
        self._waits: list[float] = []

    def __repr__(self) -> str:
        return f"<MockServer seed={self.seed} requests={len(self.requests)}>"

    clock = _OfCore(
        lambda core: core.clock,
        "The server's clock: ``clock`` plus what :meth:`advance` added (``faults.clock`` too).",
    )
    admin_token = _OfCore(
        lambda core: core.admin.token,
        "The token ``/_mock/*`` requests over the network must carry (None: loopback only).",
    )
    seed = _OfCore(lambda core: core.seed, "The seed that fixes generated content and ids.")
    api_key = _OfCore(
        lambda core: core.client_api_key,
        "The key the mock's own clients send (the first of ``api_keys``).",
    )
    requests = _OfCore(lambda core: core.journal, "Every API request received, oldest first.")
    faults = _OfCore(
        lambda core: core.faults,
        "Installed faults: ``mock.faults.add(faults.status(429), operation=...)``, ``.clear()``, "
        "``.rules``, ``.hits``, and ``.clock`` (the server's clock; ``advance`` refills).",
    )
    scripts = _OfCore(
        lambda core: core.scripts,
        "The scripted responses still pending (``.pending``, ``.clear()``, ``.assert_all_used()``).",
    )
    state = _OfCore(
        lambda core: core.state,
        "Every area's stores: ``state.get(FilesStore)``, ``state.snapshot()``, and "
        "``state.add_fine_tuned_model(base)`` (creates an ``ft:`` model).",
    )
    responses_store = _OfCore(
        lambda core: core.state.get(ResponsesStore),
        "Stored responses (``.retrieve(id)``, ``.cancel(id)``...).",
    )
    webhooks = _OfCore(
        lambda core: core.state.get(WebhooksStore),
        "Webhook endpoints and deliveries: ``mock.webhooks.add(url_or_callable_or_asgi_app, "
        'secret="whsec_...", events=None)``, ``.remove(id)``, ``.endpoints()``, ``.deliveries()``.',
    )
    realtime = _OfCore(
        lambda core: core.state.get(RealtimeStore),
        "Realtime state: ``.faults`` on sessions, ``.incoming_call()``, ``.call(id)``...",
    )

    def advance(self, seconds: float) -> float:
        """Move the server clock forward (background responses progress, rate limits refill); returns the new time."""
        now = self.clock.advance(seconds)
        self._core.state.tick()
        return now

    @property
    def waits(self) -> list[float]:
        """The seconds clients waited between attempts (retry back-off, ``Retry-After``), in order.

        Filled by :meth:`sleep`; the pytest plugin's fixtures send the waits of
        openai-kit's and the official package's clients there.
        """
        return self._waits

    def sleep(self, seconds: float) -> None:
        """Wait on the server's clock instead of the wall: note the wait in :attr:`waits`, advance."""
        self._waits.append(seconds)
        if seconds > 0:
            self.clock.advance(seconds)

    def script(self, operation: str, **options: Unpack[ScriptOptions]) -> Script:
        """Script the next call(s) of ``operation`` matching ``model``/``contains``/``match``.

        Answer with ``content`` and/or ``tool_calls`` (chat; a tool call is
        ``{"name": ..., "arguments": {...}}``), a whole ``body`` (with
        ``status``), SSE ``chunks``, or an ``error`` (a :class:`MockAPIError`
        or a status code). ``times`` calls are answered (None: all of them).
        """
        return self._core.scripts.add(operation, **options)

    def reset(self) -> None:
        """Forget files, fine-tuned models, the journal, waits, scripts and faults; restart ids.

        Faults installed with ``keep_on_reset=True`` (the CLI's) stay, restarted.
        Stored responses and conversations are forgotten; the clock keeps its time.
        """
        self._core.reset()
        self._waits.clear()

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

    def httpx2_transport(self) -> Httpx2Transport:
        """A sync ``httpx2`` transport into this server (openai 3.x's stack; needs httpx2):
        ``httpx2.Client(transport=mock.httpx2_transport())``."""
        from openai_kit.mockserver._transport_httpx2 import Httpx2Transport

        return Httpx2Transport(self.transport())

    def async_httpx2_transport(self) -> AsyncHttpx2Transport:
        """An async ``httpx2`` transport into this server (asyncio; needs httpx2)."""
        from openai_kit.mockserver._transport_httpx2 import AsyncHttpx2Transport

        return AsyncHttpx2Transport(self.async_transport())

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
        Lifecycles (batches, webhook deliveries ...) move on every quarter second.
        ``http="httptools"`` serves about three times the requests per second
        (it needs the httptools package); every fault works the same with both.
        A ``host`` other than loopback needs the server's ``admin_token``. The dashboard
        and its admin endpoints (``/_mock/``) are served too.
        """
        if not is_loopback(host) and self._core.admin.token is None:
            raise ValueError(
                f"serving on {host!r} reaches beyond this machine: give MockServer an "
                "admin_token so the admin API is not open to it"
            )
        from openai_kit.mockserver._standalone import StandaloneApp

        with (
            ticking(self._core.state.tick),
            serve_in_thread(StandaloneApp(self), host, port, http=http) as url,
        ):
            yield url
