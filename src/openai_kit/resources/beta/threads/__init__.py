"""``client.beta.threads`` with its ``messages`` and ``runs``."""

from .messages import AsyncMessages, Messages
from .runs import AsyncRuns, AsyncSteps, Runs, Steps
from .threads import AsyncThreads, Threads

__all__ = [
    "AsyncMessages",
    "AsyncRuns",
    "AsyncSteps",
    "AsyncThreads",
    "Messages",
    "Runs",
    "Steps",
    "Threads",
]
