"""``client.fine_tuning``: jobs (with their checkpoints), checkpoint permissions, alpha graders."""

from .fine_tuning import AsyncFineTuning, FineTuning

__all__ = ["AsyncFineTuning", "FineTuning"]
