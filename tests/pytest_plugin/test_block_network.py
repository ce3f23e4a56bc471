"""--openai-block-network (ini openai_block_network): no request leaves the machine all session."""

from __future__ import annotations

import pytest

from tests.pytest_plugin.conftest import Inner
from tests.pytest_plugin.test_guard import NO_DNS_CONFTEST

SESSION = """
import httpx
import httpx2
import openai
import pytest

def test_httpx_without_fixtures():
    httpx.get("https://example.com/page?key=SECRET-1")

def test_httpx2_without_fixtures():
    httpx2.get("https://example.org/other")

@pytest.mark.asyncio
async def test_async_official_without_fixtures():
    await openai.AsyncOpenAI(api_key="sk-x", max_retries=0).models.list()

def test_loopback_passes(openai_mock_url):
    assert httpx.get(openai_mock_url + "/_mock/requests").status_code == 200
    assert httpx2.get(openai_mock_url + "/_mock/requests").status_code == 200

def test_fixtures_still_work(openai_client):
    assert openai_client.models.list().data
"""


@pytest.mark.parametrize(
    ("args", "ini"), [(("--openai-block-network",), ""), ((), "openai_block_network = true")]
)
def test_outside_requests_fail_in_every_test(
    pytester: pytest.Pytester, inner: Inner, args: tuple[str, ...], ini: str
) -> None:
    pytester.makeconftest(NO_DNS_CONFTEST)
    pytester.makepyfile(SESSION)
    result = inner(ini=ini)(*args)
    result.assert_outcomes(passed=2, failed=3)
    message = "openai-kit blocked a request that would leave the machine: {}"
    result.stdout.fnmatch_lines_random(
        [
            "openai-kit: *, network blocked outside loopback",
            message.format("GET https://example.com/page"),
            message.format("GET https://example.org/other"),
            message.format("GET https://api.openai.com/v1/models"),
            "--openai-block-network (or the openai_block_network ini) allows only loopback hosts *",
        ]
    )
    output = result.stdout.str()
    assert "SECRET-1" not in output
    assert "DNS lookup" not in output


def test_without_the_option_nothing_is_patched_outside_the_fixtures(
    pytester: pytest.Pytester, inner: Inner
) -> None:
    pytester.makepyfile(
        """
import httpx
import httpx2

def test_plain():
    for module in (httpx, httpx2):
        assert module.HTTPTransport.handle_request.__module__ == module.__name__ + "._transports.default"
"""
    )
    inner()().assert_outcomes(passed=1)
