"""Fine-tuning jobs and their lifecycle on the server's clock.

Plain Python, no HTTP. Jobs move on in :meth:`FineTuningStore.tick` (the
server calls it when its clock moves) and before every read, so a job read at
any moment shows where the clock has brought it. A job that succeeds creates
its ``ft:`` model in the models store (listed, served by chat completions and
Responses, deletable there), a metrics file in the files store, its
checkpoints and its events; ``fine_tuning.job.succeeded`` / ``.failed`` /
``.cancelled`` are announced with :meth:`State.emit`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import alnum_id, hex_id
from openai_kit.mockserver._paging import page
from openai_kit.mockserver._stores import Kept, Pending, Store, kept, not_found
from openai_kit.mockserver.api.files.store import FilesStore, StoredFile
from openai_kit.mockserver.api.fine_tuning.datasets import DatasetError, check_dataset
from openai_kit.mockserver.api.fine_tuning.jobs import (
    QUEUE_SECONDS,
    VALIDATE_SECONDS,
    Job,
    metrics_at,
)
from openai_kit.mockserver.api.fine_tuning.validate import (
    FINE_TUNABLE,
    JobRequest,
    model_not_available,
)
from openai_kit.mockserver.api.models.store import ModelsStore
from openai_kit.mockserver.generation.catalog import find_model

__all__ = ["FineTuningStore", "job_not_found"]

_MAX_METRIC_EVENTS = 100
_KEPT_CHECKPOINTS = 3


job_not_found = not_found("Could not find fine-tuning job {}.", param="fine_tuning_job_id")


def _job_seed(seed: int, number: int) -> int:
    """The seed a job gets when none is given (deterministic, like everything else)."""
    return int(hex_id(seed, "ftseed", number, 8), 16) % 2_147_483_647


def _bad_file(param: str, message: str) -> dict[str, Any]:
    code = "invalid_training_file" if param == "training_file" else "invalid_validation_file"
    return {"code": code, "message": message, "param": param}


class FineTuningStore(Store):
    """The fine-tuning jobs of one server."""

    area: ClassVar[str] = "fine_tuning"
    #: Shown by :meth:`snapshot` (a job shows the organization of the models store).
    _jobs: Kept[Job] = kept()

    @property
    def organization(self) -> str:
        return self.state.get(ModelsStore).organization

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        self.tick(self.now())
        with self.lock:
            return {"fine_tuning_jobs": [j.to_json(self.organization) for j in self._jobs.values()]}

    # -- lifecycle --------------------------------------------------------------------------

    def tick(self, now: float) -> None:
        self.advance_each(now, self._jobs.values(), self._advance)

    def _advance(self, job: Job, now: float, pending: Pending) -> None:
        while True:
            if job.status == "validating_files":
                at = job.phase_at + VALIDATE_SECONDS
                if now < at:
                    return
                self._validate(job, at, pending)
            elif job.status == "queued":
                at = job.phase_at + QUEUE_SECONDS
                if now < at:
                    return
                job.status, job.phase_at = "running", at
                self._event(job, at, "Fine-tuning job started")
            elif job.status == "running":
                finish = job.phase_at + job.run_seconds - job.progress
                if now < finish:
                    step_seconds = job.run_seconds / job.steps
                    self._report_steps(job, math.floor(job.ran(now) / step_seconds))
                    return
                self._succeed(job, finish, pending)
            else:
                return

    def _event(
        self,
        job: Job,
        at: float,
        message: str,
        *,
        level: str = "info",
        data: Mapping[str, Any] | None = None,
    ) -> None:
        event_id = self.mint("ftevent-", "ftevent", 24, digits=alnum_id).id
        job.events.append(
            {
                "object": "fine_tuning.job.event",
                "id": event_id,
                "created_at": int(at),
                "level": level,
                "message": message,
                "data": dict(data or {}),
                "type": "metrics" if data else "message",
            }
        )

    def _file(self, file_id: str) -> StoredFile | None:
        try:
            return self.state.get(FilesStore).get(file_id)
        except MockAPIError:
            return None

    def _check_files(self, job: Job) -> tuple[dict[str, Any] | None, int, int]:
        """(the job's error or None, training examples, training tokens)."""
        counts = (0, 0)
        for param, file_id in (
            ("training_file", job.training_file),
            ("validation_file", job.validation_file),
        ):
            if file_id is None:
                continue
            stored = self._file(file_id)
            if stored is None:
                return _bad_file(param, f"File {file_id} not found."), 0, 0
            try:
                stats = check_dataset(
                    stored.data, job.method, chat=job.chat, training=param == "training_file"
                )
            except DatasetError as exc:
                return _bad_file(param, str(exc)), 0, 0
            if param == "training_file":
                counts = (stats.examples, stats.tokens)
        return None, *counts

    def _validate(self, job: Job, at: float, pending: Pending) -> None:
        error, examples, tokens = self._check_files(job)
        if error is not None:
            job.status, job.error, job.finished_at = "failed", error, int(at)
            self._event(job, at, error["message"], level="error")
            pending.append(("fine_tuning.job.failed", job.to_json(self.organization)))
            return
        job.plan(examples, tokens)
        job.status, job.phase_at = "queued", at
        self._event(job, at, "Files validated, moving job to queued state")

    def _report_steps(self, job: Job, done: int) -> None:
        stride = max(1, math.ceil(job.steps / _MAX_METRIC_EVENTS))
        step_seconds = job.run_seconds / job.steps
        start = job.phase_at - job.progress
        for step in range(job.steps_reported + 1, min(done, job.steps) + 1):
            if step % stride and step != job.steps:
                continue
            metrics = metrics_at(
                self.seed, job.id, step, job.steps, job.validation_file is not None
            )
            data = {**metrics, "step": step, "total_steps": job.steps}
            message = f"Step {step}/{job.steps}: training loss={metrics['train_loss']:.4f}"
            self._event(job, start + step * step_seconds, message, data=data)
        job.steps_reported = max(job.steps_reported, min(done, job.steps))

    def _checkpoints(self, job: Job, model: str, at: float) -> None:
        epochs = int(job.hyperparameters["n_epochs"]) if job.hyperparameters else 1
        step_seconds = job.run_seconds / job.steps
        for epoch in range(max(1, epochs - _KEPT_CHECKPOINTS + 1), epochs + 1):
            step = epoch * job.steps_per_epoch
            name = model if epoch == epochs else f"{model}:ckpt-step-{step}"
            checkpoint_id = self.mint("ftckpt_", "ftckpt", 24, digits=alnum_id).id
            created = at - (job.steps - step) * step_seconds
            job.checkpoints.append(
                {
                    "object": "fine_tuning.job.checkpoint",
                    "id": checkpoint_id,
                    "created_at": int(created),
                    "fine_tuned_model_checkpoint": name,
                    "fine_tuning_job_id": job.id,
                    "step_number": step,
                    "metrics": metrics_at(
                        self.seed, job.id, step, job.steps, job.validation_file is not None
                    ),
                }
            )
            self._event(job, at, f"Checkpoint created at step {step}")

    def _results_file(self, job: Job) -> str:
        """``step_metrics.csv``: the metrics of the steps the job's events report."""
        rows = ["step,train_loss,train_mean_token_accuracy"]
        for event in job.events:
            if event["type"] == "metrics":
                m = event["data"]
                rows.append(f"{m['step']},{m['train_loss']},{m['train_mean_token_accuracy']}")
        stored = self.state.get(FilesStore).add(
            filename="step_metrics.csv",
            purpose="fine-tune-results",
            data=("\n".join(rows) + "\n").encode(),
        )
        return stored.id

    def _succeed(self, job: Job, at: float, pending: Pending) -> None:
        self._report_steps(job, job.steps)
        model = self.state.get(ModelsStore).add_fine_tuned_model(job.base, job.suffix, job=job.id)
        self._checkpoints(job, model, at)
        job.result_files.append(self._results_file(job))
        job.status, job.progress, job.finished_at, job.fine_tuned_model = (
            "succeeded",
            job.run_seconds,
            int(at),
            model,
        )
        self._event(job, at, f"New fine-tuned model created: {model}")
        self._event(job, at, "The job has successfully completed")
        pending.append(("fine_tuning.job.succeeded", job.to_json(self.organization)))

    # -- operations -------------------------------------------------------------------------

    def _base(self, model: str, method: str) -> tuple[str, str, bool]:
        """(the model the job shows, its catalogue base, whether it is a chat model)."""
        info = find_model(model)
        stored = self.state.get(ModelsStore).find_model(model)
        if (
            info is not None
            and (info.snapshot or info.id) in FINE_TUNABLE
            and not model.startswith("ft:")
        ):
            shown = base = info.snapshot or info.id
        elif stored is not None and stored.base is not None and stored.base in FINE_TUNABLE:
            shown, base = model, stored.base
        else:
            raise model_not_available(model)
        if method not in FINE_TUNABLE[base]:
            raise MockAPIError(
                400,
                f"Model {model} does not support the '{method}' fine-tuning method.",
                param="method.type",
                code="invalid_value",
            )
        base_info = find_model(base)
        return shown, base, base_info is not None and base_info.kind == "chat"

    def _check_file(self, param: str, file_id: str) -> None:
        stored = self._file(file_id)
        if stored is None:
            raise MockAPIError(400, f"invalid {param}: {file_id}", param=param)
        if stored.purpose != "fine-tune":
            raise MockAPIError(
                400,
                f"File {file_id} has purpose '{stored.purpose}'; fine-tuning files must be "
                "uploaded with purpose 'fine-tune'.",
                param=param,
                code="invalid_file_purpose",
            )

    def create(self, request: JobRequest) -> dict[str, Any]:
        body = request.body
        shown, base, chat = self._base(str(body["model"]), request.method)
        self._check_file("training_file", str(body["training_file"]))
        if body.get("validation_file") is not None:
            self._check_file("validation_file", str(body["validation_file"]))
        now = self.now()
        with self.lock:
            job_id, number = self.mint("ftjob-", "ftjob", 24, digits=alnum_id)
            job = Job(
                id=job_id,
                created_at=int(now),
                model=shown,
                base=base,
                chat=chat,
                training_file=str(body["training_file"]),
                validation_file=body.get("validation_file"),
                method=request.method,
                given=request.hyperparameters,
                grader=request.grader,
                suffix=body.get("suffix"),
                seed=int(body["seed"])
                if body.get("seed") is not None
                else _job_seed(self.seed, number),
                metadata=body.get("metadata"),
                integrations=body.get("integrations"),
                phase_at=now,
            )
            self._event(job, now, f"Validating training file: {job.training_file}")
            self._jobs[job_id] = job
            return job.to_json(self.organization)

    def get(self, job_id: str) -> Job:
        """The job brought up to the clock, or its 404 (callers hold no lock)."""
        self.tick(self.now())
        return self.find(self._jobs, job_id, job_not_found)

    def retrieve(self, job_id: str) -> dict[str, Any]:
        return self.get(job_id).to_json(self.organization)

    def list_jobs(
        self, *, after: str | None, limit: int, metadata: Mapping[str, str]
    ) -> dict[str, Any]:
        self.tick(self.now())
        with self.lock:
            jobs = [
                j.to_json(self.organization)
                for j in self._jobs.values()
                if all((j.metadata or {}).get(k) == v for k, v in metadata.items())
            ]
        return page(jobs, after=after, limit=limit, order="desc")

    def _transition(self, job_id: str, allowed: tuple[str, ...], verb: str) -> Job:
        job = self.get(job_id)
        if job.status not in allowed:
            raise MockAPIError(
                400,
                f"Job {job_id} cannot be {verb}: its status is '{job.status}'.",
                param="fine_tuning_job_id",
                code="invalid_job_status",
            )
        return job

    def cancel(self, job_id: str) -> dict[str, Any]:
        job = self._transition(
            job_id, ("validating_files", "queued", "running", "paused"), "cancelled"
        )
        now = self.now()
        with self.lock:
            job.progress = job.ran(now)
            job.status, job.finished_at = "cancelled", int(now)
            self._event(job, now, "Fine-tuning job cancelled")
            shown = job.to_json(self.organization)
        self.state.emit("fine_tuning.job.cancelled", shown)
        return shown

    def pause(self, job_id: str) -> dict[str, Any]:
        job = self._transition(job_id, ("running",), "paused")
        now = self.now()
        with self.lock:
            self._report_steps(job, math.floor(job.ran(now) / (job.run_seconds / job.steps)))
            job.progress, job.status, job.phase_at = job.ran(now), "paused", now
            self._event(job, now, "Fine-tuning job paused")
            return job.to_json(self.organization)

    def resume(self, job_id: str) -> dict[str, Any]:
        job = self._transition(job_id, ("paused",), "resumed")
        now = self.now()
        with self.lock:
            job.status, job.phase_at = "queued", now
            self._event(job, now, "Fine-tuning job resumed")
            return job.to_json(self.organization)

    def events(self, job_id: str, *, after: str | None, limit: int) -> dict[str, Any]:
        job = self.get(job_id)
        with self.lock:
            events = list(job.events)
        return page(events, after=after, limit=limit, order="desc")

    def checkpoints(self, job_id: str, *, after: str | None, limit: int) -> dict[str, Any]:
        job = self.get(job_id)
        with self.lock:
            checkpoints = list(job.checkpoints)
        return page(checkpoints, after=after, limit=limit, order="desc")

    def knows_checkpoint(self, name: str) -> bool:
        """Whether ``name`` is a checkpoint (or the final model) of a job of this server."""
        self.tick(self.now())
        with self.lock:
            return any(
                c["fine_tuned_model_checkpoint"] == name
                for j in self._jobs.values()
                for c in j.checkpoints
            )
