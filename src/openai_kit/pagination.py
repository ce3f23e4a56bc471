"""Page types of list calls (``client.files.list()`` returns a ``SyncCursorPage``)."""

from ._pagination import (
    AsyncConversationCursorPage,
    AsyncCursorPage,
    AsyncPage,
    AsyncPaginator,
    SyncConversationCursorPage,
    SyncCursorPage,
    SyncPage,
)

__all__ = [
    "AsyncConversationCursorPage",
    "AsyncCursorPage",
    "AsyncPage",
    "AsyncPaginator",
    "SyncConversationCursorPage",
    "SyncCursorPage",
    "SyncPage",
]
