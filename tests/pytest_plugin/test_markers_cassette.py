"""``@pytest.mark.openai_cassette``: the client fixtures record through a cassette and replay it.

Recording goes to a live mock server named by ``OPENAI_BASE_URL`` (offline
recording, the way the README describes it); replay runs with that server
gone and the variables unset, in record mode ``none``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from openai_kit.mockserver import MockServer
from tests.pytest_plugin.conftest import Inner, RunInner

KEY = "sk-proj-RECORDINGKEY0123456789abcdefghij"
AZURE_KEY = "0123456789abcdef0123456789abcdef"
ANSWER = "recorded answer"

TESTS = """
import pytest
import openai
import openai_kit

MSG = [{"role": "user", "content": "hello"}]

@pytest.mark.openai_cassette
def test_sync(openai_client, openai_mock):
    reply = openai_client.chat.completions.create(model="gpt-4o-mini", messages=MSG)
    assert reply.choices[0].message.content == "recorded answer"
    assert len(openai_mock.requests) == 0  # the test's own mock is not involved

@pytest.mark.openai_cassette("shared/streams")
@pytest.mark.asyncio
async def test_async_stream(async_openai_client):
    stream = await async_openai_client.chat.completions.create(
        model="gpt-4o-mini", messages=MSG, stream=True)
    text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
    assert text == "recorded answer"

@pytest.mark.openai_cassette
def test_official(official_openai_client):
    reply = official_openai_client.chat.completions.create(model="gpt-4o-mini", messages=MSG)
    assert reply.choices[0].message.content == "recorded answer"

@pytest.mark.openai_cassette
class TestAzure:
    def test_azure(self, azure_openai_client):
        reply = azure_openai_client.chat.completions.create(model="gpt-4o-mini", messages=MSG)
        assert reply.choices[0].message.content == "recorded answer"

    @pytest.mark.asyncio
    async def test_async_azure(self, async_azure_openai_client):
        reply = await async_azure_openai_client.embeddings.create(
            model="text-embedding-3-small", input="x")
        assert reply.data
"""

NAMES = [
    "test_sync.yaml",
    "shared/streams.yaml",
    "test_official.yaml",
    "TestAzure.test_azure.yaml",
    "TestAzure.test_async_azure.yaml",
]


@dataclass
class Target:
    mock: MockServer
    url: str


@pytest.fixture
def target() -> Iterator[Target]:
    """A live mock to record from, answering every chat completion with ``ANSWER``."""
    mock = MockServer(seed=3)
    mock.script("chat.completions.create", content=ANSWER, times=None)
    with mock.live() as url:
        yield Target(mock, url)


@pytest.fixture
def recording_env(monkeypatch: pytest.MonkeyPatch, target: Target) -> Target:
    monkeypatch.setenv("OPENAI_BASE_URL", target.url + "/v1")
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_ORG_ID", "org-RECORDINGORG123")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", target.url)
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", AZURE_KEY)
    return target


def test_record_offline_then_replay_with_no_server(
    pytester: pytest.Pytester, run: RunInner, recording_env: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(test_recorded=TESTS)
    run().assert_outcomes(passed=5)
    assert len(recording_env.mock.requests) == 5
    folder = pytester.path / "cassettes" / "test_recorded"
    written = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.yaml"))
    assert written == sorted(NAMES)
    for path in folder.rglob("*.yaml"):
        text = path.read_text()
        assert "interactions:" in text
        for secret in (KEY, AZURE_KEY, "org-RECORDINGORG123"):
            assert secret not in text

    # Replay: no variables, no server reachable, record mode none.
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_ORG_ID"):
        monkeypatch.delenv(name)
    monkeypatch.delenv("AZURE_OPENAI_ENDPOINT")
    monkeypatch.delenv("AZURE_OPENAI_API_KEY")
    recording_env.mock.reset()
    run("--openai-record-mode", "none").assert_outcomes(passed=5)
    assert len(recording_env.mock.requests) == 0


def test_in_ci_a_missing_cassette_fails_naming_the_request_and_the_file(
    pytester: pytest.Pytester, run: RunInner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    pytester.makepyfile(
        """
import pytest

@pytest.mark.openai_cassette
def test_unrecorded(openai_client):
    openai_client.embeddings.create(model="text-embedding-3-small", input="never recorded")
"""
    )
    result = run()
    result.assert_outcomes(failed=1)
    cassette = (
        pytester.path
        / "cassettes"
        / "test_in_ci_a_missing_cassette_fails_naming_the_request_and_the_file"
    )
    result.stdout.fnmatch_lines(
        [
            "openai-kit cassette: no recorded interaction matches this request",
            "  request:  POST https://api.openai.com/v1/embeddings",
            f"  cassette: {cassette / 'test_unrecorded.yaml'} (the file does not exist)",
            "  record mode: none *",
        ]
    )
    assert not cassette.exists()


def test_a_new_request_in_mode_none_fails_and_new_episodes_records_it(
    pytester: pytest.Pytester, run: RunInner, recording_env: Target
) -> None:
    first = """
import pytest

@pytest.mark.openai_cassette
def test_grows(openai_client):
    openai_client.models.list()
"""
    pytester.makepyfile(test_grows=first)
    run().assert_outcomes(passed=1)
    pytester.makepyfile(test_grows=first + "    openai_client.models.retrieve('gpt-4o-mini')\n")
    result = run("--openai-record-mode", "none")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["  request:  GET */v1/models/gpt-4o-mini"])
    run("--openai-record-mode", "new_episodes").assert_outcomes(passed=1)
    run("--openai-record-mode", "none").assert_outcomes(passed=1)
    assert [e.operation for e in recording_env.mock.requests] == [
        "models.list",
        "models.retrieve",
    ]


def test_cassette_dir_ini_and_match_on(
    pytester: pytest.Pytester,
    inner: Inner,
    recording_env: Target,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytester.makepyfile(
        test_where="""
import os
import pytest

@pytest.mark.openai_cassette(match_on=["method", "path"])
def test_loose(openai_client):
    openai_client.embeddings.create(model="text-embedding-3-small", input=os.environ["TEXT"])
"""
    )
    run = inner(ini="openai_cassette_dir = recorded")
    monkeypatch.setenv("TEXT", "first")
    run().assert_outcomes(passed=1)
    assert (pytester.path / "recorded" / "test_where" / "test_loose.yaml").is_file()
    assert not (pytester.path / "cassettes").exists()
    monkeypatch.setenv("TEXT", "second: another body, still a match on method and path")
    run("--openai-record-mode", "none").assert_outcomes(passed=1)
    assert len(recording_env.mock.requests) == 1


def test_recording_needs_credentials(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makepyfile(
        """
import pytest

@pytest.mark.openai_cassette
def test_openai(openai_client):
    pass

@pytest.mark.openai_cassette
def test_azure(azure_openai_client):
    pass
"""
    )
    result = run()
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines_random(
        [
            "recording cassette */test_openai.yaml needs OPENAI_API_KEY (and OPENAI_BASE_URL *",
            "recording cassette */test_azure.yaml needs AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY *",
        ]
    )


RESOLVER_CONFTEST = """
import socket
import pytest

@pytest.fixture(autouse=True)
def _resolver(monkeypatch):
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise socket.gaierror(f"resolver reached for {host}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
"""


def test_while_recording_the_guard_lets_the_target_through_and_nothing_else(
    pytester: pytest.Pytester, run: RunInner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "https://recording-target.invalid/v1")
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    pytester.makeconftest(RESOLVER_CONFTEST)
    pytester.makepyfile(
        """
import httpx
import pytest
import openai_kit

@pytest.mark.openai_cassette
def test_target_passes(openai_client):
    # the guard lets the request through: the (fake) resolver is reached, and the test
    # fails naming the target it was recording against
    openai_client.models.list()

@pytest.mark.openai_cassette
def test_other_hosts_stay_blocked(openai_client):
    httpx.get("https://api.openai.com/v1/models")

@pytest.mark.openai_cassette
def test_in_mode_none_the_target_is_blocked_too(openai_client):
    openai_kit.OpenAI(base_url="https://recording-target.invalid/v1").models.list()
"""
    )
    result = run("-k", "not mode_none")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines_random(
        [
            "openai-kit blocked a request that would leave the machine: GET https://api.openai.com/v1/models",
            "openai-kit cassette: recording */cassettes/*/test_target_passes.yaml (record mode once), "
            "but the target did not answer: GET https://recording-target.invalid/v1/models "
            "(ConnectError: *resolver reached for recording-target.invalid*",
        ]
    )
    result = run("-k", "mode_none", "--openai-record-mode", "none")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "openai-kit blocked a request that would leave the machine: "
            "GET https://recording-target.invalid/v1/models"
        ]
    )
    assert not (pytester.path / "cassettes").exists()


def test_bad_cassette_markers_are_reported(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makepyfile(
        """
import pytest

@pytest.mark.openai_cassette(match_on=["colour"])
def test_unknown_matcher(openai_client):
    pass

@pytest.mark.openai_cassette("a", "b")
def test_two_names(openai_client):
    pass
"""
    )
    result = run("--openai-record-mode", "none")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines_random(
        [
            "*@pytest.mark.openai_cassette: *colour*",
            "*@pytest.mark.openai_cassette takes an optional name and match_on=[[]...] only*",
        ]
    )
