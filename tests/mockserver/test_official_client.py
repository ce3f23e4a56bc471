"""The official ``openai`` package, strict validation on, through every operation.

OpenAI routes, Azure classic (``AzureOpenAI``) and Azure v1 (``OpenAI`` with
``base_url=.../openai/v1/``), sync and async, streaming included. Where the
real service sends what strict validation rejects, the mock copies the
service and these tests use a lenient client for that part: base64
embeddings (the package's default request), Azure's filter-only first
stream chunk (``object: ""``) and Azure's model objects (``created_at``,
no ``owned_by``).
"""

from __future__ import annotations

import math
from typing import Any, Literal

import httpx
import openai
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import API_VERSION, KEY

Style = Literal["openai", "azure", "azure_v1"]
STYLES: list[Style] = ["openai", "azure", "azure_v1"]
URL = "http://mock.test"
MESSAGES: list[Any] = [{"role": "user", "content": "Tell me about the sea."}]
TOOLS: list[Any] = [
    {
        "type": "function",
        "function": {
            "name": "lookup",
            "parameters": {
                "type": "object",
                "properties": {"query": {"type": "string"}, "limit": {"type": "integer"}},
                "required": ["query", "limit"],
                "additionalProperties": False,
            },
        },
    }
]


def official(mock: MockServer, style: Style, *, strict: bool = True) -> openai.OpenAI:
    http_client = httpx.Client(transport=mock.transport())
    common: dict[str, Any] = {
        "api_key": KEY,
        "http_client": http_client,
        "max_retries": 0,
        "_strict_response_validation": strict,
    }
    if style == "azure":
        return openai.AzureOpenAI(azure_endpoint=URL, api_version=API_VERSION, **common)
    base = f"{URL}/v1" if style == "openai" else f"{URL}/openai/v1/"
    return openai.OpenAI(base_url=base, **common)


def async_official(mock: MockServer, style: Style, *, strict: bool = True) -> openai.AsyncOpenAI:
    http_client = httpx.AsyncClient(transport=mock.async_transport())
    common: dict[str, Any] = {
        "api_key": KEY,
        "http_client": http_client,
        "max_retries": 0,
        "_strict_response_validation": strict,
    }
    if style == "azure":
        return openai.AsyncAzureOpenAI(azure_endpoint=URL, api_version=API_VERSION, **common)
    base = f"{URL}/v1" if style == "openai" else f"{URL}/openai/v1/"
    return openai.AsyncOpenAI(base_url=base, **common)


@pytest.mark.parametrize("style", STYLES)
def test_chat(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    completion = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert completion.choices[0].message.content
    assert completion.usage is not None
    tool = client.chat.completions.create(
        model="gpt-4o-mini", messages=MESSAGES, tools=TOOLS, tool_choice="required"
    )
    calls = tool.choices[0].message.tool_calls
    assert calls
    assert calls[0].type == "function"
    assert calls[0].function.name == "lookup"
    assert mock.requests.last.style == style


def test_chat_stream_strict(mock: MockServer) -> None:
    client = official(mock, "openai")
    chunks = list(
        client.chat.completions.create(
            model="gpt-4o-mini",
            messages=MESSAGES,
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text
    assert chunks[-1].usage is not None


@pytest.mark.parametrize("style", ["azure", "azure_v1"])
def test_azure_chat_stream_starts_with_the_filter_chunk(mock: MockServer, style: Style) -> None:
    client = official(mock, style, strict=False)
    chunks = list(
        client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
    )
    first = chunks[0]
    assert first.object == ""  # type: ignore[comparison-overlap]
    assert first.choices == []
    assert first.model_extra is not None
    assert "prompt_filter_results" in first.model_extra
    assert "".join(c.choices[0].delta.content or "" for c in chunks[1:] if c.choices)
    with pytest.raises(openai.APIResponseValidationError):
        list(
            official(mock, style).chat.completions.create(
                model="gpt-4o-mini", messages=MESSAGES, stream=True
            )
        )


@pytest.mark.parametrize("style", STYLES)
def test_completions(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    model = "gpt-3.5-turbo-instruct"
    completion = client.completions.create(model=model, prompt="Once upon a time", max_tokens=8)
    assert completion.choices[0].text
    # stream chunks carry "finish_reason": null until the last, as the real
    # service's do; the package's Completion type (used for chunks too)
    # rejects that in strict mode
    lenient = official(mock, style, strict=False)
    streamed = list(lenient.completions.create(model=model, prompt="Hi", max_tokens=5, stream=True))
    assert all(c.object == "text_completion" for c in streamed)
    assert streamed[-1].choices[0].finish_reason in ("stop", "length")


@pytest.mark.parametrize("style", STYLES)
def test_embeddings(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    created = client.embeddings.create(
        model="text-embedding-3-small", input=["a", "b"], encoding_format="float", dimensions=64
    )
    assert [len(d.embedding) for d in created.data] == [64, 64]
    # the package asks for base64 by default and decodes it; strict validation
    # rejects the base64 string itself, as it would the real service's answer
    lenient = official(mock, style, strict=False).embeddings.create(
        model="text-embedding-3-small", input="a"
    )
    vector = lenient.data[0].embedding
    assert len(vector) == 1536
    assert math.isclose(math.fsum(x * x for x in vector), 1.0, rel_tol=1e-3)
    with pytest.raises(openai.APIResponseValidationError):
        client.embeddings.create(model="text-embedding-3-small", input="a")


def test_moderations(mock: MockServer) -> None:
    result = official(mock, "openai").moderations.create(
        model="omni-moderation-latest", input="hello there"
    )
    assert len(result.results) == 1
    assert isinstance(result.results[0].flagged, bool)


def test_models(mock: MockServer) -> None:
    client = official(mock, "openai")
    ids = [m.id for m in client.models.list()]
    assert "gpt-4o" in ids
    assert client.models.retrieve("gpt-4o").owned_by
    tuned = mock.state.add_fine_tuned_model("gpt-4o-mini")
    assert client.models.delete(tuned).deleted is True
    with pytest.raises(openai.NotFoundError) as missing:
        client.models.retrieve(tuned)
    assert missing.value.code == "model_not_found"
    with pytest.raises(openai.PermissionDeniedError):
        client.models.delete("gpt-4o")


@pytest.mark.parametrize("style", ["azure", "azure_v1"])
def test_azure_models_are_azure_shaped(mock: MockServer, style: Style) -> None:
    lenient = official(mock, style, strict=False)
    model = lenient.models.retrieve("gpt-4o")
    assert model.id == "gpt-4o"
    assert model.model_extra is not None
    assert "created_at" in model.model_extra
    assert [m.id for m in lenient.models.list()]
    with pytest.raises(openai.APIResponseValidationError):
        official(mock, style).models.retrieve("gpt-4o")


@pytest.mark.parametrize("style", STYLES)
def test_files(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    created = [
        client.files.create(file=(f"f{i}.jsonl", b'{"a": 1}\n'), purpose="fine-tune")
        for i in range(3)
    ]
    assert created[0].bytes == 9
    listed = [f.id for f in client.files.list(limit=1)]  # auto-paginates one at a time
    assert listed == [f.id for f in reversed(created)]
    assert client.files.retrieve(created[0].id).filename == "f0.jsonl"
    assert client.files.content(created[0].id).read() == b'{"a": 1}\n'
    assert client.files.delete(created[0].id).deleted is True
    with pytest.raises(openai.NotFoundError):
        client.files.retrieve(created[0].id)


def test_errors_map_to_the_packages_exceptions(mock: MockServer) -> None:
    client = official(mock, "openai")
    with pytest.raises(openai.BadRequestError) as bad:
        client.chat.completions.create(model="gpt-4o-mini", messages=[])
    assert bad.value.param == "messages"
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="gpt-9", messages=MESSAGES)
    locked = MockServer(api_keys=["other"])
    with pytest.raises(openai.AuthenticationError) as unauthorized:
        official(locked, "openai").models.list()
    assert unauthorized.value.code == "invalid_api_key"
    mock.script("chat.completions.create", error=429)
    with pytest.raises(openai.RateLimitError):
        client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)


@pytest.mark.asyncio
@pytest.mark.parametrize("style", STYLES)
async def test_async_operations(mock: MockServer, style: Style) -> None:
    client = async_official(mock, style)
    completion = await client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert completion.choices[0].message.content
    embedded = await client.embeddings.create(
        model="text-embedding-3-small", input="x", encoding_format="float"
    )
    assert len(embedded.data[0].embedding) == 1536
    uploaded = await client.files.create(file=("a.txt", b"hello"), purpose="assistants")
    assert [f.id async for f in client.files.list()] == [uploaded.id]
    assert (await client.files.content(uploaded.id)).read() == b"hello"
    assert (await client.files.delete(uploaded.id)).deleted
    stream_client = client if style == "openai" else async_official(mock, style, strict=False)
    stream = await stream_client.chat.completions.create(
        model="gpt-4o-mini", messages=MESSAGES, stream=True
    )
    text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
    assert text
    await client.close()


@pytest.mark.asyncio
async def test_async_openai_only_operations(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    assert (await client.moderations.create(input="hi")).results
    assert "gpt-4o" in [m.id async for m in client.models.list()]
    assert (await client.models.retrieve("gpt-4o-mini")).id == "gpt-4o-mini"
    lenient = async_official(mock, "openai", strict=False)
    completion_stream = await lenient.completions.create(
        model="gpt-3.5-turbo-instruct", prompt="Hi", max_tokens=4, stream=True
    )
    assert [c async for c in completion_stream]
    await lenient.close()
    await client.close()
