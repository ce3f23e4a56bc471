"""Vector stores: stores, their files (really read, chunked and indexed), file batches,
and search ranked by lexical relevance (BM25)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver.api.vector_stores import handlers as h
from openai_kit.mockserver.api.vector_stores.store import VectorStoresStore

__all__ = ["AREA"]

_ONE = "/vector_stores/{vector_store_id}"
_FILE = _ONE + "/files/{file_id}"
_BATCH = _ONE + "/file_batches/{batch_id}"

AREA = Area(
    "vector_stores",
    (
        Operation(
            "vector_stores.create", "POST", "/vector_stores", h.vector_stores_create, body="json"
        ),
        Operation("vector_stores.list", "GET", "/vector_stores", h.vector_stores_list),
        Operation("vector_stores.retrieve", "GET", _ONE, h.vector_stores_retrieve),
        Operation("vector_stores.update", "POST", _ONE, h.vector_stores_update, body="json"),
        Operation("vector_stores.delete", "DELETE", _ONE, h.vector_stores_delete),
        Operation(
            "vector_stores.search", "POST", _ONE + "/search", h.vector_stores_search, body="json"
        ),
        Operation(
            "vector_stores.files.create", "POST", _ONE + "/files", h.files_create, body="json"
        ),
        Operation("vector_stores.files.list", "GET", _ONE + "/files", h.files_list),
        Operation("vector_stores.files.retrieve", "GET", _FILE, h.files_retrieve),
        Operation("vector_stores.files.update", "POST", _FILE, h.files_update, body="json"),
        Operation("vector_stores.files.delete", "DELETE", _FILE, h.files_delete),
        Operation("vector_stores.files.content", "GET", _FILE + "/content", h.files_content),
        Operation(
            "vector_stores.file_batches.create",
            "POST",
            _ONE + "/file_batches",
            h.file_batches_create,
            body="json",
        ),
        Operation("vector_stores.file_batches.retrieve", "GET", _BATCH, h.file_batches_retrieve),
        Operation(
            "vector_stores.file_batches.cancel", "POST", _BATCH + "/cancel", h.file_batches_cancel
        ),
        Operation(
            "vector_stores.file_batches.list_files",
            "GET",
            _BATCH + "/files",
            h.file_batches_list_files,
        ),
    ),
    stores=(VectorStoresStore,),
)
