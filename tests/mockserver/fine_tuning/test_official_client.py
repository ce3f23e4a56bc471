"""The official ``openai`` package drives every fine-tuning operation, strict validation on
(OpenAI, Azure classic and Azure v1; sync and async). A paused job's status, ``paused``,
is what the service sends and the package's type lacks: that answer is read leniently."""

from __future__ import annotations

import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.fine_tuning.support import chat_lines, jsonl
from tests.mockserver.test_official_client import STYLES, Style, async_official, official


@pytest.mark.parametrize("style", STYLES)
def test_jobs_checkpoints_and_permissions(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    training = client.files.create(file=("train.jsonl", jsonl(chat_lines(10))), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(
        model="gpt-4o-mini", training_file=training.id, suffix="sea"
    )
    assert job.status == "validating_files"
    mock.advance(10)
    done = client.fine_tuning.jobs.retrieve(job.id)
    assert done.status == "succeeded" and done.fine_tuned_model is not None
    assert [j.id for j in client.fine_tuning.jobs.list()] == [job.id]
    events = list(client.fine_tuning.jobs.list_events(job.id, limit=100))
    assert any(e.type == "metrics" for e in events)
    checkpoints = list(client.fine_tuning.jobs.checkpoints.list(job.id))
    assert checkpoints[0].fine_tuned_model_checkpoint == done.fine_tuned_model
    permissions = client.fine_tuning.checkpoints.permissions
    created = permissions.create(done.fine_tuned_model, project_ids=["proj_a"])
    assert [p.id for p in permissions.list(done.fine_tuned_model)] == [p.id for p in created]
    with pytest.warns(DeprecationWarning, match="Retrieve is deprecated"):
        listed = permissions.retrieve(done.fine_tuned_model)
    assert [p.id for p in listed.data] == [p.id for p in created]
    assert permissions.delete(
        created.data[0].id, fine_tuned_model_checkpoint=done.fine_tuned_model
    ).deleted
    second = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=training.id)
    assert client.fine_tuning.jobs.cancel(second.id).status == "cancelled"
    answer = client.chat.completions.create(
        model=done.fine_tuned_model, messages=[{"role": "user", "content": "hi"}]
    )
    assert answer.choices[0].message.content


def test_pause_and_resume(mock: MockServer) -> None:
    client = official(mock, "openai")
    training = client.files.create(file=("train.jsonl", jsonl(chat_lines(10))), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=training.id)
    mock.advance(2.2)
    lenient = official(mock, "openai", strict=False)
    assert lenient.fine_tuning.jobs.pause(job.id).status == "paused"  # type: ignore[comparison-overlap]
    assert client.fine_tuning.jobs.resume(job.id).status == "queued"
    mock.advance(10)
    assert client.fine_tuning.jobs.retrieve(job.id).status == "succeeded"


def test_responses_answer_with_the_fine_tuned_model(mock: MockServer) -> None:
    client = official(mock, "openai")
    training = client.files.create(file=("train.jsonl", jsonl(chat_lines(10))), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model="gpt-4.1-mini", training_file=training.id)
    mock.advance(10)
    model = client.fine_tuning.jobs.retrieve(job.id).fine_tuned_model
    assert model is not None
    response = client.responses.create(model=model, input="Tell me about the sea.")
    assert response.model == model and response.output_text
    assert model in [m.id for m in client.models.list()]
    assert client.models.delete(model).deleted


@pytest.mark.asyncio
@pytest.mark.parametrize("style", STYLES)
async def test_async(mock: MockServer, style: Style) -> None:
    client = async_official(mock, style)
    training = await client.files.create(
        file=("t.jsonl", jsonl(chat_lines(10))), purpose="fine-tune"
    )
    job = await client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=training.id)
    mock.advance(10)
    done = await client.fine_tuning.jobs.retrieve(job.id)
    assert done.fine_tuned_model is not None
    assert [e.id async for e in client.fine_tuning.jobs.list_events(job.id)]
    assert [c.id async for c in client.fine_tuning.jobs.checkpoints.list(job.id)]
    assert [j.id async for j in client.fine_tuning.jobs.list()] == [job.id]
    created = await client.fine_tuning.checkpoints.permissions.create(
        done.fine_tuned_model, project_ids=["p"]
    )
    permission = created.data[0]
    listed = client.fine_tuning.checkpoints.permissions.list(done.fine_tuned_model)
    assert [p.id async for p in listed] == [permission.id]
    deleted = await client.fine_tuning.checkpoints.permissions.delete(
        permission.id, fine_tuned_model_checkpoint=done.fine_tuned_model
    )
    assert deleted.deleted
    other = await client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=training.id)
    mock.advance(2.2)
    resumed = async_official(mock, style, strict=False)
    await resumed.fine_tuning.jobs.pause(other.id)
    assert (await client.fine_tuning.jobs.resume(other.id)).status == "queued"
    assert (await client.fine_tuning.jobs.cancel(other.id)).status == "cancelled"
    await client.close()
    await resumed.close()
