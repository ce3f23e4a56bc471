"""The Assistants API's threads: messages, runs and run steps (OpenAI; Azure classic routes).

Runs move on the server's simulated clock (``runs.py``); the run-creating
operations take content scripts (``mock.script("beta.threads.runs.create",
tool_calls=[...])``).
"""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Handler, Operation
from openai_kit.mockserver._sse import ASSISTANTS, DATA
from openai_kit.mockserver.api.threads import handlers as t
from openai_kit.mockserver.api.threads import handlers_runs as r
from openai_kit.mockserver.api.threads.store import ThreadsStore

__all__ = ["AREA"]

_THREAD = "/threads/{thread_id}"
_MESSAGE = _THREAD + "/messages/{message_id}"
_RUN = _THREAD + "/runs/{run_id}"


def _op(
    name: str, method: str, path: str, handler: Handler, *, runs: bool = False, body: bool = True
) -> Operation:
    """One operation; ``runs``: it starts or resumes a run (streams, takes content scripts)."""
    return Operation(
        f"beta.threads.{name}",
        method,
        path,
        handler,
        body="json" if method == "POST" and body else "none",
        azure="classic",
        stream=ASSISTANTS if runs else DATA,
        content_scripts=runs,
    )


AREA = Area(
    "threads",
    (
        _op("create", "POST", "/threads", t.threads_create),
        _op("create_and_run", "POST", "/threads/runs", r.threads_create_and_run, runs=True),
        _op("retrieve", "GET", _THREAD, t.threads_retrieve),
        _op("update", "POST", _THREAD, t.threads_update),
        _op("delete", "DELETE", _THREAD, t.threads_delete),
        _op("messages.create", "POST", _THREAD + "/messages", t.messages_create),
        _op("messages.list", "GET", _THREAD + "/messages", t.messages_list),
        _op("messages.retrieve", "GET", _MESSAGE, t.messages_retrieve),
        _op("messages.update", "POST", _MESSAGE, t.messages_update),
        _op("messages.delete", "DELETE", _MESSAGE, t.messages_delete),
        _op("runs.create", "POST", _THREAD + "/runs", r.runs_create, runs=True),
        _op("runs.list", "GET", _THREAD + "/runs", r.runs_list),
        _op("runs.retrieve", "GET", _RUN, r.runs_retrieve),
        _op("runs.update", "POST", _RUN, r.runs_update),
        _op("runs.cancel", "POST", _RUN + "/cancel", r.runs_cancel, body=False),
        _op(
            "runs.submit_tool_outputs",
            "POST",
            _RUN + "/submit_tool_outputs",
            r.runs_submit_tool_outputs,
            runs=True,
        ),
        _op("runs.steps.list", "GET", _RUN + "/steps", r.steps_list),
        _op("runs.steps.retrieve", "GET", _RUN + "/steps/{step_id}", r.steps_retrieve),
    ),
    stores=(ThreadsStore,),
)
