"""The network guard: a request that would leave the machine fails the test, before any DNS."""

from __future__ import annotations

import httpx
import pytest

from openai_kit.pytest_plugin._guard import is_loopback
from tests.pytest_plugin.conftest import RunInner

# An inner conftest that turns any name lookup or connection to a host other
# than loopback into a different failure: if the guard fired late, the inner
# tests would report "DNS lookup" instead of the guard's message.
NO_DNS_CONFTEST = """
import ipaddress
import socket
import pytest

def _local(host):
    if host in (None, "localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

@pytest.fixture(autouse=True)
def _no_dns(monkeypatch):
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        if not _local(host):
            raise AssertionError(f"DNS lookup of {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(sock, address):
        if isinstance(address, tuple) and not _local(address[0]):
            raise AssertionError(f"connect to {address}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
"""

MESSAGE = "*openai-kit blocked a request that would leave the machine: {}*"


def test_requests_to_the_internet_fail_with_a_clear_message(
    pytester: pytest.Pytester, run: RunInner
) -> None:
    pytester.makeconftest(NO_DNS_CONFTEST)
    pytester.makepyfile(
        """
import httpx
import openai
import pytest
import openai_kit

MSG = [{"role": "user", "content": "hi"}]

def test_our_sdk(openai_mock):
    openai_kit.OpenAI(base_url="https://api.openai.com/v1").chat.completions.create(
        model="gpt-4o-mini", messages=MSG)

def test_official_sdk(openai_client):
    openai.OpenAI(base_url="https://api.openai.com/v1", max_retries=5).models.list()

@pytest.mark.asyncio
async def test_async_sdk(async_openai_client):
    await openai_kit.AsyncAzureOpenAI(azure_endpoint="https://contoso.openai.azure.com").models.list()

@pytest.mark.asyncio
async def test_async_official(openai_mock):
    await openai.AsyncOpenAI(base_url="https://api.openai.com/v1").models.list()

def test_plain_httpx_with_a_custom_transport(openai_mock_url):
    httpx.Client(transport=httpx.HTTPTransport(retries=3)).get("http://example.com/page")
"""
    )
    result = run()
    result.assert_outcomes(failed=5)
    result.stdout.fnmatch_lines_random(
        [
            MESSAGE.format("POST https://api.openai.com/v1/chat/completions"),
            MESSAGE.format("GET https://api.openai.com/v1/models"),
            MESSAGE.format("GET https://contoso.openai.azure.com/openai/models"),
            MESSAGE.format("GET http://example.com/page"),
            "*only loopback hosts and the in-process mock*",
        ]
    )
    output = result.stdout.str()
    assert "DNS lookup" not in output
    assert "connect to" not in output
    lines = output.splitlines()
    assert sum(line.startswith("openai-kit blocked a request") for line in lines) == 5
    # Each names the line of the test that sent it, not a frame inside httpx or an SDK.
    assert (
        sum(
            line.startswith("sent from ") and ".py:" in line and " in test_" in line
            for line in lines
        )
        == 5
    )


def test_the_message_leaves_out_the_query_string(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makeconftest(NO_DNS_CONFTEST)
    pytester.makepyfile(
        """
import httpx

def test_key_in_query(openai_mock):
    httpx.get("https://contoso.openai.azure.com/openai/models?api-key=SECRET-KEY-123&x=1")
"""
    )
    result = run()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [MESSAGE.format("GET https://contoso.openai.azure.com/openai/models")]
    )
    assert "SECRET-KEY-123" not in result.stdout.str()


def test_loopback_and_the_in_process_mock_are_allowed(
    pytester: pytest.Pytester, run: RunInner
) -> None:
    pytester.makeconftest(NO_DNS_CONFTEST)
    pytester.makepyfile(
        """
import httpx
import pytest

def test_loopback(openai_mock_url, openai_mock):
    port = openai_mock_url.rsplit(":", 1)[1]
    for base in (openai_mock_url, f"http://localhost:{port}"):
        assert httpx.get(base + "/v1/models", headers={"Authorization": "Bearer k"}).status_code == 200
    assert len(openai_mock.requests) == 2

@pytest.mark.asyncio
async def test_in_process_host_through_default_transports(openai_mock):
    auth = {"Authorization": "Bearer k"}
    assert httpx.get("http://mockserver.openai-kit.invalid/v1/models", headers=auth).json()["data"]
    async with httpx.AsyncClient() as client:
        reply = await client.get("http://mockserver.openai-kit.invalid/v1/models", headers=auth)
    assert reply.json()["data"]
    assert len(openai_mock.requests) == 2
"""
    )
    run().assert_outcomes(passed=2)


def test_a_swallowed_block_still_fails_the_test(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makeconftest(NO_DNS_CONFTEST)
    pytester.makepyfile(
        """
import threading
import httpx

def fetch():
    try:
        httpx.get("https://api.openai.com/v1/models")
    except BaseException:
        pass

def test_swallowed_in_a_thread(openai_mock):
    worker = threading.Thread(target=fetch)
    worker.start()
    worker.join()
"""
    )
    result = run()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*openai-kit blocked a request that would leave the machine, but the test passed "
            "(the code under test swallowed the failure): GET https://api.openai.com/v1/models*"
        ]
    )


def test_the_guard_is_active_only_while_the_fixtures_are(
    pytester: pytest.Pytester, run: RunInner
) -> None:
    original = (httpx.HTTPTransport.handle_request, httpx.AsyncHTTPTransport.handle_async_request)
    pytester.makepyfile(
        f"""
import httpx

ORIGINAL_NAMES = {[f.__qualname__ for f in original]!r}

def names():
    return [httpx.HTTPTransport.handle_request.__qualname__,
            httpx.AsyncHTTPTransport.handle_async_request.__qualname__]

def test_without_fixtures():
    assert names() == ORIGINAL_NAMES

def test_with_fixtures(openai_mock):
    assert names() != ORIGINAL_NAMES

def test_without_again():
    assert names() == ORIGINAL_NAMES
"""
    )
    run("-p", "no:randomly").assert_outcomes(passed=3)
    assert (
        httpx.HTTPTransport.handle_request,
        httpx.AsyncHTTPTransport.handle_async_request,
    ) == original


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.10.0.5", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("api.localhost", True),
        ("0.0.0.0", False),
        ("10.0.0.1", False),
        ("::ffff:8.8.8.8", False),
        ("api.openai.com", False),
        ("localhost.example.com", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
