"""After a run records, the summary says what was written; a target that is down is named."""

from __future__ import annotations

import socket

import pytest

from openai_kit.mockserver import MockServer
from tests.pytest_plugin.conftest import RunInner

RECORDS = """
import pytest

@pytest.mark.openai_cassette
def test_two(openai_client):
    openai_client.models.list()
    openai_client.models.retrieve("gpt-4o-mini")

@pytest.mark.openai_cassette("shared/one")
def test_one(openai_client):
    openai_client.models.list()

def test_nothing_recorded(openai_client):
    openai_client.models.list()
"""


@pytest.mark.parametrize("xdist", [False, True], ids=["inline", "xdist"])
def test_the_summary_lists_each_recording(
    pytester: pytest.Pytester, run: RunInner, monkeypatch: pytest.MonkeyPatch, xdist: bool
) -> None:
    mock = MockServer()
    pytester.makepyfile(RECORDS)
    with mock.live() as url:
        monkeypatch.setenv("OPENAI_BASE_URL", f"{url}/v1")
        monkeypatch.setenv("OPENAI_API_KEY", mock.api_key)
        result = run("-n", "2", subprocess=True) if xdist else run()
    result.assert_outcomes(passed=3)
    module = "test_the_summary_lists_each_recording"
    result.stdout.fnmatch_lines(
        [
            "*= openai-kit cassettes =*",
            f"recorded 1 interaction to cassettes/{module}/shared/one.yaml ({module}.py::test_one)",
            f"recorded 2 interactions to cassettes/{module}/test_two.yaml ({module}.py::test_two)",
        ]
    )
    assert "test_nothing_recorded)" not in result.stdout.str()
    again = run("--openai-record-mode", "none")  # replays: nothing new, no section
    again.assert_outcomes(passed=3)
    assert "openai-kit cassettes" not in again.stdout.str()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_recording_against_a_target_that_is_down_names_it(
    pytester: pytest.Pytester, run: RunInner, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = _closed_port()
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-recording-key")
    pytester.makepyfile(
        """
import pytest

@pytest.mark.openai_cassette
def test_sync(openai_client):
    openai_client.models.list()

@pytest.mark.openai_cassette
@pytest.mark.asyncio
async def test_async(async_openai_client):
    await async_openai_client.models.list()
"""
    )
    result = run()
    result.assert_outcomes(failed=2)
    for name in ("test_sync", "test_async"):
        result.stdout.fnmatch_lines(
            [
                f"openai-kit cassette: recording */{name}.yaml (record mode once), but the target "
                f"did not answer: GET http://127.0.0.1:{port}/v1/models (ConnectError: *).",
                "Start the target *",
            ]
        )
    assert "sk-recording-key" not in result.stdout.str()
    assert not (pytester.path / "cassettes").exists()
