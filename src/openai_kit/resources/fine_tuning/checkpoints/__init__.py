"""``client.fine_tuning.checkpoints`` and their permissions."""

from .checkpoints import AsyncCheckpoints, Checkpoints
from .permissions import AsyncPermissions, Permissions

__all__ = ["AsyncCheckpoints", "AsyncPermissions", "Checkpoints", "Permissions"]
