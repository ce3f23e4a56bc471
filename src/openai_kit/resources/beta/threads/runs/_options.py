"""Request options of the runs calls, shared by the sync and async resources and by threads."""

from __future__ import annotations

from typing import Any, Final

from ....._options import FinalRequestOptions
from ....._types import RequestOptions
from .....types.beta.thread_create_and_run_params import ThreadCreateAndRunParamsBase
from .....types.beta.threads.run_create_params import RunCreateParamsBase
from .....types.beta.threads.run_list_params import RunListParams
from .....types.beta.threads.run_submit_tool_outputs_params import (
    RunSubmitToolOutputsParamsBase,
)
from .....types.beta.threads.run_update_params import RunUpdateParams
from ...._paths import path_param
from ..._common import assistants_options

__all__ = [
    "TERMINAL_STATES",
    "RunCreateKwargs",
    "RunListKwargs",
    "RunSubmitToolOutputsKwargs",
    "RunUpdateKwargs",
    "ThreadCreateAndRunKwargs",
    "and_run_options",
    "create_options",
    "run_path",
    "runs_path",
    "submit_options",
]

#: The states ``poll`` stops at (a run there waits for nothing but the caller).
TERMINAL_STATES: Final = frozenset(
    {"requires_action", "cancelled", "completed", "failed", "expired", "incomplete"}
)


class RunCreateKwargs(RunCreateParamsBase, RequestOptions, total=False):
    """The keyword arguments of ``beta.threads.runs.create`` (besides ``stream``)."""


class RunUpdateKwargs(RunUpdateParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.threads.runs.update`` (besides ``thread_id``)."""


class RunListKwargs(RunListParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.threads.runs.list``."""


class RunSubmitToolOutputsKwargs(RunSubmitToolOutputsParamsBase, RequestOptions, total=False):
    """The keyword arguments of ``beta.threads.runs.submit_tool_outputs`` (but ``stream``)."""


class ThreadCreateAndRunKwargs(ThreadCreateAndRunParamsBase, RequestOptions, total=False):
    """The keyword arguments of ``beta.threads.create_and_run`` (besides ``stream``)."""


def runs_path(thread_id: str) -> str:
    return f"/threads/{path_param('thread_id', thread_id)}/runs"


def run_path(thread_id: str, run_id: str) -> str:
    return f"{runs_path(thread_id)}/{path_param('run_id', run_id)}"


def _with_stream(params: Any, stream: bool | None) -> dict[str, Any]:
    values = dict(params)
    if stream is not None:
        values["stream"] = stream
    return values


def create_options(
    thread_id: str, params: RunCreateKwargs, stream: bool | None
) -> FinalRequestOptions:
    """``runs.create``: the run's settings in the body, ``include`` in the query."""
    values = _with_stream(params, stream)
    return assistants_options("post", runs_path(thread_id), values, query_keys=("include",))


def submit_options(
    thread_id: str, run_id: str, params: RunSubmitToolOutputsKwargs, stream: bool | None
) -> FinalRequestOptions:
    path = f"{run_path(thread_id, run_id)}/submit_tool_outputs"
    return assistants_options("post", path, _with_stream(params, stream))


def and_run_options(params: ThreadCreateAndRunKwargs, stream: bool | None) -> FinalRequestOptions:
    return assistants_options("post", "/threads/runs", _with_stream(params, stream))
