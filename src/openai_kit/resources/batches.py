"""``client.batches``: create, retrieve, list and cancel batches; wait for one to settle."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from .._options import FinalRequestOptions
from .._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from .._resource import AsyncAPIResource, SyncAPIResource, make_options
from .._types import Omit, RequestOptions, omit, split_request_options
from ..types.batch import Batch
from ..types.batch_create_params import BatchCreateParams
from ..types.batch_list_params import BatchListParams
from ._paths import path_param
from ._polling import poll_resource, poll_resource_async

__all__ = ["TERMINAL_STATES", "AsyncBatches", "Batches"]

#: ``Batch.status`` values a batch does not leave.
TERMINAL_STATES = frozenset({"completed", "failed", "expired", "cancelled"})


class BatchCreateKwargs(BatchCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``batches.create``."""


class BatchListKwargs(BatchListParams, RequestOptions, total=False):
    """The keyword arguments of ``batches.list``."""


def _path(batch_id: str, suffix: str = "") -> str:
    return f"/batches/{path_param('batch_id', batch_id)}{suffix}"


def _create_options(params: BatchCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options("post", "/batches", body=body, **request_options)


def _list_options(params: BatchListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    return make_options("get", "/batches", query=query, **request_options)


class Batches(SyncAPIResource):
    def create(self, **params: Unpack[BatchCreateKwargs]) -> Batch:
        """Start a batch over an uploaded JSONL file of requests (``purpose="batch"``)."""
        return self._call(Batch, _create_options(params))

    def retrieve(self, batch_id: str, **options: Unpack[RequestOptions]) -> Batch:
        """One batch."""
        return self._call(Batch, make_options("get", _path(batch_id), **options))

    def list(self, **params: Unpack[BatchListKwargs]) -> SyncCursorPage[Batch]:
        """Your batches, newest first; iterating the page fetches the following pages."""
        return self._call(SyncCursorPage[Batch], _list_options(params))

    def cancel(self, batch_id: str, **options: Unpack[RequestOptions]) -> Batch:
        """Cancel a batch: it goes ``cancelling``, then ``cancelled`` with partial results."""
        return self._call(Batch, make_options("post", _path(batch_id, "/cancel"), **options))

    def poll(self, batch_id: str, *, poll_interval_ms: int | Omit = omit) -> Batch:
        """Retrieve the batch until it is completed, failed, expired or cancelled.

        Waits as long as the server's ``openai-poll-after-ms`` header asks (or
        ``poll_interval_ms``), through the client's sleep hook.
        """
        settled: Batch = poll_resource(
            self,
            lambda raw: raw.retrieve(batch_id),
            stop=TERMINAL_STATES,
            poll_interval_ms=poll_interval_ms,
        )
        return settled

    def create_and_poll(
        self, *, poll_interval_ms: int | Omit = omit, **params: Unpack[BatchCreateKwargs]
    ) -> Batch:
        """Create a batch, then :meth:`poll` it until it settles."""
        batch = self._in_mode("parsed").create(**params)
        return self.poll(batch.id, poll_interval_ms=poll_interval_ms)


class AsyncBatches(AsyncAPIResource):
    async def create(self, **params: Unpack[BatchCreateKwargs]) -> Batch:
        """Start a batch over an uploaded JSONL file of requests (``purpose="batch"``)."""
        return await self._call(Batch, _create_options(params))

    async def retrieve(self, batch_id: str, **options: Unpack[RequestOptions]) -> Batch:
        """One batch."""
        return await self._call(Batch, make_options("get", _path(batch_id), **options))

    def list(
        self, **params: Unpack[BatchListKwargs]
    ) -> AsyncPaginator[Batch, AsyncCursorPage[Batch]]:
        """Your batches: ``await`` for the first page, or ``async for`` every batch."""
        result: Any = self._list(AsyncCursorPage[Batch], _list_options(params))
        return result  # type: ignore[no-any-return]

    async def cancel(self, batch_id: str, **options: Unpack[RequestOptions]) -> Batch:
        """Cancel a batch: it goes ``cancelling``, then ``cancelled`` with partial results."""
        options_ = make_options("post", _path(batch_id, "/cancel"), **options)
        return await self._call(Batch, options_)

    async def poll(self, batch_id: str, *, poll_interval_ms: int | Omit = omit) -> Batch:
        """As :meth:`Batches.poll`, waiting through ``AsyncAPIClient._sleep``."""
        settled: Batch = await poll_resource_async(
            self,
            lambda raw: raw.retrieve(batch_id),
            stop=TERMINAL_STATES,
            poll_interval_ms=poll_interval_ms,
        )
        return settled

    async def create_and_poll(
        self, *, poll_interval_ms: int | Omit = omit, **params: Unpack[BatchCreateKwargs]
    ) -> Batch:
        """Create a batch, then :meth:`poll` it until it settles."""
        batch = await self._in_mode("parsed").create(**params)
        return await self.poll(batch.id, poll_interval_ms=poll_interval_ms)
