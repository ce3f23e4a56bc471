"""``client.chat``: chat completions."""

from .chat import AsyncChat, Chat
from .completions import AsyncCompletions, Completions

__all__ = ["AsyncChat", "AsyncCompletions", "Chat", "Completions"]
