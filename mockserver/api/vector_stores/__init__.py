"""Vector stores: stores, their files (really read, chunked and indexed), file batches,
and search ranked by lexical relevance (BM25)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, ObjectKind
from openai_kit.mockserver.api.vector_stores import handlers as h
from openai_kit.mockserver.api.vector_stores.store import VectorStoresStore

__all__ = ["AREA"]

_ONE = ObjectKind("vector_stores", "/vector_stores/{vector_store_id}")
_FILE = ObjectKind("vector_stores.files", _ONE.path + "/files/{file_id}")
_BATCH = ObjectKind("vector_stores.file_batches", _ONE.path + "/file_batches/{batch_id}")

AREA = Area(
    "vector_stores",
    (
        _ONE.create(h.vector_stores_create),
        _ONE.list(h.vector_stores_list),
        _ONE.retrieve(h.vector_stores_retrieve),
        _ONE.update(h.vector_stores_update),
        _ONE.delete(h.vector_stores_delete),
        _ONE.operation("search", "POST", "search", h.vector_stores_search, body="json"),
        _FILE.create(h.files_create),
        _FILE.list(h.files_list),
        _FILE.retrieve(h.files_retrieve),
        _FILE.update(h.files_update),
        _FILE.delete(h.files_delete),
        _FILE.operation("content", "GET", "content", h.files_content),
        _BATCH.create(h.file_batches_create),
        _BATCH.retrieve(h.file_batches_retrieve),
        _BATCH.operation("cancel", "POST", "cancel", h.file_batches_cancel),
        _BATCH.operation("list_files", "GET", "files", h.file_batches_list_files),
    ),
    stores=(VectorStoresStore,),
)
