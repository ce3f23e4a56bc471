"""Batches through the official client: lifecycle, output files, counts, usage, paging, errors."""

from __future__ import annotations

import json

import openai
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.api.batches.store import BatchesStore
from tests.mockserver.batches.support import chat_body, chat_lines, output_lines, start_batch
from tests.mockserver.test_official_client import async_official, official


def test_a_batch_runs_every_line_and_writes_its_output(mock: MockServer) -> None:
    client = official(mock, "openai")
    batch = start_batch(client, chat_lines(5), metadata={"job": "nightly"})
    assert batch.status == "validating" and batch.request_counts is not None
    assert batch.request_counts.total == 0 and batch.metadata == {"job": "nightly"}
    assert batch.expires_at == batch.created_at + 24 * 3600
    mock.advance(1)
    running = client.batches.retrieve(batch.id)
    assert running.status == "in_progress" and running.in_progress_at == batch.created_at + 1
    mock.advance(5)
    done = client.batches.retrieve(batch.id)
    assert done.status == "completed"
    assert done.finalizing_at is not None and done.completed_at is not None
    assert done.request_counts is not None
    assert (done.request_counts.total, done.request_counts.completed) == (5, 5)
    assert done.error_file_id is None and done.model == "gpt-4o-mini"
    lines = output_lines(client, done.output_file_id)
    assert [line["custom_id"] for line in lines] == [f"req-{i}" for i in range(5)]
    assert all(line["response"]["status_code"] == 200 and line["error"] is None for line in lines)
    assert all(line["id"].startswith("batch_req_") for line in lines)
    assert client.files.retrieve(done.output_file_id or "").purpose == "batch_output"
    bodies = [line["response"]["body"] for line in lines]
    assert done.usage is not None
    assert done.usage.input_tokens == sum(b["usage"]["prompt_tokens"] for b in bodies)
    assert done.usage.output_tokens == sum(b["usage"]["completion_tokens"] for b in bodies)
    assert done.usage.total_tokens == done.usage.input_tokens + done.usage.output_tokens


def test_a_line_answers_as_the_same_direct_call(mock: MockServer) -> None:
    client = official(mock, "openai")
    batch = start_batch(client, chat_lines(3))
    mock.advance(10)
    lines = output_lines(client, client.batches.retrieve(batch.id).output_file_id)
    for i, line in enumerate(lines):
        direct = client.chat.completions.with_raw_response.create(**chat_body(i)).http_response
        expected = direct.json()
        got = line["response"]["body"]
        expected.pop("created"), got.pop("created")
        assert got == expected


def test_other_endpoints_run_through_their_own_handlers(mock: MockServer) -> None:
    client = official(mock, "openai")
    embed = [
        json.dumps(
            {
                "custom_id": "e",
                "method": "POST",
                "url": "/v1/embeddings",
                "body": {"model": "text-embedding-3-small", "input": "sea"},
            }
        )
    ]
    respond = [
        json.dumps(
            {
                "custom_id": "r",
                "method": "POST",
                "url": "/v1/responses",
                "body": {"model": "gpt-4o-mini", "input": "Hello"},
            }
        )
    ]
    embeddings = start_batch(client, embed, "/v1/embeddings")
    responses = start_batch(client, respond, "/v1/responses")
    mock.advance(10)
    [vector] = output_lines(client, client.batches.retrieve(embeddings.id).output_file_id)
    assert len(vector["response"]["body"]["data"][0]["embedding"]) == 1536
    finished = client.batches.retrieve(responses.id)
    [answer] = output_lines(client, finished.output_file_id)
    assert answer["response"]["body"]["object"] == "response"
    assert finished.usage is not None and finished.usage.output_tokens > 0


def test_failed_lines_go_to_the_error_file(mock: MockServer) -> None:
    client = official(mock, "openai")
    lines = chat_lines(3)
    lines[1] = lines[1].replace("gpt-4o-mini", "gpt-nope")
    done_id = start_batch(client, lines).id
    mock.advance(10)
    done = client.batches.retrieve(done_id)
    assert done.request_counts is not None
    assert (done.request_counts.completed, done.request_counts.failed) == (2, 1)
    [failed] = output_lines(client, done.error_file_id)
    assert failed["custom_id"] == "req-1" and failed["response"]["status_code"] == 404
    assert failed["response"]["body"]["error"]["code"] == "model_not_found"


def test_a_bad_input_file_fails_the_batch_with_numbered_errors(mock: MockServer) -> None:
    client = official(mock, "openai")
    good = chat_lines(4)
    lines = [
        good[0],
        "{not json",
        good[0],
        good[3].replace("/v1/chat/completions", "/v1/embeddings"),
        json.dumps({"custom_id": "x", "method": "POST", "url": "/v1/chat/completions"}),
    ]
    batch = start_batch(client, lines)
    mock.advance(1)
    failed = client.batches.retrieve(batch.id)
    assert failed.status == "failed" and failed.failed_at == batch.created_at + 1
    assert failed.errors is not None and failed.errors.data is not None
    found = [(e.line, e.code, e.param) for e in failed.errors.data]
    assert found == [
        (2, "invalid_json_line", None),
        (3, "duplicate_custom_id", "custom_id"),
        (4, "invalid_url", "url"),
        (5, "missing_required_parameter", "body"),
    ]
    assert failed.output_file_id is None


def test_create_errors(mock: MockServer) -> None:
    client = official(mock, "openai")
    with pytest.raises(openai.NotFoundError) as missing:
        client.batches.create(
            input_file_id="file-nope", endpoint="/v1/chat/completions", completion_window="24h"
        )
    assert missing.value.param == "input_file_id"
    wrong = client.files.create(file=("x.jsonl", b"{}\n"), purpose="assistants")
    with pytest.raises(openai.BadRequestError) as purpose:
        client.batches.create(
            input_file_id=wrong.id, endpoint="/v1/chat/completions", completion_window="24h"
        )
    assert "purpose 'batch'" in purpose.value.message
    with pytest.raises(openai.BadRequestError) as endpoint:
        client.batches.create(
            input_file_id=wrong.id,
            endpoint="/v1/nope",  # type: ignore[arg-type]
            completion_window="24h",
        )
    assert endpoint.value.param == "endpoint" and endpoint.value.code == "invalid_value"
    with pytest.raises(openai.NotFoundError):
        client.batches.retrieve("batch_nope")


def test_cancel_keeps_the_output_of_lines_already_run(mock: MockServer) -> None:
    mock.state.get(BatchesStore).lines_per_second = 1.0
    client = official(mock, "openai")
    batch = start_batch(client, chat_lines(10))
    mock.advance(1 + 3.5)
    cancelling = client.batches.cancel(batch.id)
    assert cancelling.status == "cancelling" and cancelling.cancelling_at is not None
    mock.advance(1)
    cancelled = client.batches.retrieve(batch.id)
    assert cancelled.status == "cancelled" and cancelled.request_counts is not None
    assert cancelled.request_counts.completed == 3
    assert len(output_lines(client, cancelled.output_file_id)) == 3
    assert cancelled.error_file_id is None  # the lines that never ran are in no file
    with pytest.raises(openai.ConflictError):
        client.batches.cancel(batch.id)


def test_poll_after_header_while_running(mock: MockServer) -> None:
    client = official(mock, "openai")
    batch = start_batch(client, chat_lines(1))
    running = client.batches.with_raw_response.retrieve(batch.id)
    assert running.headers["openai-poll-after-ms"] == "1000"
    mock.advance(10)
    finished = client.batches.with_raw_response.retrieve(batch.id)
    assert "openai-poll-after-ms" not in finished.headers


def test_list_pages_newest_first_and_reset_forgets(mock: MockServer) -> None:
    client = official(mock, "openai")
    made = [start_batch(client, chat_lines(1)).id for _ in range(3)]
    first = client.batches.list(limit=2)
    assert [b.id for b in first.data] == made[::-1][:2] and first.has_more
    assert [b.id for b in client.batches.list(limit=2)] == made[::-1]  # auto-paging
    after = client.batches.list(limit=2, after=made[1])
    assert [b.id for b in after.data] == [made[0]]
    mock.reset()
    assert client.batches.list().data == []


@pytest.mark.asyncio
async def test_async_official_client(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    data = ("\n".join(chat_lines(2)) + "\n").encode()
    uploaded = await client.files.create(file=("in.jsonl", data), purpose="batch")
    batch = await client.batches.create(
        input_file_id=uploaded.id, endpoint="/v1/chat/completions", completion_window="24h"
    )
    mock.advance(10)
    done = await client.batches.retrieve(batch.id)
    assert done.status == "completed"
    assert [b.id async for b in client.batches.list()] == [batch.id]
    await client.close()


def test_input_limits(mock: MockServer) -> None:
    client = official(mock, "openai")
    empty = start_batch(client, [])
    inputs = [f"text {i}" for i in range(25_001)]
    embed = [
        json.dumps(
            {
                "custom_id": f"e{i}",
                "method": "POST",
                "url": "/v1/embeddings",
                "body": {"model": "text-embedding-3-small", "input": inputs},
            }
        )
        for i in range(2)
    ]
    too_many = start_batch(client, embed, "/v1/embeddings")
    mock.advance(1)
    codes = {
        batch_id: [e.code for e in (client.batches.retrieve(batch_id).errors or []).data or []]
        for batch_id in (empty.id, too_many.id)
    }
    assert codes == {empty.id: ["empty_file"], too_many.id: ["too_many_inputs"]}


def test_a_streaming_line_is_refused(mock: MockServer) -> None:
    client = official(mock, "openai")
    streaming = json.dumps(
        {
            "custom_id": "s",
            "method": "POST",
            "url": "/v1/chat/completions",
            "body": {**chat_body(0), "stream": True},
        }
    )
    batch = start_batch(client, [streaming])
    mock.advance(10)
    [refused] = output_lines(client, client.batches.retrieve(batch.id).error_file_id)
    assert refused["response"]["status_code"] == 400
    assert refused["response"]["body"]["error"]["param"] == "stream"
