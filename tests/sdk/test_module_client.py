"""The module-level client (client-behaviour.md B20): settings on the package, resources on it too."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

import httpx
import pytest

import openai_kit
from openai_kit import _module_client
from openai_kit._base_client import DEFAULT_TIMEOUT
from openai_kit._resource import AsyncAPIResource, SyncAPIResource
from tests.support.recorder import Recorder
from tests.support.sleeps import record_sleeps

SETTINGS = openai_kit._MODULE_SETTINGS
DEFAULTS: dict[str, object] = dict.fromkeys(SETTINGS)
DEFAULTS.update(timeout=DEFAULT_TIMEOUT, max_retries=2)
MESSAGES = [{"role": "user", "content": "hi"}]


@pytest.fixture(autouse=True)
def _fresh_module_client(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts from the package's defaults and leaves them as they were."""
    for name, value in DEFAULTS.items():
        monkeypatch.setattr(openai_kit, name, value)
    _module_client.reset_client()
    yield
    _module_client.reset_client()


@pytest.fixture
def recorder() -> Recorder:
    recorder = Recorder()
    openai_kit.http_client = recorder.sync_client()
    return recorder


def test_without_a_key_the_first_use_says_how_to_give_one() -> None:
    with pytest.raises(openai_kit.OpenAIError, match="api_key client option must be set"):
        openai_kit.models.list()
    openai_kit.api_key = "sk-now"  # the failed attempt kept nothing: the next use builds
    assert isinstance(_module_client.load_client(), openai_kit.OpenAI)


def test_the_package_settings_shape_every_request(recorder: Recorder) -> None:
    openai_kit.api_key = "sk-module"
    openai_kit.organization = "org-1"
    openai_kit.project = "proj-1"
    openai_kit.base_url = "http://mock.test/v9"
    openai_kit.default_headers = {"x-team": "blue"}
    openai_kit.default_query = {"tag": "a"}

    completion = openai_kit.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)

    assert completion.object == "chat.completion"
    sent = recorder.last
    assert str(sent.url) == "http://mock.test/v9/chat/completions?tag=a"
    assert sent.headers["authorization"] == "Bearer sk-module"
    assert sent.headers["openai-organization"] == "org-1"
    assert sent.headers["openai-project"] == "proj-1"
    assert sent.headers["x-team"] == "blue"


def test_changing_a_setting_after_the_first_call_takes_effect(recorder: Recorder) -> None:
    openai_kit.api_key = "sk-first"
    openai_kit.base_url = "http://one.test/v1"
    openai_kit.models.list()
    client = _module_client.load_client()

    openai_kit.api_key = "sk-second"
    openai_kit.base_url = "http://two.test/v1"
    openai_kit.default_headers = {"x-later": "1"}
    openai_kit.models.list()

    assert _module_client.load_client() is client  # the same client, reading the settings
    assert openai_kit._load_client() is client  # the official package's private names work too
    first, second = recorder.requests
    assert first.headers["authorization"] == "Bearer sk-first"
    assert first.url.host == "one.test"
    assert second.headers["authorization"] == "Bearer sk-second"
    assert second.url.host == "two.test"
    assert second.headers["x-later"] == "1"
    assert client.api_key == "sk-second"
    assert str(client.base_url) == "http://two.test/v1/"


def test_the_environment_fills_in_what_the_package_leaves_out(
    recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://env.test/v1")
    openai_kit.embeddings.create(model="text-embedding-3-small", input="x")
    assert recorder.last.headers["authorization"] == "Bearer sk-env"
    assert recorder.last.url.host == "env.test"
    assert openai_kit.api_key == "sk-env"  # the client wrote back what it resolved
    assert openai_kit.api_type == "openai"


def test_timeout_and_max_retries_come_from_the_package(
    recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps = record_sleeps(monkeypatch)
    openai_kit.api_key = "sk-x"
    openai_kit.max_retries = 0
    openai_kit.timeout = 12.5
    recorder.enqueue(500, {"error": {"message": "boom"}})
    with pytest.raises(openai_kit.InternalServerError):
        openai_kit.models.list()
    assert len(recorder.requests) == 1  # no retry
    assert recorder.last.extensions["timeout"]["read"] == 12.5
    openai_kit.max_retries = 1
    recorder.enqueue(500, {"error": {"message": "boom"}})
    openai_kit.models.list()
    assert len(recorder.requests) == 3
    assert len(sleeps.sync_waits) == 1


def test_raw_and_streaming_views_work_through_the_package(recorder: Recorder) -> None:
    openai_kit.api_key = "sk-x"
    raw = openai_kit.chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=MESSAGES
    )
    assert raw.status_code == 200
    assert raw.parse().object == "chat.completion"
    listed = subprocess.run(
        [sys.executable, "-c", "import openai_kit; print(' '.join(dir(openai_kit)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {"chat", "responses", "files", "timeout", "api_key"} <= set(listed)  # before any use
    assert "completions" in dir(openai_kit.chat)
    assert "module-level client" in repr(openai_kit.chat)


def test_azure_when_api_type_says_so(recorder: Recorder) -> None:
    openai_kit.api_type = "azure"
    openai_kit.api_key = "azure-key"
    openai_kit.azure_endpoint = "https://example-resource.azure.openai.test"
    openai_kit.api_version = "2024-10-21"

    openai_kit.chat.completions.create(model="gpt-4o-deploy", messages=MESSAGES)

    sent = recorder.last
    assert isinstance(_module_client.load_client(), openai_kit.AzureOpenAI)
    assert sent.url.path == "/openai/deployments/gpt-4o-deploy/chat/completions"
    assert sent.url.params["api-version"] == "2024-10-21"
    assert sent.headers["api-key"] == "azure-key"
    assert "authorization" not in sent.headers


def test_azure_is_inferred_from_azure_credentials_alone(
    recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://inferred.azure.openai.test")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "env-azure-key")
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-21")
    openai_kit.files.list()
    assert openai_kit.api_type == "azure"
    assert recorder.last.url.host == "inferred.azure.openai.test"
    assert recorder.last.url.path == "/openai/files"
    assert recorder.last.headers["api-key"] == "env-azure-key"


def test_an_entra_token_provider_makes_it_azure(recorder: Recorder) -> None:
    openai_kit.azure_ad_token_provider = lambda: "entra-token"
    openai_kit.azure_endpoint = "https://entra.azure.openai.test"
    openai_kit.api_version = "2024-10-21"
    openai_kit.models.list()
    assert recorder.last.headers["authorization"] == "Bearer entra-token"


@pytest.mark.parametrize(
    ("env", "settings"),
    [
        ({"OPENAI_API_KEY": "sk-x", "AZURE_OPENAI_API_KEY": "az"}, {}),
        ({"OPENAI_API_KEY": "sk-x"}, {"azure_endpoint": "https://a.test"}),
        ({"OPENAI_API_KEY": "sk-x", "AZURE_OPENAI_AD_TOKEN": "tok"}, {}),
        ({"AZURE_OPENAI_API_KEY": "az"}, {"azure_ad_token": "tok"}),
    ],
    ids=["both keys", "openai key and azure endpoint", "openai key and entra token", "azure two"],
)
def test_both_kinds_of_credentials_are_ambiguous(
    env: dict[str, str], settings: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name, value in settings.items():
        setattr(openai_kit, name, value)
    with pytest.raises(openai_kit.OpenAIError, match="Ambiguous use of module client"):
        openai_kit.models.list()


def test_setting_api_type_settles_the_ambiguity(
    recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "az")
    openai_kit.api_type = "openai"
    openai_kit.models.list()
    assert recorder.last.headers["authorization"] == "Bearer sk-x"


def test_an_unknown_api_type_is_an_error() -> None:
    openai_kit.api_type = "bedrock"  # type: ignore[assignment]
    with pytest.raises(openai_kit.OpenAIError, match="Unknown api_type 'bedrock'"):
        openai_kit.models.list()


def test_a_user_http_client_set_later_is_used(recorder: Recorder) -> None:
    openai_kit.api_key = "sk-x"
    openai_kit.models.list()
    other = Recorder()
    openai_kit.http_client = httpx.Client(transport=other.transport())
    openai_kit.models.list()
    assert len(recorder.requests) == 1
    assert len(other.requests) == 1


def test_the_timeout_default_is_the_clients_and_costs_no_import() -> None:
    code = (
        "import sys, openai_kit\n"
        "assert 'httpx' not in sys.modules\n"
        "assert openai_kit.api_key is None and openai_kit.max_retries == 2\n"
        "t = openai_kit.timeout\n"
        "print(t.read, t.connect)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["600.0", "5.0"]


def test_reset_client_makes_the_next_use_build_a_new_client(recorder: Recorder) -> None:
    openai_kit.api_key = "sk-x"
    first = openai_kit._load_client()
    openai_kit._reset_client()
    assert openai_kit._load_client() is not first


def test_a_copy_is_a_plain_client_that_leaves_the_settings_alone(recorder: Recorder) -> None:
    openai_kit.api_key = "sk-module"
    copy = openai_kit._load_client().with_options(api_key="sk-copy", max_retries=7)
    assert type(copy) is openai_kit.OpenAI
    assert (openai_kit.api_key, openai_kit.max_retries) == ("sk-module", 2)
    copy.models.list()
    openai_kit.models.list()
    assert [r.headers["authorization"] for r in recorder.requests] == [
        "Bearer sk-copy",
        "Bearer sk-module",
    ]
    openai_kit.api_key = "sk-later"
    assert copy.api_key == "sk-copy"  # the copy does not follow the package


def test_an_azure_module_client_copies_into_an_azure_client(recorder: Recorder) -> None:
    openai_kit.api_type = "azure"
    openai_kit.api_key = "azure-key"
    openai_kit.azure_endpoint = "https://example-resource.azure.openai.test"
    openai_kit.api_version = "2024-10-21"
    copy = openai_kit._load_client().copy(api_key="other-key")
    assert type(copy) is openai_kit.AzureOpenAI
    copy.models.list()
    assert recorder.last.headers["api-key"] == "other-key"
    assert openai_kit.api_key == "azure-key"


def test_every_listed_setting_is_a_package_attribute() -> None:
    assert set(SETTINGS) <= set(dir(openai_kit))
    assert all(getattr(openai_kit, name, "missing") != "missing" for name in SETTINGS)


# -- the package's resource names and the clients' resources are one list -----------------


def _resource_properties(client: object) -> set[str]:
    """The names of ``client``'s resources: its cached properties that hold an API resource."""
    names = {
        name
        for klass in type(client).__mro__
        for name, value in vars(klass).items()
        if isinstance(value, cached_property)
    }
    for name in names:
        assert isinstance(getattr(client, name), SyncAPIResource | AsyncAPIResource), name
    return names


def _declared_module_resources() -> set[str]:
    """The resources ``openai_kit/__init__.py`` declares for type checkers (``chat: ModuleResource``)."""
    tree = ast.parse(Path(openai_kit.__file__).read_text())
    return {
        node.target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and isinstance(node.annotation, ast.Name)
        and node.annotation.id == "ModuleResource"
    }


def test_module_resources_are_exactly_the_clients_resources() -> None:
    azure = {"api_key": "k", "api_version": "2024-10-21", "azure_endpoint": "https://x.test"}
    clients = [
        openai_kit.OpenAI(api_key="k"),
        openai_kit.AsyncOpenAI(api_key="k"),
        openai_kit.AzureOpenAI(**azure),
        openai_kit.AsyncAzureOpenAI(**azure),
    ]
    for client in clients:
        assert _resource_properties(client) == openai_kit._MODULE_RESOURCES, type(client)
    assert _declared_module_resources() == openai_kit._MODULE_RESOURCES


@pytest.mark.parametrize("api_type", ["openai", "azure"])
def test_every_module_resource_reaches_the_module_clients_resource(api_type: str) -> None:
    openai_kit.api_type = api_type  # type: ignore[assignment]
    openai_kit.api_key = "sk-x"
    openai_kit.azure_endpoint = "https://x.test"
    openai_kit.api_version = "2024-10-21"
    client = _module_client.load_client()
    assert isinstance(client, openai_kit.AzureOpenAI) is (api_type == "azure")
    for name in sorted(openai_kit._MODULE_RESOURCES):
        resource = getattr(openai_kit, name)
        assert isinstance(resource, _module_client.ModuleResource)
        assert resource._target() is getattr(client, name)
        assert name in dir(openai_kit)
