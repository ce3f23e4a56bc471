"""Evals: evals with validated data source configs and testing criteria, runs over
given rows or samples of the mock's own models, graded for real, and their output items.

Azure's data plane (the spec this mock follows) serves no evals: OpenAI routes only.
"""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation, object_operations
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
        *object_operations(
            "evals",
            _EVAL,
            create=evals_create,
            list=evals_list,
            retrieve=evals_retrieve,
            update=evals_update,
            delete=evals_delete,
            azure=False,
        ),
        *object_operations(
            "evals.runs",
            _RUN,
            create=runs_create,
            list=runs_list,
            retrieve=runs_retrieve,
            delete=runs_delete,
            azure=False,
        ),
        # a run is cancelled by a POST on the run itself (where other objects are updated)
        Operation("evals.runs.cancel", "POST", _RUN, runs_cancel, azure=False),
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
