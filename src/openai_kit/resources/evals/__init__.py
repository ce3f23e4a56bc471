"""``client.evals``: evals, their runs and the runs' output items."""

from .evals import AsyncEvals, Evals

__all__ = ["AsyncEvals", "Evals"]
