"""The hermetic environment: real OPENAI_* / AZURE_OPENAI_* settings never reach a test."""

from __future__ import annotations

import pytest

from tests.pytest_plugin.conftest import RunInner, environ_snapshot

REAL = {
    "OPENAI_API_KEY": "sk-proj-REALKEY0123456789abcdefREALKEY",
    "OPENAI_BASE_URL": "https://api.openai.com/v1",
    "OPENAI_ORG_ID": "org-REALORG0123456789",
    "OPENAI_PROJECT_ID": "proj_REALPROJECT0123",
    "OPENAI_ADMIN_KEY": "sk-admin-REALADMIN",
    "AZURE_OPENAI_API_KEY": "REALAZUREKEY0123456789abcdef",
    "AZURE_OPENAI_ENDPOINT": "https://contoso.openai.azure.com",
    "AZURE_OPENAI_AD_TOKEN": "eyJREALTOKEN",
    "OPENAI_API_VERSION": "2023-05-15",
}


@pytest.fixture
def real_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A developer's real configuration, as the inner (inline) runs will find it."""
    for name, value in REAL.items():
        monkeypatch.setenv(name, value)
    return dict(REAL)


def test_real_values_are_hidden_and_dummies_point_at_the_mock(
    pytester: pytest.Pytester, run: RunInner, real_env: dict[str, str]
) -> None:
    pytester.makepyfile(
        f"""
import os

REAL = {real_env!r}

def test_hidden(openai_mock):
    leaked = [name for name, value in REAL.items() if value in os.environ.values()]
    assert leaked == []
    assert os.environ["OPENAI_API_KEY"] == openai_mock.api_key
    assert os.environ["AZURE_OPENAI_API_KEY"] == openai_mock.api_key
    assert os.environ["OPENAI_BASE_URL"] == "http://mockserver.openai-kit.invalid/v1"
    assert os.environ["AZURE_OPENAI_ENDPOINT"] == "http://mockserver.openai-kit.invalid"
    assert os.environ["OPENAI_API_VERSION"] == "2024-10-21"
    for name in ("OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_ADMIN_KEY", "AZURE_OPENAI_AD_TOKEN"):
        assert name not in os.environ

def test_client_fixtures_hide_them_too(openai_client):
    assert os.environ["OPENAI_API_KEY"] != REAL["OPENAI_API_KEY"]
    assert openai_client.organization is None and openai_client.project is None

def test_without_the_fixtures_nothing_changes():
    assert all(os.environ[name] == value for name, value in REAL.items())
"""
    )
    run().assert_outcomes(passed=3)
    assert environ_snapshot() == real_env


def test_clients_built_by_the_code_under_test_reach_the_mock(
    pytester: pytest.Pytester, run: RunInner, real_env: dict[str, str]
) -> None:
    pytester.makepyfile(
        """
import pytest
import openai
import openai_kit

MSG = [{"role": "user", "content": "hi"}]

def test_sync(openai_mock):
    assert openai_kit.OpenAI().chat.completions.create(model="gpt-4o-mini", messages=MSG)
    assert openai.OpenAI().chat.completions.create(model="gpt-4o-mini", messages=MSG)
    assert openai_kit.AzureOpenAI().chat.completions.create(model="gpt-4o-mini", messages=MSG)
    assert openai.AzureOpenAI().chat.completions.create(model="gpt-4o-mini", messages=MSG)
    assert [e.path for e in openai_mock.requests] == ["/v1/chat/completions"] * 2 + [
        "/openai/deployments/gpt-4o-mini/chat/completions"] * 2
    assert {e.headers.get("authorization", e.headers.get("api-key")) for e in openai_mock.requests}

@pytest.mark.asyncio
async def test_async(openai_mock):
    client = openai.AsyncOpenAI()
    stream = await client.chat.completions.create(model="gpt-4o-mini", messages=MSG, stream=True)
    assert [chunk async for chunk in stream]
    await client.close()
    assert (await openai_kit.AsyncAzureOpenAI().models.list()).data
    assert [e.operation for e in openai_mock.requests] == ["chat.completions.create", "models.list"]

@pytest.mark.openai_mock(api_keys=["sk-configured"])
def test_the_dummy_key_is_one_the_mock_accepts(openai_mock):
    assert openai_kit.OpenAI().models.list().data
"""
    )
    run().assert_outcomes(passed=3)
    assert environ_snapshot() == real_env


def test_the_environment_is_restored_after_a_failing_test(
    pytester: pytest.Pytester, run: RunInner, real_env: dict[str, str]
) -> None:
    pytester.makepyfile(
        """
import os

def test_fails(openai_mock, openai_mock_url):
    os.environ["OPENAI_API_KEY"] = "changed-by-the-test"
    raise AssertionError("boom")
"""
    )
    run().assert_outcomes(failed=1)
    assert environ_snapshot() == real_env


def test_openai_mock_url_points_the_environment_at_the_live_server(
    pytester: pytest.Pytester, run: RunInner, real_env: dict[str, str]
) -> None:
    pytester.makepyfile(
        """
import os

def test_live(openai_mock_url, openai_mock):
    assert os.environ["OPENAI_BASE_URL"] == openai_mock_url + "/v1"
    assert os.environ["AZURE_OPENAI_ENDPOINT"] == openai_mock_url
    assert os.environ["OPENAI_API_KEY"] == openai_mock.api_key
"""
    )
    run().assert_outcomes(passed=1)
    assert environ_snapshot() == real_env


def test_the_hidden_values_never_show(
    pytester: pytest.Pytester, run: RunInner, real_env: dict[str, str]
) -> None:
    """Not in a failure report with locals, nor in the sandbox's repr."""
    pytester.makepyfile(
        """
def test_fails(_openai_kit_sandbox, openai_client):
    print(repr(_openai_kit_sandbox.env))
    raise AssertionError("boom")
"""
    )
    result = run("--showlocals", "-rA")
    result.assert_outcomes(failed=1)
    output = result.stdout.str()
    assert "HermeticEnv hiding" in output
    for value in real_env.values():
        if value.startswith(("sk-", "REAL", "eyJ")):
            assert value not in output
