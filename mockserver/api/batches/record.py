"""One batch and its lifecycle on the server's clock.

``validating`` for :data:`VALIDATE_SECONDS`; a bad input file fails it then.
``in_progress`` runs the lines in order, ``lines_per_second`` of them per
simulated second (a hang fault on a line holds the batch there until it
passes or the window does); ``finalizing`` for :data:`FINALIZE_SECONDS`
writes the output and error files; then ``completed``. ``cancel`` makes it
``cancelling`` for :data:`CANCEL_SECONDS`, then ``cancelled`` with the output
of the lines that had run. A batch still running when its 24 h window ends is
``expired``, the requests that did not run in its error file (``batch_expired``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from openai_kit.mockserver._operation import Operation
from openai_kit.mockserver.api.batches.run import LineResult, LineRunner, Usage
from openai_kit.mockserver.api.batches.validate import BatchRequest, CreateBatch

__all__ = [
    "CANCEL_SECONDS",
    "FINALIZE_SECONDS",
    "TERMINAL",
    "VALIDATE_SECONDS",
    "WINDOW_SECONDS",
    "StoredBatch",
]

VALIDATE_SECONDS: Final = 1.0
FINALIZE_SECONDS: Final = 1.0
CANCEL_SECONDS: Final = 1.0
WINDOW_SECONDS: Final = 24 * 3600
TERMINAL: Final = frozenset({"failed", "completed", "expired", "cancelled"})
_STAMPS: Final = (
    "in_progress_at",
    "finalizing_at",
    "completed_at",
    "failed_at",
    "expired_at",
    "cancelling_at",
    "cancelled_at",
)


@dataclass
class StoredBatch:
    id: str
    sequence: int
    spec: CreateBatch
    created_at: float
    runner: LineRunner
    op: Operation | None
    requests: list[BatchRequest]
    input_errors: list[dict[str, Any]]
    model: str | None
    status: str = "validating"
    stamps: dict[str, float] = field(default_factory=dict)
    done: int = 0
    output: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    completed: int = 0
    failed: int = 0
    usage: Usage = field(default_factory=Usage)
    output_file_id: str | None = None
    error_file_id: str | None = None

    @property
    def expires_at(self) -> float:
        return self.created_at + WINDOW_SECONDS

    def take(self, result: LineResult) -> None:
        self.done += 1
        if result.ok:
            self.completed += 1
            self.output.append(result.text)
            if result.usage is not None:
                self.usage.add(result.usage)
        else:
            self.failed += 1
            self.failures.append(result.text)

    def to_json(self) -> dict[str, Any]:
        stamps = {name: _int(self.stamps.get(name)) for name in _STAMPS}
        failed = self.status == "failed"
        return {
            "id": self.id,
            "object": "batch",
            "endpoint": self.spec.endpoint,
            "model": self.model,
            "errors": {"object": "list", "data": self.input_errors} if failed else None,
            "input_file_id": self.spec.input_file_id,
            "completion_window": self.spec.completion_window,
            "status": self.status,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "created_at": int(self.created_at),
            "expires_at": int(self.expires_at),
            **stamps,
            "request_counts": {
                "total": 0 if self.status == "validating" or failed else len(self.requests),
                "completed": self.completed,
                "failed": self.failed,
            },
            "usage": self.usage.to_json(),
            "metadata": self.spec.metadata,
        }


def _int(value: float | None) -> int | None:
    return None if value is None else int(value)
