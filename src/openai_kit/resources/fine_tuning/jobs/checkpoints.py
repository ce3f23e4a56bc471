"""``client.fine_tuning.jobs.checkpoints``: the checkpoints a fine-tuning job saved."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from ...._options import FinalRequestOptions
from ...._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ...._resource import AsyncAPIResource, SyncAPIResource, make_options
from ...._types import RequestOptions, split_request_options
from ....types.fine_tuning.jobs.checkpoint_list_params import CheckpointListParams
from ....types.fine_tuning.jobs.fine_tuning_job_checkpoint import FineTuningJobCheckpoint
from ..._paths import path_param

__all__ = ["AsyncCheckpoints", "Checkpoints"]

_Page = SyncCursorPage[FineTuningJobCheckpoint]
_AsyncPage = AsyncCursorPage[FineTuningJobCheckpoint]


class CheckpointListKwargs(CheckpointListParams, RequestOptions, total=False):
    """The keyword arguments of ``fine_tuning.jobs.checkpoints.list``."""


def _list_options(fine_tuning_job_id: str, params: CheckpointListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    job = path_param("fine_tuning_job_id", fine_tuning_job_id)
    return make_options(
        "get", f"/fine_tuning/jobs/{job}/checkpoints", query=query, **request_options
    )


class Checkpoints(SyncAPIResource):
    def list(self, fine_tuning_job_id: str, **params: Unpack[CheckpointListKwargs]) -> _Page:
        """A job's checkpoints; iterating the page fetches the following pages."""
        return self._call(_Page, _list_options(fine_tuning_job_id, params))


class AsyncCheckpoints(AsyncAPIResource):
    def list(
        self, fine_tuning_job_id: str, **params: Unpack[CheckpointListKwargs]
    ) -> AsyncPaginator[FineTuningJobCheckpoint, _AsyncPage]:
        """A job's checkpoints: ``await`` for the first page, or ``async for`` every one."""
        result: Any = self._list(_AsyncPage, _list_options(fine_tuning_job_id, params))
        return result  # type: ignore[no-any-return]
