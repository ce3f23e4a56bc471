"""Markers, options, ini settings and the report header; living beside pytest-recording."""

from __future__ import annotations

import pytest

from openai_kit.pytest_plugin._record_mode import RecordMode
from tests.pytest_plugin.conftest import Inner, RunInner


def test_markers_are_registered_with_a_one_line_help(run: RunInner) -> None:
    result = run("--markers")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "@pytest.mark.openai_mock(**kwargs): MockServer arguments for this test's openai_mock*",
            "@pytest.mark.openai_fault(fault_or_sequence, *, operation=None, *): install a fault*",
            "@pytest.mark.openai_cassette(name=None, *, match_on=None): record and replay*",
        ]
    )


def test_help_shows_the_option_and_the_ini_settings(run: RunInner) -> None:
    result = run("--help")
    text = " ".join(result.stdout.str().split())
    assert (
        "openai-kit mock server and cassettes: --openai-record-mode=MODE cassette record mode ("
        in text
    )
    for mode in RecordMode:
        assert f"{mode.value}: {mode.doc}" in text
    assert "Default: none when the CI environment variable is set, else once." in text
    for ini in (
        "openai_record_mode (string):",
        "openai_cassette_dir (string):",
        "openai_mock_seed (string):",
    ):
        assert ini in text


@pytest.mark.parametrize(
    ("args", "ini", "ci", "header"),
    [
        ((), "", None, "record mode once (default: CI not set)"),
        ((), "", "true", "record mode none (default: CI is set)"),
        ((), "", "", "record mode once (default: CI not set)"),
        (
            (),
            "openai_record_mode = new_episodes",
            "1",
            "record mode new_episodes (openai_record_mode ini)",
        ),
        (
            ("--openai-record-mode", "ALL"),
            "openai_record_mode = none",
            "1",
            "record mode all (--openai-record-mode)",
        ),
    ],
)
def test_the_record_mode_and_where_it_came_from(
    pytester: pytest.Pytester,
    inner: Inner,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    ini: str,
    ci: str | None,
    header: str,
) -> None:
    if ci is not None:
        monkeypatch.setenv("CI", ci)
    pytester.makepyfile("def test_nothing(): pass")
    result = inner(ini=ini)(*args)
    result.stdout.fnmatch_lines(
        [f"openai-kit: {header}, cassettes *, mock seed 0, retry waits: simulated clock"]
    )


def test_the_header_shows_the_cassette_folder_and_seed(
    pytester: pytest.Pytester, inner: Inner
) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = inner(ini="openai_cassette_dir = recorded\nopenai_mock_seed = 12")()
    result.stdout.fnmatch_lines(
        [
            f"openai-kit: record mode once *, cassettes {pytester.path / 'recorded'}/<module>/, mock seed 12, *"
        ]
    )
    result = inner()()
    result.stdout.fnmatch_lines(
        ["*cassettes <test dir>/cassettes/<module>/ (pytest-recording layout)*"]
    )


@pytest.mark.parametrize(
    ("args", "ini", "message"),
    [
        (
            ("--openai-record-mode", "sometimes"),
            "",
            "*--openai-record-mode: 'sometimes' is not a cassette record mode; valid modes are 'none', 'once', 'new_episodes', 'all'*",
        ),
        (
            (),
            "openai_record_mode = bogus",
            "*openai_record_mode ini: 'bogus' is not a cassette record mode*",
        ),
        (
            (),
            "openai_mock_seed = lucky",
            "*openai_mock_seed ini: expected an integer, got 'lucky'*",
        ),
    ],
)
def test_bad_settings_are_usage_errors(
    pytester: pytest.Pytester, inner: Inner, args: tuple[str, ...], ini: str, message: str
) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = inner(ini=ini)(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


# What pytest-recording (and pytest-vcr) register, in a stand-in plugin: our
# fixtures, markers and options must live beside them without a clash. The real
# pytest-recording is installed too (a dev dependency, run with ours in
# test_coexistence.py), so the inner run turns it off for the stand-in.
RECORDING_LOOKALIKE = """
import pytest

def pytest_addoption(parser):
    group = parser.getgroup("recording")
    group.addoption("--record-mode", default="none")
    group.addoption("--block-network", action="store_true")
    group.addoption("--allowed-hosts", default=None)
    group.addoption("--vcr-record", default=None)
    group.addoption("--disable-vcr", action="store_true")

def pytest_configure(config):
    for name in ("vcr", "block_network", "allowed_hosts", "default_cassette"):
        config.addinivalue_line("markers", f"{name}: stand-in")

@pytest.fixture(scope="session")
def record_mode(request):
    return request.config.getoption("--record-mode")

@pytest.fixture
def vcr_config():
    return {}

@pytest.fixture(scope="module")
def vcr_cassette_dir(request):
    return "elsewhere"

@pytest.fixture
def default_cassette_name(request):
    return "theirs"

@pytest.fixture
def vcr_markers(request):
    return []

@pytest.fixture(autouse=True)
def vcr(request, vcr_config, vcr_cassette_dir, record_mode):
    yield "their cassette"

@pytest.fixture(autouse=True)
def block_network(request, record_mode):
    yield
"""


def test_no_clash_with_pytest_recording(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makeconftest(RECORDING_LOOKALIKE)
    pytester.makepyfile(
        """
import pytest

@pytest.mark.vcr
@pytest.mark.block_network
@pytest.mark.openai_mock(seed=5)
def test_both(vcr, record_mode, default_cassette_name, openai_client, openai_mock):
    assert vcr == "their cassette" and record_mode == "all"
    assert default_cassette_name == "theirs"
    assert openai_client.models.list().data and openai_mock.seed == 5
"""
    )
    args = ("--record-mode", "all", "--block-network", "--openai-record-mode", "none")
    result = run("-p", "no:recording", *args)
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["openai-kit: record mode none (--openai-record-mode)*"])
