"""``@pytest.mark.openai_fault(...)``: faults installed on the test's mock, for that test only."""

from __future__ import annotations

import pytest

from tests.pytest_plugin.conftest import RunInner

HEADER = """
import httpx
import pytest
import openai
import openai_kit
from openai_kit.mockserver import faults

MSG = [{"role": "user", "content": "hi"}]

@pytest.fixture(autouse=True)
def instant_retries(monkeypatch):
    monkeypatch.setattr(openai_kit._base_client.SyncAPIClient, "_sleep", lambda seconds: None)

    async def no_wait(seconds):
        return None

    monkeypatch.setattr(openai_kit._base_client.AsyncAPIClient, "_sleep", no_wait)

def chat(client, **kwargs):
    return client.chat.completions.create(model="gpt-4o-mini", messages=MSG, **kwargs)
"""


def test_a_fault_applies_to_its_test_only(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makepyfile(
        HEADER
        + """
@pytest.mark.openai_fault(faults.status(429), operation="chat.completions.create", times=1)
def test_one_429(openai_client, openai_mock):
    with pytest.raises(openai_kit.RateLimitError) as info:
        chat(openai_client.with_options(max_retries=0))
    assert info.value.status_code == 429
    assert chat(openai_client).choices
    assert [e.status for e in openai_mock.requests] == [429, 200]

def test_the_next_test_has_no_fault(openai_client, openai_mock):
    chat(openai_client.with_options(max_retries=0))
    assert len(openai_mock.faults) == 0

@pytest.mark.openai_fault([faults.status(503), faults.status(429), None])
def test_a_sequence_exercises_retries(openai_client, openai_mock):
    assert chat(openai_client).choices
    assert [e.status for e in openai_mock.requests] == [503, 429, 200]

@pytest.mark.openai_fault(faults.status(500), model="gpt-4o")
def test_filters_pass_through(openai_client, openai_mock):
    assert chat(openai_client.with_options(max_retries=0)).choices
    with pytest.raises(openai_kit.InternalServerError):
        openai_client.with_options(max_retries=0).chat.completions.create(
            model="gpt-4o", messages=MSG)

@pytest.mark.openai_fault(faults.status(401), operation="models.list")
def test_the_official_client_sees_it(official_openai_client):
    with pytest.raises(openai.AuthenticationError):
        official_openai_client.models.list()

@pytest.mark.asyncio
@pytest.mark.openai_fault(faults.stream_cut(after_events=2))
async def test_async_and_streams(async_openai_client):
    stream = await chat(async_openai_client, stream=True)
    received = []
    with pytest.raises(httpx.RemoteProtocolError):
        async for chunk in stream:
            received.append(chunk)
    assert len(received) == 2

@pytest.mark.openai_fault(faults.status(429), operation="embeddings.create")
def test_azure_too(azure_openai_client, openai_mock):
    with pytest.raises(openai_kit.RateLimitError):
        azure_openai_client.with_options(max_retries=0).embeddings.create(
            model="text-embedding-3-small", input="x")
    assert openai_mock.requests[0].path.startswith("/openai/deployments/")
"""
    )
    run().assert_outcomes(passed=7)


def test_the_closest_marker_is_tried_first(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makepyfile(
        HEADER
        + """
pytestmark = pytest.mark.openai_fault(faults.status(500), times=1)

@pytest.mark.openai_fault(faults.status(400), times=1)
class TestLayers:
    @pytest.mark.openai_fault(faults.status(429), times=1)
    def test_order(self, openai_client, openai_mock):
        client = openai_client.with_options(max_retries=0)
        for error in (openai_kit.RateLimitError, openai_kit.BadRequestError,
                      openai_kit.InternalServerError):
            with pytest.raises(error):
                chat(client)
        assert chat(client).choices
        assert [e.status for e in openai_mock.requests] == [429, 400, 500, 200]

def test_module_marker_alone(openai_client, openai_mock):
    with pytest.raises(openai_kit.InternalServerError):
        chat(openai_client.with_options(max_retries=0))
"""
    )
    run().assert_outcomes(passed=2)


def test_faults_reach_clients_built_by_the_code_under_test(
    pytester: pytest.Pytester, run: RunInner
) -> None:
    pytester.makepyfile(
        HEADER
        + """
@pytest.mark.openai_fault(faults.status(503), times=1)
def test_env_built_client(openai_mock):
    client = openai_kit.OpenAI(max_retries=0)
    with pytest.raises(openai_kit.InternalServerError):
        chat(client)
    assert chat(client).choices

@pytest.mark.openai_fault(faults.status(429), times=1)
def test_live_server(openai_mock_url, openai_mock):
    client = openai.OpenAI(base_url=openai_mock_url + "/v1", max_retries=0)
    with pytest.raises(openai.RateLimitError):
        chat(client)
    client.close()
"""
    )
    run().assert_outcomes(passed=2)


def test_bad_marker_arguments_are_reported(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makepyfile(
        HEADER
        + """
@pytest.mark.openai_fault(429)
def test_not_a_fault(openai_mock):
    pass

@pytest.mark.openai_fault(faults.status(429), times=0)
def test_bad_times(openai_mock):
    pass

@pytest.mark.openai_fault(faults.status(429), operation="chat.complete")
def test_unknown_operation(openai_mock):
    pass
"""
    )
    result = run()
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines_random(
        [
            "*@pytest.mark.openai_fault: add takes a fault or a list of faults, not int*",
            "*@pytest.mark.openai_fault: times must be at least 1*",
            "*@pytest.mark.openai_fault: *chat.complete*",
        ]
    )
