"""``client.vector_stores`` and ``client.containers`` over the mock: requests, types, helpers."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from openai_kit import AsyncOpenAI, OpenAI
from openai_kit.mockserver import MockServer
from openai_kit.types.vector_store import VectorStore
from openai_kit.types.vector_stores.vector_store_file_batch import VectorStoreFileBatch
from tests.support.realworld import interactions_or_empty

CATS = b"Cats purr when happy. A cat sleeps sixteen hours a day."


@pytest.fixture
def mock(monkeypatch: pytest.MonkeyPatch) -> MockServer:
    server = MockServer(seed=0, clock=lambda: 1_700_000_000)

    async def advance(seconds: float) -> None:
        server.advance(seconds)

    monkeypatch.setattr(OpenAI, "_sleep", staticmethod(server.advance))
    monkeypatch.setattr(AsyncOpenAI, "_sleep", staticmethod(advance))
    return server


def test_sync_resources_and_helpers(mock: MockServer) -> None:
    client = OpenAI(
        api_key="sk-test",
        base_url="http://mock.test/v1",
        http_client=httpx.Client(transport=mock.transport()),
    )
    store = client.vector_stores.create(name="pets", chunking_strategy={"type": "auto"})
    assert isinstance(store, VectorStore) and store.status == "completed"
    file = client.vector_stores.files.upload_and_poll(
        vector_store_id=store.id, file=("cats.md", CATS)
    )
    assert file.status == "completed" and file.usage_bytes == len(CATS)
    batch = client.vector_stores.file_batches.upload_and_poll(
        store.id, files=[("a.txt", b"dogs bark"), ("b.txt", b"birds sing")], max_concurrency=2
    )
    assert isinstance(batch, VectorStoreFileBatch) and batch.file_counts.completed == 2
    raw = client.vector_stores.with_raw_response.search(
        store.id, query="cat sleeps", max_num_results=1
    )
    assert raw.parsed.data[0].filename == "cats.md"
    assert json.loads(raw.http_response.request.content)["max_num_results"] == 1
    ids = [f.id for f in client.vector_stores.files.list(store.id, limit=1)]
    assert len(ids) == 3  # the iteration fetched the following pages
    pending = client.vector_stores.file_batches.create(store.id, file_ids=[file.id])
    cancelled = client.vector_stores.file_batches.cancel(pending.id, vector_store_id=store.id)
    assert cancelled.status == "cancelled"
    container = client.containers.create(name="box")
    added = client.containers.files.create(container.id, file=("x.bin", b"\x00\xff"))
    assert (
        client.containers.files.content.retrieve(added.id, container_id=container.id).content
        == b"\x00\xff"
    )
    assert [c.id for c in client.containers.list()] == [container.id]
    with pytest.raises(TypeError):
        client.containers.files.create(container.id)
    client.containers.delete(container.id)


@pytest.mark.asyncio
async def test_async_resources_and_helpers(mock: MockServer) -> None:
    client = AsyncOpenAI(
        api_key="sk-test",
        base_url="http://mock.test/v1",
        http_client=httpx.AsyncClient(transport=mock.async_transport()),
    )
    store = await client.vector_stores.create(name="pets")
    file = await client.vector_stores.files.upload_and_poll(
        vector_store_id=store.id, file=("cats.md", CATS)
    )
    batch = await client.vector_stores.file_batches.upload_and_poll(
        store.id, files=[("a.txt", b"dogs")]
    )
    assert file.status == batch.status == "completed"
    hits = await client.vector_stores.search(store.id, query="cat")
    assert hits.data[0].file_id == file.id
    listed = [f.id async for f in client.vector_stores.files.list(store.id, limit=1)]
    assert len(listed) == 2
    content = await client.vector_stores.files.content(file.id, vector_store_id=store.id)
    assert content.data[0].text == CATS.decode()
    container = await client.containers.create(name="box", file_ids=[])
    copied = await client.containers.files.create(container.id, file_id=file.id)
    assert copied.path == "/mnt/data/cats.md"
    await client.close()


def _recorded(prefix: str) -> list[Any]:
    return [i for i in interactions_or_empty() if (i.operation or "").startswith(prefix)]


@pytest.mark.parametrize("prefix", ["vector_stores.", "responses."])
def test_recorded_vector_store_traffic_parses(prefix: str) -> None:
    recorded = [
        i
        for i in _recorded(prefix)
        if "vector_store" in i.request.body.decode("utf-8", "replace") + i.request.path
    ]
    if not recorded:
        pytest.skip("no recorded vector-store traffic here")
    for interaction in recorded:
        if interaction.response.status != 200 or interaction.response.is_sse:
            continue
        body = interaction.response.json()
        if body.get("object") == "vector_store":
            assert VectorStore.model_validate(body).id == body["id"]
        elif body.get("object") == "vector_store.file":
            from openai_kit.types.vector_stores.vector_store_file import VectorStoreFile

            assert VectorStoreFile.model_validate(body).status == body["status"]
        elif body.get("object") == "response":
            from openai_kit.types.responses.response import Response

            parsed = Response.model_validate(body)
            kinds = [item.type for item in parsed.output]
            assert "file_search_call" in kinds
