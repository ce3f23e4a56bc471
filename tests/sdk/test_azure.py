"""Azure clients: environment, auth, deployment routing, api-version and copies.

client-behaviour.md A10-A19 and A32-A46, with B11 (only ``api-key`` is
asserted for key auth), B13 (the deployment paths that have a resource in
the first cut), B14, B16, and C1-C3 (``seed_only``). B15 is not reproduced:
a copy routes exactly like the original.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from openai_kit import AsyncAzureOpenAI, AzureOpenAI, OpenAIError
from tests.support.recorder import Recorder

if TYPE_CHECKING:
    from tests.sdk.conftest import Flavor

ENDPOINT = "https://example-resource.openai.azure.com"
VERSION = "2024-10-21"
KEY = "azure-key"
CHAT_ARGS: dict[str, Any] = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}


def azure(flavor: Flavor, recorder: Recorder, **kwargs: Any) -> AzureOpenAI | AsyncAzureOpenAI:
    """An Azure client on the recorder, with ENDPOINT and VERSION unless the test says otherwise.

    Auth is always the test's choice. Pass ``None`` to leave a value to the environment.
    """
    kwargs.setdefault("api_version", VERSION)
    if "base_url" not in kwargs:
        kwargs.setdefault("azure_endpoint", ENDPOINT)
    return flavor.azure(recorder, **kwargs)


# Calls on the three first-cut resources whose paths are deployment paths (B13):
# (path suffix, model the call sends, call).
DEPLOYMENT_CALLS: list[Any] = [
    pytest.param(
        "chat/completions",
        "gpt-4o",
        lambda c: c.chat.completions.create(**CHAT_ARGS),
        id="chat",
    ),
    pytest.param(
        "completions",
        "gpt-35-turbo-instruct",
        lambda c: c.completions.create(model="gpt-35-turbo-instruct", prompt="Hi"),
        id="completions",
    ),
    pytest.param(
        "embeddings",
        "text-embedding-3-small",
        lambda c: c.embeddings.create(
            model="text-embedding-3-small", input="Hi", encoding_format="float"
        ),
        id="embeddings",
    ),
]
# Calls whose paths are not deployment paths, even when they carry a model.
PLAIN_CALLS: list[Any] = [
    pytest.param("files", lambda c: c.files.list(), id="files"),
    pytest.param("models", lambda c: c.models.list(), id="models"),
    pytest.param(
        "moderations",
        lambda c: c.moderations.create(model="omni-moderation-latest", input="Hi"),
        id="moderations",
    ),
]
Call = Callable[[Any], object]


# --- environment (A10-A19, B16) ------------------------------------------------------


@pytest.mark.asyncio
async def test_api_key_from_env_is_sent_as_api_key(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "azure-env-key")
    client = azure(flavor, recorder)
    await flavor.settle(client.models.list())
    assert recorder.last.headers["api-key"] == "azure-env-key"


@pytest.mark.asyncio
async def test_ad_token_from_env_is_sent_as_bearer_without_api_key(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", "ad-env-token")
    client = azure(flavor, recorder)
    await flavor.settle(client.models.list())
    assert recorder.last.headers["Authorization"] == "Bearer ad-env-token"
    assert "api-key" not in recorder.last.headers


@pytest.mark.asyncio
async def test_endpoint_and_api_version_from_env(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://env-resource.openai.azure.com")
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-06-01")
    client = azure(flavor, recorder, api_key=KEY, azure_endpoint=None, api_version=None)
    await flavor.settle(client.models.list())
    url = recorder.last.url
    assert (url.host, url.path) == ("env-resource.openai.azure.com", "/openai/models")
    assert recorder.query() == {"api-version": "2024-06-01"}


@pytest.mark.asyncio
async def test_organization_and_project_from_env(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_env")
    client = azure(flavor, recorder, api_key=KEY)
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert recorder.last.headers["OpenAI-Organization"] == "org-env"
    assert recorder.last.headers["OpenAI-Project"] == "proj_env"


def test_webhook_secret_from_env(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", "whsec_env")
    assert azure(flavor, recorder, api_key=KEY).webhook_secret == "whsec_env"


def test_openai_api_key_env_is_not_an_azure_credential(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai")
    with pytest.raises(OpenAIError):
        azure(flavor, recorder)


@pytest.mark.asyncio
async def test_explicit_arguments_win_over_env(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "azure-env-key")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://env-resource.openai.azure.com")
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-06-01")
    client = azure(flavor, recorder, api_key="azure-arg-key")
    await flavor.settle(client.models.list())
    sent = recorder.last
    assert sent.headers["api-key"] == "azure-arg-key"
    assert str(sent.url) == f"{ENDPOINT}/openai/models?api-version={VERSION}"


def test_no_credentials_raise_openai_error(flavor: Flavor, recorder: Recorder) -> None:
    with pytest.raises(OpenAIError):
        azure(flavor, recorder)


def test_missing_api_version_raises_value_error(flavor: Flavor, recorder: Recorder) -> None:
    with pytest.raises(ValueError, match=r"api_version|OPENAI_API_VERSION"):
        azure(flavor, recorder, api_key=KEY, api_version=None)


def test_missing_endpoint_raises_value_error(flavor: Flavor, recorder: Recorder) -> None:
    with pytest.raises(ValueError, match=r"azure_endpoint|AZURE_OPENAI_ENDPOINT"):
        azure(flavor, recorder, api_key=KEY, azure_endpoint=None)


# --- auth (A32-A36, A46, C1-C3) ------------------------------------------------------


@pytest.mark.asyncio
async def test_key_auth_sends_api_key(flavor: Flavor, recorder: Recorder) -> None:
    client = azure(flavor, recorder, api_key=KEY)
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert recorder.last.headers["api-key"] == KEY


@pytest.mark.asyncio
async def test_ad_token_auth_sends_bearer_and_no_api_key(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = azure(flavor, recorder, azure_ad_token="ad-token")
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert recorder.last.headers["Authorization"] == "Bearer ad-token"
    assert "api-key" not in recorder.last.headers


class TokenSource:
    """Hands out ``<prefix>-1``, ``<prefix>-2`` ... (or a fixed value) and counts the calls."""

    def __init__(self, prefix: str, fixed: str | None = None) -> None:
        self.prefix = prefix
        self.fixed = fixed
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return self.fixed if self.fixed is not None else f"{self.prefix}-{self.calls}"

    async def async_call(self) -> str:
        return self()

    def as_kind(self, kind: str) -> Callable[[], Any]:
        return self.async_call if kind == "async" else self


# (client side, provider kind): the async clients take both kinds (A46).
PROVIDER_KINDS: list[Any] = [
    pytest.param("sync", "sync", id="sync-client-sync-provider"),
    pytest.param("async", "async", id="async-client-async-provider"),
    pytest.param("async", "sync", id="async-client-sync-provider"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(("flavor", "kind"), PROVIDER_KINDS, indirect=["flavor"])
async def test_token_provider_is_called_once_per_request(
    flavor: Flavor, kind: str, recorder: Recorder
) -> None:
    source = TokenSource("ad")
    client = azure(flavor, recorder, azure_ad_token_provider=source.as_kind(kind))
    assert source.calls == 0
    await flavor.settle(client.models.list())
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert [r.headers["Authorization"] for r in recorder.requests] == [
        "Bearer ad-1",
        "Bearer ad-2",
    ]
    assert source.calls == 2
    assert "api-key" not in recorder.last.headers


@pytest.mark.asyncio
@pytest.mark.parametrize(("flavor", "kind"), PROVIDER_KINDS, indirect=["flavor"])
async def test_token_provider_returning_empty_string_fails_with_value_error(
    flavor: Flavor, kind: str, recorder: Recorder
) -> None:
    source = TokenSource("ad", fixed="")
    client = azure(flavor, recorder, azure_ad_token_provider=source.as_kind(kind))
    with pytest.raises(ValueError):  # noqa: PT011 - only the type is specified
        await flavor.settle(client.models.list())
    assert recorder.requests == []


@pytest.mark.seed_only
def test_mutually_exclusive_auth_error_is_exported_and_an_openai_error() -> None:
    from openai_kit import MutuallyExclusiveAuthError

    assert issubclass(MutuallyExclusiveAuthError, OpenAIError)


AUTH_COMBINATIONS: list[Any] = [
    pytest.param({"api_key": KEY, "azure_ad_token": "tok"}, id="key+token"),
    pytest.param({"api_key": KEY, "azure_ad_token_provider": lambda: "tok"}, id="key+provider"),
    pytest.param(
        {"azure_ad_token": "tok", "azure_ad_token_provider": lambda: "tok"}, id="token+provider"
    ),
    pytest.param(
        {"api_key": KEY, "azure_ad_token": "tok", "azure_ad_token_provider": lambda: "tok"},
        id="all-three",
    ),
]


@pytest.mark.seed_only
@pytest.mark.parametrize("auth", AUTH_COMBINATIONS)
def test_more_than_one_auth_raises_mutually_exclusive_auth_error(
    flavor: Flavor, recorder: Recorder, auth: dict[str, Any]
) -> None:
    from openai_kit import MutuallyExclusiveAuthError

    with pytest.raises(MutuallyExclusiveAuthError):
        azure(flavor, recorder, **auth)


@pytest.mark.seed_only
def test_mutual_exclusion_is_checked_before_endpoint_and_version(
    flavor: Flavor, recorder: Recorder
) -> None:
    from openai_kit import MutuallyExclusiveAuthError

    with pytest.raises(MutuallyExclusiveAuthError):
        flavor.azure(recorder, api_key=KEY, azure_ad_token="tok")


KEY_KINDS: list[Any] = [
    pytest.param("sync", "sync", id="sync-client-sync-key"),
    pytest.param("async", "async", id="async-client-async-key"),
    pytest.param("async", "sync", id="async-client-sync-key"),
]


@pytest.mark.seed_only
@pytest.mark.asyncio
@pytest.mark.parametrize(("flavor", "kind"), KEY_KINDS, indirect=["flavor"])
async def test_callable_api_key_is_called_per_request(
    flavor: Flavor, kind: str, recorder: Recorder
) -> None:
    source = TokenSource("azure-key")
    client = azure(flavor, recorder, api_key=source.as_kind(kind))
    assert source.calls == 0
    await flavor.settle(client.models.list())
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert [r.headers["api-key"] for r in recorder.requests] == ["azure-key-1", "azure-key-2"]
    assert source.calls == 2


# --- deployment routing (A37-A39, B13) -----------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(("suffix", "model", "call"), DEPLOYMENT_CALLS)
async def test_azure_deployment_routes_deployment_paths(
    flavor: Flavor, recorder: Recorder, suffix: str, model: str, call: Call
) -> None:
    client = azure(flavor, recorder, api_key=KEY, azure_deployment="my-dep")
    await flavor.settle(call(client))
    assert recorder.last.url.path == f"/openai/deployments/my-dep/{suffix}"
    assert recorder.query() == {"api-version": VERSION}
    assert recorder.json()["model"] == model


@pytest.mark.asyncio
@pytest.mark.parametrize(("suffix", "model", "call"), DEPLOYMENT_CALLS)
async def test_model_is_the_deployment_without_azure_deployment(
    flavor: Flavor, recorder: Recorder, suffix: str, model: str, call: Call
) -> None:
    client = azure(flavor, recorder, api_key=KEY)
    await flavor.settle(call(client))
    assert str(recorder.last.url) == (
        f"{ENDPOINT}/openai/deployments/{model}/{suffix}?api-version={VERSION}"
    )


@pytest.mark.asyncio
@pytest.mark.parametrize("deployment", [None, "my-dep"], ids=["no-deployment", "deployment"])
@pytest.mark.parametrize(("suffix", "call"), PLAIN_CALLS)
async def test_non_deployment_paths_stay_under_openai(
    flavor: Flavor, recorder: Recorder, deployment: str | None, suffix: str, call: Call
) -> None:
    client = azure(flavor, recorder, api_key=KEY, azure_deployment=deployment)
    await flavor.settle(call(client))
    assert str(recorder.last.url) == f"{ENDPOINT}/openai/{suffix}?api-version={VERSION}"


# --- api-version and the endpoint (A40-A44, B14) -------------------------------------


@pytest.mark.asyncio
async def test_api_version_is_merged_with_default_query(flavor: Flavor, recorder: Recorder) -> None:
    client = azure(flavor, recorder, api_key=KEY, default_query={"tenant": "t1"})
    await flavor.settle(client.models.list())
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    for index in (0, 1):
        assert recorder.query(index) == {"tenant": "t1", "api-version": VERSION}


@pytest.mark.asyncio
async def test_api_version_overrides_one_in_default_query(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = azure(flavor, recorder, api_key=KEY, default_query={"api-version": "1999-01-01"})
    await flavor.settle(client.models.list())
    assert recorder.last.url.params.get_list("api-version") == [VERSION]


@pytest.mark.asyncio
@pytest.mark.parametrize("deployment", [None, "my-dep"], ids=["no-deployment", "deployment"])
async def test_endpoint_trailing_slash_does_not_double(
    flavor: Flavor, recorder: Recorder, deployment: str | None
) -> None:
    client = azure(
        flavor, recorder, api_key=KEY, azure_endpoint=f"{ENDPOINT}/", azure_deployment=deployment
    )
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    await flavor.settle(client.models.list())
    chat, models = recorder.requests
    assert chat.url.path == f"/openai/deployments/{deployment or 'gpt-4o'}/chat/completions"
    assert models.url.path == "/openai/models"


def test_base_url_and_endpoint_together_raise_value_error(
    flavor: Flavor, recorder: Recorder
) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - only the type is specified
        azure(flavor, recorder, api_key=KEY, base_url=f"{ENDPOINT}/openai", azure_endpoint=ENDPOINT)


@pytest.mark.asyncio
async def test_base_url_replaces_the_endpoint(flavor: Flavor, recorder: Recorder) -> None:
    client = azure(flavor, recorder, api_key=KEY, base_url="http://127.0.0.1:4010/openai")
    await flavor.settle(client.models.list())
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    models, chat = recorder.requests
    assert str(models.url) == f"http://127.0.0.1:4010/openai/models?api-version={VERSION}"
    assert str(chat.url) == (
        f"http://127.0.0.1:4010/openai/deployments/gpt-4o/chat/completions?api-version={VERSION}"
    )


@pytest.mark.asyncio
async def test_base_url_with_a_deployment_is_used_as_is(flavor: Flavor, recorder: Recorder) -> None:
    base_url = "http://127.0.0.1:4010/openai/deployments/fixed"
    client = azure(flavor, recorder, api_key=KEY, base_url=base_url)
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert str(recorder.last.url) == f"{base_url}/chat/completions?api-version={VERSION}"


@pytest.mark.asyncio
async def test_base_url_means_the_endpoint_variable_is_not_consulted(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://env-resource.openai.azure.com")
    client = azure(flavor, recorder, api_key=KEY, base_url="http://127.0.0.1:4010/openai")
    await flavor.settle(client.models.list())
    assert recorder.last.url.host == "127.0.0.1"


@pytest.mark.asyncio
async def test_openai_base_url_env_never_redirects_azure(
    flavor: Flavor, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:4010/elsewhere")
    client = azure(flavor, recorder, api_key=KEY)
    await flavor.settle(client.models.list())
    assert str(recorder.last.url) == f"{ENDPOINT}/openai/models?api-version={VERSION}"


# --- copies (A45, B15 not reproduced) ------------------------------------------------

AUTHS: list[Any] = [
    pytest.param({"api_key": KEY}, "api-key", KEY, id="key"),
    pytest.param({"azure_ad_token": "ad-token"}, "Authorization", "Bearer ad-token", id="token"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize("method", ["copy", "with_options"])
@pytest.mark.parametrize(("auth", "header", "value"), AUTHS)
async def test_copy_keeps_class_api_version_and_auth(
    flavor: Flavor,
    recorder: Recorder,
    method: str,
    auth: dict[str, Any],
    header: str,
    value: str,
) -> None:
    client = azure(flavor, recorder, **auth)
    copied = getattr(client, method)()
    assert copied is not client
    assert type(copied) is type(client)
    await flavor.settle(copied.models.list())
    assert recorder.last.headers[header] == value
    assert recorder.query() == {"api-version": VERSION}


@pytest.mark.asyncio
@pytest.mark.parametrize("method", ["copy", "with_options"])
async def test_copy_with_api_version_changes_only_the_copy(
    flavor: Flavor, recorder: Recorder, method: str
) -> None:
    client = azure(flavor, recorder, api_key=KEY)
    copied = getattr(client, method)(api_version="2025-01-01-preview")
    await flavor.settle(copied.models.list())
    await flavor.settle(client.models.list())
    assert [recorder.query(i)["api-version"] for i in (0, 1)] == ["2025-01-01-preview", VERSION]


@pytest.mark.asyncio
async def test_copy_routes_exactly_like_the_original(flavor: Flavor, recorder: Recorder) -> None:
    client = azure(flavor, recorder, api_key=KEY, azure_deployment="my-dep")
    for target in (client, client.copy()):
        await flavor.settle(target.files.list())
        await flavor.settle(target.chat.completions.create(**CHAT_ARGS))
    paths = [r.url.path for r in recorder.requests]
    original, copied = paths[:2], paths[2:]
    assert original == ["/openai/files", "/openai/deployments/my-dep/chat/completions"]
    assert copied == original
