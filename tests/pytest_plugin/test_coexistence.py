"""openai-kit's plugin beside the real pytest-recording and openai-responses, in inner runs.

pytest-recording (``@pytest.mark.vcr``, ``--record-mode``, ``--block-network``)
loads in every inner run, as it would in a downstream project that has it
installed: both plugins' fixtures, markers and options must work together,
with no name defined twice, and each plugin's cassette marker can be used in
different tests of one file.

openai-responses is different: it registers a fixture named ``openai_mock``
too. pytest keeps every definition and hands the name to the plugin it
registered last (for entry points, the order in which the installed
distributions are found), so one plugin's fixture silently replaces the
other's. openai-kit warns at configure time and names the ``-p no:...`` fix;
the project's own runs (pyproject ``addopts``, ``INNER_INI``) turn openai-responses off.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import re
from collections.abc import Iterator
from dataclasses import dataclass

# Loaded here so the inline inner runs below reuse it (pytester drops the
# modules an inline run imported, and openai-responses imports the official SDK).
import openai_responses  # noqa: F401
import pytest

import openai_kit
from openai_kit.mockserver import MockServer, faults
from tests.pytest_plugin.conftest import RunInner


def _load_what_the_inner_runs_use() -> None:
    """Walk the SDK paths the inner tests take once, at collection, in this process.

    An inline run drops the modules it imported when it ends, but objects that
    outlive it (the ``openai_kit`` package's lazily filled attributes) keep
    pointing into them: a second inline run would then mix two copies of a
    module (two ``NotGiven`` classes). Modules loaded before any run are kept.
    """
    mock = MockServer()
    mock.faults.add(faults.status(503), operation="models.list", times=1)
    client = mock.client()
    client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}])
    with contextlib.suppress(openai_kit.InternalServerError):
        client.with_options(max_retries=0).models.list()
    client.models.list()
    client.close()


_load_what_the_inner_runs_use()

ANSWER = "recorded answer"
KEY = "sk-proj-COEXISTKEY0123456789abcdefghij"
THEIR_KEY = "sk-theirs-COEXIST0123456789"

# ----------------------------------------------------------------------------------------
# pytest-recording
# ----------------------------------------------------------------------------------------


def fixtures_by_plugin(output: str) -> dict[str, set[str]]:
    """``pytest --fixtures -v`` output: the fixture names under each "fixtures defined from" header."""
    found: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in output.splitlines():
        header = re.match(r"^-+ fixtures defined from (\S+) -+$", line)
        if header:
            current = found.setdefault(header.group(1), set())
            continue
        entry = re.match(r"^(\w+)( \[[a-z ]+\])? -- ", line)
        if entry and current is not None:
            current.add(entry.group(1))
    return found


OUR_FIXTURES = {
    "openai_mock",
    "openai_mock_url",
    "openai_client",
    "async_openai_client",
    "azure_openai_client",
    "async_azure_openai_client",
    "official_openai_client",
    "async_official_openai_client",
}
THEIR_FIXTURES = {"vcr", "vcr_config", "vcr_cassette_dir", "record_mode", "block_network"}


def test_pytest_recording_is_active_in_the_inner_runs(run: RunInner) -> None:
    result = run("--co")
    result.stdout.fnmatch_lines_random(["plugins: *recording-*", "openai-kit: record mode once *"])


def test_markers_help_and_fixtures_list_both_plugins_without_a_clash(run: RunInner) -> None:
    markers = run("--markers")
    assert markers.ret == 0
    markers.stdout.fnmatch_lines_random(
        [
            "@pytest.mark.openai_cassette(*",
            "@pytest.mark.openai_fault(*",
            "@pytest.mark.openai_mock(*",
            "@pytest.mark.vcr: *",
            "@pytest.mark.block_network: *",
            "@pytest.mark.default_cassette: *",
            "@pytest.mark.allowed_hosts: *",
        ]
    )
    usage = run("--help")
    assert usage.ret == 0
    usage.stdout.fnmatch_lines_random(
        [
            "*--openai-record-mode=MODE*",
            "*--record-mode=*",
            "*--block-network*",
            "*--allowed-hosts=*",
            "*--disable-recording*",
            "  openai_record_mode (string):*",
            "  openai_cassette_dir (string):*",
        ]
    )
    listing = run("--fixtures", "-v")
    assert listing.ret == 0
    found = fixtures_by_plugin(listing.stdout.str())
    ours = found["openai_kit.pytest_plugin._plugin"]
    theirs = found["pytest_recording.plugin"]
    assert ours >= OUR_FIXTURES
    assert theirs >= THEIR_FIXTURES
    for plugin, names in found.items():
        if plugin != "openai_kit.pytest_plugin._plugin":
            assert not names & ours, (plugin, names & ours)


def test_ours_wins_and_theirs_is_followed_when_ours_is_not_given(
    run: RunInner, pytester: pytest.Pytester
) -> None:
    pytester.makepyfile(
        """
def test_modes(record_mode, pytestconfig):
    assert record_mode == "all"
    assert pytestconfig.getoption("openai_record_mode") == "none"
"""
    )
    result = run("--record-mode", "all", "--openai-record-mode", "none")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["openai-kit: record mode none (--openai-record-mode)*"])
    alone = run("--record-mode", "all")
    alone.stdout.fnmatch_lines(
        ["openai-kit: record mode all (following pytest-recording's --record-mode=all)*"]
    )
    rewrite = run("--record-mode", "rewrite")
    rewrite.stdout.fnmatch_lines(
        ["openai-kit: record mode all (following pytest-recording's --record-mode=rewrite)*"]
    )
    neither = run()
    neither.stdout.fnmatch_lines(["openai-kit: record mode once (default: CI not set)*"])


# One file, each plugin's cassette marker in its own test, plus each plugin's other
# features: our fault marker and in-process mock, their block_network marker.
BOTH = f"""
import os
import socket

import httpx
import pytest

import openai_kit
from openai_kit.mockserver import faults

MSG = [{{"role": "user", "content": "hello"}}]


@pytest.mark.openai_cassette
def test_ours(openai_client, openai_mock):
    reply = openai_client.chat.completions.create(model="gpt-4o-mini", messages=MSG)
    assert reply.choices[0].message.content == {ANSWER!r}
    assert len(openai_mock.requests) == 0  # answered by the target, then by the cassette


@pytest.mark.vcr
def test_theirs(vcr):
    response = httpx.get(
        os.environ["COEXIST_TARGET"] + "/v1/models",
        headers={{"Authorization": "Bearer {THEIR_KEY}"}},
    )
    assert response.status_code == 200 and response.json()["data"]
    assert vcr is not None


@pytest.mark.openai_fault(faults.status(503), operation="models.list")
def test_our_fault_marker(openai_client):
    with pytest.raises(openai_kit.InternalServerError):
        openai_client.with_options(max_retries=0).models.list()


@pytest.mark.block_network
def test_their_block_network_marker():
    url = httpx.URL(os.environ["COEXIST_TARGET"])
    with socket.socket() as sock, pytest.raises(RuntimeError, match="Network is disabled"):
        sock.connect((url.host, url.port))
"""

VCR_CONFIG = """
import pytest


@pytest.fixture
def vcr_config():
    return {"filter_headers": ["authorization"]}
"""


@dataclass
class Target:
    mock: MockServer
    url: str


@pytest.fixture
def target(monkeypatch: pytest.MonkeyPatch) -> Iterator[Target]:
    """A live mock on loopback that both plugins record from."""
    mock = MockServer(seed=3)
    mock.script("chat.completions.create", content=ANSWER, times=None)
    with mock.live() as url:
        monkeypatch.setenv("COEXIST_TARGET", url)
        yield Target(mock, url)


def test_both_cassette_markers_in_one_file_record_then_replay_with_the_network_blocked(
    pytester: pytest.Pytester,
    run: RunInner,
    target: Target,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytester.makeconftest(VCR_CONFIG)
    pytester.makepyfile(test_both=BOTH)
    monkeypatch.setenv("OPENAI_BASE_URL", target.url + "/v1")
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    recorded = run("--record-mode", "once", "--openai-record-mode", "once")
    recorded.assert_outcomes(passed=4)
    assert sorted(str(entry.operation) for entry in target.mock.requests) == [
        "chat.completions.create",
        "models.list",
    ]
    # Both plugins follow the same layout: cassettes/<module>/<test>.yaml, one file each.
    folder = pytester.path / "cassettes" / "test_both"
    assert sorted(path.name for path in folder.iterdir()) == ["test_ours.yaml", "test_theirs.yaml"]
    ours = (folder / "test_ours.yaml").read_text()
    theirs = (folder / "test_theirs.yaml").read_text()
    assert ANSWER in ours and "/v1/chat/completions" in ours
    assert "/v1/models" in theirs and "interactions:" in theirs
    for text in (ours, theirs):
        assert KEY not in text and THEIR_KEY not in text

    # Replay: our variables gone, nothing may reach the target, sockets blocked.
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.delenv("OPENAI_API_KEY")
    target.mock.reset()
    replayed = run("--record-mode", "none", "--openai-record-mode", "none", "--block-network")
    replayed.assert_outcomes(passed=4)
    assert len(target.mock.requests) == 0


def test_block_network_needs_loopback_allowed_for_openai_mock_url(
    pytester: pytest.Pytester, run: RunInner
) -> None:
    """The in-process fixtures open no socket; a client of the live ``openai_mock_url`` does.

    (A bare socket, closed either way: httpx leaves a socket open when
    pytest-recording's guard raises in the middle of its connect.)
    """
    pytester.makepyfile(
        """
import socket

import httpx

def test_in_process(openai_client):
    assert openai_client.models.list().data

def test_live(openai_mock_url):
    url = httpx.URL(openai_mock_url)
    with socket.socket() as sock:
        sock.connect((url.host, url.port))
"""
    )
    blocked = run("--block-network")
    blocked.assert_outcomes(passed=1, failed=1)
    blocked.stdout.fnmatch_lines(["*RuntimeError: Network is disabled for host '127.0.0.1'*"])
    run("--block-network", "--allowed-hosts", "127.0.0.1").assert_outcomes(passed=2)


# ----------------------------------------------------------------------------------------
# openai-responses
# ----------------------------------------------------------------------------------------

# openai-responses' documented use: its decorator, and its openai_mock fixture in the signature.
THEIR_TEST = """
import openai
import openai_responses


@openai_responses.mock()
def test_theirs(openai_mock):
    openai_mock.chat.completions.create.response = {
        "choices": [
            {"index": 0, "finish_reason": "stop",
             "message": {"role": "assistant", "content": "scripted by openai-responses"}}
        ]
    }
    client = openai.OpenAI(api_key="sk-test")
    reply = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    assert reply.choices[0].message.content == "scripted by openai-responses"
"""

OUR_TEST = """
def test_ours(openai_client):
    assert openai_client.models.list().data


def test_which(openai_mock):
    print("openai_mock comes from", type(openai_mock).__module__.split(".")[0])
"""

# No ``-p no:openai_responses`` here, unlike INNER_INI; warnings stay warnings.
RESPONSES_INI = """
[pytest]
addopts = --strict-markers --strict-config -p no:cacheprovider
filterwarnings =
    {action}
    ignore:Module already imported so cannot be rewritten:pytest.PytestAssertRewriteWarning
asyncio_default_fixture_loop_scope = function
"""


def _ini(pytester: pytest.Pytester, action: str = "default") -> None:
    pytester.makefile(".ini", pytest=RESPONSES_INI.format(action=action))


def _entry_point_order() -> list[str]:
    """The pytest11 entry point names in the order pytest registers them when it autoloads."""
    return [
        entry.name
        for distribution in importlib.metadata.distributions()
        for entry in distribution.entry_points
        if entry.group == "pytest11"
    ]


def _warning(last: str) -> list[str]:
    """The lines of openai-kit's configure-time warning when ``last`` was registered last."""
    effect = (
        "pytest gives it to openai-kit (registered last), so tests written for openai_responses"
        " receive openai-kit's objects instead"
        if last == "openai_kit"
        else "pytest gives it to openai_responses (registered last), so openai-kit's client"
        " fixtures (openai_client, ...) break"
    )
    return [
        "*PytestConfigWarning: openai-kit: the plugins openai_kit and openai_responses both"
        f" define the fixture 'openai_mock'; {effect}. Keep one of them active: add"
        " `-p no:openai_responses` to pytest's addopts to use openai-kit's fixtures, or"
        " `-p no:openai_kit` to use openai_responses's.",
    ]


def test_installed_together_the_last_registered_plugin_takes_openai_mock_and_we_warn(
    pytester: pytest.Pytester,
) -> None:
    order = _entry_point_order()
    last = max(("openai_kit", "openai_responses"), key=order.index)
    _ini(pytester)
    pytester.makepyfile(test_ours=OUR_TEST)
    result = pytester.runpytest("-s", "test_ours.py::test_which")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines([f"*openai_mock comes from {last}"])
    result.stdout.fnmatch_lines(_warning(last))


@pytest.mark.parametrize(
    ("first", "last"),
    [("openai_kit", "openai_responses"), ("openai_responses", "openai_kit")],
)
def test_either_order_breaks_the_plugin_that_loses_the_name(
    pytester: pytest.Pytester, first: str, last: str
) -> None:
    _ini(pytester)
    pytester.makepyfile(test_ours=OUR_TEST, test_theirs=THEIR_TEST)
    plugins = ("-p", "asyncio", "-p", first, "-p", last)  # asyncio: for the ini's asyncio key
    result = pytester.runpytest("-s", "--disable-plugin-autoload", *plugins)
    result.stdout.fnmatch_lines(_warning(last))
    result.stdout.fnmatch_lines([f"*openai_mock comes from {last}"])
    if last == "openai_responses":
        # Our client fixtures are wired to whatever ``openai_mock`` is: theirs has no API key.
        result.assert_outcomes(passed=2, errors=1, warnings=1)
        result.stdout.fnmatch_lines(["ERROR test_ours.py::test_ours - AttributeError: *"])
    else:
        # Their decorator still hands the test its own mock, but our openai_mock fixture
        # ran too and pointed OPENAI_BASE_URL at openai-kit's mock: the official client
        # goes there, and the scripted answer never arrives.
        result.assert_outcomes(passed=2, failed=1, warnings=1)
        result.stdout.fnmatch_lines(["FAILED test_theirs.py::test_theirs - AssertionError: *"])


def test_with_warnings_as_errors_the_run_stops_at_configure_time(
    pytester: pytest.Pytester,
) -> None:
    _ini(pytester, action="error")
    pytester.makepyfile(test_ours=OUR_TEST)
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.INTERNAL_ERROR
    output = result.stdout.str() + result.stderr.str()
    assert "PytestConfigWarning: openai-kit: the plugins openai_kit and openai_responses" in output
    assert "add `-p no:openai_responses` to pytest's addopts" in output
    assert "passed" not in output


@pytest.mark.parametrize(
    ("disabled", "module", "outcome"),
    [
        ("openai_responses", "test_ours", {"passed": 2}),
        ("openai_kit", "test_theirs", {"passed": 1}),
    ],
)
def test_disabling_either_plugin_resolves_the_clash(
    pytester: pytest.Pytester, disabled: str, module: str, outcome: dict[str, int]
) -> None:
    _ini(pytester, action="error")
    pytester.makepyfile(test_ours=OUR_TEST, test_theirs=THEIR_TEST)
    result = pytester.runpytest("-p", f"no:{disabled}", f"{module}.py")
    result.assert_outcomes(**outcome)
    assert "PytestConfigWarning" not in result.stdout.str()
