"""The openai-kit clients a MockServer wires to itself, and the public surface."""

from __future__ import annotations

import pytest

import openai_kit
import openai_kit.mockserver as mockserver_pkg
from openai_kit.mockserver import MockServer
from openai_kit.mockserver._server import IN_PROCESS_URL

MESSAGES: list[dict[str, str]] = [{"role": "user", "content": "Hello"}]


def test_public_names_are_sorted_complete_and_rehomed() -> None:
    names = mockserver_pkg.__all__
    assert names == sorted(names)
    for name in names:
        assert getattr(mockserver_pkg, name).__module__ == "openai_kit.mockserver"
    assert {"MockServer", "MockAPIError", "RecordedRequest", "Script"} <= set(names)


def test_client_talks_to_the_mock_in_process(mock: MockServer) -> None:
    client = mock.client()
    assert isinstance(client, openai_kit.OpenAI)
    assert str(client.base_url).startswith(IN_PROCESS_URL)
    completion = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert completion.choices[0].message.content
    entry = mock.requests.last
    assert (entry.operation, entry.style, entry.status) == (
        "chat.completions.create",
        "openai",
        200,
    )
    assert entry.headers["authorization"] == "Bearer <redacted>"


def test_client_streams(mock: MockServer) -> None:
    stream = mock.client().chat.completions.create(
        model="gpt-4o-mini", messages=MESSAGES, stream=True
    )
    pieces = [c.choices[0].delta.content for c in stream if c.choices]
    assert len(pieces) > 2


def test_client_keyword_arguments_pass_through() -> None:
    mock = MockServer(api_keys=["only-this-key-000"])
    assert mock.client().models.list().data
    with pytest.raises(openai_kit.AuthenticationError):
        mock.client(api_key="another-key-0000", max_retries=0).models.list()


@pytest.mark.asyncio
async def test_async_client(mock: MockServer) -> None:
    client = mock.async_client()
    assert isinstance(client, openai_kit.AsyncOpenAI)
    completion = await client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert completion.choices[0].message.content
    stream = await client.chat.completions.create(
        model="gpt-4o-mini", messages=MESSAGES, stream=True
    )
    assert [c async for c in stream]
    await client.close()


def test_azure_client_uses_the_deployment_routes(mock: MockServer) -> None:
    client = mock.azure_client()
    assert isinstance(client, openai_kit.AzureOpenAI)
    client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    entry = mock.requests.last
    assert entry.path == "/openai/deployments/gpt-4o-mini/chat/completions"
    assert entry.query == {"api-version": "2024-10-21"}
    assert entry.headers["api-key"] == "<redacted>"
    client.files.list()
    assert mock.requests.last.path == "/openai/files"


def test_azure_client_options(mock: MockServer) -> None:
    deployed = mock.azure_client(azure_deployment="gpt-4o", api_version="2024-06-01")
    deployed.chat.completions.create(model="ignored", messages=MESSAGES)
    assert mock.requests.last.deployment == "gpt-4o"
    assert mock.requests.last.query == {"api-version": "2024-06-01"}
    entra = mock.azure_client(azure_ad_token="entra-token-123456")
    entra.models.list()
    assert mock.requests.last.headers["authorization"] == "Bearer <redacted>"
    assert "api-key" not in mock.requests.last.headers


@pytest.mark.asyncio
async def test_async_azure_client(mock: MockServer) -> None:
    client = mock.async_azure_client()
    assert isinstance(client, openai_kit.AsyncAzureOpenAI)
    embedded = await client.embeddings.create(
        model="text-embedding-3-small", input="x", encoding_format="float"
    )
    assert len(embedded.data[0].embedding) == 1536
    assert mock.requests.last.style == "azure"
    await client.close()


def test_repr(mock: MockServer) -> None:
    assert repr(mock) == "<MockServer seed=0 requests=0>"
