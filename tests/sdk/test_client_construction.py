"""Construction, environment, lifecycle and resource surface of the clients.

client-behaviour.md A1-A9 and A28-A31, with B1 (timeout lending) and B9
(TypeErrors). Every request goes through a recording ``httpx.MockTransport``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
import pytest

from openai_kit import (
    NOT_GIVEN,
    AsyncAzureOpenAI,
    AsyncOpenAI,
    AzureOpenAI,
    InternalServerError,
    NotGiven,
    Omit,
    OpenAI,
    OpenAIError,
    not_given,
    omit,
)
from tests.support.recorder import Recorder

if TYPE_CHECKING:
    from tests.sdk.conftest import Flavor

CHAT_ARGS: dict[str, Any] = {
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": "Hi"}],
}
AZURE_ARGS: dict[str, Any] = {
    "api_key": "azure-key",
    "api_version": "2024-10-21",
    "azure_endpoint": "https://example-resource.openai.azure.com",
}
LOOPBACK = "http://127.0.0.1:4010"

# Every client class, with what it needs to construct and its httpx client kind.
CLIENTS: list[Any] = [
    pytest.param(OpenAI, {"api_key": "sk-test"}, False, id="OpenAI"),
    pytest.param(AsyncOpenAI, {"api_key": "sk-test"}, True, id="AsyncOpenAI"),
    pytest.param(AzureOpenAI, AZURE_ARGS, False, id="AzureOpenAI"),
    pytest.param(AsyncAzureOpenAI, AZURE_ARGS, True, id="AsyncAzureOpenAI"),
]


def build(cls: type[Any], kwargs: dict[str, Any], is_async: bool, recorder: Recorder) -> Any:
    http_client = recorder.async_client() if is_async else recorder.sync_client()
    return cls(**kwargs, http_client=http_client)


# --- environment (A1-A9) -------------------------------------------------------------


@pytest.mark.asyncio
async def test_api_key_from_env_is_sent_as_bearer(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    client = flavor.openai(recorder, api_key=None)
    await flavor.settle(client.models.list())
    assert recorder.last.headers["Authorization"] == "Bearer sk-from-env"


@pytest.mark.asyncio
async def test_organization_and_project_from_env_are_sent_as_headers(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_env")
    client = flavor.openai(recorder)
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert recorder.last.headers["OpenAI-Organization"] == "org-env"
    assert recorder.last.headers["OpenAI-Project"] == "proj_env"


def test_webhook_secret_comes_from_env(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", "whsec_env")
    assert flavor.openai(recorder).webhook_secret == "whsec_env"


@pytest.mark.asyncio
async def test_base_url_from_env_routes_requests(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", f"{LOOPBACK}/proxy/v9")
    client = flavor.openai(recorder)
    await flavor.settle(client.models.list())
    assert str(recorder.last.url) == f"{LOOPBACK}/proxy/v9/models"


def test_env_values_are_public_attributes(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-attr")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-attr")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_attr")
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", "whsec_attr")
    monkeypatch.setenv("OPENAI_BASE_URL", f"{LOOPBACK}/attr")
    client = flavor.openai(recorder, api_key=None)
    assert client.api_key == "sk-attr"
    assert client.organization == "org-attr"
    assert client.project == "proj_attr"
    assert client.webhook_secret == "whsec_attr"
    assert str(client.base_url) == f"{LOOPBACK}/attr/"


@pytest.mark.asyncio
async def test_no_organization_or_project_header_without_them(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = flavor.openai(recorder)
    assert client.organization is None
    assert client.project is None
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert "OpenAI-Organization" not in recorder.last.headers
    assert "OpenAI-Project" not in recorder.last.headers


@pytest.mark.asyncio
async def test_explicit_arguments_win_over_env(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_env")
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", "whsec_env")
    monkeypatch.setenv("OPENAI_BASE_URL", f"{LOOPBACK}/env")
    client = flavor.openai(
        recorder,
        api_key="sk-arg",
        organization="org-arg",
        project="proj_arg",
        webhook_secret="whsec_arg",
        base_url=f"{LOOPBACK}/arg",
    )
    await flavor.settle(client.models.list())
    sent = recorder.last
    assert str(sent.url) == f"{LOOPBACK}/arg/models"
    assert sent.headers["Authorization"] == "Bearer sk-arg"
    assert sent.headers["OpenAI-Organization"] == "org-arg"
    assert sent.headers["OpenAI-Project"] == "proj_arg"
    assert client.webhook_secret == "whsec_arg"


@pytest.mark.parametrize("cls", [OpenAI, AsyncOpenAI], ids=["OpenAI", "AsyncOpenAI"])
def test_missing_api_key_raises_naming_the_variable(cls: type[Any]) -> None:
    with pytest.raises(OpenAIError, match="OPENAI_API_KEY"):
        cls()


@pytest.mark.parametrize("cls", [OpenAI, AsyncOpenAI], ids=["OpenAI", "AsyncOpenAI"])
def test_azure_key_variable_does_not_satisfy_openai(
    cls: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "azure-key")
    with pytest.raises(OpenAIError, match="OPENAI_API_KEY"):
        cls()


# --- lifecycle (A29) -----------------------------------------------------------------


@pytest.mark.asyncio
async def test_close_closes_the_given_http_client(flavor: Flavor, recorder: Recorder) -> None:
    http_client = flavor.http_client(recorder)
    client = flavor.openai(recorder, http_client=http_client)
    assert not http_client.is_closed
    await flavor.settle(client.close())
    assert http_client.is_closed


def test_sync_context_manager_yields_the_client_and_closes_it(recorder: Recorder) -> None:
    http_client = recorder.sync_client()
    with OpenAI(api_key="sk-test", http_client=http_client) as client:
        assert isinstance(client, OpenAI)
        client.models.list()
        open_inside = not http_client.is_closed
    assert open_inside
    assert http_client.is_closed
    assert len(recorder.requests) == 1


@pytest.mark.asyncio
async def test_async_context_manager_yields_the_client_and_closes_it(recorder: Recorder) -> None:
    http_client = recorder.async_client()
    async with AsyncOpenAI(api_key="sk-test", http_client=http_client) as client:
        assert isinstance(client, AsyncOpenAI)
        await client.models.list()
        open_inside = not http_client.is_closed
    assert open_inside
    assert http_client.is_closed
    assert len(recorder.requests) == 1


@pytest.mark.asyncio
async def test_azure_client_close_closes_the_given_http_client(
    flavor: Flavor, recorder: Recorder
) -> None:
    http_client = flavor.http_client(recorder)
    client = flavor.azure(recorder, http_client=http_client, **AZURE_ARGS)
    await flavor.settle(client.close())
    assert http_client.is_closed


# --- NOT_GIVEN and omit (A30) --------------------------------------------------------


def test_not_given_and_omit_are_falsy_sentinels() -> None:
    assert isinstance(NOT_GIVEN, NotGiven)
    assert isinstance(not_given, NotGiven)
    assert not NOT_GIVEN
    assert not not_given
    assert isinstance(omit, Omit)
    assert not omit
    assert NOT_GIVEN is not None


@pytest.mark.asyncio
async def test_not_given_arguments_are_left_out_of_the_body(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = flavor.openai(recorder)
    # Typed Any: the sentinels are checked at run time, whatever the stubs accept.
    absent: dict[str, Any] = {
        "temperature": NOT_GIVEN,
        "max_tokens": not_given,
        "user": NOT_GIVEN,
        "seed": omit,
    }
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS, **absent))
    assert recorder.json() == CHAT_ARGS


@pytest.mark.asyncio
async def test_given_arguments_are_sent_beside_not_given_ones(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = flavor.openai(recorder)
    absent: dict[str, Any] = {"max_tokens": NOT_GIVEN}
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS, temperature=0, **absent))
    assert recorder.json() == {**CHAT_ARGS, "temperature": 0}


@pytest.mark.asyncio
async def test_not_given_arguments_are_left_out_of_the_query(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = flavor.openai(recorder)
    absent: dict[str, Any] = {"after": NOT_GIVEN, "limit": not_given, "purpose": omit}
    await flavor.settle(client.files.list(**absent))
    assert recorder.last.method == "GET"
    assert recorder.query() == {}


# --- max_retries (A31) ---------------------------------------------------------------


def test_max_retries_defaults_to_two(flavor: Flavor, recorder: Recorder) -> None:
    assert flavor.openai(recorder).max_retries == 2


@pytest.mark.asyncio
async def test_default_max_retries_makes_three_attempts(flavor: Flavor) -> None:
    error = {"error": {"message": "boom", "type": "server_error", "param": None, "code": None}}
    recorder = Recorder(error, status=500, headers={"retry-after-ms": "1"})
    client = flavor.openai(recorder)
    with pytest.raises(InternalServerError):
        await flavor.settle(client.models.list())
    assert len(recorder.requests) == 3


# --- resource properties (A28, first cut) --------------------------------------------

FIRST_CUT: dict[str, tuple[str, ...]] = {
    "completions": ("create",),
    "conversations": ("create", "retrieve", "update", "delete"),
    "embeddings": ("create",),
    "files": ("create", "list", "retrieve", "delete", "content"),
    "images": ("generate", "edit", "create_variation"),
    "models": ("list", "retrieve", "delete"),
    "moderations": ("create",),
    "responses": ("create", "retrieve", "delete", "cancel", "parse", "stream"),
    "videos": (
        "create",
        "retrieve",
        "list",
        "delete",
        "remix",
        "download_content",
        "poll",
        "create_and_poll",
    ),
}


@pytest.mark.parametrize(("cls", "kwargs", "is_async"), CLIENTS)
def test_first_cut_resources_exist_with_their_methods(
    cls: type[Any], kwargs: dict[str, Any], is_async: bool, recorder: Recorder
) -> None:
    client = build(cls, kwargs, is_async, recorder)
    for method in ("create", "parse", "stream"):
        assert callable(getattr(client.chat.completions, method))
    assert callable(client.responses.input_items.list)
    assert callable(client.responses.input_tokens.count)
    for method in ("create", "list", "retrieve", "delete"):
        assert callable(getattr(client.conversations.items, method))
    for audio in (client.audio.speech, client.audio.transcriptions, client.audio.translations):
        assert callable(audio.create)
    for name, methods in FIRST_CUT.items():
        resource = getattr(client, name)
        for method in methods:
            assert callable(getattr(resource, method)), f"{name}.{method}"
    assert recorder.requests == []


@pytest.mark.parametrize(("cls", "kwargs", "is_async"), CLIENTS)
@pytest.mark.parametrize("name", ["beta"])
def test_unbuilt_resource_is_absent(
    cls: type[Any], kwargs: dict[str, Any], is_async: bool, name: str, recorder: Recorder
) -> None:
    client = build(cls, kwargs, is_async, recorder)
    assert not hasattr(client, name)
    with pytest.raises(AttributeError):
        getattr(client, name)


# --- timeouts lent by the http_client (B1) -------------------------------------------


def sent_timeout(request: httpx.Request) -> dict[str, float | None]:
    timeout: dict[str, float | None] = request.extensions["timeout"]
    return timeout


@pytest.mark.asyncio
async def test_default_timeout_without_http_client(flavor: Flavor) -> None:
    client = AsyncOpenAI(api_key="sk-test") if flavor.is_async else OpenAI(api_key="sk-test")
    assert client.timeout == httpx.Timeout(600.0, connect=5.0)
    await flavor.settle(client.close())


@pytest.mark.asyncio
async def test_http_client_with_httpx_default_timeout_lends_nothing(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = flavor.openai(recorder)
    assert client.timeout == httpx.Timeout(600.0, connect=5.0)
    await flavor.settle(client.models.list())
    assert sent_timeout(recorder.last) == {
        "connect": 5.0,
        "read": 600.0,
        "write": 600.0,
        "pool": 600.0,
    }


@pytest.mark.asyncio
async def test_http_client_timeout_is_lent_when_none_is_given(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = flavor.openai(recorder, http_client=flavor.http_client(recorder, timeout=12.5))
    assert client.timeout == httpx.Timeout(12.5)
    await flavor.settle(client.models.list())
    assert sent_timeout(recorder.last) == dict.fromkeys(("connect", "read", "write", "pool"), 12.5)


@pytest.mark.asyncio
async def test_explicit_timeout_beats_the_http_client_timeout(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = flavor.openai(
        recorder, timeout=3.0, http_client=flavor.http_client(recorder, timeout=12.5)
    )
    await flavor.settle(client.models.list())
    assert sent_timeout(recorder.last) == dict.fromkeys(("connect", "read", "write", "pool"), 3.0)


# --- TypeErrors (B9) -----------------------------------------------------------------


@pytest.mark.parametrize(("cls", "kwargs", "is_async"), CLIENTS)
def test_max_retries_none_raises_type_error(
    cls: type[Any], kwargs: dict[str, Any], is_async: bool, recorder: Recorder
) -> None:
    http_client = recorder.async_client() if is_async else recorder.sync_client()
    with pytest.raises(TypeError):
        cls(**kwargs, max_retries=None, http_client=http_client)


@pytest.mark.parametrize(("cls", "kwargs", "is_async"), CLIENTS)
def test_http_client_of_the_wrong_kind_raises_type_error(
    cls: type[Any], kwargs: dict[str, Any], is_async: bool, recorder: Recorder
) -> None:
    wrong = recorder.sync_client() if is_async else recorder.async_client()
    with pytest.raises(TypeError):
        cls(**kwargs, http_client=wrong)
