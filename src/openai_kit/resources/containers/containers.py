"""``client.containers``: create, retrieve, list and delete code-interpreter containers."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._types import RequestOptions, split_request_options
from ...types.container_create_params import ContainerCreateParams
from ...types.container_create_response import ContainerCreateResponse
from ...types.container_list_params import ContainerListParams
from ...types.container_list_response import ContainerListResponse
from ...types.container_retrieve_response import ContainerRetrieveResponse
from .files import AsyncContainerFiles, ContainerFiles, container_path

__all__ = ["AsyncContainers", "Containers"]


class ContainerCreateKwargs(ContainerCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``containers.create``."""


class ContainerListKwargs(ContainerListParams, RequestOptions, total=False):
    """The keyword arguments of ``containers.list``."""


def _create_options(params: ContainerCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options("post", "/containers", body=body, **request_options)


def _list_options(params: ContainerListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    return make_options("get", "/containers", query=query, **request_options)


class Containers(SyncAPIResource):
    @cached_property
    def files(self) -> ContainerFiles:
        return ContainerFiles(self._client, self._mode)

    def create(self, **params: Unpack[ContainerCreateKwargs]) -> ContainerCreateResponse:
        """A new container (``file_ids`` are copied in under ``/mnt/data``)."""
        return self._call(ContainerCreateResponse, _create_options(params))

    def retrieve(
        self, container_id: str, **options: Unpack[RequestOptions]
    ) -> ContainerRetrieveResponse:
        """One container: status, last activity, expiry."""
        path = container_path(container_id)
        return self._call(ContainerRetrieveResponse, make_options("get", path, **options))

    def list(self, **params: Unpack[ContainerListKwargs]) -> SyncCursorPage[ContainerListResponse]:
        """Your containers; iterating the page fetches the following pages as needed."""
        return self._call(SyncCursorPage[ContainerListResponse], _list_options(params))

    def delete(self, container_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a container and its files."""
        self._call(type(None), make_options("delete", container_path(container_id), **options))


class AsyncContainers(AsyncAPIResource):
    @cached_property
    def files(self) -> AsyncContainerFiles:
        return AsyncContainerFiles(self._client, self._mode)

    async def create(self, **params: Unpack[ContainerCreateKwargs]) -> ContainerCreateResponse:
        """A new container (``file_ids`` are copied in under ``/mnt/data``)."""
        return await self._call(ContainerCreateResponse, _create_options(params))

    async def retrieve(
        self, container_id: str, **options: Unpack[RequestOptions]
    ) -> ContainerRetrieveResponse:
        """One container: status, last activity, expiry."""
        path = container_path(container_id)
        return await self._call(ContainerRetrieveResponse, make_options("get", path, **options))

    def list(
        self, **params: Unpack[ContainerListKwargs]
    ) -> AsyncPaginator[ContainerListResponse, AsyncCursorPage[ContainerListResponse]]:
        """Your containers: ``await`` for the first page, or ``async for`` every container."""
        result: Any = self._list(AsyncCursorPage[ContainerListResponse], _list_options(params))
        return result  # type: ignore[no-any-return]

    async def delete(self, container_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a container and its files."""
        path = container_path(container_id)
        await self._call(type(None), make_options("delete", path, **options))
