"""``client.containers.files``: files in a container (uploaded or copied from a file id),
and ``files.content`` for their bytes."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from typing_extensions import Unpack

from ..._files import to_httpx_file
from ..._options import FinalRequestOptions
from ..._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._response import BinaryResponseContent
from ..._types import FileTypes, RequestOptions, split_request_options
from ...types.containers.file_create_response import FileCreateResponse
from ...types.containers.file_list_params import FileListParams
from ...types.containers.file_list_response import FileListResponse
from ...types.containers.file_retrieve_response import FileRetrieveResponse
from .._paths import path_param

__all__ = ["AsyncContainerFiles", "AsyncContent", "ContainerFiles", "Content"]


class FileListKwargs(FileListParams, RequestOptions, total=False):
    """The keyword arguments of ``containers.files.list``."""


def container_path(container_id: str) -> str:
    return f"/containers/{path_param('container_id', container_id)}"


def _file_path(container_id: str, file_id: str) -> str:
    return f"{container_path(container_id)}/files/{path_param('file_id', file_id)}"


def _create_options(
    container_id: str, file: FileTypes | None, file_id: str | None, options: RequestOptions
) -> FinalRequestOptions:
    path = container_path(container_id) + "/files"
    if (file is None) == (file_id is None):
        raise TypeError("Pass exactly one of `file` (bytes, a path, a file object) or `file_id`")
    if file is not None:
        files = [("file", to_httpx_file(file))]
        return make_options("post", path, body={}, files=files, **options)
    return make_options("post", path, body={"file_id": file_id}, **options)


def _list_options(container_id: str, params: FileListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    path = container_path(container_id) + "/files"
    return make_options("get", path, query=query, **request_options)


def _content_options(
    container_id: str, file_id: str, options: RequestOptions
) -> FinalRequestOptions:
    path = _file_path(container_id, file_id) + "/content"
    return make_options("get", path, headers={"Accept": "application/binary"}, **options)


class Content(SyncAPIResource):
    def retrieve(
        self, file_id: str, *, container_id: str, **options: Unpack[RequestOptions]
    ) -> BinaryResponseContent:
        """A container file's bytes, exactly as stored."""
        return self._call(BinaryResponseContent, _content_options(container_id, file_id, options))


class AsyncContent(AsyncAPIResource):
    async def retrieve(
        self, file_id: str, *, container_id: str, **options: Unpack[RequestOptions]
    ) -> BinaryResponseContent:
        """A container file's bytes, exactly as stored."""
        request = _content_options(container_id, file_id, options)
        return await self._call(BinaryResponseContent, request)


class ContainerFiles(SyncAPIResource):
    @cached_property
    def content(self) -> Content:
        return Content(self._client, self._mode)

    def create(
        self,
        container_id: str,
        *,
        file: FileTypes | None = None,
        file_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> FileCreateResponse:
        """Put a file in the container: upload ``file``, or copy the uploaded ``file_id``."""
        request = _create_options(container_id, file, file_id, options)
        return self._call(FileCreateResponse, request)

    def retrieve(
        self, file_id: str, *, container_id: str, **options: Unpack[RequestOptions]
    ) -> FileRetrieveResponse:
        """One container file: its path, size and source."""
        path = _file_path(container_id, file_id)
        return self._call(FileRetrieveResponse, make_options("get", path, **options))

    def list(
        self, container_id: str, **params: Unpack[FileListKwargs]
    ) -> SyncCursorPage[FileListResponse]:
        """The container's files; iterating fetches the following pages."""
        return self._call(SyncCursorPage[FileListResponse], _list_options(container_id, params))

    def delete(self, file_id: str, *, container_id: str, **options: Unpack[RequestOptions]) -> None:
        """Remove a file from the container."""
        path = _file_path(container_id, file_id)
        self._call(type(None), make_options("delete", path, **options))


class AsyncContainerFiles(AsyncAPIResource):
    @cached_property
    def content(self) -> AsyncContent:
        return AsyncContent(self._client, self._mode)

    async def create(
        self,
        container_id: str,
        *,
        file: FileTypes | None = None,
        file_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> FileCreateResponse:
        """Put a file in the container: upload ``file``, or copy the uploaded ``file_id``."""
        request = _create_options(container_id, file, file_id, options)
        return await self._call(FileCreateResponse, request)

    async def retrieve(
        self, file_id: str, *, container_id: str, **options: Unpack[RequestOptions]
    ) -> FileRetrieveResponse:
        """One container file: its path, size and source."""
        path = _file_path(container_id, file_id)
        return await self._call(FileRetrieveResponse, make_options("get", path, **options))

    def list(
        self, container_id: str, **params: Unpack[FileListKwargs]
    ) -> AsyncPaginator[FileListResponse, AsyncCursorPage[FileListResponse]]:
        """The container's files: ``await`` for the first page, or ``async for`` every file."""
        result: Any = self._list(
            AsyncCursorPage[FileListResponse], _list_options(container_id, params)
        )
        return result  # type: ignore[no-any-return]

    async def delete(
        self, file_id: str, *, container_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Remove a file from the container."""
        path = _file_path(container_id, file_id)
        await self._call(type(None), make_options("delete", path, **options))
