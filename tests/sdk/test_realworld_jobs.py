"""Replay every recording of the jobs endpoints (uploads, batches, fine-tuning, evals) in
``../shared/realworld-cassettes`` through the SDK, with strict response validation.

Each recorded request is turned back into the SDK call that sends it (path ids as
arguments, the JSON body or the query as keyword arguments); the test checks that the
SDK sends the same request and that the recorded answer parses into the documented
type and dumps back to the recorded JSON, or raises the documented error. Recordings
are found by operation name, so a folder without any (the shared set today) runs the
replay plumbing on a synthetic recording only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from openai_kit import APIStatusError
from openai_kit.pagination import SyncConversationCursorPage, SyncCursorPage, SyncPage
from tests.sdk.test_realworld_cassettes import (
    Replay,
    _split_kwargs,
    assert_request_matches,
    check_error,
)
from tests.support.jobs import BATCH, page
from tests.support.realworld import (
    ManifestEntry,
    RecordedInteraction,
    RecordedRequest,
    RecordedResponse,
    interactions_or_empty,
    parse_multipart,
    require_cassettes,
)

# operation -> the path template it is recorded under; ``{name}`` segments become arguments,
# the first of them positional (as the SDK method takes it), the others by keyword.
TEMPLATES: dict[str, str] = {
    "uploads.create": "/uploads",
    "uploads.parts.create": "/uploads/{upload_id}/parts",
    "uploads.complete": "/uploads/{upload_id}/complete",
    "uploads.cancel": "/uploads/{upload_id}/cancel",
    "batches.create": "/batches",
    "batches.list": "/batches",
    "batches.retrieve": "/batches/{batch_id}",
    "batches.cancel": "/batches/{batch_id}/cancel",
    "fine_tuning.jobs.create": "/fine_tuning/jobs",
    "fine_tuning.jobs.list": "/fine_tuning/jobs",
    "fine_tuning.jobs.retrieve": "/fine_tuning/jobs/{job}",
    "fine_tuning.jobs.cancel": "/fine_tuning/jobs/{job}/cancel",
    "fine_tuning.jobs.pause": "/fine_tuning/jobs/{job}/pause",
    "fine_tuning.jobs.resume": "/fine_tuning/jobs/{job}/resume",
    "fine_tuning.jobs.list_events": "/fine_tuning/jobs/{job}/events",
    "fine_tuning.jobs.checkpoints.list": "/fine_tuning/jobs/{job}/checkpoints",
    "fine_tuning.checkpoints.permissions.create": "/fine_tuning/checkpoints/{ckpt}/permissions",
    "fine_tuning.checkpoints.permissions.list": "/fine_tuning/checkpoints/{ckpt}/permissions",
    "fine_tuning.checkpoints.permissions.delete": (
        "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions/{permission}"
    ),
    "fine_tuning.alpha.graders.run": "/fine_tuning/alpha/graders/run",
    "fine_tuning.alpha.graders.validate": "/fine_tuning/alpha/graders/validate",
    "evals.create": "/evals",
    "evals.list": "/evals",
    "evals.retrieve": "/evals/{eval}",
    "evals.update": "/evals/{eval}",
    "evals.delete": "/evals/{eval}",
    "evals.runs.create": "/evals/{eval}/runs",
    "evals.runs.list": "/evals/{eval}/runs",
    "evals.runs.retrieve": "/evals/{eval_id}/runs/{run}",
    "evals.runs.cancel": "/evals/{eval_id}/runs/{run}",
    "evals.runs.delete": "/evals/{eval_id}/runs/{run}",
    "evals.runs.output_items.list": "/evals/{eval_id}/runs/{run}/output_items",
    "evals.runs.output_items.retrieve": (
        "/evals/{eval_id}/runs/{run_id}/output_items/{output_item}"
    ),
}
# The permission delete and output item retrieve name the *last* segment positionally.
LAST_POSITIONAL = {
    "fine_tuning.checkpoints.permissions.delete",
    "evals.runs.output_items.retrieve",
    "evals.runs.retrieve",
    "evals.runs.cancel",
    "evals.runs.delete",
}
PAGES = (SyncPage, SyncCursorPage, SyncConversationCursorPage)
_PREFIX = re.compile(r"^(/openai/deployments/[^/]+|/openai/v1|/openai|/v1)(?=/)")

CASES = [x for x in interactions_or_empty() if x.operation in TEMPLATES]


def _path_args(interaction: RecordedInteraction) -> tuple[list[str], dict[str, str]]:
    path = _PREFIX.sub("", interaction.request.normalized_path.rstrip("/"), count=1)
    template = TEMPLATES[interaction.operation or ""]
    names = re.findall(r"{(\w+)}", template)
    pattern = re.escape(template)
    for name in names:
        pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{name}>[^/]+)")
    match = re.fullmatch(pattern, path)
    assert match is not None, f"{path} does not fit {template}"
    values = match.groupdict()
    if not names:
        return [], {}
    first = names[-1] if interaction.operation in LAST_POSITIONAL else names[0]
    return [values.pop(first)], values


def _method(client: Any, operation: str) -> Any:
    target = client
    for part in operation.split("."):
        target = getattr(target, part)
    return target


def call_jobs_sdk(replay: Replay) -> Any:
    interaction = replay.interaction
    request = interaction.request
    method = _method(replay.client, interaction.operation or "")
    args, kwargs = _path_args(interaction)
    if request.is_multipart:  # uploads.parts.create
        (part,) = parse_multipart(request.body, request.content_type or "")
        kwargs["data"] = (part.filename, part.data, part.content_type)
    elif isinstance(request.json, dict):
        kwargs.update(_split_kwargs(method, request.json))
    else:
        query = {k: v for k, v in request.params.items() if k != "api-version"}
        kwargs.update({k: int(v) if v.isdigit() else v for k, v in query.items()})
    return method(*args, **kwargs)


def check_jobs_result(interaction: RecordedInteraction, result: Any) -> None:
    body = interaction.response.json()
    if isinstance(result, PAGES):
        assert [item.to_dict(mode="json") for item in result.data] == body["data"]
        return
    assert result.to_dict(mode="json") == body


def replay_and_check(interaction: RecordedInteraction) -> None:
    replay = Replay(interaction, strict=True)
    try:
        if interaction.response.status >= 400:
            with pytest.raises(APIStatusError) as caught:
                call_jobs_sdk(replay)
            check_error(interaction, caught.value)
        else:
            check_jobs_result(interaction, call_jobs_sdk(replay))
        assert_request_matches(replay)
    finally:
        replay.close()


@pytest.mark.parametrize(
    "interaction",
    [pytest.param(x, id=x.id) for x in CASES] or [pytest.param(None, id="no-jobs-recordings")],
)
def test_replay_recorded_jobs_interaction(interaction: RecordedInteraction | None) -> None:
    require_cassettes()
    if interaction is None:
        pytest.skip("the cassette folder holds no recording of the jobs endpoints")
    replay_and_check(interaction)


# -- the replay plumbing on synthetic recordings ---------------------------------------------


def _synthetic(
    method: str, path: str, answer: Any, *, status: int = 200, body: bytes = b""
) -> RecordedInteraction:
    import json as json_module

    from tests.support.realworld import operation_for

    path_only, _, query_text = path.partition("?")
    query = tuple(tuple(p.split("=", 1)) for p in query_text.split("&") if p)
    headers = (("content-type", "application/json"),) if body else ()
    request = RecordedRequest(
        method=method, url=f"https://api.openai.com{path}", host="api.openai.com",
        path=path_only, query=query, headers=headers, body=body,  # type: ignore[arg-type]
        json=json_module.loads(body) if body else None, body_form="string",
    )  # fmt: skip
    encoded = json_module.dumps(answer).encode()
    response = RecordedResponse(
        status=status, reason="", headers=(("content-type", "application/json"),),
        recorded_headers=(), body=encoded, body_form="string", recorded_encoding=None,
        decoded=True, is_sse=False,
    )  # fmt: skip
    manifest = ManifestEntry("synthetic", path, "0", "MIT", "synthetic/x.yaml", (), ())
    return RecordedInteraction(
        source=Path("synthetic.yaml"), local_path="synthetic/x.yaml", index=0,
        request=request, response=response, operation=operation_for(method, path_only),
        manifest=manifest,
    )  # fmt: skip


@pytest.mark.parametrize(
    "interaction",
    [
        _synthetic(
            "POST", "/v1/batches", BATCH,
            body=b'{"input_file_id":"file-abc123","endpoint":"/v1/completions","completion_window":"24h"}',
        ),
        _synthetic("GET", "/v1/batches?limit=1", page([BATCH])),
        _synthetic("POST", "/v1/batches/batch_abc123/cancel", BATCH),
        _synthetic(
            "DELETE", "/v1/fine_tuning/checkpoints/ft:m:o::1:ckpt-step-1/permissions/cp_1",
            {"id": "cp_1", "object": "checkpoint.permission", "deleted": True},
        ),
        _synthetic(
            "GET", "/v1/evals/eval_1/runs/run_1/output_items/oi_1",
            {"error": {"message": "No such item", "type": "invalid_request_error",
                       "param": None, "code": None}},
            status=404,
        ),
    ],
    ids=["create", "list", "cancel", "permission-delete", "not-found"],
)  # fmt: skip
def test_the_replay_rebuilds_the_call(interaction: RecordedInteraction) -> None:
    assert interaction.operation in TEMPLATES
    replay_and_check(interaction)


def test_every_jobs_operation_has_a_route() -> None:
    from tests.support.realworld import operation_for

    for operation, template in TEMPLATES.items():
        path = "/v1" + re.sub(r"{\w+}", "x_1", template)
        methods = {"create": "POST", "cancel": "POST", "pause": "POST", "resume": "POST",
                   "complete": "POST", "update": "POST", "run": "POST", "validate": "POST",
                   "delete": "DELETE"}  # fmt: skip
        method = methods.get(operation.rsplit(".", 1)[1], "GET")
        if operation == "evals.runs.cancel":
            method = "POST"
        assert operation_for(method, path) == operation, operation
