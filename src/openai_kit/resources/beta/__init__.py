"""``client.beta``: assistants, threads (messages, runs, run steps) and chatkit."""

from .beta import AsyncBeta, Beta

__all__ = ["AsyncBeta", "Beta"]
