"""Fine-tuning: jobs on the server's clock, their events and checkpoints, checkpoint
permissions, and the alpha graders (run and validate, on the shared grader engine)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation, object_operations
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

_JOB = "/fine_tuning/jobs/{fine_tuning_job_id}"
_PERMISSIONS = "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions"

AREA = Area(
    "fine_tuning",
    (
        *object_operations(
            "fine_tuning.jobs", _JOB, create=jobs_create, list=jobs_list, retrieve=jobs_retrieve
        ),
        Operation("fine_tuning.jobs.cancel", "POST", f"{_JOB}/cancel", jobs_cancel),
        Operation("fine_tuning.jobs.pause", "POST", f"{_JOB}/pause", jobs_pause),
        Operation("fine_tuning.jobs.resume", "POST", f"{_JOB}/resume", jobs_resume),
        Operation("fine_tuning.jobs.list_events", "GET", f"{_JOB}/events", jobs_list_events),
        Operation(
            "fine_tuning.jobs.checkpoints.list", "GET", f"{_JOB}/checkpoints", jobs_checkpoints_list
        ),
        Operation(
            "fine_tuning.checkpoints.permissions.create",
            "POST",
            _PERMISSIONS,
            permissions_create,
            body="json",
        ),
        Operation(
            "fine_tuning.checkpoints.permissions.retrieve",
            "GET",
            _PERMISSIONS,
            permissions_retrieve,
        ),
        Operation(
            "fine_tuning.checkpoints.permissions.delete",
            "DELETE",
            f"{_PERMISSIONS}/{{permission_id}}",
            permissions_delete,
        ),
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
