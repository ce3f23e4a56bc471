"""Page types of list calls (``client.files.list()`` returns a ``SyncCursorPage``)."""

from ._pagination import AsyncCursorPage, AsyncPage, AsyncPaginator, SyncCursorPage, SyncPage

__all__ = ["AsyncCursorPage", "AsyncPage", "AsyncPaginator", "SyncCursorPage", "SyncPage"]
