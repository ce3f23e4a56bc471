"""Evals: evals with validated data source configs and testing criteria, runs over
given rows or samples of the mock's own models, graded for real, and their output items.

Azure's data plane (the spec this mock follows) serves no evals: OpenAI routes only.
"""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, ObjectKind, Operation
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

_EVAL = ObjectKind("evals", "/evals/{eval_id}", azure=False)
_RUN = ObjectKind("evals.runs", _EVAL.path + "/runs/{run_id}", azure=False)
_OUTPUT = ObjectKind(
    "evals.runs.output_items", _RUN.path + "/output_items/{output_item_id}", azure=False
)

AREA = Area(
    "evals",
    (
        _EVAL.create(evals_create),
        _EVAL.list(evals_list),
        _EVAL.retrieve(evals_retrieve),
        _EVAL.update(evals_update),
        _EVAL.delete(evals_delete),
        _RUN.create(runs_create),
        _RUN.list(runs_list),
        _RUN.retrieve(runs_retrieve),
        # a run is cancelled by a POST on the run itself (where other objects are updated)
        Operation("evals.runs.cancel", "POST", _RUN.path, runs_cancel, azure=False),
        _RUN.delete(runs_delete),
        _OUTPUT.list(output_items_list),
        _OUTPUT.retrieve(output_items_retrieve),
    ),
    stores=(EvalsStore,),
)
