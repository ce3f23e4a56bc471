"""Batches: an input file of requests run by the mock's own handlers on the server's clock."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
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
        Operation("batches.create", "POST", "/batches", batches_create, body="json"),
        Operation("batches.list", "GET", "/batches", batches_list),
        Operation("batches.retrieve", "GET", "/batches/{batch_id}", batches_retrieve),
        Operation("batches.cancel", "POST", "/batches/{batch_id}/cancel", batches_cancel),
    ),
    stores=(BatchesStore,),
)
