"""Threads with their messages and runs (the runs engine moves the runs on).

Every read first moves the runs on to the clock's time (``settle``), and so
does ``tick``: a run's state is always what the clock says it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._paging import page
from openai_kit.mockserver._stores import State, Store, kept
from openai_kit.mockserver.api.assistants.resources import vector_store_ids
from openai_kit.mockserver.api.threads.objects import (
    TERMINAL,
    StoredRun,
    StoredThread,
    message_json,
    message_not_found,
    run_not_found,
    thread_not_found,
)
from openai_kit.mockserver.api.threads.runs import EXPIRES_SECONDS, RunEngine
from openai_kit.mockserver.api.threads.search import file_search

__all__ = ["Events", "NewMessage", "ThreadsStore"]

#: A message to add: ``(role, content blocks, attachments, metadata)``.
NewMessage = tuple[str, list[dict[str, Any]], list[dict[str, Any]], Mapping[str, str]]
#: What a streaming request is sent: ``(event name, data)`` in order.
Events = list[tuple[str, dict[str, Any]]]

_PREFIXES = {"thread": "thread_", "msg": "msg_", "run": "run_", "step": "step_", "call": "call_"}


class ThreadsStore(Store):
    """Threads, messages, runs and run steps of one server (thread-safe)."""

    area: ClassVar[str] = "threads"
    ticks_before_snapshot = True
    _threads = kept("threads", StoredThread.summary)
    _runs = kept("runs", StoredRun.to_json)

    def __init__(self, state: State) -> None:
        super().__init__(state)
        self.engine = RunEngine(self.new_id, self.seed, self._file_search)

    def _file_search(
        self, store_ids: Sequence[str], query: str, options: Mapping[str, Any]
    ) -> tuple[dict[str, Any], str, list[dict[str, Any]]]:
        return file_search(self.state, store_ids, query, options)

    def new_id(self, kind: str) -> str:
        return self.mint(_PREFIXES[kind], kind, 24, digits=alnum_id).id

    def tick(self, now: float) -> None:
        self.settle(now)

    def settle(self, now: float | None = None) -> None:
        """Move every unfinished run on to ``now`` (default: the clock's time)."""
        at = self.now() if now is None else now
        with self.lock:
            for run in self._runs.values():
                if run.status not in TERMINAL:
                    self.engine.advance(run, at)

    # -- threads -------------------------------------------------------------------------------

    def _thread(self, thread_id: str) -> StoredThread:
        return self.find(self._threads, thread_id, thread_not_found)

    def _idle_thread(self, thread_id: str, refusal: str) -> StoredThread:
        """The thread, or a 400 ``refusal`` (``{thread}``, ``{run}``) while a run is active."""
        thread = self._thread(thread_id)
        active = thread.active_run()
        if active is not None:
            raise MockAPIError(400, refusal.format(thread=thread_id, run=active.id))
        return thread

    def create_thread(
        self,
        messages: Sequence[NewMessage],
        metadata: Mapping[str, str] | None,
        tool_resources: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        with self.lock:
            thread = StoredThread(
                {
                    "id": self.new_id("thread"),
                    "object": "thread",
                    "created_at": int(self.now()),
                    "metadata": dict(metadata or {}),
                    "tool_resources": dict(tool_resources or {}),
                }
            )
            self._threads[thread.id] = thread
            for message in messages:
                self._add_message(thread, message)
            return dict(thread.data)

    def retrieve_thread(self, thread_id: str) -> dict[str, Any]:
        with self.lock:
            return dict(self._thread(thread_id).data)

    def update_thread(self, thread_id: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        with self.lock:
            thread = self._thread(thread_id)
            for key in ("metadata", "tool_resources"):
                if fields.get(key) is not None:
                    thread.data[key] = dict(fields[key])
            return dict(thread.data)

    def delete_thread(self, thread_id: str) -> dict[str, Any]:
        with self.lock:
            thread = self._thread(thread_id)
            for run in thread.runs:
                self._runs.pop(run.id, None)
            del self._threads[thread_id]
        return {"id": thread_id, "object": "thread.deleted", "deleted": True}

    # -- messages ------------------------------------------------------------------------------

    def _add_message(self, thread: StoredThread, message: NewMessage) -> dict[str, Any]:
        role, content, attachments, metadata = message
        made = message_json(
            self.new_id("msg"),
            thread.id,
            int(self.now()),
            role=role,
            content=content,
            attachments=attachments,
            metadata=metadata,
        )
        thread.messages.append(made)
        return made

    def create_message(self, thread_id: str, message: NewMessage) -> dict[str, Any]:
        self.settle()
        with self.lock:
            thread = self._idle_thread(
                thread_id, "Can't add messages to {thread} while a run {run} is active."
            )
            return dict(self._add_message(thread, message))

    def _message(self, thread_id: str, message_id: str) -> dict[str, Any]:
        for message in self._thread(thread_id).messages:
            if message["id"] == message_id:
                return message
        raise message_not_found(message_id)

    def list_messages(self, thread_id: str, *, run_id: str | None, **cursor: Any) -> dict[str, Any]:
        self.settle()
        with self.lock:
            messages = self._thread(thread_id).messages
            if run_id is not None:
                messages = [m for m in messages if m["run_id"] == run_id]
            return page(messages, **cursor)

    def retrieve_message(self, thread_id: str, message_id: str) -> dict[str, Any]:
        self.settle()
        with self.lock:
            return dict(self._message(thread_id, message_id))

    def update_message(
        self, thread_id: str, message_id: str, metadata: Mapping[str, str] | None
    ) -> dict[str, Any]:
        with self.lock:
            message = self._message(thread_id, message_id)
            if metadata is not None:
                message["metadata"] = dict(metadata)
            return dict(message)

    def delete_message(self, thread_id: str, message_id: str) -> dict[str, Any]:
        with self.lock:
            thread = self._thread(thread_id)
            thread.messages.remove(self._message(thread_id, message_id))
        return {"id": message_id, "object": "thread.message.deleted", "deleted": True}

    # -- runs ----------------------------------------------------------------------------------

    def _run(self, thread_id: str, run_id: str) -> StoredRun:
        self._thread(thread_id)
        run = self._runs.get(run_id)
        if run is None or run.thread.id != thread_id:
            raise run_not_found(run_id)
        return run

    def create_run(
        self,
        thread_id: str,
        fields: Mapping[str, Any],
        extra: Sequence[NewMessage],
        *,
        script: Any,
        stream: bool,
        resources: Mapping[str, Any] | None = None,
    ) -> tuple[dict[str, Any], Events]:
        """Start a run on the thread; a streaming one runs to its end at once (its events).

        ``resources``: the assistant's (or the request's) tool resources; with the
        thread's, they name the vector stores ``file_search`` searches."""
        self.settle()
        with self.lock:
            thread = self._idle_thread(
                thread_id, "Thread {thread} already has an active run {run}."
            )
            for message in extra:
                self._add_message(thread, message)
            now = self.now()
            data = _run_object(self.new_id("run"), thread_id, int(now), fields)
            run = StoredRun(data, thread, script=script)
            run.vector_store_ids = vector_store_ids(resources, thread.data["tool_resources"])
            thread.runs.append(run)
            self._runs[run.id] = run
            return self._drive(run, now, stream, lambda: self.engine.begin(run, now))

    def _drive(
        self, run: StoredRun, now: float, stream: bool, start: Callable[[], None]
    ) -> tuple[dict[str, Any], Events]:
        run.events = [] if stream else None
        start()
        if stream:
            self.engine.advance(run, now, immediate=True)
        events, run.events = run.events or [], None
        return dict(run.data), events

    def list_runs(self, thread_id: str, **cursor: Any) -> dict[str, Any]:
        self.settle()
        with self.lock:
            return page([r.data for r in self._thread(thread_id).runs], **cursor)

    def retrieve_run(self, thread_id: str, run_id: str) -> dict[str, Any]:
        self.settle()
        with self.lock:
            return dict(self._run(thread_id, run_id).data)

    def update_run(
        self, thread_id: str, run_id: str, metadata: Mapping[str, str] | None
    ) -> dict[str, Any]:
        self.settle()
        with self.lock:
            run = self._run(thread_id, run_id)
            if metadata is not None:
                run.data["metadata"] = dict(metadata)
            return dict(run.data)

    def cancel_run(self, thread_id: str, run_id: str) -> dict[str, Any]:
        self.settle()
        with self.lock:
            run = self._run(thread_id, run_id)
            self.engine.cancel(run, self.now())
            return dict(run.data)

    def submit_tool_outputs(
        self,
        thread_id: str,
        run_id: str,
        outputs: Sequence[Mapping[str, Any]],
        *,
        script: Any,
        stream: bool,
    ) -> tuple[dict[str, Any], Events]:
        self.settle()
        with self.lock:
            run = self._run(thread_id, run_id)
            now = self.now()
            submit = lambda: self.engine.submit(run, outputs, now, script)  # noqa: E731
            return self._drive(run, now, stream, submit)

    def list_steps(self, thread_id: str, run_id: str, **cursor: Any) -> dict[str, Any]:
        self.settle()
        with self.lock:
            return page(self._run(thread_id, run_id).steps, **cursor)

    def retrieve_step(self, thread_id: str, run_id: str, step_id: str) -> dict[str, Any]:
        self.settle()
        with self.lock:
            return dict(self._run(thread_id, run_id).step(step_id))


def _run_object(
    run_id: str, thread_id: str, created: int, fields: Mapping[str, Any]
) -> dict[str, Any]:
    """A new run: ``fields`` are the run's settings, the assistant's filled in."""
    return {
        "id": run_id,
        "object": "thread.run",
        "created_at": created,
        "thread_id": thread_id,
        "status": "queued",
        "required_action": None,
        "last_error": None,
        "expires_at": created + EXPIRES_SECONDS,
        "started_at": None,
        "cancelled_at": None,
        "failed_at": None,
        "completed_at": None,
        "incomplete_details": None,
        "usage": None,
        **fields,
    }
