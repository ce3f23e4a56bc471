"""``client.beta.chatkit``: sessions and threads."""

from .chatkit import AsyncChatKit, ChatKit
from .sessions import AsyncSessions, Sessions
from .threads import AsyncThreads, Threads

__all__ = ["AsyncChatKit", "AsyncSessions", "AsyncThreads", "ChatKit", "Sessions", "Threads"]
