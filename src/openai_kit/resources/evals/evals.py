"""``client.evals``: create, retrieve, update, list and delete evals (and their runs)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._types import RequestOptions, split_request_options
from ...types.eval_create_params import EvalCreateParams
from ...types.eval_create_response import EvalCreateResponse
from ...types.eval_delete_response import EvalDeleteResponse
from ...types.eval_list_params import EvalListParams
from ...types.eval_list_response import EvalListResponse
from ...types.eval_retrieve_response import EvalRetrieveResponse
from ...types.eval_update_params import EvalUpdateParams
from ...types.eval_update_response import EvalUpdateResponse
from .._paths import path_param
from .runs import AsyncRuns, Runs

__all__ = ["AsyncEvals", "Evals"]

_Page = SyncCursorPage[EvalListResponse]
_AsyncPage = AsyncCursorPage[EvalListResponse]


class EvalCreateKwargs(EvalCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``evals.create``."""


class EvalUpdateKwargs(EvalUpdateParams, RequestOptions, total=False):
    """The keyword arguments of ``evals.update``."""


class EvalListKwargs(EvalListParams, RequestOptions, total=False):
    """The keyword arguments of ``evals.list``."""


def _path(eval_id: str) -> str:
    return f"/evals/{path_param('eval_id', eval_id)}"


def _body_options(path: str, params: EvalCreateKwargs | EvalUpdateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options("post", path, body=body, **request_options)


def _list_options(params: EvalListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    return make_options("get", "/evals", query=query, **request_options)


class Evals(SyncAPIResource):
    @cached_property
    def runs(self) -> Runs:
        return Runs(self._client, self._mode)

    def create(self, **params: Unpack[EvalCreateKwargs]) -> EvalCreateResponse:
        """Define an eval: its data source config and testing criteria (graders)."""
        return self._call(EvalCreateResponse, _body_options("/evals", params))

    def retrieve(self, eval_id: str, **options: Unpack[RequestOptions]) -> EvalRetrieveResponse:
        """One eval."""
        return self._call(EvalRetrieveResponse, make_options("get", _path(eval_id), **options))

    def update(self, eval_id: str, **params: Unpack[EvalUpdateKwargs]) -> EvalUpdateResponse:
        """Rename an eval or replace its ``metadata``."""
        return self._call(EvalUpdateResponse, _body_options(_path(eval_id), params))

    def list(self, **params: Unpack[EvalListKwargs]) -> _Page:
        """Your evals; iterating the page fetches the following pages."""
        return self._call(_Page, _list_options(params))

    def delete(self, eval_id: str, **options: Unpack[RequestOptions]) -> EvalDeleteResponse:
        """Delete an eval."""
        return self._call(EvalDeleteResponse, make_options("delete", _path(eval_id), **options))


class AsyncEvals(AsyncAPIResource):
    @cached_property
    def runs(self) -> AsyncRuns:
        return AsyncRuns(self._client, self._mode)

    async def create(self, **params: Unpack[EvalCreateKwargs]) -> EvalCreateResponse:
        """Define an eval: its data source config and testing criteria (graders)."""
        return await self._call(EvalCreateResponse, _body_options("/evals", params))

    async def retrieve(
        self, eval_id: str, **options: Unpack[RequestOptions]
    ) -> EvalRetrieveResponse:
        """One eval."""
        options_ = make_options("get", _path(eval_id), **options)
        return await self._call(EvalRetrieveResponse, options_)

    async def update(self, eval_id: str, **params: Unpack[EvalUpdateKwargs]) -> EvalUpdateResponse:
        """Rename an eval or replace its ``metadata``."""
        return await self._call(EvalUpdateResponse, _body_options(_path(eval_id), params))

    def list(
        self, **params: Unpack[EvalListKwargs]
    ) -> AsyncPaginator[EvalListResponse, _AsyncPage]:
        """Your evals: ``await`` for the first page, or ``async for`` every eval."""
        result: Any = self._list(_AsyncPage, _list_options(params))
        return result  # type: ignore[no-any-return]

    async def delete(self, eval_id: str, **options: Unpack[RequestOptions]) -> EvalDeleteResponse:
        """Delete an eval."""
        options_ = make_options("delete", _path(eval_id), **options)
        return await self._call(EvalDeleteResponse, options_)
