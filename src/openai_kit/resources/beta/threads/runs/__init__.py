"""``client.beta.threads.runs`` and its ``steps``."""

from .runs import AsyncRuns, Runs
from .steps import AsyncSteps, Steps

__all__ = ["AsyncRuns", "AsyncSteps", "Runs", "Steps"]
