"""The official ``openai`` package (strict validation) drives vector stores, containers and the
hosted Responses tools on the mock: in-process sync and async, and over a live server."""

from __future__ import annotations

from typing import Any

import openai
import openai._resource
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import KEY
from tests.mockserver.test_official_client import async_official, official

CATS = b"Cats purr when happy. A cat sleeps sixteen hours a day."


@pytest.fixture
def clocked_polls(mock: MockServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The official pollers' waits move the mock's clock instead of sleeping."""

    async def advance(self: Any, seconds: float) -> None:
        mock.advance(seconds)

    monkeypatch.setattr(openai._resource.SyncAPIResource, "_sleep", lambda self, s: mock.advance(s))
    monkeypatch.setattr(openai._resource.AsyncAPIResource, "_sleep", advance)


def _drive(client: openai.OpenAI) -> None:
    store = client.vector_stores.create(name="pets", metadata={"team": "a"})
    file = client.vector_stores.files.upload_and_poll(
        vector_store_id=store.id, file=("cats.md", CATS), attributes={"kind": "cat"}
    )
    assert file.status == "completed" and file.attributes == {"kind": "cat"}
    batch = client.vector_stores.file_batches.upload_and_poll(
        store.id, files=[("a.txt", b"dogs bark"), ("b.txt", b"birds sing")], max_concurrency=2
    )
    assert batch.status == "completed" and batch.file_counts.completed == 2
    assert (
        len(client.vector_stores.file_batches.list_files(batch.id, vector_store_id=store.id).data)
        == 2
    )
    hits = client.vector_stores.search(
        store.id, query="cat sleeps", filters={"type": "eq", "key": "kind", "value": "cat"}
    )
    assert [h.file_id for h in hits] == [file.id]
    assert [
        c.text for c in client.vector_stores.files.content(file.id, vector_store_id=store.id)
    ] == [CATS.decode()]
    client.vector_stores.files.update(file.id, vector_store_id=store.id, attributes={"kind": "x"})
    assert client.vector_stores.retrieve(store.id).file_counts.total == 3
    assert client.vector_stores.update(store.id, name="renamed").name == "renamed"
    assert [s.id for s in client.vector_stores.list()] == [store.id]
    response = client.responses.create(
        model="gpt-4o-mini",
        input="How long does a cat sleep?",
        tools=[{"type": "file_search", "vector_store_ids": [store.id]}],
        include=["file_search_call.results"],
    )
    assert response.output[0].type == "file_search_call"
    message = response.output[-1]
    assert message.type == "message" and message.content[0].type == "output_text"
    assert message.content[0].annotations[0].type == "file_citation"
    container = client.containers.create(
        name="box", expires_after={"anchor": "last_active_at", "minutes": 5}
    )
    client.containers.files.create(container.id, file=("in.txt", b"payload"))
    coded = client.responses.create(
        model="gpt-4o-mini",
        input="Add 2 and 5 and save a csv file",
        tools=[{"type": "code_interpreter", "container": container.id}],
        include=["code_interpreter_call.outputs"],
    )
    assert coded.output[0].type == "code_interpreter_call"
    note = coded.output[-1].content[0].annotations[0]  # type: ignore[union-attr]
    assert note.type == "container_file_citation"
    content = client.containers.files.content.retrieve(note.file_id, container_id=container.id)
    assert content.read() == b"value\n2\n5\n"
    assert len(client.containers.files.list(container.id).data) == 2
    client.vector_stores.files.delete(file.id, vector_store_id=store.id)
    assert client.vector_stores.delete(store.id).deleted is True
    client.containers.delete(container.id)


@pytest.mark.usefixtures("clocked_polls")
def test_official_sync(mock: MockServer) -> None:
    _drive(official(mock, "openai"))


@pytest.mark.asyncio
@pytest.mark.usefixtures("clocked_polls")
async def test_official_async(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    store = await client.vector_stores.create(name="pets")
    file = await client.vector_stores.files.upload_and_poll(
        vector_store_id=store.id, file=("cats.md", CATS)
    )
    batch = await client.vector_stores.file_batches.upload_and_poll(
        store.id, files=[("a.txt", b"dogs bark")]
    )
    assert file.status == batch.status == "completed"
    page = await client.vector_stores.search(store.id, query="cat")
    assert page.data[0].file_id == file.id
    stream = await client.responses.create(
        model="gpt-4o-mini",
        input="cat",
        tools=[{"type": "file_search", "vector_store_ids": [store.id]}],
        stream=True,
    )
    kinds = [event.type async for event in stream]
    assert "response.file_search_call.searching" in kinds
    container = await client.containers.create(name="box")
    added = await client.containers.files.create(container.id, file=("x.bin", b"\x00\x01"))
    blob = await client.containers.files.content.retrieve(added.id, container_id=container.id)
    assert blob.read() == b"\x00\x01"
    await client.close()


def test_official_against_a_live_mock() -> None:
    mock = MockServer(seed=0)
    with (
        mock.live() as url,
        openai.OpenAI(
            api_key=KEY, base_url=f"{url}/v1", max_retries=0, _strict_response_validation=True
        ) as client,
    ):
        store = client.vector_stores.create(name="live")
        uploaded = client.files.create(file=("cats.md", CATS), purpose="assistants")
        client.vector_stores.files.create(store.id, file_id=uploaded.id)
        mock.advance(1)
        polled = client.vector_stores.files.poll(
            uploaded.id, vector_store_id=store.id, poll_interval_ms=1
        )
        assert polled.status == "completed"
        assert client.vector_stores.search(store.id, query="cats").data[0].filename == "cats.md"
        container = client.containers.create(name="live")
        assert client.containers.retrieve(container.id).status == "running"
