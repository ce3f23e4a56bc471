"""An eval run: its graded rows, computed once, shown as far as the clock has brought it.

A run is ``queued`` for :data:`QUEUE_SECONDS`, then ``in_progress`` while its
rows are graded one after another (``min(MAX_RUN_SECONDS, 1 + rows / 50)``
seconds in all), then ``completed`` (``failed`` when every row errored). The
grades are computed when the run is created; the output items, counts and
usage shown at any moment are those of the rows graded so far, so they always
agree with each other. A cancelled run keeps what it had graded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from openai_kit.mockserver.api.evals.sampling import NO_ERROR, Row
from openai_kit.mockserver.generation.graders import Grade, ModelUsage

__all__ = ["MAX_RUN_SECONDS", "QUEUE_SECONDS", "TERMINAL", "GradedRow", "Run"]

QUEUE_SECONDS: Final = 1.0
MAX_RUN_SECONDS: Final = 6.0
TERMINAL: Final = frozenset({"completed", "failed", "canceled"})


@dataclass
class GradedRow:
    id: str
    row: Row
    grades: list[Grade]

    @property
    def status(self) -> str:
        if self.row.error is not None or any(g.error for g in self.grades):
            return "error"
        return "pass" if all(g.passed for g in self.grades) else "fail"

    def usage(self, sampled_model: str | None) -> dict[str, ModelUsage]:
        out: dict[str, ModelUsage] = {}
        if sampled_model and self.row.usage:
            out[sampled_model] = ModelUsage(
                1, self.row.usage["prompt_tokens"], self.row.usage["completion_tokens"]
            )
        for grade in self.grades:
            for model, usage in grade.usage.items():
                out.setdefault(model, ModelUsage()).add(usage)
        return out


@dataclass
class Run:
    id: str
    eval_id: str
    name: str
    created_at: int
    data_source: Mapping[str, Any]
    metadata: Mapping[str, str] | None
    criteria: Sequence[Mapping[str, Any]]
    rows: list[GradedRow]
    status: str = "queued"
    phase_at: float = 0.0
    shown: int = 0
    error: dict[str, str] | None = None
    item_times: list[int] = field(default_factory=list)

    @property
    def model(self) -> str:
        return str(self.data_source.get("model") or "")

    @property
    def run_seconds(self) -> float:
        return min(MAX_RUN_SECONDS, 1.0 + len(self.rows) / 50)

    def graded_by(self, now: float) -> int:
        """How many rows are graded at ``now`` (while in progress)."""
        if not self.rows:
            return 0
        fraction = (now - self.phase_at) / self.run_seconds
        return min(len(self.rows), math.floor(fraction * len(self.rows)))

    def reveal(self, count: int) -> None:
        step = self.run_seconds / max(1, len(self.rows))
        while self.shown < count:
            self.shown += 1
            self.item_times.append(int(self.phase_at + self.shown * step))

    def output_item(self, index: int) -> dict[str, Any]:
        graded = self.rows[index]
        return {
            "object": "eval.run.output_item",
            "id": graded.id,
            "run_id": self.id,
            "eval_id": self.eval_id,
            "created_at": self.item_times[index],
            "status": graded.status,
            "datasource_item_id": index,
            "datasource_item": graded.row.item,
            "results": [
                {
                    "name": g.name,
                    "type": g.type,
                    "score": g.score,
                    "passed": g.passed,
                    "sample": g.sample,
                }
                for g in graded.grades
            ],
            "sample": graded.row.shown,
        }

    def _usage(self, shown: Sequence[GradedRow]) -> list[dict[str, Any]]:
        totals: dict[str, ModelUsage] = {}
        for graded in shown:
            for model, usage in graded.usage(self.model or None).items():
                totals.setdefault(model, ModelUsage()).add(usage)
        return [
            {"model_name": model, "invocation_count": usage.invocations, **usage.to_json()}
            for model, usage in totals.items()
        ]

    def to_json(self) -> dict[str, Any]:
        shown = self.rows[: self.shown]
        statuses = [g.status for g in shown]
        per_criterion = [
            {
                "testing_criteria": str(criterion["name"]),
                "passed": sum(1 for g in shown if g.grades[i].passed),
                "failed": sum(1 for g in shown if not g.grades[i].passed),
            }
            for i, criterion in enumerate(self.criteria)
        ]
        return {
            "object": "eval.run",
            "id": self.id,
            "eval_id": self.eval_id,
            "status": self.status,
            "model": self.model,
            "name": self.name,
            "created_at": self.created_at,
            "report_url": f"https://platform.openai.com/evaluations/{self.eval_id}?run_id={self.id}",
            "result_counts": {
                "total": len(shown),
                "errored": statuses.count("error"),
                "failed": statuses.count("fail"),
                "passed": statuses.count("pass"),
            },
            "per_model_usage": self._usage(shown),
            "per_testing_criteria_results": per_criterion,
            "data_source": dict(self.data_source),
            "metadata": dict(self.metadata) if self.metadata is not None else None,
            "error": dict(self.error or NO_ERROR),
        }
