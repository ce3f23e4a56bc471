"""Every method of uploads, batches, fine_tuning and evals, sync and async: the request it
sends (method, path, query, JSON body) and the type it parses the spec-shaped answer into.

Clients run with strict response validation, so an answer the types do not describe fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from openai_kit.pagination import (
    AsyncConversationCursorPage,
    AsyncCursorPage,
    AsyncPage,
    SyncConversationCursorPage,
    SyncCursorPage,
    SyncPage,
)
from openai_kit.types import (
    Batch,
    EvalCreateResponse,
    EvalDeleteResponse,
    EvalListResponse,
    EvalRetrieveResponse,
    EvalUpdateResponse,
    Upload,
)
from openai_kit.types.evals import (
    RunCancelResponse,
    RunCreateResponse,
    RunDeleteResponse,
    RunListResponse,
    RunRetrieveResponse,
)
from openai_kit.types.evals.runs import OutputItemListResponse, OutputItemRetrieveResponse
from openai_kit.types.fine_tuning import FineTuningJob, FineTuningJobEvent
from openai_kit.types.fine_tuning.alpha import GraderRunResponse, GraderValidateResponse
from openai_kit.types.fine_tuning.checkpoints import (
    PermissionCreateResponse,
    PermissionDeleteResponse,
    PermissionListResponse,
    PermissionRetrieveResponse,
)
from openai_kit.types.fine_tuning.jobs import FineTuningJobCheckpoint
from openai_kit.types.graders import StringCheckGrader
from openai_kit.types.uploads import UploadPart
from tests.sdk.conftest import Flavor
from tests.support.jobs import (
    BATCH,
    EVAL,
    EVAL_RUN,
    FINE_TUNING_EVENT,
    FINE_TUNING_JOB,
    GRADER,
    GRADER_RUN,
    JOB_CHECKPOINT,
    OUTPUT_ITEM,
    PERMISSION,
    UPLOAD,
    UPLOAD_PART,
    page,
)
from tests.support.sse import MockAPI, json_response

JOB = "ftjob-abc123"
CKPT = "ft:gpt-4o-mini-2024-07-18:org::7p4lURel:ckpt-step-7"
CKPT_PATH = "/fine_tuning/checkpoints/ft:gpt-4o-mini-2024-07-18:org::7p4lURel:ckpt-step-7"
EVAL_ID = "eval_67abd54d9b0081909a86353f6fb9317a"
RUN = "evalrun_67e57965b480819094274e3a32235e4c"
ITEM = "outputitem_67abd55eb6548190bb580745d5644a33"
RUN_PATH = f"/evals/{EVAL_ID}/runs/{RUN}"
METHOD_CREATE = {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 2}}}
JSONL_SOURCE = {
    "type": "jsonl",
    "source": {"type": "file_content", "content": [{"item": {"label": "x"}}]},
}
CUSTOM_CONFIG = {"type": "custom", "item_schema": {"type": "object"}}


@dataclass(frozen=True)
class Case:
    """One call: what it sends and what it gives back."""

    call: Callable[[Any], Any]
    method: str
    path: str
    answer: dict[str, Any]
    result: type[Any] | tuple[type[Any], type[Any]]  # a model, or (sync page, async page)
    item: type[Any] | None = None  # a page's item type
    body: dict[str, Any] | None = None
    query: dict[str, str] = field(default_factory=dict)


CASES: dict[str, Case] = {
    # -- uploads
    "uploads.create": Case(
        lambda c: c.uploads.create(
            bytes=2048, filename="train.jsonl", mime_type="text/jsonl", purpose="fine-tune",
            expires_after={"anchor": "created_at", "seconds": 3600},
        ),
        "POST", "/uploads", UPLOAD, Upload,
        body={"bytes": 2048, "filename": "train.jsonl", "mime_type": "text/jsonl",
              "purpose": "fine-tune", "expires_after": {"anchor": "created_at", "seconds": 3600}},
    ),
    "uploads.complete": Case(
        lambda c: c.uploads.complete("upload_abc123", part_ids=("part_1", "part_2"), md5="abc"),
        "POST", "/uploads/upload_abc123/complete", UPLOAD, Upload,
        body={"part_ids": ["part_1", "part_2"], "md5": "abc"},
    ),
    "uploads.cancel": Case(
        lambda c: c.uploads.cancel("upload_abc123"),
        "POST", "/uploads/upload_abc123/cancel", UPLOAD, Upload,
    ),
    # -- batches
    "batches.create": Case(
        lambda c: c.batches.create(
            input_file_id="file-abc123", endpoint="/v1/chat/completions",
            completion_window="24h", metadata={"team": "a"},
        ),
        "POST", "/batches", BATCH, Batch,
        body={"input_file_id": "file-abc123", "endpoint": "/v1/chat/completions",
              "completion_window": "24h", "metadata": {"team": "a"}},
    ),
    "batches.retrieve": Case(
        lambda c: c.batches.retrieve("batch_abc123"), "GET", "/batches/batch_abc123", BATCH, Batch
    ),
    "batches.list": Case(
        lambda c: c.batches.list(limit=2, after="batch_0"),
        "GET", "/batches", page([BATCH]), (SyncCursorPage, AsyncCursorPage), Batch,
        query={"limit": "2", "after": "batch_0"},
    ),
    "batches.cancel": Case(
        lambda c: c.batches.cancel("batch_abc123"),
        "POST", "/batches/batch_abc123/cancel", BATCH, Batch,
    ),
    # -- fine_tuning.jobs
    "fine_tuning.jobs.create": Case(
        lambda c: c.fine_tuning.jobs.create(
            model="gpt-4o-mini", training_file="file-abc123", method=METHOD_CREATE, seed=7,
            suffix="custom",
        ),
        "POST", "/fine_tuning/jobs", FINE_TUNING_JOB, FineTuningJob,
        body={"model": "gpt-4o-mini", "training_file": "file-abc123", "method": METHOD_CREATE,
              "seed": 7, "suffix": "custom"},
    ),
    "fine_tuning.jobs.retrieve": Case(
        lambda c: c.fine_tuning.jobs.retrieve(JOB),
        "GET", f"/fine_tuning/jobs/{JOB}", FINE_TUNING_JOB, FineTuningJob,
    ),
    "fine_tuning.jobs.list": Case(
        lambda c: c.fine_tuning.jobs.list(limit=5, metadata={"team": "blue"}),
        "GET", "/fine_tuning/jobs", page([FINE_TUNING_JOB]), (SyncCursorPage, AsyncCursorPage),
        FineTuningJob, query={"limit": "5", "metadata[team]": "blue"},
    ),
    "fine_tuning.jobs.cancel": Case(
        lambda c: c.fine_tuning.jobs.cancel(JOB),
        "POST", f"/fine_tuning/jobs/{JOB}/cancel", FINE_TUNING_JOB, FineTuningJob,
    ),
    "fine_tuning.jobs.pause": Case(
        lambda c: c.fine_tuning.jobs.pause(JOB),
        "POST", f"/fine_tuning/jobs/{JOB}/pause", FINE_TUNING_JOB, FineTuningJob,
    ),
    "fine_tuning.jobs.resume": Case(
        lambda c: c.fine_tuning.jobs.resume(JOB),
        "POST", f"/fine_tuning/jobs/{JOB}/resume", FINE_TUNING_JOB, FineTuningJob,
    ),
    "fine_tuning.jobs.list_events": Case(
        lambda c: c.fine_tuning.jobs.list_events(JOB, limit=3),
        "GET", f"/fine_tuning/jobs/{JOB}/events", page([FINE_TUNING_EVENT]),
        (SyncCursorPage, AsyncCursorPage), FineTuningJobEvent, query={"limit": "3"},
    ),
    "fine_tuning.jobs.checkpoints.list": Case(
        lambda c: c.fine_tuning.jobs.checkpoints.list(JOB, after="ftckpt_0"),
        "GET", f"/fine_tuning/jobs/{JOB}/checkpoints", page([JOB_CHECKPOINT]),
        (SyncCursorPage, AsyncCursorPage), FineTuningJobCheckpoint, query={"after": "ftckpt_0"},
    ),
    # -- fine_tuning.checkpoints.permissions
    "fine_tuning.checkpoints.permissions.create": Case(
        lambda c: c.fine_tuning.checkpoints.permissions.create(CKPT, project_ids=["proj_1"]),
        "POST", f"{CKPT_PATH}/permissions", page([PERMISSION]), (SyncPage, AsyncPage),
        PermissionCreateResponse, body={"project_ids": ["proj_1"]},
    ),
    "fine_tuning.checkpoints.permissions.list": Case(
        lambda c: c.fine_tuning.checkpoints.permissions.list(CKPT, project_id="proj_1", order="ascending"),
        "GET", f"{CKPT_PATH}/permissions", page([PERMISSION]),
        (SyncConversationCursorPage, AsyncConversationCursorPage), PermissionListResponse,
        query={"project_id": "proj_1", "order": "ascending"},
    ),
    "fine_tuning.checkpoints.permissions.delete": Case(
        lambda c: c.fine_tuning.checkpoints.permissions.delete(
            "cp_zc4Q7MP6XxulcVzj4MZdwsAB", fine_tuned_model_checkpoint=CKPT
        ),
        "DELETE", f"{CKPT_PATH}/permissions/cp_zc4Q7MP6XxulcVzj4MZdwsAB",
        {"id": "cp_zc4Q7MP6XxulcVzj4MZdwsAB", "object": "checkpoint.permission", "deleted": True},
        PermissionDeleteResponse,
    ),
    # -- fine_tuning.alpha.graders
    "fine_tuning.alpha.graders.run": Case(
        lambda c: c.fine_tuning.alpha.graders.run(
            grader=GRADER, model_sample="x", item={"label": "x"}
        ),
        "POST", "/fine_tuning/alpha/graders/run", GRADER_RUN, GraderRunResponse,
        body={"grader": GRADER, "model_sample": "x", "item": {"label": "x"}},
    ),
    "fine_tuning.alpha.graders.validate": Case(
        lambda c: c.fine_tuning.alpha.graders.validate(grader=GRADER),
        "POST", "/fine_tuning/alpha/graders/validate", {"grader": GRADER},
        GraderValidateResponse, body={"grader": GRADER},
    ),
    # -- evals
    "evals.create": Case(
        lambda c: c.evals.create(
            name="Labels", data_source_config=CUSTOM_CONFIG, testing_criteria=[GRADER]
        ),
        "POST", "/evals", EVAL, EvalCreateResponse,
        body={"name": "Labels", "data_source_config": CUSTOM_CONFIG, "testing_criteria": [GRADER]},
    ),
    "evals.retrieve": Case(
        lambda c: c.evals.retrieve(EVAL_ID), "GET", f"/evals/{EVAL_ID}", EVAL, EvalRetrieveResponse
    ),
    "evals.update": Case(
        lambda c: c.evals.update(EVAL_ID, name="Renamed", metadata={"k": "v"}),
        "POST", f"/evals/{EVAL_ID}", EVAL, EvalUpdateResponse,
        body={"name": "Renamed", "metadata": {"k": "v"}},
    ),
    "evals.list": Case(
        lambda c: c.evals.list(order="asc", order_by="updated_at", limit=10),
        "GET", "/evals", page([EVAL]), (SyncCursorPage, AsyncCursorPage), EvalListResponse,
        query={"order": "asc", "order_by": "updated_at", "limit": "10"},
    ),
    "evals.delete": Case(
        lambda c: c.evals.delete(EVAL_ID),
        "DELETE", f"/evals/{EVAL_ID}",
        {"object": "eval.deleted", "deleted": True, "eval_id": EVAL_ID}, EvalDeleteResponse,
    ),
    # -- evals.runs
    "evals.runs.create": Case(
        lambda c: c.evals.runs.create(EVAL_ID, name="r1", data_source=JSONL_SOURCE),
        "POST", f"/evals/{EVAL_ID}/runs", EVAL_RUN, RunCreateResponse,
        body={"name": "r1", "data_source": JSONL_SOURCE},
    ),
    "evals.runs.retrieve": Case(
        lambda c: c.evals.runs.retrieve(RUN, eval_id=EVAL_ID),
        "GET", RUN_PATH, EVAL_RUN, RunRetrieveResponse,
    ),
    "evals.runs.list": Case(
        lambda c: c.evals.runs.list(EVAL_ID, status="completed"),
        "GET", f"/evals/{EVAL_ID}/runs", page([EVAL_RUN]), (SyncCursorPage, AsyncCursorPage),
        RunListResponse, query={"status": "completed"},
    ),
    "evals.runs.cancel": Case(
        lambda c: c.evals.runs.cancel(RUN, eval_id=EVAL_ID),
        "POST", RUN_PATH, EVAL_RUN, RunCancelResponse,
    ),
    "evals.runs.delete": Case(
        lambda c: c.evals.runs.delete(RUN, eval_id=EVAL_ID),
        "DELETE", RUN_PATH, {"object": "eval.run.deleted", "deleted": True, "run_id": RUN},
        RunDeleteResponse,
    ),
    "evals.runs.output_items.retrieve": Case(
        lambda c: c.evals.runs.output_items.retrieve(ITEM, eval_id=EVAL_ID, run_id=RUN),
        "GET", f"{RUN_PATH}/output_items/{ITEM}", OUTPUT_ITEM, OutputItemRetrieveResponse,
    ),
    "evals.runs.output_items.list": Case(
        lambda c: c.evals.runs.output_items.list(RUN, eval_id=EVAL_ID, status="pass"),
        "GET", f"{RUN_PATH}/output_items", page([OUTPUT_ITEM]),
        (SyncCursorPage, AsyncCursorPage), OutputItemListResponse, query={"status": "pass"},
    ),
}  # fmt: skip


@pytest.mark.asyncio
@pytest.mark.parametrize("name", sorted(CASES))
async def test_request_and_parsed_answer(name: str, flavor: Flavor) -> None:
    case = CASES[name]
    api = MockAPI.returning(case.answer)
    client = (api.async_client if flavor.is_async else api.client)(_strict_response_validation=True)
    result = await flavor.settle(case.call(client))

    request = api.last
    assert (request.method, request.url.path) == (case.method, "/v1" + case.path)
    assert dict(request.url.params) == case.query
    if case.body is None:
        assert request.content == b""
    else:
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.content) == case.body
    if isinstance(case.result, tuple):
        assert isinstance(result, case.result[1 if flavor.is_async else 0])
        assert all(isinstance(item, case.item) for item in result.data)
        assert [item.to_dict(mode="json") for item in result.data] == case.answer["data"]
    else:
        assert isinstance(result, case.result)
        assert result.to_dict(mode="json") == case.answer


def test_every_method_of_the_new_resources_has_a_case() -> None:
    """The table above names every public method (helpers aside, they have their own tests)."""
    from openai_kit import OpenAI

    helpers = {"poll", "create_and_poll", "upload_file_chunked"}
    client = OpenAI(api_key="sk-test")
    found: set[str] = set()

    def walk(resource: Any, prefix: str) -> None:
        for attr in dir(resource):
            if attr.startswith(("_", "with_")):
                continue
            value = getattr(resource, attr)
            if hasattr(value, "_client") and hasattr(value, "with_raw_response"):
                walk(value, f"{prefix}.{attr}")
            elif attr not in helpers and callable(value):
                found.add(f"{prefix}.{attr}")

    for resource in ("uploads", "batches", "fine_tuning", "evals"):
        walk(getattr(client, resource), resource)
    # parts.create (multipart) and the deprecated permissions.retrieve are tested below
    own_tests = {"uploads.parts.create", "fine_tuning.checkpoints.permissions.retrieve"}
    assert found == set(CASES) | own_tests


@pytest.mark.asyncio
async def test_parts_create_sends_the_data_as_a_multipart_file(flavor: Flavor) -> None:
    api = MockAPI.returning(UPLOAD_PART)
    client = api.async_client() if flavor.is_async else api.client()
    part = await flavor.settle(client.uploads.parts.create("upload_abc123", data=b"line 1\n"))
    assert isinstance(part, UploadPart)
    assert part.upload_id == "upload_abc123"
    request = api.last
    assert (request.method, request.url.path) == ("POST", "/v1/uploads/upload_abc123/parts")
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="data"; filename="upload"' in request.content
    assert b"\r\n\r\nline 1\n\r\n" in request.content


@pytest.mark.asyncio
async def test_deprecated_permissions_retrieve_still_answers(flavor: Flavor) -> None:
    api = MockAPI.returning(page([PERMISSION]))
    permissions = (
        api.async_client() if flavor.is_async else api.client()
    ).fine_tuning.checkpoints.permissions
    with pytest.warns(DeprecationWarning, match="use the paginated permissions.list"):
        answer = await flavor.settle(permissions.retrieve(CKPT, limit=1))
    assert isinstance(answer, PermissionRetrieveResponse)
    assert [p.project_id for p in answer.data] == [PERMISSION["project_id"]]
    assert api.last.url.path == f"/v1{CKPT_PATH}/permissions"
    assert dict(api.last.url.params) == {"limit": "1"}


def test_eval_answers_parse_into_the_grader_classes() -> None:
    api = MockAPI.returning(EVAL)
    evaluation = api.client(_strict_response_validation=True).evals.retrieve(EVAL_ID)
    (criterion,) = evaluation.testing_criteria
    assert isinstance(criterion, StringCheckGrader)
    assert criterion.operation == "eq"
    assert evaluation.data_source_config.type == "custom"


def test_raw_and_streaming_views_reach_nested_resources() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v1/evals/"):
            return json_response(EVAL_RUN)
        if request.url.path.endswith("/checkpoints"):
            return json_response(page([JOB_CHECKPOINT]))
        return json_response(FINE_TUNING_JOB, headers={"x-request-id": "req_1"})

    api = MockAPI(handler)
    client = api.client(_strict_response_validation=True)
    raw = client.fine_tuning.with_raw_response.jobs.retrieve(JOB)
    assert raw.headers["x-request-id"] == "req_1"
    assert isinstance(raw.parse(), FineTuningJob)
    raw = client.with_raw_response.fine_tuning.jobs.checkpoints.list(JOB)
    assert raw.status_code == 200
    assert [c.id for c in raw.parse().data] == [JOB_CHECKPOINT["id"]]
    with client.evals.runs.with_streaming_response.retrieve(RUN, eval_id=EVAL_ID) as streamed:
        assert isinstance(streamed.parse(), RunRetrieveResponse)
    assert api.last.url.path == f"/v1{RUN_PATH}"


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.batches.retrieve(""),
        lambda c: c.uploads.cancel(""),
        lambda c: c.fine_tuning.jobs.pause(""),
        lambda c: c.evals.runs.retrieve(RUN, eval_id=""),
        lambda c: c.evals.runs.output_items.retrieve("", eval_id=EVAL_ID, run_id=RUN),
        lambda c: c.fine_tuning.checkpoints.permissions.delete(
            "cp_1", fine_tuned_model_checkpoint=""
        ),
    ],
)
def test_empty_ids_are_refused_before_any_request(call: Callable[[Any], Any]) -> None:
    api = MockAPI.returning({})
    with pytest.raises(ValueError, match="Expected a non-empty value for `"):
        call(api.client())
    assert api.requests == []


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda c: c.batches.list(), "/openai/batches"),
        (lambda c: c.uploads.cancel("upload_1"), "/openai/uploads/upload_1/cancel"),
        (lambda c: c.fine_tuning.jobs.retrieve(JOB), f"/openai/fine_tuning/jobs/{JOB}"),
        (lambda c: c.evals.runs.retrieve(RUN, eval_id=EVAL_ID), f"/openai{RUN_PATH}"),
    ],
)
@pytest.mark.parametrize("deployment", [None, "gpt-4o-mini"])
def test_azure_serves_the_jobs_areas_at_the_resource_root(
    call: Callable[[Any], Any], path: str, deployment: str | None
) -> None:
    from openai_kit import AzureOpenAI

    api = MockAPI.returning(page([]))
    client = AzureOpenAI(
        api_key="azure-key",
        api_version="2025-04-01-preview",
        azure_endpoint="https://example-resource.azure.openai.test",
        azure_deployment=deployment,
        http_client=httpx.Client(transport=httpx.MockTransport(api)),
    )
    call(client)
    assert api.last.url.path == path  # never under /deployments/
    assert api.last.url.params["api-version"] == "2025-04-01-preview"
    assert api.last.headers["api-key"] == "azure-key"
