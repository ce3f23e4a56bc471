"""The ``stream_error`` fault end to end: openai-kit and the official package see the same thing.

Responses streams yield a typed ``error`` event then ``response.failed`` (the
``responses.stream()`` helpers surface both, and then find no final
response); chat streams raise ``APIError`` after the chunks sent before it.
"""

from __future__ import annotations

from typing import Any, Literal

import httpx
import openai
import pytest

import openai_kit
from openai_kit.mockserver import MockServer, faults

SDK = Literal["kit", "official"]
SDKS: list[SDK] = ["kit", "official"]
MESSAGES: list[dict[str, str]] = [{"role": "user", "content": "Hi"}]
EXPECTED = [
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "error",
    "response.failed",
]


def sync_client(mock: MockServer, sdk: SDK) -> Any:
    if sdk == "kit":
        return mock.client(max_retries=0)
    return openai.OpenAI(
        api_key=mock.api_key,
        base_url="http://mock.test/v1",
        http_client=httpx.Client(transport=mock.transport()),
        max_retries=0,
        _strict_response_validation=True,
    )


def async_client(mock: MockServer, sdk: SDK) -> Any:
    if sdk == "kit":
        return mock.async_client(max_retries=0)
    return openai.AsyncOpenAI(
        api_key=mock.api_key,
        base_url="http://mock.test/v1",
        http_client=httpx.AsyncClient(transport=mock.async_transport()),
        max_retries=0,
        _strict_response_validation=True,
    )


def api_error(sdk: SDK) -> type[Exception]:
    return openai_kit.APIError if sdk == "kit" else openai.APIError


@pytest.fixture
def failing(mock: MockServer) -> MockServer:
    mock.faults.add(
        faults.stream_error(3, code="server_error", message="The model broke."),
        operation=["responses.create", "chat.completions.create"],
    )
    return mock


def check_events(events: list[Any]) -> None:
    assert [e.type for e in events] == EXPECTED
    error, failed = events[3], events[4]
    assert type(error).__name__ == "ResponseErrorEvent"
    assert (error.code, error.message, error.param) == ("server_error", "The model broke.", None)
    assert error.sequence_number == 3
    assert type(failed).__name__ == "ResponseFailedEvent"
    assert failed.response.status == "failed"
    assert failed.response.error is not None
    assert failed.response.error.code == "server_error"


@pytest.mark.parametrize("sdk", SDKS)
def test_sync_responses_stream_yields_the_error_event(failing: MockServer, sdk: SDK) -> None:
    client = sync_client(failing, sdk)
    check_events(list(client.responses.create(model="gpt-4o", input="Hi", stream=True)))
    with client.responses.stream(model="gpt-4o", input="Hi") as stream:
        check_events(list(stream))
        with pytest.raises(RuntimeError, match=r"response\.completed"):
            stream.get_final_response()


@pytest.mark.parametrize("sdk", SDKS)
@pytest.mark.asyncio
async def test_async_responses_stream_yields_the_error_event(failing: MockServer, sdk: SDK) -> None:
    client = async_client(failing, sdk)
    stream = await client.responses.create(model="gpt-4o", input="Hi", stream=True)
    check_events([event async for event in stream])
    async with client.responses.stream(model="gpt-4o", input="Hi") as helper:
        check_events([event async for event in helper])
        with pytest.raises(RuntimeError, match=r"response\.completed"):
            await helper.get_final_response()
    await client.close()


@pytest.mark.parametrize("sdk", SDKS)
def test_sync_chat_stream_raises_after_the_earlier_chunks(failing: MockServer, sdk: SDK) -> None:
    client = sync_client(failing, sdk)
    chunks: list[Any] = []
    stream = client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
    with pytest.raises(api_error(sdk)) as raised:
        chunks.extend(stream)
    assert len(chunks) == 3
    assert raised.value.message == "The model broke."  # type: ignore[attr-defined]
    assert raised.value.body == {  # type: ignore[attr-defined]
        "message": "The model broke.",
        "type": "server_error",
        "param": None,
        "code": "server_error",
    }
    assert len(failing.requests) == 1  # a stream error is not retried


@pytest.mark.parametrize("sdk", SDKS)
@pytest.mark.asyncio
async def test_async_chat_stream_raises_after_the_earlier_chunks(
    failing: MockServer, sdk: SDK
) -> None:
    client = async_client(failing, sdk)
    chunks: list[Any] = []

    async def read_all() -> None:
        async for chunk in stream:
            chunks.append(chunk)  # noqa: PERF401  (the chunks read before the error count)

    stream = await client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
    with pytest.raises(api_error(sdk), match=r"The model broke\."):
        await read_all()
    assert len(chunks) == 3
    await client.close()


@pytest.mark.parametrize("sdk", SDKS)
def test_a_live_server_sends_the_same_error(mock: MockServer, sdk: SDK) -> None:
    mock.faults.add(faults.stream_error(1), operation="responses.create")
    with mock.live() as url:
        common: dict[str, Any] = {"api_key": mock.api_key, "base_url": f"{url}/v1"}
        client: Any = (
            openai_kit.OpenAI(**common, max_retries=0)
            if sdk == "kit"
            else openai.OpenAI(**common, max_retries=0, _strict_response_validation=True)
        )
        with client:
            events = list(client.responses.create(model="gpt-4o", input="Hi", stream=True))
    assert [e.type for e in events] == ["response.created", "error", "response.failed"]
