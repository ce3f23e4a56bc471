"""``client.evals.runs`` and their output items."""

from .output_items import AsyncOutputItems, OutputItems
from .runs import AsyncRuns, Runs

__all__ = ["AsyncOutputItems", "AsyncRuns", "OutputItems", "Runs"]
