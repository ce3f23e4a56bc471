"""Batches: an input file of requests run by the mock's own handlers on the server's clock."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation, object_operations
from openai_kit.mockserver.api.batches.handlers import (
    batches_cancel,
    batches_create,
    batches_list,
    batches_retrieve,
)
from openai_kit.mockserver.api.batches.store import BatchesStore

__all__ = ["AREA"]

AREA = Area(
    "batches",
    (
        *object_operations(
            "batches",
            "/batches/{batch_id}",
            create=batches_create,
            list=batches_list,
            retrieve=batches_retrieve,
        ),
        Operation("batches.cancel", "POST", "/batches/{batch_id}/cancel", batches_cancel),
    ),
    stores=(BatchesStore,),
)
