"""A fine-tuning job: what it was asked, where it is, and how it shows.

The schedule (simulated seconds): ``validating_files`` for
:data:`VALIDATE_SECONDS`, ``queued`` for :data:`QUEUE_SECONDS`, then
``running`` for ``min(MAX_RUN_SECONDS, 1 + steps / 20)`` seconds of training
(a pause stops that clock, a resume queues the job again), then
``succeeded``. A small job is done in under ten seconds. Losses follow a
decaying curve with noise drawn from the server's seed and the job.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from openai_kit.mockserver.generation.rng import rng_for

__all__ = [
    "QUEUE_SECONDS",
    "TERMINAL",
    "VALIDATE_SECONDS",
    "Job",
    "metrics_at",
    "resolve_hyperparameters",
]

VALIDATE_SECONDS: Final = 1.0
QUEUE_SECONDS: Final = 1.0
MAX_RUN_SECONDS: Final = 6.0
TERMINAL: Final = frozenset({"succeeded", "failed", "cancelled"})
_AUTO_DEFAULTS: Final[Mapping[str, Any]] = {
    "n_epochs": 3,
    "learning_rate_multiplier": 1.8,
    "beta": 0.1,
    "compute_multiplier": 1.0,
    "eval_interval": 1,
    "eval_samples": 1,
    "reasoning_effort": "medium",
}
_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    "supervised": ("batch_size", "learning_rate_multiplier", "n_epochs"),
    "dpo": ("batch_size", "learning_rate_multiplier", "n_epochs", "beta"),
    "reinforcement": (
        "batch_size",
        "learning_rate_multiplier",
        "n_epochs",
        "reasoning_effort",
        "compute_multiplier",
        "eval_interval",
        "eval_samples",
    ),
}


def resolve_hyperparameters(method: str, given: Mapping[str, Any], examples: int) -> dict[str, Any]:
    """Every hyperparameter of ``method`` with ``auto`` (or absent) replaced by a value."""
    out: dict[str, Any] = {}
    for key in _KEYS[method]:
        value = given.get(key, "auto")
        if value == "auto" or (key == "reasoning_effort" and value == "default"):
            value = (
                max(1, min(256, examples // 100)) if key == "batch_size" else _AUTO_DEFAULTS[key]
            )
        out[key] = value
    return out


def metrics_at(seed: int, job_id: str, step: int, total: int, validation: bool) -> dict[str, float]:
    """The training metrics reported at ``step`` of ``total``."""
    rng = rng_for(seed, "ftmetrics", job_id, step)
    loss = 0.2 + 1.8 * math.exp(-4 * step / total) + rng.uniform(-0.05, 0.05)
    out = {
        "step": float(step),
        "train_loss": round(loss, 4),
        "train_mean_token_accuracy": round(min(1.0, max(0.0, 1 - loss / 2.2)), 4),
    }
    if validation:
        valid = loss + 0.05 + rng.uniform(0, 0.05)
        out["valid_loss"] = round(valid, 4)
        out["valid_mean_token_accuracy"] = round(min(1.0, max(0.0, 1 - valid / 2.2)), 4)
    return out


@dataclass
class Job:
    """One job and its progress (times are the server clock's)."""

    id: str
    created_at: int
    model: str
    base: str
    chat: bool
    training_file: str
    validation_file: str | None
    method: str
    given: dict[str, Any]
    grader: Mapping[str, Any] | None
    suffix: str | None
    seed: int
    metadata: Mapping[str, str] | None
    integrations: list[Any] | None
    status: str = "validating_files"
    phase_at: float = 0.0
    progress: float = 0.0
    hyperparameters: dict[str, Any] | None = None
    steps: int = 0
    run_seconds: float = 0.0
    tokens: int = 0
    steps_reported: int = 0
    fine_tuned_model: str | None = None
    finished_at: int | None = None
    error: dict[str, Any] | None = None
    result_files: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    checkpoints: list[dict[str, Any]] = field(default_factory=list)

    def plan(self, examples: int, tokens: int) -> None:
        """Fix the hyperparameters, steps and training time once the files are valid."""
        self.hyperparameters = resolve_hyperparameters(self.method, self.given, examples)
        per_epoch = math.ceil(examples / int(self.hyperparameters["batch_size"]))
        self.steps = per_epoch * int(self.hyperparameters["n_epochs"])
        self.tokens = tokens
        self.run_seconds = min(MAX_RUN_SECONDS, 1.0 + self.steps / 20)

    @property
    def steps_per_epoch(self) -> int:
        assert self.hyperparameters is not None
        return self.steps // int(self.hyperparameters["n_epochs"])

    def ran(self, now: float) -> float:
        """Seconds of training done by ``now``."""
        if self.status == "running":
            return min(self.run_seconds, self.progress + now - self.phase_at)
        return self.progress

    def _shown_hyperparameters(self) -> dict[str, Any]:
        if self.hyperparameters is not None:
            return dict(self.hyperparameters)
        return {key: self.given.get(key, "auto") for key in _KEYS[self.method]}

    def to_json(self, organization: str) -> dict[str, Any]:
        hyper = self._shown_hyperparameters()
        method: dict[str, Any] = {"hyperparameters": hyper}
        if self.grader is not None:
            method["grader"] = dict(self.grader)
        estimated = None
        if self.status == "running":
            estimated = int(self.phase_at + self.run_seconds - self.progress) + 1
        return {
            "object": "fine_tuning.job",
            "id": self.id,
            "model": self.model,
            "created_at": self.created_at,
            "finished_at": self.finished_at,
            "fine_tuned_model": self.fine_tuned_model,
            "organization_id": organization,
            "result_files": list(self.result_files),
            "status": self.status,
            "validation_file": self.validation_file,
            "training_file": self.training_file,
            "hyperparameters": {k: hyper[k] for k in _KEYS["supervised"]},
            "trained_tokens": self.tokens * int(hyper["n_epochs"])
            if self.status == "succeeded"
            else None,
            "error": self.error,
            "user_provided_suffix": self.suffix,
            "seed": self.seed,
            "estimated_finish": estimated,
            "integrations": self.integrations,
            "metadata": dict(self.metadata) if self.metadata is not None else None,
            "method": {"type": self.method, self.method: method},
        }
