"""Batches: an input file of requests run by the mock's own handlers on the server's clock."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, ObjectKind
from openai_kit.mockserver.api.batches.handlers import (
    batches_cancel,
    batches_create,
    batches_list,
    batches_retrieve,
)
from openai_kit.mockserver.api.batches.store import BatchesStore

__all__ = ["AREA"]

_BATCH = ObjectKind("batches", "/batches/{batch_id}")

AREA = Area(
    "batches",
    (
        _BATCH.create(batches_create),
        _BATCH.list(batches_list),
        _BATCH.retrieve(batches_retrieve),
        _BATCH.operation("cancel", "POST", "cancel", batches_cancel),
    ),
    stores=(BatchesStore,),
)
