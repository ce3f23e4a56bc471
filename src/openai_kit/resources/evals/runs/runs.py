"""``client.evals.runs``: start, list, retrieve, cancel and delete the runs of an eval;
wait for one to settle."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from typing_extensions import Unpack

from ...._options import FinalRequestOptions
from ...._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ...._resource import AsyncAPIResource, SyncAPIResource, make_options
from ...._types import Omit, RequestOptions, omit, split_request_options
from ....types.evals.run_cancel_response import RunCancelResponse
from ....types.evals.run_create_params import RunCreateParams
from ....types.evals.run_create_response import RunCreateResponse
from ....types.evals.run_delete_response import RunDeleteResponse
from ....types.evals.run_list_params import RunListParams
from ....types.evals.run_list_response import RunListResponse
from ....types.evals.run_retrieve_response import RunRetrieveResponse
from ..._paths import path_param
from ..._polling import poll_resource, poll_resource_async
from .output_items import AsyncOutputItems, OutputItems

__all__ = ["TERMINAL_STATES", "AsyncRuns", "Runs"]

#: ``status`` values an eval run does not leave.
TERMINAL_STATES = frozenset({"completed", "failed", "canceled"})

_Page = SyncCursorPage[RunListResponse]
_AsyncPage = AsyncCursorPage[RunListResponse]


class RunCreateKwargs(RunCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``evals.runs.create``."""


class RunListKwargs(RunListParams, RequestOptions, total=False):
    """The keyword arguments of ``evals.runs.list``."""


def _runs_path(eval_id: str) -> str:
    return f"/evals/{path_param('eval_id', eval_id)}/runs"


def _run_path(eval_id: str, run_id: str) -> str:
    return f"{_runs_path(eval_id)}/{path_param('run_id', run_id)}"


def _create_options(eval_id: str, params: RunCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options("post", _runs_path(eval_id), body=body, **request_options)


def _list_options(eval_id: str, params: RunListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    return make_options("get", _runs_path(eval_id), query=query, **request_options)


def _run_options(
    method: str, run_id: str, eval_id: str, options: RequestOptions
) -> FinalRequestOptions:
    return make_options(method, _run_path(eval_id, run_id), **options)


class Runs(SyncAPIResource):
    @cached_property
    def output_items(self) -> OutputItems:
        return OutputItems(self._client, self._mode)

    def create(self, eval_id: str, **params: Unpack[RunCreateKwargs]) -> RunCreateResponse:
        """Start a run of an eval over ``data_source``; it starts ``queued``."""
        return self._call(RunCreateResponse, _create_options(eval_id, params))

    def retrieve(
        self, run_id: str, *, eval_id: str, **options: Unpack[RequestOptions]
    ) -> RunRetrieveResponse:
        """One run of an eval."""
        return self._call(RunRetrieveResponse, _run_options("get", run_id, eval_id, options))

    def list(self, eval_id: str, **params: Unpack[RunListKwargs]) -> _Page:
        """An eval's runs; iterating the page fetches the following pages."""
        return self._call(_Page, _list_options(eval_id, params))

    def cancel(
        self, run_id: str, *, eval_id: str, **options: Unpack[RequestOptions]
    ) -> RunCancelResponse:
        """Cancel a run that has not finished."""
        return self._call(RunCancelResponse, _run_options("post", run_id, eval_id, options))

    def delete(
        self, run_id: str, *, eval_id: str, **options: Unpack[RequestOptions]
    ) -> RunDeleteResponse:
        """Delete a run."""
        return self._call(RunDeleteResponse, _run_options("delete", run_id, eval_id, options))

    def poll(
        self, run_id: str, *, eval_id: str, poll_interval_ms: int | Omit = omit
    ) -> RunRetrieveResponse:
        """Retrieve the run until it completed, failed or was canceled.

        Waits as long as the server's ``openai-poll-after-ms`` header asks (or
        ``poll_interval_ms``), through the client's sleep hook.
        """
        settled: RunRetrieveResponse = poll_resource(
            self,
            lambda raw: raw.retrieve(run_id, eval_id=eval_id),
            stop=TERMINAL_STATES,
            poll_interval_ms=poll_interval_ms,
        )
        return settled

    def create_and_poll(
        self,
        eval_id: str,
        *,
        poll_interval_ms: int | Omit = omit,
        **params: Unpack[RunCreateKwargs],
    ) -> RunRetrieveResponse:
        """Start a run, then :meth:`poll` it until it settles."""
        run = self._in_mode("parsed").create(eval_id, **params)
        return self.poll(run.id, eval_id=eval_id, poll_interval_ms=poll_interval_ms)


class AsyncRuns(AsyncAPIResource):
    @cached_property
    def output_items(self) -> AsyncOutputItems:
        return AsyncOutputItems(self._client, self._mode)

    async def create(self, eval_id: str, **params: Unpack[RunCreateKwargs]) -> RunCreateResponse:
        """Start a run of an eval over ``data_source``; it starts ``queued``."""
        return await self._call(RunCreateResponse, _create_options(eval_id, params))

    async def retrieve(
        self, run_id: str, *, eval_id: str, **options: Unpack[RequestOptions]
    ) -> RunRetrieveResponse:
        """One run of an eval."""
        options_ = _run_options("get", run_id, eval_id, options)
        return await self._call(RunRetrieveResponse, options_)

    def list(
        self, eval_id: str, **params: Unpack[RunListKwargs]
    ) -> AsyncPaginator[RunListResponse, _AsyncPage]:
        """An eval's runs: ``await`` for the first page, or ``async for`` every run."""
        result: Any = self._list(_AsyncPage, _list_options(eval_id, params))
        return result  # type: ignore[no-any-return]

    async def cancel(
        self, run_id: str, *, eval_id: str, **options: Unpack[RequestOptions]
    ) -> RunCancelResponse:
        """Cancel a run that has not finished."""
        options_ = _run_options("post", run_id, eval_id, options)
        return await self._call(RunCancelResponse, options_)

    async def delete(
        self, run_id: str, *, eval_id: str, **options: Unpack[RequestOptions]
    ) -> RunDeleteResponse:
        """Delete a run."""
        options_ = _run_options("delete", run_id, eval_id, options)
        return await self._call(RunDeleteResponse, options_)

    async def poll(
        self, run_id: str, *, eval_id: str, poll_interval_ms: int | Omit = omit
    ) -> RunRetrieveResponse:
        """As :meth:`Runs.poll`, waiting through ``AsyncAPIClient._sleep``."""
        settled: RunRetrieveResponse = await poll_resource_async(
            self,
            lambda raw: raw.retrieve(run_id, eval_id=eval_id),
            stop=TERMINAL_STATES,
            poll_interval_ms=poll_interval_ms,
        )
        return settled

    async def create_and_poll(
        self,
        eval_id: str,
        *,
        poll_interval_ms: int | Omit = omit,
        **params: Unpack[RunCreateKwargs],
    ) -> RunRetrieveResponse:
        """Start a run, then :meth:`poll` it until it settles."""
        run = await self._in_mode("parsed").create(eval_id, **params)
        return await self.poll(run.id, eval_id=eval_id, poll_interval_ms=poll_interval_ms)
