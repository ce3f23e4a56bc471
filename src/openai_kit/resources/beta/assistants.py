"""``client.beta.assistants``: create, retrieve, update, list and delete assistants."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from ..._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ..._resource import AsyncAPIResource, SyncAPIResource
from ..._types import RequestOptions
from ...types.beta.assistant import Assistant
from ...types.beta.assistant_create_params import AssistantCreateParams
from ...types.beta.assistant_deleted import AssistantDeleted
from ...types.beta.assistant_list_params import AssistantListParams
from ...types.beta.assistant_update_params import AssistantUpdateParams
from .._paths import path_param
from ._common import assistants_options

__all__ = ["Assistants", "AsyncAssistants"]


class AssistantCreateKwargs(AssistantCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.assistants.create``."""


class AssistantUpdateKwargs(AssistantUpdateParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.assistants.update``."""


class AssistantListKwargs(AssistantListParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.assistants.list``."""


def _path(assistant_id: str) -> str:
    return f"/assistants/{path_param('assistant_id', assistant_id)}"


class Assistants(SyncAPIResource):
    def create(self, **params: Unpack[AssistantCreateKwargs]) -> Assistant:
        """Create an assistant (``model`` required)."""
        return self._call(Assistant, assistants_options("post", "/assistants", params))

    def retrieve(self, assistant_id: str, **options: Unpack[RequestOptions]) -> Assistant:
        return self._call(Assistant, assistants_options("get", _path(assistant_id), options))

    def update(self, assistant_id: str, **params: Unpack[AssistantUpdateKwargs]) -> Assistant:
        """Change an assistant's settings (the ones given)."""
        return self._call(Assistant, assistants_options("post", _path(assistant_id), params))

    def list(self, **params: Unpack[AssistantListKwargs]) -> SyncCursorPage[Assistant]:
        """The assistants, newest first by default; iterating fetches the following pages."""
        page = SyncCursorPage[Assistant]
        return self._call(page, assistants_options("get", "/assistants", params))

    def delete(self, assistant_id: str, **options: Unpack[RequestOptions]) -> AssistantDeleted:
        options_ = assistants_options("delete", _path(assistant_id), options)
        return self._call(AssistantDeleted, options_)


class AsyncAssistants(AsyncAPIResource):
    async def create(self, **params: Unpack[AssistantCreateKwargs]) -> Assistant:
        """Create an assistant (``model`` required)."""
        return await self._call(Assistant, assistants_options("post", "/assistants", params))

    async def retrieve(self, assistant_id: str, **options: Unpack[RequestOptions]) -> Assistant:
        options_ = assistants_options("get", _path(assistant_id), options)
        return await self._call(Assistant, options_)

    async def update(self, assistant_id: str, **params: Unpack[AssistantUpdateKwargs]) -> Assistant:
        """Change an assistant's settings (the ones given)."""
        options_ = assistants_options("post", _path(assistant_id), params)
        return await self._call(Assistant, options_)

    def list(
        self, **params: Unpack[AssistantListKwargs]
    ) -> AsyncPaginator[Assistant, AsyncCursorPage[Assistant]]:
        """The assistants: ``await`` for the first page, or ``async for`` every one."""
        page = AsyncCursorPage[Assistant]
        result: Any = self._list(page, assistants_options("get", "/assistants", params))
        return result  # type: ignore[no-any-return]

    async def delete(
        self, assistant_id: str, **options: Unpack[RequestOptions]
    ) -> AssistantDeleted:
        options_ = assistants_options("delete", _path(assistant_id), options)
        return await self._call(AssistantDeleted, options_)
