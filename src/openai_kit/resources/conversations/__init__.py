"""``client.conversations``: conversations and their items."""

from .conversations import AsyncConversations, Conversations
from .items import AsyncItems, Items

__all__ = ["AsyncConversations", "AsyncItems", "Conversations", "Items"]
