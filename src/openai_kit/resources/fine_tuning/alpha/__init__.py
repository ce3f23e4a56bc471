"""``client.fine_tuning.alpha`` and its graders."""

from .alpha import Alpha, AsyncAlpha
from .graders import AsyncGraders, Graders

__all__ = ["Alpha", "AsyncAlpha", "AsyncGraders", "Graders"]
