"""``client.uploads``: create, complete and cancel uploads; upload a large file in parts."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from functools import cached_property
from pathlib import Path

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._types import Omit, RequestOptions, omit, split_request_options
from ...types.upload import Upload
from ...types.upload_complete_params import UploadCompleteParams
from ...types.upload_create_params import UploadCreateParams
from .._paths import path_param
from .parts import AsyncParts, Parts

__all__ = ["DEFAULT_PART_SIZE", "AsyncUploads", "Uploads"]

#: The size of each part ``upload_file_chunked`` sends unless told otherwise (64 MB).
DEFAULT_PART_SIZE = 64 * 1024 * 1024

ChunkedFile = os.PathLike[str] | bytes


class UploadCreateKwargs(UploadCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``uploads.create``."""


class UploadCompleteKwargs(UploadCompleteParams, RequestOptions, total=False):
    """The keyword arguments of ``uploads.complete``."""


def _path(upload_id: str, action: str) -> str:
    return f"/uploads/{path_param('upload_id', upload_id)}/{action}"


def _create_options(params: UploadCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options("post", "/uploads", body=body, **request_options)


def _complete_options(upload_id: str, params: UploadCompleteKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    body["part_ids"] = list(body["part_ids"])
    return make_options("post", _path(upload_id, "complete"), body=body, **request_options)


def _plan(file: ChunkedFile, filename: str | None, size: int | None) -> tuple[str, int]:
    """The upload's filename and byte count: given, or taken from the path or the bytes."""
    if isinstance(file, bytes | bytearray | memoryview):
        if filename is None:
            raise TypeError("The `filename` argument must be given for in-memory files")
        return filename, len(file) if size is None else size
    if not isinstance(file, os.PathLike):
        raise TypeError(f"Expected a path or bytes for `file`, got {type(file).__name__}")
    path = Path(os.fspath(file))
    return filename or path.name, path.stat().st_size if size is None else size


def _start_options(name: str, size: int, mime_type: str, purpose: str) -> FinalRequestOptions:
    body = {"bytes": size, "filename": name, "mime_type": mime_type, "purpose": purpose}
    return make_options("post", "/uploads", body=body)


def _finish_options(upload_id: str, part_ids: list[str], md5: str | Omit) -> FinalRequestOptions:
    body = {"part_ids": part_ids, "md5": md5}
    return make_options("post", _path(upload_id, "complete"), body=body)


def _part_size(part_size: int | None) -> int:
    if part_size is None:
        return DEFAULT_PART_SIZE
    if part_size < 1:
        raise ValueError(f"`part_size` must be a positive number of bytes, got {part_size}")
    return part_size


def _chunks(file: ChunkedFile, part_size: int) -> Iterator[bytes]:
    if isinstance(file, bytes | bytearray | memoryview):
        data = memoryview(file)
        for start in range(0, len(data), part_size):
            yield bytes(data[start : start + part_size])
        return
    with open(os.fspath(file), "rb") as handle:
        while chunk := handle.read(part_size):
            yield chunk


async def _achunks(file: ChunkedFile, part_size: int) -> AsyncIterator[bytes]:
    import anyio.to_thread

    if isinstance(file, bytes | bytearray | memoryview):
        for chunk in _chunks(file, part_size):
            yield chunk
        return
    handle = await anyio.to_thread.run_sync(open, os.fspath(file), "rb")
    try:
        while chunk := await anyio.to_thread.run_sync(handle.read, part_size):
            yield chunk
    finally:
        handle.close()


class Uploads(SyncAPIResource):
    @cached_property
    def parts(self) -> Parts:
        return Parts(self._client, self._mode)

    def create(self, **params: Unpack[UploadCreateKwargs]) -> Upload:
        """Start an upload of ``bytes`` bytes (at most 8 GB); it expires after an hour."""
        return self._call(Upload, _create_options(params))

    def complete(self, upload_id: str, **params: Unpack[UploadCompleteKwargs]) -> Upload:
        """Join the parts in the order of ``part_ids`` into a file (``Upload.file``)."""
        return self._call(Upload, _complete_options(upload_id, params))

    def cancel(self, upload_id: str, **options: Unpack[RequestOptions]) -> Upload:
        """Cancel an upload; no part can be added after."""
        return self._call(Upload, make_options("post", _path(upload_id, "cancel"), **options))

    def upload_file_chunked(
        self,
        *,
        file: ChunkedFile,
        mime_type: str,
        purpose: str,
        filename: str | None = None,
        bytes: int | None = None,
        part_size: int | None = None,
        md5: str | Omit = omit,
    ) -> Upload:
        """Upload a file in parts of ``part_size`` bytes (64 MB), one after another.

        ``file`` is a path (its name and size are used unless given) or bytes
        (then ``filename`` is required; ``bytes`` defaults to their length).
        Creates the upload, adds each part, and completes it with the parts in order.
        """
        uploads = self._in_mode("parsed")
        name, size = _plan(file, filename, bytes)
        chunk_size = _part_size(part_size)
        upload = uploads._call(Upload, _start_options(name, size, mime_type, purpose))
        part_ids = [
            uploads.parts.create(upload.id, data=chunk).id for chunk in _chunks(file, chunk_size)
        ]
        return uploads._call(Upload, _finish_options(upload.id, part_ids, md5))


class AsyncUploads(AsyncAPIResource):
    @cached_property
    def parts(self) -> AsyncParts:
        return AsyncParts(self._client, self._mode)

    async def create(self, **params: Unpack[UploadCreateKwargs]) -> Upload:
        """Start an upload of ``bytes`` bytes (at most 8 GB); it expires after an hour."""
        return await self._call(Upload, _create_options(params))

    async def complete(self, upload_id: str, **params: Unpack[UploadCompleteKwargs]) -> Upload:
        """Join the parts in the order of ``part_ids`` into a file (``Upload.file``)."""
        return await self._call(Upload, _complete_options(upload_id, params))

    async def cancel(self, upload_id: str, **options: Unpack[RequestOptions]) -> Upload:
        """Cancel an upload; no part can be added after."""
        options_ = make_options("post", _path(upload_id, "cancel"), **options)
        return await self._call(Upload, options_)

    async def upload_file_chunked(
        self,
        *,
        file: ChunkedFile,
        mime_type: str,
        purpose: str,
        filename: str | None = None,
        bytes: int | None = None,
        part_size: int | None = None,
        md5: str | Omit = omit,
    ) -> Upload:
        """As :meth:`Uploads.upload_file_chunked`; a file is read in a worker thread."""
        uploads = self._in_mode("parsed")
        name, size = _plan(file, filename, bytes)
        chunk_size = _part_size(part_size)
        upload = await uploads._call(Upload, _start_options(name, size, mime_type, purpose))
        part_ids = [
            (await uploads.parts.create(upload.id, data=chunk)).id
            async for chunk in _achunks(file, chunk_size)
        ]
        return await uploads._call(Upload, _finish_options(upload.id, part_ids, md5))
