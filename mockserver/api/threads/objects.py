"""The objects of the threads area as the API shows them: threads, messages, runs, run steps.

A thread keeps its messages and runs oldest first; a run keeps its steps and
what its lifecycle needs next (``runs.py`` moves it on).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from openai_kit.mockserver._stores import not_found

__all__ = [
    "ACTIVE",
    "TERMINAL",
    "StoredRun",
    "StoredThread",
    "message_json",
    "message_not_found",
    "run_not_found",
    "step_not_found",
    "text_block",
    "thread_not_found",
]

#: Run states in which the thread is busy (no new run, no new message).
ACTIVE = frozenset({"queued", "in_progress", "requires_action", "cancelling"})
#: States a run never leaves.
TERMINAL = frozenset({"completed", "failed", "cancelled", "expired", "incomplete"})


thread_not_found = not_found("No thread found with id '{}'.")
message_not_found = not_found("No message found with id '{}'.")
run_not_found = not_found("No run found with id '{}'.")
step_not_found = not_found("No run step found with id '{}'.")


def text_block(value: str, annotations: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"type": "text", "text": {"value": value, "annotations": list(annotations or [])}}


def message_json(
    message_id: str,
    thread_id: str,
    created_at: int,
    *,
    role: str,
    content: list[dict[str, Any]],
    attachments: list[dict[str, Any]] | None = None,
    metadata: Mapping[str, str] | None = None,
    assistant_id: str | None = None,
    run_id: str | None = None,
) -> dict[str, Any]:
    """A message as the API shows it, completed (``runs.py`` sets the states of run messages)."""
    return {
        "id": message_id,
        "object": "thread.message",
        "created_at": created_at,
        "thread_id": thread_id,
        "status": "completed",
        "incomplete_details": None,
        "completed_at": None if run_id is None else created_at,
        "incomplete_at": None,
        "role": role,
        "content": content,
        "assistant_id": assistant_id,
        "run_id": run_id,
        "attachments": list(attachments or []),
        "metadata": dict(metadata or {}),
    }


@dataclass
class StoredThread:
    data: dict[str, Any]
    messages: list[dict[str, Any]] = field(default_factory=list)
    runs: list[StoredRun] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.data["id"])

    def summary(self) -> dict[str, Any]:
        """The thread with the number of its messages (what snapshots show)."""
        return {**self.data, "messages": len(self.messages)}

    def active_run(self) -> StoredRun | None:
        for run in self.runs:
            if run.data["status"] in ACTIVE:
                return run
        return None


@dataclass
class StoredRun:
    """One run: its object, its steps and its lifecycle's next move.

    ``next_at``/``next_action`` say what happens when (``start``, ``act``,
    ``cancelled``); ``turn`` counts the model turns taken; ``outputs`` are
    the tool outputs submitted so far; ``script`` decides the next turn.
    ``events`` collects what a streaming request is sent (None otherwise).
    """

    data: dict[str, Any]
    thread: StoredThread
    steps: list[dict[str, Any]] = field(default_factory=list)
    next_at: float | None = None
    next_action: str | None = None
    turn: int = 0
    outputs: list[dict[str, Any]] = field(default_factory=list)
    script: Any = None
    vector_store_ids: list[str] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    events: list[tuple[str, dict[str, Any]]] | None = None

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def status(self) -> str:
        return str(self.data["status"])

    def to_json(self) -> dict[str, Any]:
        """A copy of the run object as the API shows it."""
        return dict(self.data)

    def emit(self, event: str, data: Mapping[str, Any]) -> None:
        """Note an event for a streaming request (the data as it stands now)."""
        if self.events is not None:
            self.events.append((event, _copy(data)))

    def step(self, step_id: str) -> dict[str, Any]:
        for step in self.steps:
            if step["id"] == step_id:
                return step
        raise step_not_found(step_id)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
