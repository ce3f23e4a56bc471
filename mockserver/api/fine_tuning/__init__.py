"""Fine-tuning: jobs on the server's clock, their events and checkpoints, checkpoint
permissions, and the alpha graders (run and validate, on the shared grader engine)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, ObjectKind, Operation
from openai_kit.mockserver.api.fine_tuning.graders import graders_run, graders_validate
from openai_kit.mockserver.api.fine_tuning.handlers import (
    jobs_cancel,
    jobs_checkpoints_list,
    jobs_create,
    jobs_list,
    jobs_list_events,
    jobs_pause,
    jobs_resume,
    jobs_retrieve,
    permissions_create,
    permissions_delete,
    permissions_retrieve,
)
from openai_kit.mockserver.api.fine_tuning.permissions import PermissionsStore
from openai_kit.mockserver.api.fine_tuning.store import FineTuningStore

__all__ = ["AREA"]

_JOBS = ObjectKind("fine_tuning.jobs", "/fine_tuning/jobs/{fine_tuning_job_id}")
_PERMISSION = ObjectKind(
    "fine_tuning.checkpoints.permissions",
    "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions/{permission_id}",
)

AREA = Area(
    "fine_tuning",
    (
        _JOBS.create(jobs_create),
        _JOBS.list(jobs_list),
        _JOBS.retrieve(jobs_retrieve),
        _JOBS.operation("cancel", "POST", "cancel", jobs_cancel),
        _JOBS.operation("pause", "POST", "pause", jobs_pause),
        _JOBS.operation("resume", "POST", "resume", jobs_resume),
        _JOBS.operation("list_events", "GET", "events", jobs_list_events),
        _JOBS.operation("checkpoints.list", "GET", "checkpoints", jobs_checkpoints_list),
        _PERMISSION.create(permissions_create),
        # the SDK's "retrieve" lists a checkpoint's permissions
        Operation(
            "fine_tuning.checkpoints.permissions.retrieve",
            "GET",
            _PERMISSION.collection,
            permissions_retrieve,
        ),
        _PERMISSION.delete(permissions_delete),
        Operation(
            "fine_tuning.alpha.graders.run",
            "POST",
            "/fine_tuning/alpha/graders/run",
            graders_run,
            body="json",
        ),
        Operation(
            "fine_tuning.alpha.graders.validate",
            "POST",
            "/fine_tuning/alpha/graders/validate",
            graders_validate,
            body="json",
        ),
    ),
    stores=(FineTuningStore, PermissionsStore),
)
