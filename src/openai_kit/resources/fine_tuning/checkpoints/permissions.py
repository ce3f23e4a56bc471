"""``client.fine_tuning.checkpoints.permissions``: which projects may use a fine-tuned checkpoint."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack, deprecated

from ...._options import FinalRequestOptions
from ...._pagination import (
    AsyncConversationCursorPage,
    AsyncPage,
    AsyncPaginator,
    SyncConversationCursorPage,
    SyncPage,
)
from ...._resource import AsyncAPIResource, SyncAPIResource, make_options
from ...._types import RequestOptions, split_request_options
from ....types.fine_tuning.checkpoints.permission_create_params import PermissionCreateParams
from ....types.fine_tuning.checkpoints.permission_create_response import (
    PermissionCreateResponse,
)
from ....types.fine_tuning.checkpoints.permission_delete_response import (
    PermissionDeleteResponse,
)
from ....types.fine_tuning.checkpoints.permission_list_params import PermissionListParams
from ....types.fine_tuning.checkpoints.permission_list_response import PermissionListResponse
from ....types.fine_tuning.checkpoints.permission_retrieve_params import (
    PermissionRetrieveParams,
)
from ....types.fine_tuning.checkpoints.permission_retrieve_response import (
    PermissionRetrieveResponse,
)
from ..._paths import path_param

__all__ = ["AsyncPermissions", "Permissions"]

_Created = SyncPage[PermissionCreateResponse]
_AsyncCreated = AsyncPage[PermissionCreateResponse]
_Listed = SyncConversationCursorPage[PermissionListResponse]
_AsyncListed = AsyncConversationCursorPage[PermissionListResponse]
_RETRIEVE_DEPRECATED = "permissions.retrieve is deprecated: use the paginated permissions.list"


class PermissionCreateKwargs(PermissionCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``fine_tuning.checkpoints.permissions.create``."""


class PermissionListKwargs(PermissionListParams, RequestOptions, total=False):
    """The keyword arguments of ``fine_tuning.checkpoints.permissions.list``."""


class PermissionRetrieveKwargs(PermissionRetrieveParams, RequestOptions, total=False):
    """The keyword arguments of ``fine_tuning.checkpoints.permissions.retrieve``."""


def _path(checkpoint: str, permission_id: str | None = None) -> str:
    path = f"/fine_tuning/checkpoints/{path_param('fine_tuned_model_checkpoint', checkpoint)}"
    path += "/permissions"
    if permission_id is not None:
        path += f"/{path_param('permission_id', permission_id)}"
    return path


def _create_options(checkpoint: str, params: PermissionCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    body["project_ids"] = list(body["project_ids"])
    return make_options("post", _path(checkpoint), body=body, **request_options)


def _list_options(
    checkpoint: str, params: PermissionListKwargs | PermissionRetrieveKwargs
) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    return make_options("get", _path(checkpoint), query=query, **request_options)


def _delete_options(
    permission_id: str, checkpoint: str, options: RequestOptions
) -> FinalRequestOptions:
    return make_options("delete", _path(checkpoint, permission_id), **options)


class Permissions(SyncAPIResource):
    def create(
        self, fine_tuned_model_checkpoint: str, **params: Unpack[PermissionCreateKwargs]
    ) -> _Created:
        """Share a checkpoint with projects (admin key); the answer lists the new permissions."""
        return self._call(_Created, _create_options(fine_tuned_model_checkpoint, params))

    @deprecated(_RETRIEVE_DEPRECATED)
    def retrieve(
        self, fine_tuned_model_checkpoint: str, **params: Unpack[PermissionRetrieveKwargs]
    ) -> PermissionRetrieveResponse:
        """One page of a checkpoint's permissions as a list object (deprecated: use ``list``)."""
        options = _list_options(fine_tuned_model_checkpoint, params)
        return self._call(PermissionRetrieveResponse, options)

    def list(
        self, fine_tuned_model_checkpoint: str, **params: Unpack[PermissionListKwargs]
    ) -> _Listed:
        """A checkpoint's permissions; iterating the page fetches the following pages."""
        return self._call(_Listed, _list_options(fine_tuned_model_checkpoint, params))

    def delete(
        self,
        permission_id: str,
        *,
        fine_tuned_model_checkpoint: str,
        **options: Unpack[RequestOptions],
    ) -> PermissionDeleteResponse:
        """Withdraw one permission."""
        options_ = _delete_options(permission_id, fine_tuned_model_checkpoint, options)
        return self._call(PermissionDeleteResponse, options_)


class AsyncPermissions(AsyncAPIResource):
    def create(
        self, fine_tuned_model_checkpoint: str, **params: Unpack[PermissionCreateKwargs]
    ) -> AsyncPaginator[PermissionCreateResponse, _AsyncCreated]:
        """Share a checkpoint with projects: ``await`` for the page of new permissions."""
        options = _create_options(fine_tuned_model_checkpoint, params)
        result: Any = self._list(_AsyncCreated, options)
        return result  # type: ignore[no-any-return]

    @deprecated(_RETRIEVE_DEPRECATED)
    async def retrieve(
        self, fine_tuned_model_checkpoint: str, **params: Unpack[PermissionRetrieveKwargs]
    ) -> PermissionRetrieveResponse:
        """One page of a checkpoint's permissions as a list object (deprecated: use ``list``)."""
        options = _list_options(fine_tuned_model_checkpoint, params)
        return await self._call(PermissionRetrieveResponse, options)

    def list(
        self, fine_tuned_model_checkpoint: str, **params: Unpack[PermissionListKwargs]
    ) -> AsyncPaginator[PermissionListResponse, _AsyncListed]:
        """A checkpoint's permissions: ``await`` for the first page, or ``async for`` each."""
        result: Any = self._list(_AsyncListed, _list_options(fine_tuned_model_checkpoint, params))
        return result  # type: ignore[no-any-return]

    async def delete(
        self,
        permission_id: str,
        *,
        fine_tuned_model_checkpoint: str,
        **options: Unpack[RequestOptions],
    ) -> PermissionDeleteResponse:
        """Withdraw one permission."""
        options_ = _delete_options(permission_id, fine_tuned_model_checkpoint, options)
        return await self._call(PermissionDeleteResponse, options_)
