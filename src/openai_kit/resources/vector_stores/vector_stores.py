"""``client.vector_stores``: create, retrieve, update, list, delete and search vector stores."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._pagination import AsyncCursorPage, AsyncPage, AsyncPaginator, SyncCursorPage, SyncPage
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._types import RequestOptions, split_request_options
from ...types.vector_store import VectorStore
from ...types.vector_store_create_params import VectorStoreCreateParams
from ...types.vector_store_deleted import VectorStoreDeleted
from ...types.vector_store_list_params import VectorStoreListParams
from ...types.vector_store_search_params import VectorStoreSearchParams
from ...types.vector_store_search_response import VectorStoreSearchResponse
from ...types.vector_store_update_params import VectorStoreUpdateParams
from .file_batches import AsyncFileBatches, FileBatches
from .files import AsyncVectorStoreFiles, VectorStoreFiles, store_path

__all__ = ["AsyncVectorStores", "VectorStores"]


class VectorStoreCreateKwargs(VectorStoreCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``vector_stores.create``."""


class VectorStoreUpdateKwargs(VectorStoreUpdateParams, RequestOptions, total=False):
    """The keyword arguments of ``vector_stores.update``."""


class VectorStoreListKwargs(VectorStoreListParams, RequestOptions, total=False):
    """The keyword arguments of ``vector_stores.list``."""


class VectorStoreSearchKwargs(VectorStoreSearchParams, RequestOptions, total=False):
    """The keyword arguments of ``vector_stores.search``."""


def _body_options(method: str, path: str, params: Any) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options(method, path, body=body, **request_options)


def _list_options(params: VectorStoreListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    return make_options("get", "/vector_stores", query=query, **request_options)


class VectorStores(SyncAPIResource):
    @cached_property
    def files(self) -> VectorStoreFiles:
        return VectorStoreFiles(self._client, self._mode)

    @cached_property
    def file_batches(self) -> FileBatches:
        return FileBatches(self._client, self._mode)

    def create(self, **params: Unpack[VectorStoreCreateKwargs]) -> VectorStore:
        """A new store, optionally with ``file_ids`` to index (processed in the background)."""
        return self._call(VectorStore, _body_options("post", "/vector_stores", params))

    def retrieve(self, vector_store_id: str, **options: Unpack[RequestOptions]) -> VectorStore:
        """One store: status, file counts, usage."""
        path = store_path(vector_store_id)
        return self._call(VectorStore, make_options("get", path, **options))

    def update(
        self, vector_store_id: str, **params: Unpack[VectorStoreUpdateKwargs]
    ) -> VectorStore:
        """Change a store's ``name``, ``metadata`` or ``expires_after``."""
        options = _body_options("post", store_path(vector_store_id), params)
        return self._call(VectorStore, options)

    def list(self, **params: Unpack[VectorStoreListKwargs]) -> SyncCursorPage[VectorStore]:
        """Your stores; iterating the page fetches the following pages as needed."""
        return self._call(SyncCursorPage[VectorStore], _list_options(params))

    def delete(self, vector_store_id: str, **options: Unpack[RequestOptions]) -> VectorStoreDeleted:
        """Delete a store (its files stay uploaded)."""
        path = store_path(vector_store_id)
        return self._call(VectorStoreDeleted, make_options("delete", path, **options))

    def search(
        self, vector_store_id: str, **params: Unpack[VectorStoreSearchKwargs]
    ) -> SyncPage[VectorStoreSearchResponse]:
        """The chunks most relevant to ``query``, best first (``filters`` on attributes)."""
        options = _body_options("post", store_path(vector_store_id) + "/search", params)
        return self._call(SyncPage[VectorStoreSearchResponse], options)


class AsyncVectorStores(AsyncAPIResource):
    @cached_property
    def files(self) -> AsyncVectorStoreFiles:
        return AsyncVectorStoreFiles(self._client, self._mode)

    @cached_property
    def file_batches(self) -> AsyncFileBatches:
        return AsyncFileBatches(self._client, self._mode)

    async def create(self, **params: Unpack[VectorStoreCreateKwargs]) -> VectorStore:
        """A new store, optionally with ``file_ids`` to index (processed in the background)."""
        return await self._call(VectorStore, _body_options("post", "/vector_stores", params))

    async def retrieve(
        self, vector_store_id: str, **options: Unpack[RequestOptions]
    ) -> VectorStore:
        """One store: status, file counts, usage."""
        path = store_path(vector_store_id)
        return await self._call(VectorStore, make_options("get", path, **options))

    async def update(
        self, vector_store_id: str, **params: Unpack[VectorStoreUpdateKwargs]
    ) -> VectorStore:
        """Change a store's ``name``, ``metadata`` or ``expires_after``."""
        options = _body_options("post", store_path(vector_store_id), params)
        return await self._call(VectorStore, options)

    def list(
        self, **params: Unpack[VectorStoreListKwargs]
    ) -> AsyncPaginator[VectorStore, AsyncCursorPage[VectorStore]]:
        """Your stores: ``await`` for the first page, or ``async for`` every store."""
        result: Any = self._list(AsyncCursorPage[VectorStore], _list_options(params))
        return result  # type: ignore[no-any-return]

    async def delete(
        self, vector_store_id: str, **options: Unpack[RequestOptions]
    ) -> VectorStoreDeleted:
        """Delete a store (its files stay uploaded)."""
        path = store_path(vector_store_id)
        return await self._call(VectorStoreDeleted, make_options("delete", path, **options))

    def search(
        self, vector_store_id: str, **params: Unpack[VectorStoreSearchKwargs]
    ) -> AsyncPaginator[VectorStoreSearchResponse, AsyncPage[VectorStoreSearchResponse]]:
        """The chunks most relevant to ``query``, best first (``filters`` on attributes)."""
        options = _body_options("post", store_path(vector_store_id) + "/search", params)
        result: Any = self._list(AsyncPage[VectorStoreSearchResponse], options)
        return result  # type: ignore[no-any-return]
