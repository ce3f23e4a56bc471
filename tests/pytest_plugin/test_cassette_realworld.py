"""Replay the real-world cassettes (``../shared/realworld-cassettes``) through the cassette engine.

Every file, in all four dialects (text, ``!!binary`` gzip, ``parsed_body``,
dd-trace-py's legacy ``content:``/``status_code:``), is opened in ``none`` mode
and every recorded request is sent again through the cassette's transport.
The answers are checked against an independent reader, ``tests/support/realworld.py``.
A few are replayed through the openai-kit SDK itself. Skipped when the folder is absent.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from openai_kit import OpenAI
from openai_kit.pytest_plugin._cassette import Cassette, RecordMode
from tests.support import realworld

ENTRIES = realworld.load_manifest() if realworld.available() else ()


def unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"replay reached the network: {request.url}")


def same_body(ours: bytes, theirs: bytes, content_type: str | None) -> bool:
    if ours == theirs:
        return True
    if "json" in (content_type or ""):
        try:
            return bool(json.loads(ours) == json.loads(theirs))
        except ValueError:
            return False
    return False


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.local_path for e in ENTRIES])
def test_every_recorded_request_gets_its_recorded_answer(entry: realworld.ManifestEntry) -> None:
    path = realworld.ROOT / entry.local_path
    expected = realworld.load_cassette(path, entry)
    cassette = Cassette.open(path, record_mode=RecordMode.NONE)
    assert len(cassette.interactions) == len(expected) == len(entry.interactions)
    with httpx.Client(transport=cassette.wrap_sync(httpx.MockTransport(unreachable))) as client:
        for stored, reference in zip(cassette.interactions, expected, strict=True):
            content_type = stored.request.header("content-type")
            headers = {"content-type": content_type} if content_type else {}
            with client.stream(
                stored.request.method,
                stored.request.uri,
                content=stored.request.body,
                headers=headers,
            ) as response:
                chunks = list(response.iter_raw())
            body = b"".join(chunks)
            assert response.status_code == reference.response.status
            assert same_body(body, reference.response.body, reference.response.content_type)
            assert "content-encoding" not in response.headers or not reference.response.decoded
            if reference.response.is_sse and stored.response.is_sse:
                assert len(chunks) == len(reference.response.sse_data())
    assert len(cassette.played) == len(expected)
    cassette.close()


def test_all_four_dialects_were_replayed() -> None:
    realworld.require_cassettes()
    forms = {x.response.body_form for x in realworld.load_all()}
    assert forms == {"string", "binary", "parsed_body", "httpx_content"}


# --------------------------------------------------------------------------------------------
# Through the SDK
# --------------------------------------------------------------------------------------------


def sdk_client(cassette: Cassette, base_url: str) -> OpenAI:
    transport = cassette.wrap_sync(httpx.MockTransport(unreachable))
    return OpenAI(
        api_key="sk-test", base_url=base_url, http_client=httpx.Client(transport=transport)
    )


def open_realworld(local_path: str) -> tuple[Cassette, list[dict[str, Any]]]:
    realworld.require_cassettes()
    cassette = Cassette.open(realworld.ROOT / local_path, record_mode=RecordMode.NONE)
    return cassette, [json.loads(x.request.body) for x in cassette.interactions]


@pytest.mark.parametrize(
    "local_path",
    [
        # binary gzip bodies, three calls of a tool loop
        "llm/tests/cassettes/test_tools/test_tool_use_chain_of_two_calls.yaml",
        # parsed_body
        "pydantic-ai/tests/models/cassettes/test_openai/test_valid_response.yaml",
    ],
)
def test_chat_completions_replay_through_the_sdk(local_path: str) -> None:
    cassette, requests = open_realworld(local_path)
    client = sdk_client(cassette, "https://api.openai.com/v1")
    for params, stored in zip(requests, cassette.interactions, strict=True):
        completion = client.chat.completions.create(**params)
        recorded = json.loads(stored.response.body)
        assert completion.id == recorded["id"]
        assert completion.choices[0].finish_reason == recorded["choices"][0]["finish_reason"]
    assert len(cassette.played) == len(requests)


def test_legacy_streamed_chat_replays_through_the_sdk() -> None:
    cassette, (params,) = open_realworld(
        "dd-trace-py/tests/contrib/openai/cassettes/v1/chat_completion_streamed.yaml"
    )
    stream = sdk_client(cassette, "https://api.openai.com/v1").chat.completions.create(**params)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert "Dodgers" in text


def test_azure_recording_replays_against_another_host() -> None:
    cassette, (params,) = open_realworld(
        "pydantic-ai/tests/providers/cassettes/test_azure/test_azure_provider_call.yaml"
    )
    uri = cassette.interactions[0].request.uri
    assert uri.endswith("?api-version=2024-12-01-preview")
    client = OpenAI(
        api_key="sk-test",
        base_url="http://127.0.0.1:9/openai/deployments/gpt-4o",
        default_query={"api-version": "2024-12-01-preview"},
        http_client=httpx.Client(transport=cassette.wrap_sync(httpx.MockTransport(unreachable))),
    )
    completion = client.chat.completions.create(**params)
    assert "Paris" in (completion.choices[0].message.content or "")
