"""Hooks and fixtures of openai-kit's pytest plugin.

Module level imports only pytest and the standard library: this plugin loads
into every pytest run wherever openai-kit is installed. The mock server
(starlette, uvicorn), vcrpy and the clients load inside the fixtures; a
missing extra fails with the install command.

Order: errors, options, configure, report header, hooks, fixtures.
"""

from __future__ import annotations

import importlib
from collections.abc import Generator, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from openai_kit.pytest_plugin._record_mode import RecordMode
from openai_kit.pytest_plugin._settings import (
    SETTINGS_KEY,
    Settings,
    cassette_path,
    read_settings,
)

if TYPE_CHECKING:
    import openai

    from openai_kit import AsyncAzureOpenAI, AsyncOpenAI, AzureOpenAI, OpenAI
    from openai_kit.mockserver import MockServer
    from openai_kit.pytest_plugin._env import HermeticEnv
    from openai_kit.pytest_plugin._guard import NetworkGuard
    from openai_kit.pytest_plugin._wiring import ClientKind, Wiring

__all__ = [
    "MissingExtraError",
    "async_azure_openai_client",
    "async_official_openai_client",
    "async_openai_client",
    "azure_openai_client",
    "official_openai_client",
    "openai_client",
    "openai_mock",
    "openai_mock_url",
    "pytest_addoption",
    "pytest_configure",
    "pytest_report_header",
    "pytest_runtest_makereport",
]

# -- errors ---------------------------------------------------------------------

INSTALL_HINT = "pip install 'openai-kit[testing]'"
# Top-level modules that come with the testing extra, not with the bare SDK.
_EXTRA_MODULES = frozenset({"starlette", "uvicorn", "faker", "vcr", "yaml"})


class MissingExtraError(ImportError):
    """A fixture needs a package of the ``testing`` extra that is not installed."""


def _load(module: str) -> ModuleType:
    """Import ``module``; a missing package of the testing extra names the install command."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing = (exc.name or "").split(".")[0]
        if missing not in _EXTRA_MODULES:
            raise
        raise MissingExtraError(
            f"openai-kit's pytest fixtures need {missing!r}, which comes with the testing "
            f"extra: {INSTALL_HINT}",
            name=exc.name,
        ) from exc


# -- options --------------------------------------------------------------------

MARKERS = {
    "openai_mock": (
        "openai_mock(**kwargs): MockServer arguments for this test's openai_mock "
        "(seed=, api_keys=, latency=, deployments=, ...)"
    ),
    "openai_fault": (
        "openai_fault(fault_or_sequence, *, operation=None, model=None, times=None, after=0, "
        "probability=1.0): install a fault on this test's openai_mock (mock.faults.add)"
    ),
    "openai_cassette": (
        "openai_cassette(name=None, *, match_on=None): record and replay this test's OpenAI "
        "traffic through the openai_client fixtures, in cassettes/<module>/<name>.yaml"
    ),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("openai-kit", "openai-kit mock server and cassettes")
    modes = "; ".join(f"{mode.value}: {mode.doc}" for mode in RecordMode)
    help_mode = (
        f"cassette record mode ({modes}). Default: none when the CI environment "
        "variable is set, else once."
    )
    group.addoption(
        "--openai-record-mode",
        dest="openai_record_mode",
        metavar="MODE",
        default=None,
        help=help_mode,
    )
    parser.addini("openai_record_mode", help_mode, default="")
    parser.addini(
        "openai_cassette_dir",
        "folder of the openai_cassette cassettes, relative to the ini file "
        "(default: cassettes/ beside each test module); files go to <dir>/<module>/<name>.yaml",
        default="",
    )
    parser.addini("openai_mock_seed", "seed of the openai_mock server (default 0)", default="0")


# -- configure ------------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    for line in MARKERS.values():
        config.addinivalue_line("markers", line)
    config.stash[SETTINGS_KEY] = read_settings(config)
    _warn_about_fixture_clashes(config)


_OUR_PACKAGE = "openai_kit.pytest_plugin"
# Our public fixtures: another plugin defining one of these names takes it from us
# (or loses it to us), whichever pytest registered last.
_PUBLIC_FIXTURES = (
    "openai_mock",
    "openai_mock_url",
    "openai_client",
    "async_openai_client",
    "azure_openai_client",
    "async_azure_openai_client",
    "official_openai_client",
    "async_official_openai_client",
)


def _is_fixture(value: object) -> bool:
    # pytest >= 8.4 wraps fixture functions in an object carrying
    # ``_fixture_function_marker``; earlier 8.x marks the function with ``_pytestfixturefunction``.
    return hasattr(value, "_fixture_function_marker") or hasattr(value, "_pytestfixturefunction")


def _warn_about_fixture_clashes(config: pytest.Config) -> None:
    """Warn when another installed plugin defines a fixture under one of our names.

    openai-responses, for one, registers ``openai_mock`` through its own
    ``pytest11`` entry point. pytest then gives the name to whichever plugin it
    registered last (the order of the installed distributions, not a choice):
    either openai-kit's client fixtures receive the other plugin's object, or
    the other plugin's tests get openai-kit's mock server. Conftest files are
    left alone: overriding a fixture there is deliberate.
    """
    if hasattr(config, "workerinput"):  # pytest-xdist worker: the controller warns once
        return
    ours: str | None = None
    clashes: list[tuple[str, list[str]]] = []
    for name, plugin in config.pluginmanager.list_name_plugin():
        if plugin is None or name.endswith("conftest.py"):
            continue
        module = str(getattr(plugin, "__name__", ""))
        if module == _OUR_PACKAGE or module.startswith(f"{_OUR_PACKAGE}."):
            ours = name
            continue
        shared = [
            fixture for fixture in _PUBLIC_FIXTURES if _is_fixture(getattr(plugin, fixture, None))
        ]
        if shared:
            clashes.append((name, shared))
    if ours is None or not clashes:
        return
    registered = [name for name, _ in config.pluginmanager.list_name_plugin()]
    for other, shared in clashes:
        names = ", ".join(repr(fixture) for fixture in shared)
        noun, them = ("fixture", "it") if len(shared) == 1 else ("fixtures", "them")
        if registered.index(other) > registered.index(ours):
            effect = (
                f"pytest gives {them} to {other} (registered last), so openai-kit's client "
                "fixtures (openai_client, ...) break"
            )
        else:
            effect = (
                f"pytest gives {them} to openai-kit (registered last), so tests written for "
                f"{other} receive openai-kit's objects instead"
            )
        config.issue_config_time_warning(
            pytest.PytestConfigWarning(
                f"openai-kit: the plugins {ours} and {other} both define the {noun} {names}; "
                f"{effect}. Keep one of them active: add `-p no:{other}` to pytest's addopts "
                f"to use openai-kit's fixtures, or `-p no:{ours}` to use {other}'s."
            ),
            stacklevel=2,
        )


def _settings(config: pytest.Config) -> Settings:
    return config.stash[SETTINGS_KEY]


# -- report header ----------------------------------------------------------------


def pytest_report_header(config: pytest.Config) -> str:
    settings = _settings(config)
    return (
        f"openai-kit: record mode {settings.record_mode.value} ({settings.record_mode_source}), "
        f"cassettes {settings.describe_cassette_dir()}, mock seed {settings.mock_seed}"
    )


# -- hooks ----------------------------------------------------------------------

_CALL_PASSED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Remember whether the test body passed, so the network guard can tell a
    # blocked request the code under test swallowed from one that failed it.
    report = yield
    if report.when == "call":
        item.stash[_CALL_PASSED] = report.passed
    return report


# -- fixtures -------------------------------------------------------------------


class _Sandbox:
    """One test's hermetic environment and network guard."""

    def __init__(self, env: HermeticEnv, guard: NetworkGuard) -> None:
        self.env = env
        self.guard = guard


@pytest.fixture
def _openai_kit_sandbox(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[_Sandbox]:
    """Hide the real OpenAI variables and guard the network for one test."""
    env_module = _load("openai_kit.pytest_plugin._env")
    guard_module = _load("openai_kit.pytest_plugin._guard")
    module_clients = _load("openai_kit.pytest_plugin._module_clients").ModuleClients()
    sandbox = _Sandbox(env_module.HermeticEnv(monkeypatch), guard_module.NetworkGuard())
    sandbox.guard.install(monkeypatch)
    yield sandbox
    module_clients.restore()
    sandbox.guard.close()
    blocked = sandbox.guard.blocked
    if blocked and request.node.stash.get(_CALL_PASSED, False):
        pytest.fail(
            "openai-kit blocked a request that would leave the machine, but the test passed "
            f"(the code under test swallowed the failure): {blocked[0]}",
            pytrace=False,
        )


def _mock_kwargs(request: pytest.FixtureRequest) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"seed": _settings(request.config).mock_seed}
    marker = request.node.get_closest_marker("openai_mock")
    if marker is not None:
        if marker.args:
            pytest.fail("@pytest.mark.openai_mock takes keyword arguments only", pytrace=False)
        kwargs.update(marker.kwargs)
    return kwargs


def _install_faults(request: pytest.FixtureRequest, mock: MockServer) -> None:
    # A request takes the first matching fault in installation order: the
    # test's own markers go first, then its class's, then its module's.
    for marker in request.node.iter_markers("openai_fault"):
        try:
            mock.faults.add(*marker.args, **marker.kwargs)
        except (TypeError, ValueError) as exc:
            pytest.fail(f"@pytest.mark.openai_fault: {exc}", pytrace=False)


@pytest.fixture
def openai_mock(request: pytest.FixtureRequest, _openai_kit_sandbox: _Sandbox) -> MockServer:
    """A fresh mock server for this test, the one every openai-kit fixture talks to.

    Configure it with ``@pytest.mark.openai_mock(seed=..., api_keys=...)`` (the
    seed defaults to the ``openai_mock_seed`` ini) and faults with
    ``@pytest.mark.openai_fault(...)``. While it is active the OpenAI and Azure
    variables point at it, so ``openai_kit.OpenAI()`` or ``openai.OpenAI()``
    built by the code under test reach it too.
    """
    mockserver = _load("openai_kit.mockserver")
    server = _load("openai_kit.mockserver._server")
    try:
        mock: MockServer = mockserver.MockServer(**_mock_kwargs(request))
    except (TypeError, ValueError) as exc:
        pytest.fail(f"@pytest.mark.openai_mock: {exc}", pytrace=False)
    sandbox = _openai_kit_sandbox
    in_process_host = urlsplit(server.IN_PROCESS_URL).hostname
    sandbox.guard.route(in_process_host, mock.transport(), mock.async_transport())
    sandbox.env.point_at(
        base_url=f"{server.IN_PROCESS_URL}/v1",
        azure_endpoint=server.IN_PROCESS_URL,
        api_key=mock.api_key,
        api_version=server.DEFAULT_AZURE_API_VERSION,
    )
    _install_faults(request, mock)
    return mock


@pytest.fixture
def openai_mock_url(openai_mock: MockServer, _openai_kit_sandbox: _Sandbox) -> Iterator[str]:
    """``openai_mock`` served live on a free loopback port: its base URL, ``http://127.0.0.1:PORT``.

    OpenAI clients use ``openai_mock_url + "/v1"``; Azure clients use it as
    their endpoint. The environment points there too, so a subprocess that
    configures its client from the environment reaches this server.
    """
    with openai_mock.live() as url:
        server = _load("openai_kit.mockserver._server")
        _openai_kit_sandbox.env.point_at(
            base_url=f"{url}/v1",
            azure_endpoint=url,
            api_key=openai_mock.api_key,
            api_version=server.DEFAULT_AZURE_API_VERSION,
        )
        yield url


def _cassette_marker_args(marker: pytest.Mark) -> tuple[str | None, list[str] | None]:
    unknown = set(marker.kwargs) - {"name", "match_on"}
    if unknown or len(marker.args) > 1 or (marker.args and "name" in marker.kwargs):
        pytest.fail(
            "@pytest.mark.openai_cassette takes an optional name and match_on=[...] only",
            pytrace=False,
        )
    name = marker.args[0] if marker.args else marker.kwargs.get("name")
    match_on = marker.kwargs.get("match_on")
    return (None if name is None else str(name)), (None if match_on is None else list(match_on))


@pytest.fixture
def _openai_kit_wiring(
    request: pytest.FixtureRequest, openai_mock: MockServer, _openai_kit_sandbox: _Sandbox
) -> Iterator[Wiring]:
    """Where this test's client fixtures send requests: the mock, or a cassette."""
    wiring_module = _load("openai_kit.pytest_plugin._wiring")
    marker = request.node.get_closest_marker("openai_cassette")
    if marker is None:
        yield wiring_module.MockWiring(openai_mock)
        return
    cassette_module = _load("openai_kit.pytest_plugin._cassette")
    name, match_on = _cassette_marker_args(marker)
    settings = _settings(request.config)
    path = cassette_path(settings, request.node, name)
    real_env = _openai_kit_sandbox.env.real
    try:
        cassette = cassette_module.Cassette.open(
            path, record_mode=settings.record_mode, match_on=match_on
        )
    except ValueError as exc:
        pytest.fail(f"@pytest.mark.openai_cassette: {exc}", pytrace=False)
    recording: bool = cassette.records
    if recording:
        for host in wiring_module.recording_hosts(real_env):
            _openai_kit_sandbox.guard.allow(host)
    try:
        yield wiring_module.CassetteWiring(cassette, path, real_env, recording=recording)
    finally:
        cassette.close()


def _client(request: pytest.FixtureRequest, wiring: Wiring, kind: ClientKind) -> Any:
    wiring_module = _load("openai_kit.pytest_plugin._wiring")
    client = wiring_module.build_client(kind, wiring)
    if not kind.startswith("async_"):
        request.addfinalizer(client.close)
    return client


@pytest.fixture
def openai_client(request: pytest.FixtureRequest, _openai_kit_wiring: Wiring) -> OpenAI:
    """An ``openai_kit.OpenAI`` wired to ``openai_mock`` (or to the test's cassette)."""
    client: OpenAI = _client(request, _openai_kit_wiring, "openai")
    return client


@pytest.fixture
def async_openai_client(request: pytest.FixtureRequest, _openai_kit_wiring: Wiring) -> AsyncOpenAI:
    """An ``openai_kit.AsyncOpenAI`` wired to ``openai_mock`` (or to the test's cassette)."""
    client: AsyncOpenAI = _client(request, _openai_kit_wiring, "async_openai")
    return client


@pytest.fixture
def azure_openai_client(request: pytest.FixtureRequest, _openai_kit_wiring: Wiring) -> AzureOpenAI:
    """An ``openai_kit.AzureOpenAI`` wired to ``openai_mock`` (or to the test's cassette).

    Deployments are named per call (``model=``); every model is deployed under
    its own name unless ``@pytest.mark.openai_mock(deployments={...})`` says otherwise.
    """
    client: AzureOpenAI = _client(request, _openai_kit_wiring, "azure")
    return client


@pytest.fixture
def async_azure_openai_client(
    request: pytest.FixtureRequest, _openai_kit_wiring: Wiring
) -> AsyncAzureOpenAI:
    """An ``openai_kit.AsyncAzureOpenAI`` wired to ``openai_mock`` (or to the test's cassette)."""
    client: AsyncAzureOpenAI = _client(request, _openai_kit_wiring, "async_azure")
    return client


@pytest.fixture
def official_openai_client(
    request: pytest.FixtureRequest, _openai_kit_wiring: Wiring
) -> openai.OpenAI:
    """The official ``openai.OpenAI`` wired like ``openai_client``; skips without ``openai``."""
    client: openai.OpenAI = _client(request, _openai_kit_wiring, "official")
    return client


@pytest.fixture
def async_official_openai_client(
    request: pytest.FixtureRequest, _openai_kit_wiring: Wiring
) -> openai.AsyncOpenAI:
    """The official ``openai.AsyncOpenAI`` wired like ``async_openai_client``; skips without ``openai``."""
    client: openai.AsyncOpenAI = _client(request, _openai_kit_wiring, "async_official")
    return client


@pytest.fixture
def openai_realtime_url(openai_mock_url: str) -> str:
    """The live mock's Realtime WebSocket URL (``ws://127.0.0.1:PORT/v1/realtime``), for any
    language's client: add ``?model=gpt-realtime`` and an ``Authorization: Bearer`` header."""
    return "ws" + openai_mock_url[len("http") :] + "/v1/realtime"


@pytest.fixture
def openai_realtime_client(openai_mock: MockServer) -> Iterator[OpenAI]:
    """An ``openai_kit.OpenAI`` whose ``realtime.connect()`` reaches ``openai_mock`` in process."""
    client = openai_mock.client()
    yield client
    client.close()
