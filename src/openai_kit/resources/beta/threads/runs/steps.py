"""``client.beta.threads.runs.steps``: the steps of a run (message creation, tool calls)."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from ....._options import FinalRequestOptions
from ....._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ....._resource import AsyncAPIResource, SyncAPIResource
from ....._types import RequestOptions
from .....types.beta.threads.runs.run_step import RunStep
from .....types.beta.threads.runs.step_list_params import StepListParams
from .....types.beta.threads.runs.step_retrieve_params import StepRetrieveParams
from ...._paths import path_param
from ..._common import assistants_options

__all__ = ["AsyncSteps", "Steps"]


class StepRetrieveKwargs(StepRetrieveParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.threads.runs.steps.retrieve``."""


class StepListKwargs(StepListParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.threads.runs.steps.list`` (besides ``thread_id``)."""


def _steps(thread_id: str, run_id: str) -> str:
    thread = path_param("thread_id", thread_id)
    return f"/threads/{thread}/runs/{path_param('run_id', run_id)}/steps"


def _retrieve_options(step_id: str, params: StepRetrieveKwargs) -> FinalRequestOptions:
    values: dict[str, Any] = dict(params)
    steps = _steps(values.pop("thread_id"), values.pop("run_id"))
    return assistants_options("get", f"{steps}/{path_param('step_id', step_id)}", values)


def _list_options(run_id: str, params: StepListKwargs) -> FinalRequestOptions:
    values: dict[str, Any] = dict(params)
    return assistants_options("get", _steps(values.pop("thread_id"), run_id), values)


class Steps(SyncAPIResource):
    def retrieve(self, step_id: str, **params: Unpack[StepRetrieveKwargs]) -> RunStep:
        """One step (``thread_id=``, ``run_id=``; ``include=`` adds file search results)."""
        return self._call(RunStep, _retrieve_options(step_id, params))

    def list(self, run_id: str, **params: Unpack[StepListKwargs]) -> SyncCursorPage[RunStep]:
        """A run's steps (``thread_id=``), newest first by default."""
        return self._call(SyncCursorPage[RunStep], _list_options(run_id, params))


class AsyncSteps(AsyncAPIResource):
    async def retrieve(self, step_id: str, **params: Unpack[StepRetrieveKwargs]) -> RunStep:
        """One step (``thread_id=``, ``run_id=``; ``include=`` adds file search results)."""
        return await self._call(RunStep, _retrieve_options(step_id, params))

    def list(
        self, run_id: str, **params: Unpack[StepListKwargs]
    ) -> AsyncPaginator[RunStep, AsyncCursorPage[RunStep]]:
        """A run's steps: ``await`` for the first page, or ``async for`` every one."""
        result: Any = self._list(AsyncCursorPage[RunStep], _list_options(run_id, params))
        return result  # type: ignore[no-any-return]
