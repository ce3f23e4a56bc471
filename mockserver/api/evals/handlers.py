"""Handlers of the evals, eval runs and output items operations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver.api.evals.runs import GradedRow, Run
from openai_kit.mockserver.api.evals.sampling import Row, read_rows, sample_row
from openai_kit.mockserver.api.evals.store import EvalsStore
from openai_kit.mockserver.api.evals.validate import (
    check_eval_create,
    check_eval_update,
    check_item,
    check_run_create,
    config_json,
)
from openai_kit.mockserver.api.files.store import FilesStore
from openai_kit.mockserver.generation.catalog import resolve_model
from openai_kit.mockserver.generation.graders import Embedder, Grade, embedder, grade

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "evals_create",
    "evals_delete",
    "evals_list",
    "evals_retrieve",
    "evals_update",
    "output_items_list",
    "output_items_retrieve",
    "runs_cancel",
    "runs_create",
    "runs_delete",
    "runs_list",
    "runs_retrieve",
]

#: How long a client polling a run should wait before asking again.
POLL_AFTER: Final = {"openai-poll-after-ms": "1000"}


def _filter(call: Call, name: str, allowed: tuple[str, ...]) -> str | None:
    value = call.query.get(name) or None
    if value is not None and value not in allowed:
        P.invalid_value(name, value, allowed)
    return value


def evals_create(core: ServerCore, call: Call) -> Reply:
    config, criteria = check_eval_create(call.json)
    created = EvalsStore.of(core).create_eval(call.json, config_json(config), criteria)
    return JSONReply(created, status=201)


def evals_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(EvalsStore.of(core).get_eval(call.path_params["eval_id"]))


def evals_update(core: ServerCore, call: Call) -> Reply:
    body = check_eval_update(call.json)
    return JSONReply(EvalsStore.of(core).update_eval(call.path_params["eval_id"], body))


def evals_list(core: ServerCore, call: Call) -> Reply:
    params = P.list_params(call.query, default_order="asc")
    order_by = _filter(call, "order_by", ("created_at", "updated_at")) or "created_at"
    listed = EvalsStore.of(core).list_evals(
        after=params.after, limit=params.limit, order=params.order, order_by=order_by
    )
    return JSONReply(listed)


def evals_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(EvalsStore.of(core).delete_eval(call.path_params["eval_id"]))


def _grades(
    criteria: Sequence[Mapping[str, Any]], row: Row, seed: int, embed: Embedder
) -> list[Grade]:
    if row.error is not None:
        return [
            Grade(str(c["name"]), str(c["type"]), 0.0, False, error="sample_parse_error")
            for c in criteria
        ]
    namespaces = {"item": row.item, "sample": row.sample or {}}
    return [grade(c, namespaces, seed=seed, embed=embed) for c in criteria]


def runs_create(core: ServerCore, call: Call) -> Reply:
    store = EvalsStore.of(core)
    evaluation = store.get_eval(call.path_params["eval_id"])
    source = check_run_create(call.json)
    rows = read_rows(source, core.state.get(FilesStore))
    item_schema = evaluation["data_source_config"]["schema"]["properties"].get("item") or {}
    for i, row in enumerate(rows):
        check_item(f"data_source.source.content[{i}].item", row["item"], item_schema)
    if source["type"] != "jsonl":
        resolve_model(str(source["model"]), "chat", custom=core.custom_models)
    ctx, embed = core.gen_context(azure=False), embedder(core.seed)
    criteria = evaluation["testing_criteria"]
    graded = []
    for row in rows:
        sampled = sample_row(source["type"], source, row, ctx)
        graded.append(
            GradedRow(
                store.new_id("outputitem"), sampled, _grades(criteria, sampled, core.seed, embed)
            )
        )
    run_id = store.new_id("evalrun")
    run = Run(
        id=run_id,
        eval_id=evaluation["id"],
        name=call.json.get("name") or str(source.get("model") or run_id),
        created_at=int(store.now()),
        data_source=source,
        metadata=call.json.get("metadata"),
        criteria=criteria,
        rows=graded,
    )
    return JSONReply(store.add_run(run), status=201, headers=dict(POLL_AFTER))


def _ids(call: Call) -> tuple[str, str]:
    return call.path_params["eval_id"], call.path_params["run_id"]


def runs_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(EvalsStore.of(core).run_json(*_ids(call)), headers=dict(POLL_AFTER))


def runs_list(core: ServerCore, call: Call) -> Reply:
    params = P.list_params(call.query, default_order="asc")
    status = _filter(call, "status", ("queued", "in_progress", "completed", "canceled", "failed"))
    listed = EvalsStore.of(core).list_runs(
        call.path_params["eval_id"],
        after=params.after,
        limit=params.limit,
        order=params.order,
        status=status,
    )
    return JSONReply(listed)


def runs_cancel(core: ServerCore, call: Call) -> Reply:
    return JSONReply(EvalsStore.of(core).cancel_run(*_ids(call)))


def runs_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(EvalsStore.of(core).delete_run(*_ids(call)))


def output_items_list(core: ServerCore, call: Call) -> Reply:
    params = P.list_params(call.query, default_order="asc")
    status = _filter(call, "status", ("fail", "pass"))
    listed = EvalsStore.of(core).output_items(
        *_ids(call), after=params.after, limit=params.limit, order=params.order, status=status
    )
    return JSONReply(listed)


def output_items_retrieve(core: ServerCore, call: Call) -> Reply:
    item_id = call.path_params["output_item_id"]
    return JSONReply(EvalsStore.of(core).output_item(*_ids(call), item_id))
