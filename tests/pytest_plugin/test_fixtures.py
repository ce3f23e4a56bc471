"""The fixtures, each used by an inner test session the way a downstream suite uses it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.pytest_plugin.conftest import Inner, RunInner

CHAT = """
def chat(client):
    return client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hello"}]
    )

async def achat(client):
    return await client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hello"}]
    )
"""


def test_every_client_fixture_talks_to_the_test_mock(
    pytester: pytest.Pytester, run: RunInner
) -> None:
    pytester.makepyfile(
        CHAT
        + """
import pytest
import openai
import openai_kit

def test_openai(openai_client, openai_mock):
    assert isinstance(openai_client, openai_kit.OpenAI)
    assert chat(openai_client).choices[0].message.content
    (entry,) = openai_mock.requests
    assert (entry.operation, entry.path, entry.status) == (
        "chat.completions.create", "/v1/chat/completions", 200)

def test_azure(azure_openai_client, openai_mock):
    assert isinstance(azure_openai_client, openai_kit.AzureOpenAI)
    assert chat(azure_openai_client).choices[0].message.content
    (entry,) = openai_mock.requests
    assert entry.path == "/openai/deployments/gpt-4o-mini/chat/completions"
    assert entry.query["api-version"] == "2024-10-21"

def test_official(official_openai_client, openai_mock):
    assert isinstance(official_openai_client, openai.OpenAI)
    assert chat(official_openai_client).choices[0].message.content
    assert [e.operation for e in openai_mock.requests] == ["chat.completions.create"]

@pytest.mark.asyncio
async def test_async(async_openai_client, openai_mock):
    assert isinstance(async_openai_client, openai_kit.AsyncOpenAI)
    assert (await achat(async_openai_client)).choices[0].message.content
    assert len(openai_mock.requests) == 1

@pytest.mark.asyncio
async def test_async_azure(async_azure_openai_client, openai_mock):
    assert isinstance(async_azure_openai_client, openai_kit.AsyncAzureOpenAI)
    assert (await achat(async_azure_openai_client)).choices[0].message.content
    assert openai_mock.requests[0].path.startswith("/openai/deployments/")

@pytest.mark.asyncio
async def test_async_official(async_official_openai_client, openai_mock):
    assert isinstance(async_official_openai_client, openai.AsyncOpenAI)
    stream = await async_official_openai_client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], stream=True)
    chunks = [chunk async for chunk in stream]
    assert len(chunks) > 2
    assert len(openai_mock.requests) == 1

def test_all_share_one_mock(openai_client, azure_openai_client, official_openai_client, openai_mock):
    chat(openai_client)
    chat(azure_openai_client)
    chat(official_openai_client)
    assert len(openai_mock.requests) == 3
"""
    )
    result = run()
    result.assert_outcomes(passed=7)


def test_openai_mock_is_fresh_for_each_test(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makepyfile(
        CHAT
        + """
import pytest
seen = []

@pytest.mark.parametrize("n", range(3))
def test_fresh(openai_client, openai_mock, n):
    assert len(openai_mock.requests) == 0
    assert all(mock is not openai_mock for mock in seen)
    seen.append(openai_mock)
    openai_mock.script("chat.completions.create", content="scripted", times=None)
    assert chat(openai_client).choices[0].message.content == "scripted"
"""
    )
    run().assert_outcomes(passed=3)


def test_seed_comes_from_the_ini_and_the_marker(pytester: pytest.Pytester, inner: Inner) -> None:
    pytester.makepyfile(
        """
import pytest

def test_ini(openai_mock):
    assert openai_mock.seed == 41

@pytest.mark.openai_mock(seed=7)
def test_marker(openai_mock):
    assert openai_mock.seed == 7
"""
    )
    inner(ini="openai_mock_seed = 41")().assert_outcomes(passed=2)


def test_openai_mock_marker_configures_the_server(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makepyfile(
        CHAT
        + """
import pytest
import openai_kit

pytestmark = pytest.mark.openai_mock(api_keys=["sk-only-this-one"])

def test_clients_use_the_configured_key(openai_client, openai_mock):
    assert openai_mock.api_key == "sk-only-this-one"
    assert chat(openai_client).choices

def test_other_keys_are_refused(openai_mock):
    with pytest.raises(openai_kit.AuthenticationError):
        chat(openai_mock.client(api_key="sk-wrong"))

@pytest.mark.openai_mock(deployments={"prod-chat": "gpt-4o-mini"})
def test_closest_marker_wins(azure_openai_client, openai_mock):
    assert openai_mock.api_key != "sk-only-this-one"
    reply = azure_openai_client.chat.completions.create(
        model="prod-chat", messages=[{"role": "user", "content": "hi"}])
    assert reply.choices

@pytest.mark.openai_mock(colour="blue")
def test_unknown_argument(openai_mock):
    pass

@pytest.mark.openai_mock(3)
def test_positional(openai_mock):
    pass
"""
    )
    result = run()
    result.assert_outcomes(passed=3, errors=2)
    result.stdout.fnmatch_lines(
        [
            "@pytest.mark.openai_mock: unknown keyword 'colour'; valid keywords: seed, api_keys,"
            " latency, deployments, clock, azure_region, journal_size, max_body_bytes*",
            "*@pytest.mark.openai_mock takes keyword arguments only*",
        ]
    )


def test_openai_mock_url_serves_the_test_mock_live(
    pytester: pytest.Pytester, run: RunInner
) -> None:
    pytester.makepyfile(
        """
import os, subprocess, sys
import httpx
import openai

ports = []

def test_http(openai_mock_url, openai_mock):
    assert openai_mock_url.startswith("http://127.0.0.1:")
    ports.append(openai_mock_url)
    reply = httpx.get(openai_mock_url + "/v1/models", headers={"Authorization": "Bearer sk-x"})
    assert reply.status_code == 200 and reply.json()["data"]
    assert [e.operation for e in openai_mock.requests] == ["models.list"]

def test_official_client_by_url(openai_mock_url, openai_mock):
    ports.append(openai_mock_url)
    client = openai.OpenAI(api_key="sk-x", base_url=openai_mock_url + "/v1")
    assert client.embeddings.create(model="text-embedding-3-small", input="hi").data
    client.close()
    assert openai_mock.requests[0].operation == "embeddings.create"

def test_a_subprocess_reaches_it_through_the_environment(openai_mock_url, openai_mock):
    code = "import openai_kit; print(len(openai_kit.OpenAI().models.list().data))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert int(out.stdout) > 0
    assert [e.operation for e in openai_mock.requests] == ["models.list"]

def test_each_test_its_own_server():
    assert len(set(ports)) == 2
"""
    )
    run().assert_outcomes(passed=4)


def test_official_fixtures_skip_without_the_openai_package(
    pytester: pytest.Pytester, run: RunInner
) -> None:
    pytester.makeconftest("import sys\nsys.modules['openai'] = None\n")
    pytester.makepyfile(
        """
def test_sync(official_openai_client):
    raise AssertionError("not reached")

def test_async(async_official_openai_client):
    raise AssertionError("not reached")

def test_ours_still_work(openai_client):
    assert openai_client.models.list().data
"""
    )
    result = run("-rs")
    result.assert_outcomes(passed=1, skipped=2)
    result.stdout.fnmatch_lines(
        ["*the official openai package is not installed (pip install openai)*"]
    )


def test_a_missing_extra_names_the_install_command(
    pytester: pytest.Pytester, run: RunInner
) -> None:
    # In a subprocess, where the mock server has not been imported yet.
    pytester.makeconftest("import sys\nsys.modules['starlette'] = None\n")
    pytester.makepyfile(
        """
def test_needs_the_mock(openai_client):
    raise AssertionError("not reached")

def test_plugin_is_inert_otherwise():
    pass
"""
    )
    result = run(subprocess=True)
    result.assert_outcomes(passed=1, errors=1)
    assert (
        "openai_kit.pytest_plugin.MissingExtraError: openai-kit's pytest fixtures need "
        "'starlette', which comes with the testing extra: pip install 'openai-kit[testing]'"
    ) in result.stdout.str()


HEAVY = ("starlette", "uvicorn", "faker", "vcr", "yaml", "openai", "httpx2")


def test_importing_the_plugin_loads_only_pytest_and_the_standard_library() -> None:
    # Loaded first: the SDK root (it brings httpx, a dependency of the bare
    # SDK) and pytest. The plugin may add its own modules and stdlib ones only.
    code = f"""
import sys
import openai_kit, pytest
before = set(sys.modules)
import openai_kit.pytest_plugin
added = sorted(set(sys.modules) - before)
foreign = [m for m in added if not m.startswith("openai_kit.pytest_plugin")
           and m.split(".")[0] not in sys.stdlib_module_names]
heavy = sorted(m for m in sys.modules
               if m.split(".")[0] in {HEAVY!r} or m.startswith("openai_kit.mockserver"))
print(foreign, heavy)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []"


PUBLIC = [
    "MissingExtraError",
    "async_azure_openai_client",
    "async_official_openai_client",
    "async_openai_client",
    "azure_openai_client",
    "official_openai_client",
    "openai_client",
    "openai_mock",
    "openai_mock_url",
    "openai_realtime_client",
    "openai_realtime_url",
    "pytest_addoption",
    "pytest_configure",
    "pytest_report_header",
    "pytest_runtest_makereport",
    "pytest_runtest_setup",
    "pytest_unconfigure",
]
# Names pytest-recording and pytest-vcr take: fixtures, markers, options.
RECORDING_NAMES = {
    "vcr",
    "vcr_config",
    "vcr_cassette_dir",
    "vcr_markers",
    "default_cassette_name",
    "record_mode",
    "block_network",
    "allowed_hosts",
    "default_cassette",
    "disable_vcr",
}


def test_the_public_surface_is_declared_sorted_and_clear_of_pytest_recording() -> None:
    import openai_kit.pytest_plugin as plugin

    assert plugin.__all__ == PUBLIC == sorted(PUBLIC)
    assert plugin.MissingExtraError.__module__ == "openai_kit.pytest_plugin"
    assert issubclass(plugin.MissingExtraError, ImportError)
    ours = {
        *PUBLIC,
        "openai_mock",
        "openai_fault",
        "openai_cassette",
        "openai_record_mode",
        "openai_real_sleep",
        "openai_block_network",
        "openai_allow_unused_scripts",
    }
    assert not ours & RECORDING_NAMES
