"""Vector stores, their files and file batches, on the server's simulated clock.

A file added to a store is read and chunked at once but stays
``in_progress`` for :data:`PROCESSING_SECONDS` of simulated time; then
:meth:`VectorStoresStore.tick` completes it (its chunks enter the store's
index) or fails it with the ``last_error`` its reading gave. A batch cancelled
before then cancels the files still in progress.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Final

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._paging import page
from openai_kit.mockserver._stores import Kept, Store, kept, kept_at, not_found
from openai_kit.mockserver.api.files.store import FilesStore
from openai_kit.mockserver.api.vector_stores.filters import matches
from openai_kit.mockserver.api.vector_stores.index import Chunk, chunk_text, query_terms
from openai_kit.mockserver.api.vector_stores.reader import Unreadable, read_text
from openai_kit.mockserver.api.vector_stores.records import (
    AUTO_CHUNKING,
    StoredBatch,
    StoreFile,
    VectorStore,
)

__all__ = ["PROCESSING_SECONDS", "FileSpec", "SearchHit", "VectorStoresStore", "store_not_found"]

#: Simulated seconds a file takes to be processed once added.
PROCESSING_SECONDS: Final = 1.0
#: ``(file_id, static chunking or None for auto, attributes)`` of a file to add.
FileSpec = tuple[str, "tuple[int, int] | None", "Mapping[str, Any] | None"]
#: ``(score, chunk, file)`` of one search result.
SearchHit = tuple[float, Chunk, StoreFile]


store_not_found = not_found("No vector store found with id '{}'.")
_file_not_found = not_found("No file found with id '{}' in vector store '{}'.")
_batch_not_found = not_found("No file batch found with id '{}' in vector store '{}'.")


class VectorStoresStore(Store):
    """Every vector store of one server (thread-safe)."""

    area: ClassVar[str] = "vector_stores"
    _stores = kept_at("vector_stores", VectorStore.to_json)
    #: Shown by :meth:`snapshot` with the files of each (they live in their stores).
    _batches: Kept[StoredBatch] = kept()

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        with self.lock:
            shown = super().snapshot()
            shown["vector_store_files"] = [
                f.to_json() for s in self._stores.values() for f in s.files.values()
            ]
            shown["vector_store_file_batches"] = [
                b.to_json(self._batch_files(b)) for b in self._batches.values()
            ]
            return shown

    # -- lifecycle ---------------------------------------------------------------------------

    def tick(self, now: float) -> None:
        with self.lock:
            for store in self._stores.values():
                for item in store.files.values():
                    if item.status == "in_progress" and item.ready_at <= now:
                        self._finish(store, item)

    @staticmethod
    def _finish(store: VectorStore, item: StoreFile) -> None:
        if item.error is not None:
            item.status = "failed"
            return
        item.status = "completed"
        store.index.add(item.chunks)

    def _settled(self, store_id: str) -> VectorStore:
        """The store, its due files processed (reads see the lifecycle at the clock's time)."""
        self.tick(self.now())
        return self.find(self._stores, store_id, store_not_found)

    # -- stores ------------------------------------------------------------------------------

    def create(
        self,
        *,
        name: str,
        description: str | None = None,
        metadata: Mapping[str, str] | None,
        expires_after: Mapping[str, Any] | None,
        files: Sequence[FileSpec],
    ) -> dict[str, Any]:
        now = int(self.now())
        store = VectorStore(
            id=self.mint("vs_", "vector_store", 32, counter="vs").id,
            name=name,
            description=description,
            created_at=now,
            last_active_at=now,
            metadata=dict(metadata or {}),
            expires_after=None if expires_after is None else dict(expires_after),
        )
        prepared = [self._prepare(store, spec) for spec in files]
        with self.lock:
            self._stores[store.id] = store
            for item in prepared:
                store.files[item.id] = item
        return store.to_json(self.now())

    def retrieve(self, store_id: str) -> dict[str, Any]:
        return self._settled(store_id).to_json(self.now())

    def update(self, store_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
        store = self._settled(store_id)
        with self.lock:
            if "name" in changes and changes["name"] is not None:
                store.name = changes["name"]
            if "metadata" in changes and changes["metadata"] is not None:
                store.metadata = dict(changes["metadata"])
            if "expires_after" in changes:
                value = changes["expires_after"]
                store.expires_after = None if value is None else dict(value)
            store.last_active_at = int(self.now())
        return store.to_json(self.now())

    def list_stores(
        self, after: str | None, before: str | None, limit: int, order: str
    ) -> dict[str, Any]:
        self.tick(self.now())
        now = self.now()
        with self.lock:
            objects = [s.to_json(now) for s in self._stores.values()]
        return page(objects, after=after, before=before, limit=limit, order=order)

    def delete(self, store_id: str) -> dict[str, Any]:
        with self.lock:
            self.delete_from(self._stores, store_id, store_not_found)
            for batch_id in [b.id for b in self._batches.values() if b.vector_store_id == store_id]:
                del self._batches[batch_id]
        return {"id": store_id, "object": "vector_store.deleted", "deleted": True}

    def require(self, store_ids: Sequence[str]) -> None:
        """Every one of ``store_ids`` exists (or the 404 of the first that does not)."""
        for store_id in store_ids:
            self._settled(store_id)

    # -- files -------------------------------------------------------------------------------

    def _prepare(
        self, store: VectorStore, spec: FileSpec, batch_id: str | None = None
    ) -> StoreFile:
        file_id, chunking, attributes = spec
        stored = self.state.get(FilesStore).get(file_id)
        size, overlap = chunking or AUTO_CHUNKING
        error: tuple[str, str] | None = None
        try:
            text = read_text(stored.filename, stored.data)
        except Unreadable as exc:
            text, error = "", (exc.code, exc.message)
        pieces = chunk_text(text, size, overlap) if error is None else []
        sequence = self.next_number("vsf")
        chunks = [Chunk(file_id, i, piece, (sequence, i)) for i, piece in enumerate(pieces)]
        return StoreFile(
            id=file_id,
            vector_store_id=store.id,
            filename=stored.filename,
            created_at=int(self.now()),
            ready_at=self.now() + PROCESSING_SECONDS,
            chunking=chunking,
            attributes=dict(attributes or {}),
            text=text,
            chunks=chunks,
            error=error,
            batch_id=batch_id,
        )

    def _attach(self, store: VectorStore, item: StoreFile) -> None:
        with self.lock:
            old = store.files.pop(item.id, None)
            if old is not None and old.status == "completed":
                store.index.remove(item.id)
            store.files[item.id] = item
            store.last_active_at = int(self.now())

    def add_file(self, store_id: str, spec: FileSpec) -> dict[str, Any]:
        store = self._settled(store_id)
        item = self._prepare(store, spec)
        self._attach(store, item)
        return item.to_json()

    def _file(self, store_id: str, file_id: str) -> StoreFile:
        store = self._settled(store_id)
        return self.find(store.files, file_id, _file_not_found, store_id)

    def retrieve_file(self, store_id: str, file_id: str) -> dict[str, Any]:
        return self._file(store_id, file_id).to_json()

    def update_file(
        self, store_id: str, file_id: str, attributes: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        item = self._file(store_id, file_id)
        with self.lock:
            item.attributes = dict(attributes or {})
        return item.to_json()

    def file_content(self, store_id: str, file_id: str) -> dict[str, Any]:
        item = self._file(store_id, file_id)
        data = [{"type": "text", "text": item.text}] if item.status == "completed" else []
        return {
            "object": "vector_store.file_content.page",
            "data": data,
            "has_more": False,
            "next_page": None,
        }

    def delete_file(self, store_id: str, file_id: str) -> dict[str, Any]:
        item = self._file(store_id, file_id)
        store = self._settled(store_id)
        with self.lock:
            store.files.pop(file_id, None)
            if item.status == "completed":
                store.index.remove(file_id)
        return {"id": file_id, "object": "vector_store.file.deleted", "deleted": True}

    def list_files(
        self, store_id: str, *, status: str | None, batch_id: str | None = None, **paging: Any
    ) -> dict[str, Any]:
        store = self._settled(store_id)
        with self.lock:
            objects = [
                f.to_json()
                for f in store.files.values()
                if (status is None or f.status == status)
                and (batch_id is None or f.batch_id == batch_id)
            ]
        return page(objects, **paging)

    # -- batches -----------------------------------------------------------------------------

    def _batch_files(self, batch: StoredBatch) -> list[StoreFile]:
        store = self._stores.get(batch.vector_store_id)
        if store is None:
            return []
        return [f for f in store.files.values() if f.batch_id == batch.id]

    def create_batch(self, store_id: str, specs: Sequence[FileSpec]) -> dict[str, Any]:
        store = self._settled(store_id)
        batch = StoredBatch(
            id=self.mint("vsfb_", "file_batch", 32, counter="vsfb").id,
            vector_store_id=store_id,
            created_at=int(self.now()),
            file_ids=[spec[0] for spec in specs],
        )
        prepared = [self._prepare(store, spec, batch.id) for spec in specs]
        with self.lock:
            for item in prepared:
                self._attach(store, item)
            self._batches[batch.id] = batch
            return batch.to_json(self._batch_files(batch))

    def _batch(self, store_id: str, batch_id: str) -> StoredBatch:
        self._settled(store_id)
        with self.lock:
            batch = self._batches.get(batch_id)
        if batch is None or batch.vector_store_id != store_id:
            raise _batch_not_found(batch_id, store_id)
        return batch

    def retrieve_batch(self, store_id: str, batch_id: str) -> dict[str, Any]:
        batch = self._batch(store_id, batch_id)
        with self.lock:
            return batch.to_json(self._batch_files(batch))

    def cancel_batch(self, store_id: str, batch_id: str) -> dict[str, Any]:
        batch = self._batch(store_id, batch_id)
        with self.lock:
            files = self._batch_files(batch)
            if batch.status(files) != "in_progress":
                raise MockAPIError(
                    400,
                    f"Cannot cancel a vector store file batch with status '{batch.status(files)}'.",
                )
            batch.cancelled = True
            for item in files:
                if item.status == "in_progress":
                    item.status = "cancelled"
            return batch.to_json(files)

    def batch_store(self, store_id: str, batch_id: str) -> str:
        """The batch's store id, once the batch is known (for listing its files)."""
        return self._batch(store_id, batch_id).vector_store_id

    # -- search ------------------------------------------------------------------------------

    def search(
        self,
        store_id: str,
        query: str,
        *,
        filters: Mapping[str, Any] | None,
        threshold: float,
        limit: int,
    ) -> list[SearchHit]:
        """The best chunks of the store's completed files for ``query``, best first."""
        store = self._settled(store_id)
        now = self.now()
        if store.expired(now):
            raise MockAPIError(400, f"Vector store '{store_id}' is expired and cannot be searched.")
        with self.lock:
            store.last_active_at = int(now)
            files = dict(store.files)
            found = store.index.search(
                query,
                lambda file_id: matches(filters, files[file_id].attributes),
                threshold,
                limit,
            )
        return [(score, chunk, files[chunk.file_id]) for score, chunk in found]

    def chunk_count(self) -> int:
        """Chunks indexed over every store (what searches run over)."""
        with self.lock:
            return sum(len(store.index) for store in self._stores.values())

    @staticmethod
    def rewrite(query: str) -> str:
        """The query as the service rewrites it: its search terms."""
        return " ".join(query_terms(query)) or query
