"""Record with real-looking credentials through every path, then scan every byte written.

Keys travel in headers (Bearer, ``api-key``, organization and project, cookies),
in query strings, in request bodies, in response bodies (plain, gzip-compressed
and streamed, where the model's text splits a key across many events), sync
and async. None of them may reach the cassette files, in any form.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from openai_kit import AsyncOpenAI, AzureOpenAI, OpenAI
from openai_kit.mockserver import MockServer
from openai_kit.pytest_plugin._cassette import Cassette, RecordMode
from openai_kit.pytest_plugin._scrub import MARKER, SECRET_HEADERS
from tests.pytest_plugin.test_scrub import (
    AZURE_KEY,
    EPHEMERAL_KEY,
    JWT,
    LEGACY_KEY,
    PROJECT_KEY,
    SESSION_KEY,
    SVCACCT_KEY,
)

ORGANIZATION = "org-Q7wErTy9uIoP3aSdFgHj2kLz"
PROJECT = "proj_Xc4Vb6Nm8Lk0Jh2Gf5Ds7Aq9"
COOKIE = "__cf_bm=Hs9Yd7Kq3Lp5Zx1Cv8Bn4Mq6Wr2Et0Ty-1750000000-1.0.1.1-abcdef"
SECRETS = (
    PROJECT_KEY,
    LEGACY_KEY,
    SVCACCT_KEY,
    SESSION_KEY,
    EPHEMERAL_KEY,
    JWT,
    AZURE_KEY,
    ORGANIZATION,
    PROJECT,
    COOKIE,
)
OPENAI_URL = "https://api.openai.com/v1"
AZURE_URL = "https://example-resource.openai.azure.com"
MODEL = "gpt-4o-mini"


def user(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


@pytest.fixture
def mock() -> MockServer:
    server = MockServer(seed=7, clock=lambda: 1_750_000_000.0)
    answer = f"Your keys: {SVCACCT_KEY} and {SESSION_KEY}, token {JWT}."
    server.script("chat.completions.create", content=answer, times=None)
    return server


def sync_client(cassette: Cassette, mock: MockServer) -> OpenAI:
    return OpenAI(
        api_key=PROJECT_KEY,
        organization=ORGANIZATION,
        project=PROJECT,
        base_url=OPENAI_URL,
        max_retries=0,
        http_client=httpx.Client(transport=cassette.wrap_sync(mock.transport())),
    )


def record_sync(path: Path, mock: MockServer) -> None:
    with Cassette.open(path, record_mode=RecordMode.ALL) as cassette:
        client = sync_client(cassette, mock)
        client.chat.completions.create(model=MODEL, messages=user(f"my key is {LEGACY_KEY}"))
        stream = client.chat.completions.create(
            model=MODEL, messages=user(f"repeat {EPHEMERAL_KEY}"), stream=True
        )
        assert SVCACCT_KEY in "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        client.embeddings.create(model="text-embedding-3-small", input=f"Bearer {AZURE_KEY}")
        client.close()


async def record_async(path: Path, mock: MockServer) -> None:
    cassette = Cassette.open(path, record_mode=RecordMode.ALL)
    client = AsyncOpenAI(
        api_key=SVCACCT_KEY,
        organization=ORGANIZATION,
        project=PROJECT,
        base_url=OPENAI_URL,
        max_retries=0,
        http_client=httpx.AsyncClient(transport=cassette.wrap_async(mock.async_transport())),
    )
    await client.chat.completions.create(model=MODEL, messages=user(f"key {PROJECT_KEY}"))
    stream = await client.chat.completions.create(
        model=MODEL,
        messages=user(f"token {JWT}"),
        stream=True,
        stream_options={"include_usage": True},
    )
    text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
    assert SESSION_KEY in text
    await client.close()
    cassette.close()


def record_azure(path: Path, mock: MockServer) -> None:
    with Cassette.open(path, record_mode=RecordMode.ALL) as cassette:
        for credentials in ({"api_key": AZURE_KEY}, {"azure_ad_token": JWT}):
            client = AzureOpenAI(
                azure_endpoint=AZURE_URL,
                api_version="2024-10-21",
                max_retries=0,
                http_client=httpx.Client(transport=cassette.wrap_sync(mock.transport())),
                **credentials,
            )
            client.chat.completions.create(model=MODEL, messages=user("hello"))
            client.close()


def gzip_server(request: httpx.Request) -> httpx.Response:
    body = json.dumps({"echo": request.url.params.get("q"), "key": LEGACY_KEY}).encode()
    return httpx.Response(
        200,
        headers={
            "content-type": "application/json",
            "content-encoding": "gzip",
            "set-cookie": COOKIE,
            "openai-organization": ORGANIZATION,
            "openai-project": PROJECT,
        },
        content=gzip.compress(body),
    )


def record_raw(path: Path) -> None:
    with Cassette.open(path, record_mode=RecordMode.ALL) as cassette:
        transport = cassette.wrap_sync(httpx.MockTransport(gzip_server))
        with httpx.Client(transport=transport) as client:
            response = client.post(
                f"{AZURE_URL}/openai/deployments/gpt/embeddings",
                params={
                    "api-version": "2024-10-21",
                    "api-key": AZURE_KEY,
                    "key": AZURE_KEY,
                    "q": "x",
                },
                headers={
                    "Cookie": COOKIE,
                    "x-debug": f"Bearer {PROJECT_KEY}",
                    "api-key": AZURE_KEY,
                },
                json={"input": "hi", "api_key": "my-plain-secret-value", "note": SESSION_KEY},
            )
            assert response.json()["key"] == LEGACY_KEY  # the client still gets the real body


def strings(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, bytes):
        yield value.decode("latin-1")
    elif value is not None:
        yield str(value)


@pytest.mark.asyncio
async def test_no_secret_reaches_any_written_byte(tmp_path: Path, mock: MockServer) -> None:
    record_sync(tmp_path / "sync.yaml", mock)
    await record_async(tmp_path / "async.yaml", mock)
    record_azure(tmp_path / "azure.yaml", mock)
    record_raw(tmp_path / "raw.yaml")

    files = sorted(tmp_path.rglob("*"))
    assert [f.name for f in files] == ["async.yaml", "azure.yaml", "raw.yaml", "sync.yaml"]
    for file in files:
        data = file.read_bytes()
        text = data.decode("utf-8")
        assert "!!binary" not in text  # nothing hides in base64
        for secret in (*SECRETS, "my-plain-secret-value"):
            assert secret.encode() not in data, (file.name, secret)
            # Also no 16-character stretch of it, nor its base64.
            assert secret[-16:] not in text, (file.name, secret)
            assert base64.b64encode(secret.encode())[:16].decode() not in text
        document = yaml.safe_load(text)
        for interaction in document["interactions"]:
            for part in ("request", "response"):
                for name, values in interaction[part]["headers"].items():
                    if name.lower() in SECRET_HEADERS:
                        assert values == [MARKER] * len(values), (file.name, name)
        joined = "\n".join(strings(document))
        for secret in SECRETS:
            assert secret not in joined


def test_every_path_was_really_exercised(tmp_path: Path, mock: MockServer) -> None:
    """The scan above is only worth something if the secrets were there to be removed."""
    record_sync(tmp_path / "sync.yaml", mock)
    record_azure(tmp_path / "azure.yaml", mock)
    record_raw(tmp_path / "raw.yaml")
    sync_doc = yaml.safe_load((tmp_path / "sync.yaml").read_text())
    chat, stream, embeddings = sync_doc["interactions"]
    assert chat["request"]["headers"]["authorization"] == [MARKER]
    assert chat["request"]["headers"]["openai-organization"] == [MARKER]
    assert chat["request"]["headers"]["openai-project"] == [MARKER]
    assert chat["response"]["headers"]["openai-organization"] == [MARKER]  # echoed by the mock
    assert chat["response"]["headers"]["openai-project"] == [MARKER]
    assert f"my key is {MARKER}" in chat["request"]["body"]
    assert (
        f"Your keys: {MARKER} and {MARKER}, token {MARKER}." in chat["response"]["body"]["string"]
    )
    assert stream["response"]["body"]["string"].count("data: ") > 20
    assert f"Bearer {MARKER}" in embeddings["request"]["body"]

    azure = yaml.safe_load((tmp_path / "azure.yaml").read_text())["interactions"]
    assert azure[0]["request"]["headers"]["api-key"] == [MARKER]
    assert azure[1]["request"]["headers"]["authorization"] == [MARKER]
    assert azure[0]["request"]["uri"].endswith("?api-version=2024-10-21")

    (raw,) = yaml.safe_load((tmp_path / "raw.yaml").read_text())["interactions"]
    assert raw["request"]["uri"].endswith(
        f"?api-version=2024-10-21&api-key={MARKER}&key={MARKER}&q=x"
    )
    assert raw["request"]["headers"]["cookie"] == [MARKER]
    assert raw["response"]["headers"]["set-cookie"] == [MARKER]
    assert raw["request"]["headers"]["x-debug"] == [f"Bearer {MARKER}"]
    assert json.loads(raw["request"]["body"])["api_key"] == MARKER
    assert json.loads(raw["response"]["body"]["string"]) == {"echo": "x", "key": MARKER}
    assert "content-encoding" not in raw["response"]["headers"]


def test_scrubbed_cassettes_still_replay(tmp_path: Path, mock: MockServer) -> None:
    path = tmp_path / "sync.yaml"
    record_sync(path, mock)
    cassette = Cassette.open(path, record_mode=RecordMode.NONE)
    client = OpenAI(
        api_key="sk-proj-" + "another0key0entirely" * 2,
        base_url="http://localhost:1/v1",
        http_client=httpx.Client(transport=cassette.wrap_sync(mock.transport())),
    )
    completion = client.chat.completions.create(
        model=MODEL, messages=user(f"my key is {LEGACY_KEY}")
    )
    assert (
        completion.choices[0].message.content
        == f"Your keys: {MARKER} and {MARKER}, token {MARKER}."
    )
    stream = client.chat.completions.create(
        model=MODEL, messages=user(f"repeat {EPHEMERAL_KEY}"), stream=True
    )
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == f"Your keys: {MARKER} and {MARKER}, token {MARKER}."
    client.embeddings.create(model="text-embedding-3-small", input=f"Bearer {AZURE_KEY}")
    assert len(cassette.played) == 3
    client.close()
