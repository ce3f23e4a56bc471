"""Handlers of the fine-tuning jobs, checkpoints and checkpoint permissions operations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver.api.fine_tuning.permissions import PermissionsStore
from openai_kit.mockserver.api.fine_tuning.store import FineTuningStore
from openai_kit.mockserver.api.fine_tuning.validate import check_job_request

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "jobs_cancel",
    "jobs_checkpoints_list",
    "jobs_create",
    "jobs_list",
    "jobs_list_events",
    "jobs_pause",
    "jobs_resume",
    "jobs_retrieve",
    "permissions_create",
    "permissions_delete",
    "permissions_retrieve",
]

#: How long a client polling a job should wait before asking again.
POLL_AFTER = {"openai-poll-after-ms": "1000"}
_ORDERS = {"ascending": "asc", "descending": "desc"}


def _job_id(call: Call) -> str:
    return call.path_params["fine_tuning_job_id"]


def _metadata_filter(call: Call) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in call.query.items():
        if key.startswith("metadata[") and key.endswith("]"):
            out[key[len("metadata[") : -1]] = value
    return out


def jobs_create(core: ServerCore, call: Call) -> Reply:
    request = check_job_request(P.check_object("body", call.json))
    return JSONReply(FineTuningStore.of(core).create(request), headers=dict(POLL_AFTER))


def jobs_list(core: ServerCore, call: Call) -> Reply:
    params = P.list_params(call.query)
    listed = FineTuningStore.of(core).list_jobs(
        after=params.after, limit=params.limit, metadata=_metadata_filter(call)
    )
    return JSONReply(listed)


def jobs_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(FineTuningStore.of(core).retrieve(_job_id(call)), headers=dict(POLL_AFTER))


def jobs_cancel(core: ServerCore, call: Call) -> Reply:
    return JSONReply(FineTuningStore.of(core).cancel(_job_id(call)))


def jobs_pause(core: ServerCore, call: Call) -> Reply:
    return JSONReply(FineTuningStore.of(core).pause(_job_id(call)))


def jobs_resume(core: ServerCore, call: Call) -> Reply:
    return JSONReply(FineTuningStore.of(core).resume(_job_id(call)))


def jobs_list_events(core: ServerCore, call: Call) -> Reply:
    params = P.list_params(call.query)
    return JSONReply(
        FineTuningStore.of(core).events(_job_id(call), after=params.after, limit=params.limit)
    )


def jobs_checkpoints_list(core: ServerCore, call: Call) -> Reply:
    params = P.list_params(call.query, default_limit=10)
    return JSONReply(
        FineTuningStore.of(core).checkpoints(_job_id(call), after=params.after, limit=params.limit)
    )


def _checkpoint(call: Call) -> str:
    return call.path_params["fine_tuned_model_checkpoint"]


def permissions_create(core: ServerCore, call: Call) -> Reply:
    body = P.check_object("body", call.json)
    projects: Any = P.require(body, "project_ids")
    if not isinstance(projects, list) or not all(isinstance(p, str) for p in projects):
        P.invalid_type("project_ids", "an array of strings", projects)
    if not projects:
        P.empty_array("project_ids")
    created = core.state.get(PermissionsStore).create(_checkpoint(call), projects)
    return JSONReply(created)


def permissions_retrieve(core: ServerCore, call: Call) -> Reply:
    raw = call.query.get("limit")
    limit = 10 if raw is None else P.integer_query("limit", raw, 1, 100)
    order = call.query.get("order", "descending")
    if order not in _ORDERS:
        P.invalid_value("order", order, tuple(_ORDERS))
    listed = core.state.get(PermissionsStore).list(
        _checkpoint(call),
        project_id=call.query.get("project_id") or None,
        after=call.query.get("after") or None,
        limit=limit,
        order=_ORDERS[order],
    )
    return JSONReply(listed)


def permissions_delete(core: ServerCore, call: Call) -> Reply:
    store = core.state.get(PermissionsStore)
    return JSONReply(store.delete(_checkpoint(call), call.path_params["permission_id"]))
