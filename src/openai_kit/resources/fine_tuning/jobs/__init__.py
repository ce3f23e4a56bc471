"""``client.fine_tuning.jobs`` and their checkpoints."""

from .checkpoints import AsyncCheckpoints, Checkpoints
from .jobs import AsyncJobs, Jobs

__all__ = ["AsyncCheckpoints", "AsyncJobs", "Checkpoints", "Jobs"]
