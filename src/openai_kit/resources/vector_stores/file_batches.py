"""``client.vector_stores.file_batches``: add many files at once, cancel, list, wait."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._types import FileTypes, RequestOptions, split_request_options
from ...types.file_chunking_strategy_param import FileChunkingStrategyParam
from ...types.vector_stores.file_batch_create_params import FileBatchCreateParams
from ...types.vector_stores.file_list_params import FileListParams
from ...types.vector_stores.vector_store_file import VectorStoreFile
from ...types.vector_stores.vector_store_file_batch import VectorStoreFileBatch
from .._paths import path_param
from ..files import AsyncFiles, Files
from ._polling import TERMINAL_STATES, poll_headers, poll_seconds
from .files import store_path

__all__ = ["AsyncFileBatches", "FileBatches"]


class FileBatchCreateKwargs(FileBatchCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``vector_stores.file_batches.create``."""


class FileBatchListKwargs(FileListParams, RequestOptions, total=False):
    """The keyword arguments of ``vector_stores.file_batches.list_files``."""


def _batch_path(vector_store_id: str, batch_id: str) -> str:
    return f"{store_path(vector_store_id)}/file_batches/{path_param('batch_id', batch_id)}"


def _create_options(vector_store_id: str, params: FileBatchCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    path = store_path(vector_store_id) + "/file_batches"
    return make_options("post", path, body=body, **request_options)


def _list_options(
    vector_store_id: str, batch_id: str, params: FileBatchListKwargs
) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    path = _batch_path(vector_store_id, batch_id) + "/files"
    return make_options("get", path, query=query, **request_options)


def _poll_options(vector_store_id: str, batch_id: str, interval: int | None) -> FinalRequestOptions:
    return make_options(
        "get", _batch_path(vector_store_id, batch_id), headers=poll_headers(interval)
    )


def _batch_params(
    file_ids: Sequence[str], chunking_strategy: FileChunkingStrategyParam | None, extra: Any
) -> FileBatchCreateKwargs:
    params: FileBatchCreateKwargs = dict(extra)  # type: ignore[assignment]
    if file_ids:
        params["file_ids"] = list(file_ids)
    if chunking_strategy is not None:
        params["chunking_strategy"] = chunking_strategy
    return params


class FileBatches(SyncAPIResource):
    def create(
        self, vector_store_id: str, **params: Unpack[FileBatchCreateKwargs]
    ) -> VectorStoreFileBatch:
        """Attach several uploaded files (``file_ids`` or ``files``) to a store at once."""
        return self._call(VectorStoreFileBatch, _create_options(vector_store_id, params))

    def retrieve(
        self, batch_id: str, *, vector_store_id: str, **options: Unpack[RequestOptions]
    ) -> VectorStoreFileBatch:
        """One batch: its status and file counts."""
        path = _batch_path(vector_store_id, batch_id)
        return self._call(VectorStoreFileBatch, make_options("get", path, **options))

    def cancel(
        self, batch_id: str, *, vector_store_id: str, **options: Unpack[RequestOptions]
    ) -> VectorStoreFileBatch:
        """Cancel a batch: its files still in progress are cancelled."""
        path = _batch_path(vector_store_id, batch_id) + "/cancel"
        return self._call(VectorStoreFileBatch, make_options("post", path, **options))

    def list_files(
        self, batch_id: str, *, vector_store_id: str, **params: Unpack[FileBatchListKwargs]
    ) -> SyncCursorPage[VectorStoreFile]:
        """The files of a batch (``filter`` by status)."""
        options = _list_options(vector_store_id, batch_id, params)
        return self._call(SyncCursorPage[VectorStoreFile], options)

    def poll(
        self, batch_id: str, *, vector_store_id: str, poll_interval_ms: int | None = None
    ) -> VectorStoreFileBatch:
        """Retrieve the batch until it is completed, failed or cancelled."""
        raw = self._in_mode("raw")
        while True:
            options = _poll_options(vector_store_id, batch_id, poll_interval_ms)
            response: Any = raw._call(VectorStoreFileBatch, options)
            batch: VectorStoreFileBatch = response.parse()
            if batch.status in TERMINAL_STATES:
                return batch
            type(self._client)._sleep(poll_seconds(response, poll_interval_ms))

    def create_and_poll(
        self,
        vector_store_id: str,
        *,
        file_ids: Sequence[str] = (),
        chunking_strategy: FileChunkingStrategyParam | None = None,
        poll_interval_ms: int | None = None,
        **extra: Any,
    ) -> VectorStoreFileBatch:
        """Create a batch and wait until it is over (``files``/``attributes`` pass through)."""
        params = _batch_params(file_ids, chunking_strategy, extra)
        batch = self._in_mode("parsed").create(vector_store_id, **params)
        return self.poll(
            batch.id, vector_store_id=vector_store_id, poll_interval_ms=poll_interval_ms
        )

    def upload_and_poll(
        self,
        vector_store_id: str,
        *,
        files: Iterable[FileTypes],
        max_concurrency: int = 5,
        file_ids: Sequence[str] = (),
        poll_interval_ms: int | None = None,
        chunking_strategy: FileChunkingStrategyParam | None = None,
    ) -> VectorStoreFileBatch:
        """Upload ``files`` (``max_concurrency`` at a time), then batch them with ``file_ids``
        and wait until the batch is over."""
        uploads = Files(self._client)
        with ThreadPoolExecutor(max_workers=max_concurrency) as pool:
            uploaded = list(
                pool.map(lambda file: uploads.create(file=file, purpose="assistants"), files)
            )
        return self.create_and_poll(
            vector_store_id,
            file_ids=[*file_ids, *(f.id for f in uploaded)],
            chunking_strategy=chunking_strategy,
            poll_interval_ms=poll_interval_ms,
        )


class AsyncFileBatches(AsyncAPIResource):
    async def create(
        self, vector_store_id: str, **params: Unpack[FileBatchCreateKwargs]
    ) -> VectorStoreFileBatch:
        """Attach several uploaded files (``file_ids`` or ``files``) to a store at once."""
        return await self._call(VectorStoreFileBatch, _create_options(vector_store_id, params))

    async def retrieve(
        self, batch_id: str, *, vector_store_id: str, **options: Unpack[RequestOptions]
    ) -> VectorStoreFileBatch:
        """One batch: its status and file counts."""
        path = _batch_path(vector_store_id, batch_id)
        return await self._call(VectorStoreFileBatch, make_options("get", path, **options))

    async def cancel(
        self, batch_id: str, *, vector_store_id: str, **options: Unpack[RequestOptions]
    ) -> VectorStoreFileBatch:
        """Cancel a batch: its files still in progress are cancelled."""
        path = _batch_path(vector_store_id, batch_id) + "/cancel"
        return await self._call(VectorStoreFileBatch, make_options("post", path, **options))

    def list_files(
        self, batch_id: str, *, vector_store_id: str, **params: Unpack[FileBatchListKwargs]
    ) -> AsyncPaginator[VectorStoreFile, AsyncCursorPage[VectorStoreFile]]:
        """The files of a batch (``filter`` by status)."""
        options = _list_options(vector_store_id, batch_id, params)
        result: Any = self._list(AsyncCursorPage[VectorStoreFile], options)
        return result  # type: ignore[no-any-return]

    async def poll(
        self, batch_id: str, *, vector_store_id: str, poll_interval_ms: int | None = None
    ) -> VectorStoreFileBatch:
        """Retrieve the batch until it is completed, failed or cancelled."""
        raw = self._in_mode("raw")
        while True:
            options = _poll_options(vector_store_id, batch_id, poll_interval_ms)
            response: Any = await raw._call(VectorStoreFileBatch, options)
            batch: VectorStoreFileBatch = response.parse()
            if batch.status in TERMINAL_STATES:
                return batch
            await type(self._client)._sleep(poll_seconds(response, poll_interval_ms))

    async def create_and_poll(
        self,
        vector_store_id: str,
        *,
        file_ids: Sequence[str] = (),
        chunking_strategy: FileChunkingStrategyParam | None = None,
        poll_interval_ms: int | None = None,
        **extra: Any,
    ) -> VectorStoreFileBatch:
        """Create a batch and wait until it is over (``files``/``attributes`` pass through)."""
        params = _batch_params(file_ids, chunking_strategy, extra)
        batch = await self._in_mode("parsed").create(vector_store_id, **params)
        return await self.poll(
            batch.id, vector_store_id=vector_store_id, poll_interval_ms=poll_interval_ms
        )

    async def upload_and_poll(
        self,
        vector_store_id: str,
        *,
        files: Iterable[FileTypes],
        max_concurrency: int = 5,
        file_ids: Sequence[str] = (),
        poll_interval_ms: int | None = None,
        chunking_strategy: FileChunkingStrategyParam | None = None,
    ) -> VectorStoreFileBatch:
        """Upload ``files`` (``max_concurrency`` at a time), then batch them with ``file_ids``
        and wait until the batch is over."""
        uploads = AsyncFiles(self._client)
        limit = asyncio.Semaphore(max_concurrency)

        async def upload(file: FileTypes) -> str:
            async with limit:
                return (await uploads.create(file=file, purpose="assistants")).id

        uploaded = await asyncio.gather(*(upload(file) for file in files))
        return await self.create_and_poll(
            vector_store_id,
            file_ids=[*file_ids, *uploaded],
            chunking_strategy=chunking_strategy,
            poll_interval_ms=poll_interval_ms,
        )
