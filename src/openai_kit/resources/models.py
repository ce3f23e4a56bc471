"""``client.models``: list, retrieve and delete models."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from .._pagination import AsyncPage, AsyncPaginator, SyncPage
from .._resource import AsyncAPIResource, SyncAPIResource, make_options
from .._types import RequestOptions
from ..types.model import Model
from ..types.model_deleted import ModelDeleted
from ._paths import path_param

__all__ = ["AsyncModels", "Models"]


class Models(SyncAPIResource):
    def list(self, **options: Unpack[RequestOptions]) -> SyncPage[Model]:
        """The models available to you (one page; iterating it makes no further requests)."""
        return self._call(SyncPage[Model], make_options("get", "/models", **options))

    def retrieve(self, model: str, **options: Unpack[RequestOptions]) -> Model:
        """One model, by id."""
        path = f"/models/{path_param('model', model)}"
        return self._call(Model, make_options("get", path, **options))

    def delete(self, model: str, **options: Unpack[RequestOptions]) -> ModelDeleted:
        """Delete a fine-tuned model you own."""
        path = f"/models/{path_param('model', model)}"
        return self._call(ModelDeleted, make_options("delete", path, **options))


class AsyncModels(AsyncAPIResource):
    def list(self, **options: Unpack[RequestOptions]) -> AsyncPaginator[Model, AsyncPage[Model]]:
        """The models available to you: ``await`` for the page, or ``async for`` each model."""
        result: Any = self._list(AsyncPage[Model], make_options("get", "/models", **options))
        return result  # type: ignore[no-any-return]

    async def retrieve(self, model: str, **options: Unpack[RequestOptions]) -> Model:
        """One model, by id."""
        path = f"/models/{path_param('model', model)}"
        return await self._call(Model, make_options("get", path, **options))

    async def delete(self, model: str, **options: Unpack[RequestOptions]) -> ModelDeleted:
        """Delete a fine-tuned model you own."""
        path = f"/models/{path_param('model', model)}"
        return await self._call(ModelDeleted, make_options("delete", path, **options))
