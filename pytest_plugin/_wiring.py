"""Where the fixture clients send their requests: the test's mock, or a cassette.

A wiring supplies the constructor arguments of the OpenAI and Azure clients
and the transports to send through: httpx's, and httpx2's for the official
package's 3.x line (whose clients are ``httpx2`` clients). :class:`MockWiring` targets the
mock server in process; :class:`CassetteWiring` replays a cassette and, when
the record mode lets it record, resolves the real target the normal way from
the variables the test's environment had before openai-kit hid them
(``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``OPENAI_ORG_ID``,
``OPENAI_PROJECT_ID``, ``AZURE_OPENAI_API_KEY``, ``AZURE_OPENAI_AD_TOKEN``,
``AZURE_OPENAI_ENDPOINT``, ``OPENAI_API_VERSION``).

Imported lazily by the plugin's fixtures (it imports httpx and openai_kit).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import httpx
import pytest

from openai_kit.mockserver._server import DEFAULT_AZURE_API_VERSION, IN_PROCESS_URL

if TYPE_CHECKING:
    from openai_kit.mockserver import MockServer
    from openai_kit.pytest_plugin._cassette import Cassette

__all__ = [
    "OPENAI_DEFAULT_BASE_URL",
    "CassetteWiring",
    "ClientKind",
    "MockWiring",
    "Wiring",
    "build_client",
    "official_stack",
    "recording_hosts",
]

OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"
# Stand-ins used while replaying when the environment names no real target;
# replay never reaches them (the .invalid domain cannot resolve).
_REPLAY_KEY = "sk-openai-kit-replay"
_REPLAY_AZURE_ENDPOINT = "https://replay.openai-kit.invalid"
# Real answers can take minutes (httpx's own default is five seconds).
_RECORD_TIMEOUT = httpx.Timeout(600.0, connect=5.0)

ClientKind = Literal["openai", "async_openai", "azure", "async_azure", "official", "async_official"]


class Wiring(Protocol):
    def openai_kwargs(self) -> dict[str, Any]: ...

    def azure_kwargs(self) -> dict[str, Any]: ...

    def transport(self) -> httpx.BaseTransport: ...

    def async_transport(self) -> httpx.AsyncBaseTransport: ...

    def httpx2_transports(self) -> tuple[Any, Any]: ...


def _httpx2_pair(
    transport: httpx.BaseTransport, async_transport: httpx.AsyncBaseTransport
) -> tuple[Any, Any]:
    """httpx2 transports answered by these httpx ones (httpx2 is imported only here)."""
    from openai_kit.mockserver._transport_httpx2 import AsyncHttpx2Transport, Httpx2Transport

    return Httpx2Transport(transport), AsyncHttpx2Transport(async_transport)


class MockWiring:
    """Clients wired to ``mock`` in process."""

    def __init__(self, mock: MockServer) -> None:
        self._mock = mock

    def openai_kwargs(self) -> dict[str, Any]:
        return {"api_key": self._mock.api_key, "base_url": f"{IN_PROCESS_URL}/v1"}

    def azure_kwargs(self) -> dict[str, Any]:
        return {
            "api_key": self._mock.api_key,
            "azure_endpoint": IN_PROCESS_URL,
            "api_version": DEFAULT_AZURE_API_VERSION,
        }

    def transport(self) -> httpx.BaseTransport:
        return self._mock.transport()

    def async_transport(self) -> httpx.AsyncBaseTransport:
        return self._mock.async_transport()

    def httpx2_transports(self) -> tuple[Any, Any]:
        return self._mock.httpx2_transport(), self._mock.async_httpx2_transport()


def _host(url: str) -> str:
    return httpx.URL(url).host


def recording_hosts(real_env: Mapping[str, str]) -> set[str]:
    """The hosts a recording may reach: the OpenAI base URL's and the Azure endpoint's."""
    hosts = {_host(real_env.get("OPENAI_BASE_URL") or OPENAI_DEFAULT_BASE_URL)}
    endpoint = real_env.get("AZURE_OPENAI_ENDPOINT")
    if endpoint:
        hosts.add(_host(endpoint))
    return hosts


class CassetteWiring:
    """Clients wired through ``cassette`` to the real target of ``real_env``.

    ``recording`` says whether the record mode may send requests to the real
    target for this cassette; a recording client needs real credentials and
    fails the test, naming the variables, when they are missing.
    """

    def __init__(
        self, cassette: Cassette, path: Path, real_env: Mapping[str, str], *, recording: bool
    ) -> None:
        self._cassette = cassette
        self._path = path
        self._env = real_env
        self._recording = recording

    def _need(self, what: str) -> None:
        pytest.fail(
            f"recording cassette {self._path} needs {what} in the environment "
            "(or run with --openai-record-mode=none to replay only)",
            pytrace=False,
        )

    def openai_kwargs(self) -> dict[str, Any]:
        env = self._env
        api_key = env.get("OPENAI_API_KEY")
        if api_key is None and self._recording:
            self._need("OPENAI_API_KEY (and OPENAI_BASE_URL for a target other than OpenAI's)")
        kwargs: dict[str, Any] = {
            "api_key": api_key or _REPLAY_KEY,
            "base_url": env.get("OPENAI_BASE_URL") or OPENAI_DEFAULT_BASE_URL,
            "timeout": _RECORD_TIMEOUT,
        }
        for name, variable in (("organization", "OPENAI_ORG_ID"), ("project", "OPENAI_PROJECT_ID")):
            if env.get(variable):
                kwargs[name] = env[variable]
        return kwargs

    def azure_kwargs(self) -> dict[str, Any]:
        env = self._env
        endpoint = env.get("AZURE_OPENAI_ENDPOINT")
        token = env.get("AZURE_OPENAI_AD_TOKEN")
        api_key = env.get("AZURE_OPENAI_API_KEY")
        if self._recording and (endpoint is None or (token is None and api_key is None)):
            self._need("AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY (or AZURE_OPENAI_AD_TOKEN)")
        kwargs: dict[str, Any] = {
            "azure_endpoint": endpoint or _REPLAY_AZURE_ENDPOINT,
            "api_version": env.get("OPENAI_API_VERSION") or DEFAULT_AZURE_API_VERSION,
            "timeout": _RECORD_TIMEOUT,
        }
        if token:
            kwargs["azure_ad_token"] = token
        else:
            kwargs["api_key"] = api_key or _REPLAY_KEY
        return kwargs

    def transport(self) -> httpx.BaseTransport:
        from openai_kit.pytest_plugin._transport import LazyTransport

        return self._cassette.wrap_sync(LazyTransport(httpx.HTTPTransport))

    def async_transport(self) -> httpx.AsyncBaseTransport:
        # No idle keep-alive connections: the fixture is torn down outside the
        # test's event loop, where a pooled connection could not be closed.
        from openai_kit.pytest_plugin._transport import AsyncLazyTransport

        limits = httpx.Limits(max_keepalive_connections=0)
        real = AsyncLazyTransport(lambda: httpx.AsyncHTTPTransport(limits=limits))
        return self._cassette.wrap_async(real)

    def httpx2_transports(self) -> tuple[Any, Any]:
        # The cassette works at httpx's seam; httpx2 clients reach it through a bridge
        # (a recording sends through httpx's own transports).
        return _httpx2_pair(self.transport(), self.async_transport())


def official_stack(module: Any) -> str:
    """The HTTP stack of the official package's clients: ``"httpx"`` (2.x) or ``"httpx2"`` (3.x)."""
    default_client = getattr(module, "DefaultHttpxClient", None)
    bases = getattr(default_client, "__mro__", ())
    if any(str(cls.__module__).split(".")[0] == "httpx2" for cls in bases):
        return "httpx2"
    return "httpx"


def _http_client(kind: ClientKind, module: Any, wiring: Wiring) -> Any:
    is_async = kind.startswith("async_")
    if kind.endswith("official") and official_stack(module) == "httpx2":
        import httpx2

        sync, async_ = wiring.httpx2_transports()
        return httpx2.AsyncClient(transport=async_) if is_async else httpx2.Client(transport=sync)
    if is_async:
        return httpx.AsyncClient(transport=wiring.async_transport())
    return httpx.Client(transport=wiring.transport())


def build_client(kind: ClientKind, wiring: Wiring) -> Any:
    """A client of ``kind`` wired by ``wiring``.

    ``official`` / ``async_official`` are the official ``openai`` package's
    ``OpenAI`` / ``AsyncOpenAI``; the test is skipped when it is not installed.
    """
    if kind in ("official", "async_official"):
        try:
            module: Any = importlib.import_module("openai")
        except ImportError:
            pytest.skip("the official openai package is not installed (pip install openai)")
    else:
        module = importlib.import_module("openai_kit")
    is_async = kind.startswith("async_")
    if kind.endswith("azure"):
        kwargs = wiring.azure_kwargs()
        name = "AsyncAzureOpenAI" if is_async else "AzureOpenAI"
    else:
        kwargs = wiring.openai_kwargs()
        name = "AsyncOpenAI" if is_async else "OpenAI"
    kwargs["http_client"] = _http_client(kind, module, wiring)
    return getattr(module, name)(**kwargs)
