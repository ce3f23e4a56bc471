"""``client.uploads``: large files in parts."""

from .parts import AsyncParts, Parts
from .uploads import AsyncUploads, Uploads

__all__ = ["AsyncParts", "AsyncUploads", "Parts", "Uploads"]
