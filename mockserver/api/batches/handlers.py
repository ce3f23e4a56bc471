"""Handlers of the batches operations: create, retrieve, list, cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver.api.batches.record import TERMINAL
from openai_kit.mockserver.api.batches.run import LineRunner
from openai_kit.mockserver.api.batches.store import BatchesStore
from openai_kit.mockserver.api.batches.validate import check_create

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["POLL_AFTER_MS", "batches_cancel", "batches_create", "batches_list", "batches_retrieve"]

#: What a batch still running tells its pollers to wait (``openai-poll-after-ms``).
POLL_AFTER_MS: Final = 1000


def _polled(batch: dict[str, object]) -> JSONReply:
    headers = {} if batch["status"] in TERMINAL else {"openai-poll-after-ms": str(POLL_AFTER_MS)}
    return JSONReply(batch, headers=headers)


def batches_create(core: ServerCore, call: Call) -> Reply:
    spec = check_create(call.json, azure=call.azure)
    runner = LineRunner(core, call.headers, call.style)
    return _polled(BatchesStore.of(core).create(spec, runner))


def batches_retrieve(core: ServerCore, call: Call) -> Reply:
    return _polled(BatchesStore.of(core).retrieve(call.path_params["batch_id"]))


def batches_list(core: ServerCore, call: Call) -> Reply:
    params = P.list_params(call.query, default_limit=20, max_limit=100)
    return JSONReply(BatchesStore.of(core).list(after=params.after, limit=params.limit))


def batches_cancel(core: ServerCore, call: Call) -> Reply:
    return _polled(BatchesStore.of(core).cancel(call.path_params["batch_id"]))
