"""Vector stores: stores, their files (really read, chunked and indexed), file batches,
and search ranked by lexical relevance (BM25)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation, object_operations
from openai_kit.mockserver.api.vector_stores import handlers as h
from openai_kit.mockserver.api.vector_stores.store import VectorStoresStore

__all__ = ["AREA"]

_ONE = "/vector_stores/{vector_store_id}"
_FILE = _ONE + "/files/{file_id}"
_BATCH = _ONE + "/file_batches/{batch_id}"

AREA = Area(
    "vector_stores",
    (
        *object_operations(
            "vector_stores",
            _ONE,
            create=h.vector_stores_create,
            list=h.vector_stores_list,
            retrieve=h.vector_stores_retrieve,
            update=h.vector_stores_update,
            delete=h.vector_stores_delete,
        ),
        Operation(
            "vector_stores.search", "POST", _ONE + "/search", h.vector_stores_search, body="json"
        ),
        *object_operations(
            "vector_stores.files",
            _FILE,
            create=h.files_create,
            list=h.files_list,
            retrieve=h.files_retrieve,
            update=h.files_update,
            delete=h.files_delete,
        ),
        Operation("vector_stores.files.content", "GET", _FILE + "/content", h.files_content),
        *object_operations(
            "vector_stores.file_batches",
            _BATCH,
            create=h.file_batches_create,
            retrieve=h.file_batches_retrieve,
        ),
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
