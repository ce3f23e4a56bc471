"""The official ``openai`` package drives every evals operation, strict validation on.

Where the service sends ``null`` for a run's or a sample's ``error`` the
package's types require an object; the mock sends ``{"code": "", "message": ""}``
so strict clients accept every answer."""

from __future__ import annotations

from typing import Any

import openai
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.evals.support import (
    CONTAINS,
    EXACT,
    FUZZY,
    ITEM_SCHEMA,
    JUDGE,
    LABEL,
    TEMPLATE,
    rows,
)
from tests.mockserver.test_official_client import async_official, official

CONFIG: Any = {"type": "custom", "item_schema": ITEM_SCHEMA, "include_sample_schema": True}
CONTENT = rows(("Capital of France?", "Paris", None), ("Capital of Peru?", "Lima", None))
SOURCE: Any = {
    "type": "completions",
    "model": "gpt-4o-mini",
    "input_messages": TEMPLATE,
    "source": {"type": "file_content", "content": CONTENT},
}


def test_sync(mock: MockServer) -> None:
    client = official(mock, "openai")
    created = client.evals.create(
        name="sea", data_source_config=CONFIG, testing_criteria=[EXACT, FUZZY, JUDGE, LABEL]
    )
    assert client.evals.retrieve(created.id).name == "sea"
    assert client.evals.update(created.id, name="ocean").name == "ocean"
    assert [e.id for e in client.evals.list()] == [created.id]
    run = client.evals.runs.create(created.id, data_source=SOURCE, name="r1")
    assert run.status == "queued"
    responses: Any = {**SOURCE, "type": "responses"}
    other = client.evals.runs.create(created.id, data_source=responses)
    jsonl: Any = {
        "type": "jsonl",
        "source": {"type": "file_content", "content": rows(("q", "a", "a"))},
    }
    third = client.evals.runs.create(created.id, data_source=jsonl)
    assert client.evals.runs.cancel(third.id, eval_id=created.id).status == "canceled"
    mock.advance(10)
    done = client.evals.runs.retrieve(run.id, eval_id=created.id)
    assert done.status == "completed" and done.result_counts.total == 2
    assert [r.id for r in client.evals.runs.list(created.id)] == [run.id, other.id, third.id]
    items = list(client.evals.runs.output_items.list(run.id, eval_id=created.id))
    assert len(items) == 2 and items[0].sample.output[0].content
    assert [r.name for r in items[0].results] == ["exact", "fuzzy", "judge", "tone"]
    item = client.evals.runs.output_items.retrieve(items[0].id, eval_id=created.id, run_id=run.id)
    assert item.datasource_item == CONTENT[0]["item"]
    assert client.evals.runs.retrieve(other.id, eval_id=created.id).result_counts.total == 2
    assert client.evals.runs.delete(other.id, eval_id=created.id).deleted
    assert client.evals.delete(created.id).deleted
    with pytest.raises(openai.NotFoundError):
        client.evals.retrieve(created.id)
    with pytest.raises(openai.BadRequestError):
        client.evals.create(data_source_config=CONFIG, testing_criteria=[])


@pytest.mark.asyncio
async def test_async(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    created = await client.evals.create(data_source_config=CONFIG, testing_criteria=[CONTAINS])
    run = await client.evals.runs.create(created.id, data_source=SOURCE)
    mock.advance(10)
    done = await client.evals.runs.retrieve(run.id, eval_id=created.id)
    items = [i async for i in client.evals.runs.output_items.list(run.id, eval_id=created.id)]
    assert done.result_counts.passed == sum(1 for i in items if i.status == "pass")
    assert [r.id async for r in client.evals.runs.list(created.id)] == [run.id]
    assert [e.id async for e in client.evals.list()] == [created.id]
    assert (await client.evals.update(created.id, metadata={"k": "v"})).metadata == {"k": "v"}
    assert (
        await client.evals.runs.output_items.retrieve(
            items[0].id, eval_id=created.id, run_id=run.id
        )
    ).id
    assert (await client.evals.runs.delete(run.id, eval_id=created.id)).deleted
    assert (await client.evals.delete(created.id)).deleted
    await client.close()
