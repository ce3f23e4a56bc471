"""``client.containers``, its ``files`` and their ``content``."""

from __future__ import annotations

from .containers import AsyncContainers, Containers
from .files import AsyncContainerFiles, AsyncContent, ContainerFiles, Content

__all__ = [
    "AsyncContainerFiles",
    "AsyncContainers",
    "AsyncContent",
    "ContainerFiles",
    "Containers",
    "Content",
]
