"""The runs engine: a run's lifecycle on the server's simulated clock.

A run is ``queued`` when created, ``in_progress`` one second later, and one
second after that its model turn (``plan.py``) ends it ``completed`` (a
message step and the assistant's message), ``requires_action`` (a tool-calls
step waiting for ``submit_tool_outputs``, which queues the run again),
``failed`` or ``incomplete``. ``cancel`` makes it ``cancelling``, then
``cancelled`` a second later; a run left in ``requires_action`` past
``expires_at`` (ten minutes) is ``expired``. Reads are lazy: the store moves
runs on to the current time before it shows them (``tick`` does it too).

A streaming request runs the same machine at once (every step at the
request's time), collecting the events it is sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.api.threads.objects import (
    TERMINAL,
    StoredRun,
    message_json,
    text_block,
)
from openai_kit.mockserver.api.threads.plan import FAILURES, Search, Turn, plan_turn
from openai_kit.mockserver.generation.rng import rng_for

__all__ = ["EXPIRES_SECONDS", "RunEngine"]

QUEUED_SECONDS: Final = 1.0
WORK_SECONDS: Final = 1.0
CANCEL_SECONDS: Final = 1.0
EXPIRES_SECONDS: Final = 600
_WORDS: Final = re.compile(r"\S+\s*|\s+")

NewId = Callable[[str], str]


def _usage(prompt: int, completion: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _pieces(text: str, size: int = 4) -> list[str]:
    words = _WORDS.findall(text) or [text]
    return ["".join(words[i : i + size]) for i in range(0, len(words), size)]


class RunEngine:
    """Moves runs through their states; ``new_id(kind)`` names new steps, messages and calls."""

    def __init__(self, new_id: NewId, seed: int, search: Search | None = None) -> None:
        self._new_id = new_id
        self._seed = seed
        self._search = search

    # -- what the API asks ------------------------------------------------------------------

    def begin(self, run: StoredRun, now: float) -> None:
        run.emit("thread.run.created", run.data)
        run.emit("thread.run.queued", run.data)
        self._schedule(run, "start", now + QUEUED_SECONDS)

    def advance(self, run: StoredRun, now: float, *, immediate: bool = False) -> None:
        """Take every move due by ``now`` (``immediate``: every move, at ``now``)."""
        while run.next_action is not None:
            at = now if immediate else run.next_at
            if at is None or at > now:
                break
            action = run.next_action
            run.next_action = run.next_at = None
            getattr(self, f"_{action}")(run, at)
        expires = run.data["expires_at"]
        if run.status == "requires_action" and expires is not None and now >= expires:
            self._expire(run, float(expires))

    def cancel(self, run: StoredRun, now: float) -> None:
        if run.status not in ("queued", "in_progress", "requires_action"):
            raise MockAPIError(
                400, f"Cannot cancel run with status '{run.status}'.", param=None, code=None
            )
        run.data["status"] = "cancelling"
        run.emit("thread.run.cancelling", run.data)
        self._schedule(run, "cancelled", now + CANCEL_SECONDS)

    def submit(
        self, run: StoredRun, outputs: Sequence[Mapping[str, Any]], now: float, script: Any
    ) -> None:
        if run.status != "requires_action":
            raise MockAPIError(
                400,
                f'Runs in status "{run.status}" do not accept tool outputs.',
                param=None,
                code=None,
            )
        required = run.data["required_action"]["submit_tool_outputs"]["tool_calls"]
        expected = [call["id"] for call in required]
        given = [str(o.get("tool_call_id")) for o in outputs]
        if sorted(given) != sorted(expected):
            raise MockAPIError(
                400,
                f"Expected tool outputs for call_ids {expected!r}, got {given!r}",
                param="tool_outputs",
            )
        by_id = {str(o["tool_call_id"]): o for o in outputs}
        step = run.steps[-1]
        for call in step["step_details"]["tool_calls"]:
            call["function"]["output"] = str(by_id[call["id"]].get("output", ""))
        self._close_step(run, step, "completed", now)
        run.outputs.extend(dict(o) for o in outputs)
        run.script = script
        run.data["required_action"] = None
        run.data["status"] = "queued"
        run.emit("thread.run.queued", run.data)
        self._schedule(run, "start", now + QUEUED_SECONDS)

    # -- the moves -----------------------------------------------------------------------------

    def _schedule(self, run: StoredRun, action: str, at: float) -> None:
        run.next_action = action
        run.next_at = at

    def _start(self, run: StoredRun, at: float) -> None:
        run.data["status"] = "in_progress"
        if run.data["started_at"] is None:
            run.data["started_at"] = int(at)
        run.emit("thread.run.in_progress", run.data)
        self._schedule(run, "act", at + WORK_SECONDS)

    def _act(self, run: StoredRun, at: float) -> None:
        turn = plan_turn(
            run.data,
            run.thread.messages,
            run.outputs,
            script=run.script,
            first=run.turn == 0,
            rng=rng_for(self._seed, run.id, run.turn),
            stores=run.vector_store_ids,
            search=self._search,
        )
        run.script = None
        run.turn += 1
        run.prompt_tokens += turn.prompt_tokens
        run.completion_tokens += turn.completion_tokens
        if turn.failure is not None:
            self._finish(run, "failed", at, last_error=turn.failure)
            return
        if turn.incomplete == "max_prompt_tokens":
            self._finish(run, "incomplete", at, reason=turn.incomplete)
            return
        builtins = [(kind, d) for kind, d in turn.calls if kind != "function"]
        if builtins:
            step = self._open_tool_step(run, builtins, at)
            self._close_step(run, step, "completed", at, usage=_usage(0, 0))
        functions = [d for kind, d in turn.calls if kind == "function"]
        if functions:
            self._require_action(run, functions, turn, at)
            return
        self._write_message(run, turn, at)
        if turn.incomplete is not None:
            self._finish(run, "incomplete", at, reason=turn.incomplete)
        else:
            self._finish(run, "completed", at)

    def _cancelled(self, run: StoredRun, at: float) -> None:
        self._finish(run, "cancelled", at)

    def _expire(self, run: StoredRun, at: float) -> None:
        run.data["required_action"] = None
        self._finish(run, "expired", at)

    def _finish(
        self,
        run: StoredRun,
        status: str,
        at: float,
        *,
        last_error: str | None = None,
        reason: str | None = None,
    ) -> None:
        data = run.data
        data["status"] = status
        stamp = {"completed": "completed_at", "failed": "failed_at", "cancelled": "cancelled_at"}
        if status in stamp:
            data[stamp[status]] = int(at)
        if last_error is not None:
            data["last_error"] = {"code": last_error, "message": FAILURES[last_error]}
        if reason is not None:
            data["incomplete_details"] = {"reason": reason}
        step_status = {"completed": "completed", "incomplete": "completed"}.get(status, status)
        for step in run.steps:
            if step["status"] == "in_progress":
                self._close_step(run, step, step_status, at, error=data["last_error"])
        data["usage"] = _usage(run.prompt_tokens, run.completion_tokens)
        data["expires_at"] = None
        run.next_action = run.next_at = None
        assert status in TERMINAL
        run.emit(f"thread.run.{status}", data)

    # -- steps and messages --------------------------------------------------------------------

    def _new_step(self, run: StoredRun, at: float, details: dict[str, Any]) -> dict[str, Any]:
        step: dict[str, Any] = {
            "id": self._new_id("step"),
            "object": "thread.run.step",
            "created_at": int(at),
            "run_id": run.id,
            "assistant_id": run.data["assistant_id"],
            "thread_id": run.thread.id,
            "type": details["type"],
            "status": "in_progress",
            "cancelled_at": None,
            "completed_at": None,
            "expired_at": None,
            "failed_at": None,
            "last_error": None,
            "step_details": details,
            "usage": None,
            "metadata": {},
        }
        run.steps.append(step)
        return step

    def _open_tool_step(
        self, run: StoredRun, calls: Sequence[tuple[str, dict[str, Any]]], at: float
    ) -> dict[str, Any]:
        made = [{"id": self._new_id("call"), "type": kind, kind: d} for kind, d in calls]
        step = self._new_step(run, at, {"type": "tool_calls", "tool_calls": made})
        run.emit("thread.run.step.created", {**step, "step_details": _no_calls()})
        run.emit("thread.run.step.in_progress", {**step, "step_details": _no_calls()})
        for index, call in enumerate(made):
            details = {"type": "tool_calls", "tool_calls": [{"index": index, **call}]}
            delta = {"step_details": details}
            run.emit(
                "thread.run.step.delta",
                {"id": step["id"], "object": "thread.run.step.delta", "delta": delta},
            )
        return step

    def _close_step(
        self,
        run: StoredRun,
        step: dict[str, Any],
        status: str,
        at: float,
        *,
        usage: dict[str, int] | None = None,
        error: Any = None,
    ) -> None:
        step["status"] = status
        stamp = {
            "completed": "completed_at",
            "failed": "failed_at",
            "cancelled": "cancelled_at",
            "expired": "expired_at",
        }[status]
        step[stamp] = int(at)
        if status == "failed":
            step["last_error"] = error
        step["usage"] = usage or _usage(run.prompt_tokens, run.completion_tokens)
        run.emit(f"thread.run.step.{status}", step)

    def _require_action(
        self, run: StoredRun, functions: list[dict[str, Any]], turn: Turn, at: float
    ) -> None:
        step = self._open_tool_step(run, [("function", d) for d in functions], at)
        calls = [
            {
                "id": call["id"],
                "type": "function",
                "function": {
                    "name": call["function"]["name"],
                    "arguments": call["function"]["arguments"],
                },
            }
            for call in step["step_details"]["tool_calls"]
        ]
        run.data["required_action"] = {
            "type": "submit_tool_outputs",
            "submit_tool_outputs": {"tool_calls": calls},
        }
        run.data["status"] = "requires_action"
        run.emit("thread.run.requires_action", run.data)

    def _write_message(self, run: StoredRun, turn: Turn, at: float) -> None:
        text = turn.content or ""
        message = message_json(
            self._new_id("msg"),
            run.thread.id,
            int(at),
            role="assistant",
            content=[],
            assistant_id=run.data["assistant_id"],
            run_id=run.id,
        )
        step = self._new_step(
            run,
            at,
            {"type": "message_creation", "message_creation": {"message_id": message["id"]}},
        )
        run.emit("thread.run.step.created", step)
        run.emit("thread.run.step.in_progress", step)
        message.update(status="in_progress", completed_at=None)
        run.thread.messages.append(message)
        run.emit("thread.message.created", message)
        run.emit("thread.message.in_progress", message)
        if run.events is not None:
            for piece in _pieces(text):
                block = {"index": 0, "type": "text", "text": {"value": piece, "annotations": []}}
                delta = {"id": message["id"], "object": "thread.message.delta"}
                run.emit("thread.message.delta", {**delta, "delta": {"content": [block]}})
        message["content"] = [text_block(text, turn.annotations)]
        if turn.incomplete == "max_completion_tokens":
            reason = {"reason": "max_tokens"}
            message.update(status="incomplete", incomplete_at=int(at), incomplete_details=reason)
            run.emit("thread.message.incomplete", message)
        else:
            message.update(status="completed", completed_at=int(at))
            run.emit("thread.message.completed", message)
        usage = _usage(turn.prompt_tokens, turn.completion_tokens)
        self._close_step(run, step, "completed", at, usage=usage)


def _no_calls() -> dict[str, Any]:
    return {"type": "tool_calls", "tool_calls": []}
