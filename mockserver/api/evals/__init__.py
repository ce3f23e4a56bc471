"""Evals: evals with validated data source configs and testing criteria, runs over
given rows or samples of the mock's own models, graded for real, and their output items.

Azure's data plane (the spec this mock follows) serves no evals: OpenAI routes only.
"""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver.api.evals.handlers import (
    evals_create,
    evals_delete,
    evals_list,
    evals_retrieve,
    evals_update,
    output_items_list,
    output_items_retrieve,
    runs_cancel,
    runs_create,
    runs_delete,
    runs_list,
    runs_retrieve,
)
from openai_kit.mockserver.api.evals.store import EvalsStore

__all__ = ["AREA"]

_EVAL = "/evals/{eval_id}"
_RUN = "/evals/{eval_id}/runs/{run_id}"

AREA = Area(
    "evals",
    (
        Operation("evals.create", "POST", "/evals", evals_create, body="json", azure=False),
        Operation("evals.list", "GET", "/evals", evals_list, azure=False),
        Operation("evals.retrieve", "GET", _EVAL, evals_retrieve, azure=False),
        Operation("evals.update", "POST", _EVAL, evals_update, body="json", azure=False),
        Operation("evals.delete", "DELETE", _EVAL, evals_delete, azure=False),
        Operation(
            "evals.runs.create", "POST", f"{_EVAL}/runs", runs_create, body="json", azure=False
        ),
        Operation("evals.runs.list", "GET", f"{_EVAL}/runs", runs_list, azure=False),
        Operation("evals.runs.retrieve", "GET", _RUN, runs_retrieve, azure=False),
        Operation("evals.runs.cancel", "POST", _RUN, runs_cancel, azure=False),
        Operation("evals.runs.delete", "DELETE", _RUN, runs_delete, azure=False),
        Operation(
            "evals.runs.output_items.list",
            "GET",
            f"{_RUN}/output_items",
            output_items_list,
            azure=False,
        ),
        Operation(
            "evals.runs.output_items.retrieve",
            "GET",
            f"{_RUN}/output_items/{{output_item_id}}",
            output_items_retrieve,
            azure=False,
        ),
    ),
    stores=(EvalsStore,),
)
