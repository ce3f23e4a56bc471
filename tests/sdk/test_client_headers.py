"""Base URL joining, default and per-call headers/query/body, and callable keys.

client-behaviour.md A20-A26, with B5 in the form of the SDK contract
(``User-Agent: <ClassName>/Python openai-kit/<version>``, ``x-retry-count``,
no ``X-Stainless-*``) and C4 (a sync callable key on the async client).
"""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING, Any

import pytest

from openai_kit import AsyncAzureOpenAI, AsyncOpenAI, AzureOpenAI, OpenAI
from tests.support.recorder import Recorder

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from tests.sdk.conftest import Flavor

CHAT_ARGS: dict[str, Any] = {
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": "Hi"}],
}
LOOPBACK = "http://127.0.0.1:4010"
RETRY_SOON = {"retry-after-ms": "1"}
SERVER_ERROR = {"error": {"message": "boom", "type": "server_error", "param": None, "code": None}}


# --- base URL (A20, A21) -------------------------------------------------------------


@pytest.mark.asyncio
async def test_default_base_url(flavor: Flavor, recorder: Recorder) -> None:
    client = flavor.openai(recorder)
    assert str(client.base_url) == "https://api.openai.com/v1/"
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert str(recorder.last.url) == "https://api.openai.com/v1/chat/completions"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        pytest.param(f"{LOOPBACK}/v1", f"{LOOPBACK}/v1/chat/completions", id="path-no-slash"),
        pytest.param(f"{LOOPBACK}/v1/", f"{LOOPBACK}/v1/chat/completions", id="path-slash"),
        pytest.param(LOOPBACK, f"{LOOPBACK}/chat/completions", id="host-no-slash"),
        pytest.param(f"{LOOPBACK}/", f"{LOOPBACK}/chat/completions", id="host-slash"),
        pytest.param(f"{LOOPBACK}/a/b/v1", f"{LOOPBACK}/a/b/v1/chat/completions", id="deep"),
    ],
)
async def test_base_url_joins_with_one_slash(
    flavor: Flavor, recorder: Recorder, base_url: str, expected: str
) -> None:
    client = flavor.openai(recorder, base_url=base_url)
    assert client.base_url.raw_path.endswith(b"/")
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert str(recorder.last.url) == expected


# --- default and per-call headers, query and body (A22, A23) -------------------------


@pytest.mark.asyncio
async def test_default_headers_and_query_go_on_every_request(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = flavor.openai(
        recorder, default_headers={"X-Team": "blue"}, default_query={"tenant": "t1"}
    )
    await flavor.settle(client.models.list())
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert [r.method for r in recorder.requests] == ["GET", "POST"]
    for request in recorder.requests:
        assert request.headers["X-Team"] == "blue"
        assert request.url.params["tenant"] == "t1"


@pytest.mark.asyncio
async def test_extra_headers_override_default_headers_for_one_call(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = flavor.openai(recorder, default_headers={"X-Team": "blue"})
    await flavor.settle(
        client.chat.completions.create(
            **CHAT_ARGS, extra_headers={"X-Team": "red", "X-Trace": "abc"}
        )
    )
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    first, second = recorder.requests
    assert first.headers.get_list("X-Team") == ["red"]
    assert first.headers["X-Trace"] == "abc"
    assert second.headers["X-Team"] == "blue"
    assert "X-Trace" not in second.headers


@pytest.mark.asyncio
async def test_extra_query_adds_to_default_query(flavor: Flavor, recorder: Recorder) -> None:
    client = flavor.openai(recorder, default_query={"tenant": "t1"})
    await flavor.settle(client.files.list(limit=5, extra_query={"trace": "yes"}))
    assert recorder.query() == {"tenant": "t1", "trace": "yes", "limit": "5"}


@pytest.mark.asyncio
async def test_extra_body_merges_into_the_json_body(flavor: Flavor, recorder: Recorder) -> None:
    client = flavor.openai(recorder)
    await flavor.settle(
        client.chat.completions.create(
            **CHAT_ARGS, temperature=0.5, extra_body={"vendor_flag": {"on": True}}
        )
    )
    assert recorder.json() == {**CHAT_ARGS, "temperature": 0.5, "vendor_flag": {"on": True}}


# --- request form (A24, A25, B5 as the contract states it) ---------------------------


@pytest.mark.asyncio
async def test_post_body_is_json_holding_exactly_the_given_arguments(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = flavor.openai(recorder)
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS, n=2, stop=None))
    sent = recorder.last
    assert sent.method == "POST"
    assert sent.headers["Content-Type"] == "application/json"
    assert "application/json" in sent.headers["Accept"]
    assert recorder.json() == {**CHAT_ARGS, "n": 2, "stop": None}


@pytest.mark.asyncio
async def test_get_sends_accept_json_and_no_content_type(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = flavor.openai(recorder)
    await flavor.settle(client.models.list())
    sent = recorder.last
    assert sent.method == "GET"
    assert sent.content == b""
    assert sent.headers["Accept"] == "application/json"
    assert "Content-Type" not in sent.headers


CLIENTS: list[Any] = [
    pytest.param(OpenAI, False, id="OpenAI"),
    pytest.param(AsyncOpenAI, True, id="AsyncOpenAI"),
    pytest.param(AzureOpenAI, False, id="AzureOpenAI"),
    pytest.param(AsyncAzureOpenAI, True, id="AsyncAzureOpenAI"),
]


def build(cls: type[Any], is_async: bool, recorder: Recorder) -> Any:
    http_client = recorder.async_client() if is_async else recorder.sync_client()
    if cls in (AzureOpenAI, AsyncAzureOpenAI):
        return cls(
            api_key="azure-key",
            api_version="2024-10-21",
            azure_endpoint="https://example-resource.openai.azure.com",
            http_client=http_client,
        )
    return cls(api_key="sk-test", http_client=http_client)


@pytest.mark.asyncio
@pytest.mark.parametrize(("cls", "is_async"), CLIENTS)
async def test_user_agent_names_the_client_class_and_openai_kit(
    cls: type[Any], is_async: bool, recorder: Recorder
) -> None:
    client = build(cls, is_async, recorder)
    result = client.chat.completions.create(**CHAT_ARGS)
    if is_async:
        await result
    user_agent = recorder.last.headers["User-Agent"]
    assert not user_agent.startswith("python-httpx/")
    assert user_agent == f"{cls.__name__}/Python openai-kit/{version('openai-kit')}"


@pytest.mark.asyncio
async def test_no_stainless_headers_and_a_retry_count_of_zero(
    flavor: Flavor, recorder: Recorder
) -> None:
    client = flavor.openai(recorder)
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    sent = recorder.last
    assert [name for name in sent.headers if name.lower().startswith("x-stainless")] == []
    assert sent.headers["x-retry-count"] == "0"


@pytest.mark.asyncio
async def test_retry_count_header_counts_attempts(flavor: Flavor) -> None:
    recorder = Recorder().enqueue(500, SERVER_ERROR, RETRY_SOON).enqueue(502, {}, RETRY_SOON)
    client = flavor.openai(recorder)
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert [r.headers["x-retry-count"] for r in recorder.requests] == ["0", "1", "2"]


# --- callable api_key (A26, C4) ------------------------------------------------------


class KeyProvider:
    """Hands out ``key-1``, ``key-2`` ... and counts the calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"key-{self.calls}"

    async def async_call(self) -> str:
        return self()

    def as_kind(self, kind: str) -> Callable[[], str] | Callable[[], Awaitable[str]]:
        return self.async_call if kind == "async" else self


KEY_KINDS: list[Any] = [
    pytest.param("sync", "sync", id="sync-client-sync-key"),
    pytest.param("async", "async", id="async-client-async-key"),
    pytest.param("async", "sync", id="async-client-sync-key", marks=pytest.mark.seed_only),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(("flavor", "kind"), KEY_KINDS, indirect=["flavor"])
async def test_callable_key_is_not_called_at_construction(
    flavor: Flavor, kind: str, recorder: Recorder
) -> None:
    provider = KeyProvider()
    flavor.openai(recorder, api_key=provider.as_kind(kind))
    assert provider.calls == 0
    assert recorder.requests == []


@pytest.mark.asyncio
@pytest.mark.parametrize(("flavor", "kind"), KEY_KINDS, indirect=["flavor"])
async def test_callable_key_is_called_before_every_request(
    flavor: Flavor, kind: str, recorder: Recorder
) -> None:
    provider = KeyProvider()
    client = flavor.openai(recorder, api_key=provider.as_kind(kind))
    await flavor.settle(client.models.list())
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert [r.headers["Authorization"] for r in recorder.requests] == [
        "Bearer key-1",
        "Bearer key-2",
    ]
    assert provider.calls == 2


@pytest.mark.asyncio
@pytest.mark.parametrize(("flavor", "kind"), KEY_KINDS, indirect=["flavor"])
async def test_callable_key_is_called_before_every_retry_attempt(flavor: Flavor, kind: str) -> None:
    recorder = Recorder().enqueue(500, SERVER_ERROR, RETRY_SOON).enqueue(429, {}, RETRY_SOON)
    provider = KeyProvider()
    client = flavor.openai(recorder, api_key=provider.as_kind(kind))
    await flavor.settle(client.chat.completions.create(**CHAT_ARGS))
    assert [r.headers["Authorization"] for r in recorder.requests] == [
        "Bearer key-1",
        "Bearer key-2",
        "Bearer key-3",
    ]
    assert [r.content for r in recorder.requests[1:]] == [recorder.requests[0].content] * 2
