"""``client.vector_stores.files``: attach files to a store, read them back, wait for them."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._pagination import AsyncCursorPage, AsyncPage, AsyncPaginator, SyncCursorPage, SyncPage
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._types import FileTypes, RequestOptions, split_request_options
from ...types.file_chunking_strategy_param import FileChunkingStrategyParam
from ...types.vector_stores.file_content_response import FileContentResponse
from ...types.vector_stores.file_create_params import FileCreateParams
from ...types.vector_stores.file_list_params import FileListParams
from ...types.vector_stores.vector_store_file import VectorStoreFile
from ...types.vector_stores.vector_store_file_deleted import VectorStoreFileDeleted
from .._paths import path_param
from ..files import AsyncFiles, Files
from ._polling import TERMINAL_STATES, poll_headers, poll_seconds

__all__ = ["AsyncVectorStoreFiles", "VectorStoreFiles"]


class FileCreateKwargs(FileCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``vector_stores.files.create``."""


class FileListKwargs(FileListParams, RequestOptions, total=False):
    """The keyword arguments of ``vector_stores.files.list``."""


def store_path(vector_store_id: str) -> str:
    return f"/vector_stores/{path_param('vector_store_id', vector_store_id)}"


def _file_path(vector_store_id: str, file_id: str) -> str:
    return f"{store_path(vector_store_id)}/files/{path_param('file_id', file_id)}"


def _create_options(vector_store_id: str, params: FileCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options(
        "post", store_path(vector_store_id) + "/files", body=body, **request_options
    )


def _list_options(vector_store_id: str, params: FileListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    path = store_path(vector_store_id) + "/files"
    return make_options("get", path, query=query, **request_options)


def _update_options(
    vector_store_id: str, file_id: str, attributes: Any, options: RequestOptions
) -> FinalRequestOptions:
    body = {"attributes": attributes}
    return make_options("post", _file_path(vector_store_id, file_id), body=body, **options)


def _poll_options(vector_store_id: str, file_id: str, interval: int | None) -> FinalRequestOptions:
    headers = poll_headers(interval)
    return make_options("get", _file_path(vector_store_id, file_id), headers=headers)


def _attach_params(
    file_id: str, attributes: Any, chunking_strategy: FileChunkingStrategyParam | None
) -> FileCreateKwargs:
    params: FileCreateKwargs = {"file_id": file_id}
    if attributes is not None:
        params["attributes"] = attributes
    if chunking_strategy is not None:
        params["chunking_strategy"] = chunking_strategy
    return params


class VectorStoreFiles(SyncAPIResource):
    def create(self, vector_store_id: str, **params: Unpack[FileCreateKwargs]) -> VectorStoreFile:
        """Attach an uploaded file (``file_id``) to a store; it is processed in the background."""
        return self._call(VectorStoreFile, _create_options(vector_store_id, params))

    def retrieve(
        self, file_id: str, *, vector_store_id: str, **options: Unpack[RequestOptions]
    ) -> VectorStoreFile:
        """One file of a store: its processing status, usage and attributes."""
        path = _file_path(vector_store_id, file_id)
        return self._call(VectorStoreFile, make_options("get", path, **options))

    def update(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        attributes: dict[str, str | float | bool] | None,
        **options: Unpack[RequestOptions],
    ) -> VectorStoreFile:
        """Replace a file's ``attributes`` (what search filters read)."""
        request = _update_options(vector_store_id, file_id, attributes, options)
        return self._call(VectorStoreFile, request)

    def list(
        self, vector_store_id: str, **params: Unpack[FileListKwargs]
    ) -> SyncCursorPage[VectorStoreFile]:
        """A store's files (``filter`` by status); iterating fetches the following pages."""
        return self._call(SyncCursorPage[VectorStoreFile], _list_options(vector_store_id, params))

    def delete(
        self, file_id: str, *, vector_store_id: str, **options: Unpack[RequestOptions]
    ) -> VectorStoreFileDeleted:
        """Detach a file from a store (the file itself stays; delete it with ``files.delete``)."""
        path = _file_path(vector_store_id, file_id)
        return self._call(VectorStoreFileDeleted, make_options("delete", path, **options))

    def content(
        self, file_id: str, *, vector_store_id: str, **options: Unpack[RequestOptions]
    ) -> SyncPage[FileContentResponse]:
        """The text the store read from a processed file."""
        path = _file_path(vector_store_id, file_id) + "/content"
        return self._call(SyncPage[FileContentResponse], make_options("get", path, **options))

    def poll(
        self, file_id: str, *, vector_store_id: str, poll_interval_ms: int | None = None
    ) -> VectorStoreFile:
        """Retrieve the file until its processing is over (completed, failed or cancelled)."""
        raw = self._in_mode("raw")
        while True:
            response: Any = raw._call(
                VectorStoreFile, _poll_options(vector_store_id, file_id, poll_interval_ms)
            )
            file: VectorStoreFile = response.parse()
            if file.status in TERMINAL_STATES:
                return file
            type(self._client)._sleep(poll_seconds(response, poll_interval_ms))

    def create_and_poll(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        attributes: dict[str, str | float | bool] | None = None,
        poll_interval_ms: int | None = None,
        chunking_strategy: FileChunkingStrategyParam | None = None,
    ) -> VectorStoreFile:
        """Attach a file and wait until it is processed."""
        params = _attach_params(file_id, attributes, chunking_strategy)
        self._in_mode("parsed").create(vector_store_id, **params)
        return self.poll(
            file_id, vector_store_id=vector_store_id, poll_interval_ms=poll_interval_ms
        )

    def upload(
        self,
        *,
        vector_store_id: str,
        file: FileTypes,
        chunking_strategy: FileChunkingStrategyParam | None = None,
    ) -> VectorStoreFile:
        """Upload a file (purpose ``assistants``) and attach it to the store, without waiting."""
        uploaded = Files(self._client).create(file=file, purpose="assistants")
        params = _attach_params(uploaded.id, None, chunking_strategy)
        return self._in_mode("parsed").create(vector_store_id, **params)

    def upload_and_poll(
        self,
        *,
        vector_store_id: str,
        file: FileTypes,
        attributes: dict[str, str | float | bool] | None = None,
        poll_interval_ms: int | None = None,
        chunking_strategy: FileChunkingStrategyParam | None = None,
    ) -> VectorStoreFile:
        """Upload a file, attach it and wait until it is processed."""
        uploaded = Files(self._client).create(file=file, purpose="assistants")
        return self.create_and_poll(
            uploaded.id,
            vector_store_id=vector_store_id,
            attributes=attributes,
            poll_interval_ms=poll_interval_ms,
            chunking_strategy=chunking_strategy,
        )


class AsyncVectorStoreFiles(AsyncAPIResource):
    async def create(
        self, vector_store_id: str, **params: Unpack[FileCreateKwargs]
    ) -> VectorStoreFile:
        """Attach an uploaded file (``file_id``) to a store; it is processed in the background."""
        return await self._call(VectorStoreFile, _create_options(vector_store_id, params))

    async def retrieve(
        self, file_id: str, *, vector_store_id: str, **options: Unpack[RequestOptions]
    ) -> VectorStoreFile:
        """One file of a store: its processing status, usage and attributes."""
        path = _file_path(vector_store_id, file_id)
        return await self._call(VectorStoreFile, make_options("get", path, **options))

    async def update(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        attributes: dict[str, str | float | bool] | None,
        **options: Unpack[RequestOptions],
    ) -> VectorStoreFile:
        """Replace a file's ``attributes`` (what search filters read)."""
        request = _update_options(vector_store_id, file_id, attributes, options)
        return await self._call(VectorStoreFile, request)

    def list(
        self, vector_store_id: str, **params: Unpack[FileListKwargs]
    ) -> AsyncPaginator[VectorStoreFile, AsyncCursorPage[VectorStoreFile]]:
        """A store's files: ``await`` for the first page, or ``async for`` every file."""
        page = AsyncCursorPage[VectorStoreFile]
        result: Any = self._list(page, _list_options(vector_store_id, params))
        return result  # type: ignore[no-any-return]

    async def delete(
        self, file_id: str, *, vector_store_id: str, **options: Unpack[RequestOptions]
    ) -> VectorStoreFileDeleted:
        """Detach a file from a store (the file itself stays; delete it with ``files.delete``)."""
        path = _file_path(vector_store_id, file_id)
        return await self._call(VectorStoreFileDeleted, make_options("delete", path, **options))

    def content(
        self, file_id: str, *, vector_store_id: str, **options: Unpack[RequestOptions]
    ) -> AsyncPaginator[FileContentResponse, AsyncPage[FileContentResponse]]:
        """The text the store read from a processed file."""
        path = _file_path(vector_store_id, file_id) + "/content"
        result: Any = self._list(
            AsyncPage[FileContentResponse], make_options("get", path, **options)
        )
        return result  # type: ignore[no-any-return]

    async def poll(
        self, file_id: str, *, vector_store_id: str, poll_interval_ms: int | None = None
    ) -> VectorStoreFile:
        """Retrieve the file until its processing is over (completed, failed or cancelled)."""
        raw = self._in_mode("raw")
        while True:
            response: Any = await raw._call(
                VectorStoreFile, _poll_options(vector_store_id, file_id, poll_interval_ms)
            )
            file: VectorStoreFile = response.parse()
            if file.status in TERMINAL_STATES:
                return file
            await type(self._client)._sleep(poll_seconds(response, poll_interval_ms))

    async def create_and_poll(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        attributes: dict[str, str | float | bool] | None = None,
        poll_interval_ms: int | None = None,
        chunking_strategy: FileChunkingStrategyParam | None = None,
    ) -> VectorStoreFile:
        """Attach a file and wait until it is processed."""
        params = _attach_params(file_id, attributes, chunking_strategy)
        await self._in_mode("parsed").create(vector_store_id, **params)
        return await self.poll(
            file_id, vector_store_id=vector_store_id, poll_interval_ms=poll_interval_ms
        )

    async def upload(
        self,
        *,
        vector_store_id: str,
        file: FileTypes,
        chunking_strategy: FileChunkingStrategyParam | None = None,
    ) -> VectorStoreFile:
        """Upload a file (purpose ``assistants``) and attach it to the store, without waiting."""
        uploaded = await AsyncFiles(self._client).create(file=file, purpose="assistants")
        params = _attach_params(uploaded.id, None, chunking_strategy)
        return await self._in_mode("parsed").create(vector_store_id, **params)

    async def upload_and_poll(
        self,
        *,
        vector_store_id: str,
        file: FileTypes,
        attributes: dict[str, str | float | bool] | None = None,
        poll_interval_ms: int | None = None,
        chunking_strategy: FileChunkingStrategyParam | None = None,
    ) -> VectorStoreFile:
        """Upload a file, attach it and wait until it is processed."""
        uploaded = await AsyncFiles(self._client).create(file=file, purpose="assistants")
        return await self.create_and_poll(
            uploaded.id,
            vector_store_id=vector_store_id,
            attributes=attributes,
            poll_interval_ms=poll_interval_ms,
            chunking_strategy=chunking_strategy,
        )
