"""``client.files``: upload, list, retrieve, download and delete files; wait for processing."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from .._files import to_httpx_file
from .._options import FinalRequestOptions
from .._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from .._resource import AsyncAPIResource, SyncAPIResource, make_options
from .._response import BinaryResponseContent
from .._types import RequestOptions, split_request_options
from ..types.file_create_params import FileCreateParams
from ..types.file_deleted import FileDeleted
from ..types.file_list_params import FileListParams
from ..types.file_object import FileObject
from ._paths import path_param

__all__ = ["AsyncFiles", "Files"]


class FileCreateKwargs(FileCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``files.create``."""


class FileListKwargs(FileListParams, RequestOptions, total=False):
    """The keyword arguments of ``files.list``."""


def _form_fields(body: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """Nested mappings as multipart fields: ``expires_after[seconds]=3600``."""
    fields: dict[str, object] = {}
    for key, value in body.items():
        name = f"{prefix}[{key}]" if prefix else key
        if isinstance(value, Mapping):
            fields.update(_form_fields(value, name))
        else:
            fields[name] = value
    return fields


def _create_options(params: FileCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    file = body.pop("file")
    return make_options(
        "post",
        "/files",
        body=_form_fields(body),
        files=[("file", to_httpx_file(file))],
        **request_options,
    )


def _list_options(params: FileListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    return make_options("get", "/files", query=query, **request_options)


def _content_options(file_id: str, options: RequestOptions) -> FinalRequestOptions:
    path = f"/files/{path_param('file_id', file_id)}/content"
    return make_options("get", path, headers={"Accept": "application/binary"}, **options)


def _file_path(file_id: str) -> str:
    return f"/files/{path_param('file_id', file_id)}"


#: ``FileObject.status`` values after which a file's processing is over.
TERMINAL_STATES = frozenset({"processed", "error", "deleted"})


def _gave_up(file_id: str, max_wait_seconds: float) -> RuntimeError:
    return RuntimeError(
        f"Giving up on waiting for file {file_id} to finish processing after "
        f"{max_wait_seconds} seconds."
    )


class Files(SyncAPIResource):
    def create(self, **params: Unpack[FileCreateKwargs]) -> FileObject:
        """Upload a file (``file`` as bytes, a path, a file object or a ``(name, content, type)`` tuple)."""
        return self._call(FileObject, _create_options(params))

    def list(self, **params: Unpack[FileListKwargs]) -> SyncCursorPage[FileObject]:
        """Your files; iterating the page fetches the following pages as needed."""
        return self._call(SyncCursorPage[FileObject], _list_options(params))

    def retrieve(self, file_id: str, **options: Unpack[RequestOptions]) -> FileObject:
        """One file's metadata."""
        return self._call(FileObject, make_options("get", _file_path(file_id), **options))

    def delete(self, file_id: str, **options: Unpack[RequestOptions]) -> FileDeleted:
        """Delete a file."""
        return self._call(FileDeleted, make_options("delete", _file_path(file_id), **options))

    def content(self, file_id: str, **options: Unpack[RequestOptions]) -> BinaryResponseContent:
        """A file's content (``.content`` bytes, ``.text``, ``write_to_file``...)."""
        return self._call(BinaryResponseContent, _content_options(file_id, options))

    def wait_for_processing(
        self, id: str, *, poll_interval: float = 5.0, max_wait_seconds: float = 30 * 60
    ) -> FileObject:
        """Retrieve the file every ``poll_interval`` seconds until its status is terminal.

        Terminal: ``processed``, ``error`` or ``deleted``. ``RuntimeError``
        after ``max_wait_seconds``. Waits go through the client's sleep hook
        (``SyncAPIClient._sleep``), so tests can make them instant.
        """
        files = self._in_mode("parsed")
        started = time.monotonic()
        file = files.retrieve(id)
        while file.status not in TERMINAL_STATES:
            type(self._client)._sleep(poll_interval)
            file = files.retrieve(id)
            if time.monotonic() - started > max_wait_seconds:
                raise _gave_up(id, max_wait_seconds)
        return file


class AsyncFiles(AsyncAPIResource):
    async def create(self, **params: Unpack[FileCreateKwargs]) -> FileObject:
        """Upload a file (``file`` as bytes, a path, a file object or a ``(name, content, type)`` tuple)."""
        return await self._call(FileObject, _create_options(params))

    def list(
        self, **params: Unpack[FileListKwargs]
    ) -> AsyncPaginator[FileObject, AsyncCursorPage[FileObject]]:
        """Your files: ``await`` for the first page, or ``async for`` every file."""
        result: Any = self._list(AsyncCursorPage[FileObject], _list_options(params))
        return result  # type: ignore[no-any-return]

    async def retrieve(self, file_id: str, **options: Unpack[RequestOptions]) -> FileObject:
        """One file's metadata."""
        return await self._call(FileObject, make_options("get", _file_path(file_id), **options))

    async def delete(self, file_id: str, **options: Unpack[RequestOptions]) -> FileDeleted:
        """Delete a file."""
        return await self._call(FileDeleted, make_options("delete", _file_path(file_id), **options))

    async def content(
        self, file_id: str, **options: Unpack[RequestOptions]
    ) -> BinaryResponseContent:
        """A file's content (``.content`` bytes, ``.text``, ``awrite_to_file``...)."""
        return await self._call(BinaryResponseContent, _content_options(file_id, options))

    async def wait_for_processing(
        self, id: str, *, poll_interval: float = 5.0, max_wait_seconds: float = 30 * 60
    ) -> FileObject:
        """Retrieve the file every ``poll_interval`` seconds until its status is terminal.

        As :meth:`Files.wait_for_processing`, waiting through ``AsyncAPIClient._sleep``.
        """
        files = self._in_mode("parsed")
        started = time.monotonic()
        file = await files.retrieve(id)
        while file.status not in TERMINAL_STATES:
            await type(self._client)._sleep(poll_interval)
            file = await files.retrieve(id)
            if time.monotonic() - started > max_wait_seconds:
                raise _gave_up(id, max_wait_seconds)
        return file
