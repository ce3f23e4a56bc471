"""``client.responses.input_items``: the input items of a stored response, page by page."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._types import split_request_options
from ...types.responses.response_item import ResponseItem
from .._paths import path_param
from ._kwargs import InputItemListKwargs
from ._query import bracket_arrays

__all__ = ["AsyncInputItems", "InputItems"]


def _list_options(response_id: str, params: InputItemListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    path = f"/responses/{path_param('response_id', response_id)}/input_items"
    return make_options("get", path, query=bracket_arrays(query), **request_options)


class InputItems(SyncAPIResource):
    def list(
        self, response_id: str, **params: Unpack[InputItemListKwargs]
    ) -> SyncCursorPage[ResponseItem]:
        """The items that made up a response's input (``after``, ``limit``, ``order``, ``include``).

        Iterating the page fetches the following pages as needed.
        """
        return self._call(SyncCursorPage[ResponseItem], _list_options(response_id, params))


class AsyncInputItems(AsyncAPIResource):
    def list(
        self, response_id: str, **params: Unpack[InputItemListKwargs]
    ) -> AsyncPaginator[ResponseItem, AsyncCursorPage[ResponseItem]]:
        """A response's input items: ``await`` for the first page, or ``async for`` every item."""
        result: Any = self._list(AsyncCursorPage[ResponseItem], _list_options(response_id, params))
        return result  # type: ignore[no-any-return]
