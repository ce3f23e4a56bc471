"""httpx2 clients (openai 3.x's stack) get what httpx clients get: in-process wiring, the guard."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx2
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.pytest_plugin._cassette import Cassette
from openai_kit.pytest_plugin._wiring import CassetteWiring
from tests.pytest_plugin.conftest import RunInner
from tests.pytest_plugin.test_guard import NO_DNS_CONFTEST

APP = """
import httpx2
import openai
import pytest
from openai_kit.mockserver import faults

MSG = [{"role": "user", "content": "hi"}]

def test_an_httpx2_client_the_app_builds(openai_mock):
    import os
    base = os.environ["OPENAI_BASE_URL"]
    auth = {"Authorization": "Bearer " + os.environ["OPENAI_API_KEY"]}
    with httpx2.Client() as client:
        assert client.get(base + "/models", headers=auth).json()["data"]
    assert openai_mock.requests.last.operation == "models.list"

@pytest.mark.openai_fault(faults.status(500), times=1)
def test_official_client_over_httpx2_with_a_fault(openai_mock):
    client = openai.OpenAI(http_client=httpx2.Client())
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=MSG)
    assert reply.choices
    assert [r.status for r in openai_mock.requests] == [500, 200]
    assert len(openai_mock.waits) == 1

@pytest.mark.asyncio
async def test_async_httpx2_streaming(openai_mock):
    client = openai.AsyncOpenAI(http_client=httpx2.AsyncClient())
    stream = await client.chat.completions.create(model="gpt-4o-mini", messages=MSG, stream=True)
    assert [chunk async for chunk in stream]

def test_httpx2_to_the_internet_is_blocked(openai_mock):
    httpx2.get("https://api.openai.com/v1/models?key=SECRET-2")
"""


def test_httpx2_clients_reach_the_mock_and_nothing_else(
    pytester: pytest.Pytester, run: RunInner
) -> None:
    pytester.makeconftest(NO_DNS_CONFTEST)
    pytester.makepyfile(APP)
    result = run()
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(
        [
            "openai-kit blocked a request that would leave the machine: "
            "GET https://api.openai.com/v1/models",
            "sent from *:* in test_httpx2_to_the_internet_is_blocked",
        ]
    )
    assert "SECRET-2" not in result.stdout.str()
    assert "DNS lookup" not in result.stdout.str()


def test_an_httpx2_client_records_and_replays_a_cassette(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    mock = MockServer()
    with mock.live() as url:
        env = {"OPENAI_API_KEY": mock.api_key, "OPENAI_BASE_URL": f"{url}/v1"}
        recording = Cassette.open(path, record_mode="once")
        sync, _ = CassetteWiring(recording, path, env, recording=True).httpx2_transports()
        with httpx2.Client(transport=sync, base_url=f"{url}/v1") as client:
            recorded = client.get("/models", headers={"Authorization": f"Bearer {mock.api_key}"})
        recording.close()
    assert len(recording.new) == 1
    replaying = Cassette.open(path, record_mode="none")
    _, async_transport = CassetteWiring(replaying, path, {}, recording=False).httpx2_transports()

    async def replay() -> httpx2.Response:
        async with httpx2.AsyncClient(transport=async_transport) as client:
            return await client.get(f"{url}/v1/models")

    replayed = asyncio.run(replay())
    assert isinstance(replayed, httpx2.Response)
    assert replayed.json() == recorded.json()
    assert len(mock.requests) == 1  # the replay never reached the (stopped) server
