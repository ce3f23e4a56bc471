"""The helpers over the jobs endpoints: ``poll`` / ``create_and_poll`` (batches, fine-tuning
jobs, eval runs) and ``uploads.upload_file_chunked``, sync and async, with no real sleep."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from openai_kit.types import Batch, Upload
from tests.sdk.conftest import Flavor
from tests.support.jobs import BATCH, EVAL_RUN, FINE_TUNING_JOB, UPLOAD, UPLOAD_PART, with_status
from tests.support.sleeps import record_sleeps
from tests.support.sse import MockAPI, json_response

EVAL_ID = EVAL_RUN["eval_id"]


def _lifecycle(states: list[tuple[dict[str, Any], dict[str, str]]]) -> MockAPI:
    """Answer each retrieval with the next (body, headers); create answers the first body."""
    remaining: Iterator[tuple[dict[str, Any], dict[str, str]]] = iter(states)

    def handler(request: httpx.Request) -> httpx.Response:
        body, headers = next(remaining)
        return json_response(body, headers=headers)

    return MockAPI(handler)


def _client(api: MockAPI, flavor: Flavor) -> Any:
    return api.async_client() if flavor.is_async else api.client()


# -- poll ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_batch_poll_waits_as_long_as_the_server_asks(
    flavor: Flavor, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps = record_sleeps(monkeypatch)
    api = _lifecycle(
        [
            (with_status(BATCH, "validating"), {"openai-poll-after-ms": "250"}),
            (with_status(BATCH, "in_progress"), {"openai-poll-after-ms": "4000"}),
            (with_status(BATCH, "finalizing"), {}),
            (BATCH, {"openai-poll-after-ms": "9999"}),
        ]
    )
    batch = await flavor.settle(_client(api, flavor).batches.poll("batch_abc123"))
    assert isinstance(batch, Batch)
    assert batch.status == "completed"
    assert [(r.method, r.url.path) for r in api.requests] == [
        ("GET", "/v1/batches/batch_abc123")
    ] * 4
    # the header is read on every answer; without one, one second
    assert sleeps.waits == [0.25, 4.0, 1.0]
    assert (sleeps.async_waits if flavor.is_async else sleeps.sync_waits) == sleeps.waits


@pytest.mark.asyncio
async def test_a_given_poll_interval_wins_over_the_header(
    flavor: Flavor, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps = record_sleeps(monkeypatch)
    api = _lifecycle(
        [
            (with_status(BATCH, "in_progress"), {"openai-poll-after-ms": "4000"}),
            (with_status(BATCH, "cancelling"), {"openai-poll-after-ms": "4000"}),
            (with_status(BATCH, "cancelled"), {}),
        ]
    )
    batch = await flavor.settle(
        _client(api, flavor).batches.poll("batch_abc123", poll_interval_ms=50)
    )
    assert batch.status == "cancelled"
    assert sleeps.waits == [0.05, 0.05]


@pytest.mark.asyncio
async def test_batch_create_and_poll(flavor: Flavor, monkeypatch: pytest.MonkeyPatch) -> None:
    sleeps = record_sleeps(monkeypatch)
    api = _lifecycle(
        [
            (with_status(BATCH, "validating"), {}),
            (with_status(BATCH, "failed", errors={"object": "list", "data": []}), {}),
        ]
    )
    batch = await flavor.settle(
        _client(api, flavor).batches.create_and_poll(
            input_file_id="file-abc123", endpoint="/v1/embeddings", completion_window="24h"
        )
    )
    assert batch.status == "failed"
    create, retrieve = api.requests
    assert (create.method, create.url.path) == ("POST", "/v1/batches")
    assert json.loads(create.content)["endpoint"] == "/v1/embeddings"
    assert (retrieve.method, retrieve.url.path) == ("GET", "/v1/batches/batch_abc123")
    assert sleeps.waits == []  # the first retrieval already settled it


@pytest.mark.asyncio
async def test_fine_tuning_job_poll_stops_when_paused_or_done(
    flavor: Flavor, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps = record_sleeps(monkeypatch)
    job_id = FINE_TUNING_JOB["id"]
    api = _lifecycle(
        [
            (with_status(FINE_TUNING_JOB, "validating_files"), {}),
            (with_status(FINE_TUNING_JOB, "queued"), {"openai-poll-after-ms": "10"}),
            (with_status(FINE_TUNING_JOB, "running"), {"openai-poll-after-ms": "20"}),
            (with_status(FINE_TUNING_JOB, "paused"), {}),
        ]
    )
    jobs = _client(api, flavor).fine_tuning.jobs
    job = await flavor.settle(
        jobs.create_and_poll(model="gpt-4o-mini", training_file="file-abc123")
    )
    assert job.status == "paused"
    assert [r.url.path for r in api.requests] == ["/v1/fine_tuning/jobs"] + [
        f"/v1/fine_tuning/jobs/{job_id}"
    ] * 3
    assert sleeps.waits == [0.01, 0.02]


@pytest.mark.asyncio
async def test_eval_run_poll(flavor: Flavor, monkeypatch: pytest.MonkeyPatch) -> None:
    sleeps = record_sleeps(monkeypatch)
    api = _lifecycle(
        [
            (EVAL_RUN, {}),  # created: queued
            (with_status(EVAL_RUN, "in_progress"), {"openai-poll-after-ms": "500"}),
            (with_status(EVAL_RUN, "completed"), {}),
        ]
    )
    runs = _client(api, flavor).evals.runs
    run = await flavor.settle(
        runs.create_and_poll(
            EVAL_ID, data_source={"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}
        )
    )
    assert run.status == "completed"
    run_path = f"/v1/evals/{EVAL_ID}/runs/{EVAL_RUN['id']}"
    assert [r.url.path for r in api.requests] == [f"/v1/evals/{EVAL_ID}/runs", run_path, run_path]
    assert sleeps.waits == [0.5]


# -- upload_file_chunked ------------------------------------------------------------------


def _upload_api() -> MockAPI:
    parts: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/v1/uploads":
            body = json.loads(request.content)
            return json_response({**UPLOAD, "status": "pending", "bytes": body["bytes"],
                                  "filename": body["filename"], "purpose": body["purpose"]})  # fmt: skip
        if path.endswith("/parts"):
            data = request.content.split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n--", 1)[0]
            parts.append(data)
            return json_response({**UPLOAD_PART, "id": f"part_{len(parts)}"})
        assert path.endswith("/complete")
        return json_response(UPLOAD)

    api = MockAPI(handler)
    api.parts = parts  # type: ignore[attr-defined]
    return api


def _sent(api: MockAPI) -> tuple[dict[str, Any], list[bytes], dict[str, Any]]:
    create, *_, complete = api.requests
    return json.loads(create.content), api.parts, json.loads(complete.content)  # type: ignore[attr-defined]


@pytest.mark.asyncio
async def test_upload_file_chunked_from_a_path(flavor: Flavor, tmp_path: Path) -> None:
    data = bytes(range(256)) * 10  # 2560 bytes: parts of 1000, 1000, 560
    path = tmp_path / "training.jsonl"
    path.write_bytes(data)
    api = _upload_api()
    upload = await flavor.settle(
        _client(api, flavor).uploads.upload_file_chunked(
            file=path, mime_type="text/jsonl", purpose="fine-tune", part_size=1000, md5="d41d8"
        )
    )
    assert isinstance(upload, Upload)
    created, parts, completed = _sent(api)
    assert created == {"bytes": 2560, "filename": "training.jsonl", "mime_type": "text/jsonl",
                       "purpose": "fine-tune"}  # fmt: skip
    assert [len(p) for p in parts] == [1000, 1000, 560]
    assert b"".join(parts) == data
    assert completed == {"part_ids": ["part_1", "part_2", "part_3"], "md5": "d41d8"}
    assert {r.url.path for r in api.requests[1:-1]} == {"/v1/uploads/upload_abc123/parts"}
    assert api.requests[-1].url.path == "/v1/uploads/upload_abc123/complete"


@pytest.mark.asyncio
async def test_upload_file_chunked_from_bytes(flavor: Flavor) -> None:
    api = _upload_api()
    await flavor.settle(
        _client(api, flavor).uploads.upload_file_chunked(
            file=b"abcdefghij", filename="letters.txt", mime_type="text/plain",
            purpose="assistants", part_size=4,
        )
    )  # fmt: skip
    created, parts, completed = _sent(api)
    assert created["bytes"] == 10
    assert created["filename"] == "letters.txt"
    assert parts == [b"abcd", b"efgh", b"ij"]
    assert completed == {"part_ids": ["part_1", "part_2", "part_3"]}  # no md5 unless given


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"file": b"abc"}, TypeError, "`filename` argument must be given for in-memory files"),
        ({"file": b"abc", "filename": "a", "part_size": 0}, ValueError, "`part_size` must be"),
        ({"file": "not-a-path-object"}, TypeError, "Expected a path or bytes"),
    ],
)
def test_upload_file_chunked_refuses_bad_arguments_before_any_request(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    api = _upload_api()
    with pytest.raises(error, match=message):
        api.client().uploads.upload_file_chunked(mime_type="text/plain", purpose="batch", **kwargs)
    assert api.requests == []


def test_helpers_answer_parsed_objects_even_from_the_raw_view(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record_sleeps(monkeypatch)
    api = _lifecycle([(BATCH, {})])
    poll: Callable[..., Any] = api.client().batches.with_raw_response.poll
    assert isinstance(poll("batch_abc123"), Batch)
