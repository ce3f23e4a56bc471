"""``client.evals.runs.output_items``: what an eval run produced and how each item was graded."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from ...._options import FinalRequestOptions
from ...._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ...._resource import AsyncAPIResource, SyncAPIResource, make_options
from ...._types import RequestOptions, split_request_options
from ....types.evals.runs.output_item_list_params import OutputItemListParams
from ....types.evals.runs.output_item_list_response import OutputItemListResponse
from ....types.evals.runs.output_item_retrieve_response import OutputItemRetrieveResponse
from ..._paths import path_param

__all__ = ["AsyncOutputItems", "OutputItems"]

_Page = SyncCursorPage[OutputItemListResponse]
_AsyncPage = AsyncCursorPage[OutputItemListResponse]


class OutputItemListKwargs(OutputItemListParams, RequestOptions, total=False):
    """The keyword arguments of ``evals.runs.output_items.list`` (``eval_id`` names the eval)."""


def _items_path(eval_id: str, run_id: str) -> str:
    eval_part = path_param("eval_id", eval_id)
    return f"/evals/{eval_part}/runs/{path_param('run_id', run_id)}/output_items"


def _list_options(run_id: str, params: OutputItemListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    path = _items_path(query.pop("eval_id"), run_id)
    return make_options("get", path, query=query, **request_options)


def _retrieve_options(
    output_item_id: str, eval_id: str, run_id: str, options: RequestOptions
) -> FinalRequestOptions:
    path = f"{_items_path(eval_id, run_id)}/{path_param('output_item_id', output_item_id)}"
    return make_options("get", path, **options)


class OutputItems(SyncAPIResource):
    def retrieve(
        self, output_item_id: str, *, eval_id: str, run_id: str, **options: Unpack[RequestOptions]
    ) -> OutputItemRetrieveResponse:
        """One output item of a run."""
        options_ = _retrieve_options(output_item_id, eval_id, run_id, options)
        return self._call(OutputItemRetrieveResponse, options_)

    def list(self, run_id: str, **params: Unpack[OutputItemListKwargs]) -> _Page:
        """A run's output items; iterating the page fetches the following pages."""
        return self._call(_Page, _list_options(run_id, params))


class AsyncOutputItems(AsyncAPIResource):
    async def retrieve(
        self, output_item_id: str, *, eval_id: str, run_id: str, **options: Unpack[RequestOptions]
    ) -> OutputItemRetrieveResponse:
        """One output item of a run."""
        options_ = _retrieve_options(output_item_id, eval_id, run_id, options)
        return await self._call(OutputItemRetrieveResponse, options_)

    def list(
        self, run_id: str, **params: Unpack[OutputItemListKwargs]
    ) -> AsyncPaginator[OutputItemListResponse, _AsyncPage]:
        """A run's output items: ``await`` for the first page, or ``async for`` every item."""
        result: Any = self._list(_AsyncPage, _list_options(run_id, params))
        return result  # type: ignore[no-any-return]
