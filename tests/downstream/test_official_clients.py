"""A downstream project on the official ``openai`` package (2.x or 3.x, whichever is installed).

The project is what a user writes: an app that builds ``openai.OpenAI()``
itself or calls the module-level client, tests that use openai-kit's
fixtures, markers and cassettes (Realtime sessions too, sync and async, over
the package's own ``websockets`` sockets, recorded or served by the mock in
process with no socket), an async test run by anyio alone
(the testing extra, no pytest-asyncio), and a test with no fixture that the
session's network block must stop. It runs in a subprocess, with its own ini.
"""

from __future__ import annotations

import importlib.metadata
import os

import pytest

from openai_kit.mockserver import MockServer
from tests.downstream.realtime_project import IN_PROCESS_TESTS, realtime_tests

pytestmark = pytest.mark.downstream

OPENAI_MAJOR = int(importlib.metadata.version("openai").split(".")[0])
STACK = "httpx2" if OPENAI_MAJOR >= 3 else "httpx"

INI = """
[pytest]
addopts = -p no:asyncio -p no:cacheprovider -p no:openai_responses
filterwarnings = error
openai_block_network = true
"""

APP = """
import openai


def ask(question):
    client = openai.OpenAI()
    reply = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": question}]
    )
    return reply.choices[0].message.content


def ask_module_level(question):
    reply = openai.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": question}]
    )
    return reply.choices[0].message.content
"""

TESTS = """
import time

import httpx
import openai
import pytest

import app
from openai_kit.mockserver import faults

MSG = [{"role": "user", "content": "hi"}]


def test_the_app_builds_its_own_client(openai_mock):
    openai_mock.script("chat.completions.create", content="scripted")
    assert app.ask("hello") == "scripted"
    assert openai_mock.requests.last.json["messages"][0]["content"] == "hello"


def test_the_module_level_client(openai_mock):
    assert app.ask_module_level("hello")
    assert openai_mock.requests.last.operation == "chat.completions.create"


def test_the_fixture_client_uses_the_packages_stack(official_openai_client):
    assert type(official_openai_client._client).__module__.split(".")[0] == "{stack}"
    assert official_openai_client.models.list().data


@pytest.mark.openai_fault(
    [faults.status(429, retry_after=2), faults.status(500)], operation="chat.completions.create"
)
def test_retries_wait_on_the_mock_clock(openai_mock):
    started = time.monotonic()
    assert app.ask("hello")
    assert time.monotonic() - started < 1.0
    assert [r.status for r in openai_mock.requests] == [429, 500, 200]
    assert openai_mock.waits[0] == 2.0
    assert len(openai_mock.waits) == 2


@pytest.mark.openai_fault(faults.disconnect(), times=1)
def test_a_dropped_connection_is_retried(official_openai_client, openai_mock):
    assert official_openai_client.models.list().data
    assert len(openai_mock.requests) == 2


def test_streaming(official_openai_client):
    stream = official_openai_client.chat.completions.create(
        model="gpt-4o-mini", messages=MSG, stream=True
    )
    assert [chunk for chunk in stream]


@pytest.mark.openai_cassette
def test_recorded(official_openai_client):
    assert official_openai_client.models.retrieve("gpt-4o-mini").id == "gpt-4o-mini"


@pytest.mark.anyio
async def test_async_with_anyio(async_official_openai_client, openai_mock):
    reply = await async_official_openai_client.chat.completions.create(
        model="gpt-4o-mini", messages=MSG
    )
    assert reply.choices
    assert openai_mock.requests.last.operation == "chat.completions.create"


def test_no_fixture_is_blocked():
    with pytest.raises(pytest.fail.Exception, match="openai-kit blocked a request"):
        openai.OpenAI(api_key="sk-real-looking", max_retries=0).models.list()
    with pytest.raises(pytest.fail.Exception, match="openai-kit blocked a request"):
        httpx.get("https://example.com/")
"""


def test_the_downstream_project_passes(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [n for n in os.environ if n.startswith(("OPENAI_", "AZURE_OPENAI_"))]:
        monkeypatch.delenv(name)
    monkeypatch.delenv("CI", raising=False)
    pytester.makefile(".ini", pytest=INI)
    pytester.makepyfile(
        app=APP,
        test_app=TESTS.replace("{stack}", STACK),
        test_realtime=realtime_tests("official_openai_client", "async_official_openai_client"),
        test_in_process=IN_PROCESS_TESTS,
    )
    mock = MockServer()
    with mock.live() as url:  # the cassette's record step, against a live mock
        monkeypatch.setenv("OPENAI_BASE_URL", f"{url}/v1")
        monkeypatch.setenv("OPENAI_API_KEY", mock.api_key)
        recorded = pytester.runpytest_subprocess("-k", "recorded or realtime")
    recorded.assert_outcomes(passed=3, deselected=15)
    recorded.stdout.fnmatch_lines_random(
        [
            "recorded 1 interaction to cassettes/test_app/test_recorded.yaml*",
            "recorded 1 interaction to cassettes/test_realtime/test_realtime_turns.yaml*",
            "recorded 1 interaction to cassettes/test_realtime/test_async_realtime_turn*.yaml*",
        ]
    )
    sessions = [p.read_text() for p in pytester.path.glob("cassettes/test_realtime/*.yaml")]
    assert len(sessions) == 2
    assert all("websocket:" in text and mock.api_key not in text for text in sessions)
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.setenv("CI", "1")  # replay only, the server is gone
    result = pytester.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(passed=18)  # in-process sessions need no recording
    result.stdout.fnmatch_lines(
        ["openai-kit: record mode none (default: CI is set)*network blocked*"]
    )
