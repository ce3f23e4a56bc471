"""The project's own cassettes (top-level ``cassettes/``), replayed through openai-kit.

They were recorded from the mock server (seed 0, a fixed clock) behind the
real hosts' URLs, with real-looking credentials that the recorder scrubbed.
Replay needs no server: the "real" transport here fails any request that
reaches it. To re-record after a change to the mock server::

    OPENAI_KIT_RECORD_PROJECT_CASSETTES=1 .venv/bin/pytest tests/pytest_plugin/test_cassette_replay_project.py

then review the diff: with the same seed only the mock's measured ``openai-processing-ms``
header moves (multipart boundaries are made stable by the recorder).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from openai_kit import AsyncOpenAI, AzureOpenAI, NotFoundError, OpenAI
from openai_kit.mockserver import MockServer, RecordedRequest
from openai_kit.pytest_plugin._cassette import Cassette, RecordMode
from openai_kit.pytest_plugin._scrub import MARKER

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes"
RECORDING = os.environ.get("OPENAI_KIT_RECORD_PROJECT_CASSETTES") == "1"
OPENAI_URL = "https://api.openai.com/v1"
AZURE_URL = "https://contoso-eastus.openai.azure.com"
# Real-looking, never real: the recorder must scrub them.
API_KEY = "sk-proj-" + "Tq3xLm8RvK2pNw7ZcY4hJd6FbG1sUe9A" * 2
AZURE_KEY = "5f1c9a7e3b2d4c6a8e0f1b3d5c7a9e2f"
MODEL = "gpt-4o-mini"
SYSTEM = {"role": "system", "content": "You are a concise assistant for a travel agency."}


def unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a project cassette is missing a request: {request.method} {request.url}")


@pytest.fixture
def mock() -> MockServer:
    return MockServer(seed=0, clock=lambda: 1_750_000_000.0)


@pytest.fixture
def cassette(request: pytest.FixtureRequest) -> Iterator[Cassette]:
    """The cassette named after the test: recorded in ``all`` mode, else replayed in ``none``."""
    path = CASSETTES / f"{request.node.originalname.removeprefix('test_')}.yaml"
    if not RECORDING and not path.is_file():
        pytest.fail(f"missing project cassette {path}", pytrace=False)
    mode = RecordMode.ALL if RECORDING else RecordMode.NONE
    with Cassette.open(path, record_mode=mode) as opened:
        yield opened


def real(mock: MockServer) -> httpx.BaseTransport:
    return mock.transport() if RECORDING else httpx.MockTransport(unreachable)


def openai_client(cassette: Cassette, mock: MockServer) -> OpenAI:
    http = httpx.Client(transport=cassette.wrap_sync(real(mock)))
    return OpenAI(api_key=API_KEY, base_url=OPENAI_URL, max_retries=0, http_client=http)


def recorded_json(cassette: Cassette, number: int) -> Any:
    source = cassette.new if RECORDING else cassette.interactions
    return json.loads(source[number].response.body)


# --------------------------------------------------------------------------------------------
# The scenarios
# --------------------------------------------------------------------------------------------


def test_chat_completion(cassette: Cassette, mock: MockServer) -> None:
    client = openai_client(cassette, mock)
    completion = client.chat.completions.create(
        model=MODEL,
        messages=[SYSTEM, {"role": "user", "content": "Suggest one thing to do in Lisbon."}],
        temperature=0.2,
    )
    stored = recorded_json(cassette, 0)
    assert completion.id == stored["id"]
    assert completion.choices[0].message.content == stored["choices"][0]["message"]["content"]
    assert completion.usage is not None
    assert completion.usage.total_tokens == stored["usage"]["total_tokens"]


def _stream_text(chunks: list[Any]) -> str:
    return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def test_chat_completion_stream(cassette: Cassette, mock: MockServer) -> None:
    client = openai_client(cassette, mock)
    stream = client.chat.completions.create(
        model=MODEL,
        messages=[{"role": "user", "content": "Write a haiku about trams."}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert chunks[-1].usage is not None and chunks[-1].choices == []
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert len(_stream_text(chunks).split()) > 3


@pytest.mark.asyncio
async def test_chat_completion_stream_async(cassette: Cassette, mock: MockServer) -> None:
    real_async = mock.async_transport() if RECORDING else httpx.MockTransport(unreachable)
    client = AsyncOpenAI(
        api_key=API_KEY,
        base_url=OPENAI_URL,
        http_client=httpx.AsyncClient(transport=cassette.wrap_async(real_async)),
    )
    stream = await client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "Count to five."}], stream=True
    )
    chunks = [chunk async for chunk in stream]
    await client.close()
    assert chunks[0].choices[0].delta.role == "assistant"
    assert _stream_text(chunks)


def _has_tool_result(request: RecordedRequest) -> bool:
    messages = (request.json or {}).get("messages", [])
    return any(message.get("role") == "tool" for message in messages)


def test_chat_tool_call_round_trip(cassette: Cassette, mock: MockServer) -> None:
    mock.script(
        "chat.completions.create",
        tool_calls=[{"name": "get_weather", "arguments": {"city": "Lisbon"}}],
        match=lambda request: not _has_tool_result(request),
    )
    mock.script(
        "chat.completions.create",
        content="It is 18 °C and raining in Lisbon.",
        match=_has_tool_result,
    )
    client = openai_client(cassette, mock)
    tools = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "parameters": {
                    "type": "object",
                    "properties": {"city": {"type": "string"}},
                    "required": ["city"],
                },
            },
        }
    ]
    messages: list[dict[str, Any]] = [{"role": "user", "content": "What is the weather in Lisbon?"}]
    first = client.chat.completions.create(model=MODEL, messages=messages, tools=tools)
    (call,) = first.choices[0].message.tool_calls or []
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Lisbon"}
    messages += [
        first.choices[0].message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": '{"celsius": 18, "sky": "rain"}'},
    ]
    second = client.chat.completions.create(model=MODEL, messages=messages, tools=tools)
    assert second.choices[0].message.content == "It is 18 °C and raining in Lisbon."


def test_embeddings(cassette: Cassette, mock: MockServer) -> None:
    client = openai_client(cassette, mock)
    result = client.embeddings.create(
        model="text-embedding-3-small", input=["Lisbon", "Porto"], dimensions=8
    )
    assert [len(item.embedding) for item in result.data] == [8, 8]
    assert result.usage.prompt_tokens > 0


def test_models_and_not_found(cassette: Cassette, mock: MockServer) -> None:
    client = openai_client(cassette, mock)
    model = client.models.retrieve(MODEL)
    assert model.id == MODEL
    with pytest.raises(NotFoundError) as info:
        client.models.retrieve("gpt-does-not-exist")
    assert info.value.code == "model_not_found"


def test_files_lifecycle(cassette: Cassette, mock: MockServer) -> None:
    """A multipart upload: its random boundary must not stop the replay matching."""
    client = openai_client(cassette, mock)
    data = b'{"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions", "body": {}}\n'
    uploaded = client.files.create(file=("batch.jsonl", data), purpose="batch")
    assert uploaded.filename == "batch.jsonl"
    assert client.files.retrieve(uploaded.id).bytes == len(data)
    assert client.files.delete(uploaded.id).deleted is True


def test_azure_chat_completion(cassette: Cassette, mock: MockServer) -> None:
    client = AzureOpenAI(
        azure_endpoint=AZURE_URL,
        api_key=AZURE_KEY,
        api_version="2024-10-21",
        http_client=httpx.Client(transport=cassette.wrap_sync(real(mock))),
    )
    completion = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Bom dia!"}]
    )
    assert completion.choices[0].message.content
    interaction = (cassette.new if RECORDING else cassette.interactions)[0]
    assert interaction.request.uri == (
        f"{AZURE_URL}/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21"
    )
    assert interaction.request.header("api-key") == MARKER


# --------------------------------------------------------------------------------------------
# The folder itself
# --------------------------------------------------------------------------------------------

SCENARIOS = (
    "chat_completion",
    "chat_completion_stream",
    "chat_completion_stream_async",
    "chat_tool_call_round_trip",
    "embeddings",
    "models_and_not_found",
    "files_lifecycle",
    "azure_chat_completion",
)


def test_every_cassette_belongs_to_a_scenario_and_holds_no_secret() -> None:
    files = sorted(CASSETTES.glob("*.yaml"))
    assert {f.stem for f in files} == set(SCENARIOS)
    assert {name.removeprefix("test_") for name in globals() if name.startswith("test_")} >= set(
        SCENARIOS
    )
    for file in files:
        text = file.read_text(encoding="utf-8")
        for secret in (API_KEY, AZURE_KEY, API_KEY[-16:]):
            assert secret not in text, file.name
        assert "authorization:\n      - REDACTED" in text or "api-key:\n      - REDACTED" in text
        assert "mockserver.openai-kit.invalid" not in text
