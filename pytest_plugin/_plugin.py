"""Hooks and fixtures of openai-kit's pytest plugin.

Module level imports only pytest and the standard library: this plugin loads
into every pytest run wherever openai-kit is installed. The mock server
(starlette, uvicorn), vcrpy and the clients load inside the fixtures; a
missing extra fails with the install command.

Order: errors, options, configure, report header, hooks, fixtures.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Generator, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from openai_kit.pytest_plugin._clashes import warn_about_fixture_clashes
from openai_kit.pytest_plugin._markers import (
    MARKERS,
    check_keywords,
    check_markers_act,
    keywords_of,
)
from openai_kit.pytest_plugin._record_mode import RecordMode
from openai_kit.pytest_plugin._report import RECORDED, RecordedSummary, attach_recorded
from openai_kit.pytest_plugin._scrub_names import configure as configure_scrubbing
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
    "pytest_runtest_setup",
    "pytest_unconfigure",
]

# -- errors ---------------------------------------------------------------------

INSTALL_HINT = "pip install 'openai-kit[testing]'"
# Top-level modules that come with the testing extra, not with the bare SDK.
_EXTRA_MODULES = frozenset({"starlette", "uvicorn", "vcr", "yaml"})


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
    help_sleep = (
        "clients really sleep between retries (back-off, Retry-After); by default the waits "
        "advance openai_mock's simulated clock and are noted in openai_mock.waits"
    )
    group.addoption("--openai-real-sleep", action="store_true", default=False, help=help_sleep)
    parser.addini("openai_real_sleep", help_sleep, type="bool", default=False)
    help_block = (
        "block requests to hosts other than loopback for the whole session, also in tests "
        "without openai-kit's fixtures (httpx and httpx2)"
    )
    group.addoption("--openai-block-network", action="store_true", default=False, help=help_block)
    parser.addini("openai_block_network", help_block, type="bool", default=False)
    parser.addini(
        "openai_allow_unused_scripts",
        "scripted responses left unused at the end of a test do not fail it",
        type="bool",
        default=False,
    )
    parser.addini(
        "openai_scrub_secret_headers",
        "header and query-parameter names (or prefix*) always scrubbed from cassettes",
        type="linelist",
        default=[],
    )
    parser.addini(
        "openai_scrub_allowed_headers",
        "header and query-parameter names (or prefix*) kept in cassettes although they sound "
        "secret (key, token, auth...)",
        type="linelist",
        default=[],
    )


# -- configure ------------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    for line in MARKERS.values():
        config.addinivalue_line("markers", line)
    settings = config.stash[SETTINGS_KEY] = read_settings(config)
    configure_scrubbing(
        config.getini("openai_scrub_secret_headers"), config.getini("openai_scrub_allowed_headers")
    )
    warn_about_fixture_clashes(config)
    config.pluginmanager.register(RecordedSummary(config.rootpath), "openai-kit-recorded")
    if settings.block_network:
        config.stash[_UNBLOCK] = _load("openai_kit.pytest_plugin._guard").block_session()


_UNBLOCK = pytest.StashKey[Callable[[], None]]()


def pytest_unconfigure(config: pytest.Config) -> None:
    unblock = config.stash.get(_UNBLOCK, None)
    if unblock is not None:
        unblock()


def _settings(config: pytest.Config) -> Settings:
    return config.stash[SETTINGS_KEY]


# -- report header ----------------------------------------------------------------


def pytest_report_header(config: pytest.Config) -> str:
    settings = _settings(config)
    waits = "real sleep" if settings.real_sleep else "simulated clock"
    blocked = ", network blocked outside loopback" if settings.block_network else ""
    return (
        f"openai-kit: record mode {settings.record_mode.value} ({settings.record_mode_source}), "
        f"cassettes {settings.describe_cassette_dir()}, mock seed {settings.mock_seed}, "
        f"retry waits: {waits}{blocked}"
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
    attach_recorded(item, report)
    return report


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    check_markers_act(item)


# -- fixtures -------------------------------------------------------------------


class _Sandbox:
    """One test's hermetic environment and network guard."""

    def __init__(
        self, env: HermeticEnv, guard: NetworkGuard, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.env = env
        self.guard = guard
        self.monkeypatch = monkeypatch


@pytest.fixture
def _openai_kit_sandbox(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[_Sandbox]:
    """Hide the real OpenAI variables and guard the network for one test."""
    env_module = _load("openai_kit.pytest_plugin._env")
    guard_module = _load("openai_kit.pytest_plugin._guard")
    module_clients = _load("openai_kit.pytest_plugin._module_clients").ModuleClients()
    sandbox = _Sandbox(
        env_module.HermeticEnv(monkeypatch), guard_module.NetworkGuard(), monkeypatch
    )
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


def _mock_kwargs(request: pytest.FixtureRequest, server_class: type[MockServer]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"seed": _settings(request.config).mock_seed}
    marker = request.node.get_closest_marker("openai_mock")
    if marker is not None:
        if marker.args:
            pytest.fail("@pytest.mark.openai_mock takes keyword arguments only", pytrace=False)
        check_keywords("openai_mock", marker.kwargs, keywords_of(server_class.__init__))
        kwargs.update(marker.kwargs)
    return kwargs


def _install_faults(request: pytest.FixtureRequest, mock: MockServer) -> None:
    # A request takes the first matching fault in installation order: the
    # test's own markers go first, then its class's, then its module's.
    valid = keywords_of(mock.faults.add, skip=("fault_or_sequence",))
    for marker in request.node.iter_markers("openai_fault"):
        check_keywords("openai_fault", marker.kwargs, valid)
        problem: str | None = None
        try:
            mock.faults.add(*marker.args, **marker.kwargs)
        except (TypeError, ValueError) as exc:
            problem = str(exc)
        if problem is not None:  # failed outside the except block: no chained traceback
            pytest.fail(f"@pytest.mark.openai_fault: {problem}", pytrace=False)


def _real_sleep(request: pytest.FixtureRequest) -> bool:
    if request.node.get_closest_marker("openai_real_sleep") is not None:
        return True
    return _settings(request.config).real_sleep


def _check_scripts_used(request: pytest.FixtureRequest, mock: MockServer) -> None:
    """Fail a passed test that left scripted responses unused (unless it may)."""
    if _settings(request.config).allow_unused_scripts:
        return
    if request.node.get_closest_marker("openai_allow_unused_scripts") is not None:
        return
    if not request.node.stash.get(_CALL_PASSED, False):
        return  # the test failed already: that failure says more
    problem: str | None = None
    try:
        mock.scripts.assert_all_used()
    except AssertionError as exc:
        problem = str(exc)
    if problem is not None:
        pytest.fail(
            f"openai-kit: {problem} by the end of the test. Send the requests they answer, "
            "remove them, or allow it with @pytest.mark.openai_allow_unused_scripts "
            "(or openai_allow_unused_scripts = true in the ini file).",
            pytrace=False,
        )


@pytest.fixture
def openai_mock(
    request: pytest.FixtureRequest, _openai_kit_sandbox: _Sandbox
) -> Iterator[MockServer]:
    """A fresh mock server for this test, the one every openai-kit fixture talks to.

    Configure it with ``@pytest.mark.openai_mock(seed=..., api_keys=...)`` (the
    seed defaults to the ``openai_mock_seed`` ini) and faults with
    ``@pytest.mark.openai_fault(...)``. While it is active the OpenAI and Azure
    variables point at it, so ``openai_kit.OpenAI()`` or ``openai.OpenAI()``
    built by the code under test reach it too (httpx and httpx2 clients, and the
    Realtime sessions the official package opens), and clients wait between
    retries on its clock (``openai_mock.waits``). Scripted responses left unused
    fail the test at teardown.
    """
    mockserver = _load("openai_kit.mockserver")
    server = _load("openai_kit.mockserver._server")
    kwargs = _mock_kwargs(request, mockserver.MockServer)
    problem: str | None = None
    try:
        mock: MockServer = mockserver.MockServer(**kwargs)
    except (TypeError, ValueError) as exc:
        problem = str(exc)
    if problem is not None:
        pytest.fail(f"@pytest.mark.openai_mock: {problem}", pytrace=False)
    sandbox = _openai_kit_sandbox
    sleep = _load("openai_kit.pytest_plugin._sleep").SimulatedSleep(mock, real=_real_sleep(request))
    sleep.install(sandbox.monkeypatch)

    def transports(stack: str) -> tuple[Any, Any]:
        sleep.attach_official()  # the code under test may have imported openai just now
        if stack == "httpx2":
            return mock.httpx2_transport(), mock.async_httpx2_transport()
        return mock.transport(), mock.async_transport()

    sandbox.guard.route(urlsplit(server.IN_PROCESS_URL).hostname, transports)
    realtime = _load("openai_kit.pytest_plugin._realtime_websockets")
    realtime.intercept_in_process(mock, sandbox.monkeypatch)  # its host's websockets sessions
    sandbox.env.point_at(
        base_url=f"{server.IN_PROCESS_URL}/v1",
        azure_endpoint=server.IN_PROCESS_URL,
        api_key=mock.api_key,
        api_version=server.DEFAULT_AZURE_API_VERSION,
    )
    _install_faults(request, mock)
    yield mock
    _check_scripts_used(request, mock)


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
    check_keywords("openai_cassette", marker.kwargs, ("name", "match_on"))
    if len(marker.args) > 1 or (marker.args and "name" in marker.kwargs):
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
    problem: str | None = None
    try:
        cassette = cassette_module.Cassette.open(
            path, record_mode=settings.record_mode, match_on=match_on
        )
    except ValueError as exc:
        problem = str(exc)
    if problem is not None:
        pytest.fail(f"@pytest.mark.openai_cassette: {problem}", pytrace=False)
    recording: bool = cassette.records
    if recording:
        for host in wiring_module.recording_hosts(real_env):
            _openai_kit_sandbox.guard.allow(host)
    # The official package's Realtime sessions open their own sockets: taken at that seam.
    restore = _load("openai_kit.pytest_plugin._realtime_websockets").intercept(cassette)
    try:
        yield wiring_module.CassetteWiring(cassette, path, real_env, recording=recording)
    finally:
        restore()
        new = len(cassette.new)
        cassette.close()
        if new:
            request.node.stash[RECORDED] = (new, str(path))


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
def openai_realtime_client(request: pytest.FixtureRequest, _openai_kit_wiring: Wiring) -> OpenAI:
    """An ``openai_kit.OpenAI`` whose ``realtime.connect()`` reaches ``openai_mock`` in process
    (or, under ``openai_cassette``, replays and records the test's sessions)."""
    client: OpenAI = _client(request, _openai_kit_wiring, "openai")
    return client
