"""Conversations and their items.

Responses made in a conversation append to it: their input items when they
are created, their output once they reach a final state (the responses store
settles them, see ``api/responses/store.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from openai_kit.mockserver._paging import page
from openai_kit.mockserver._stores import Store, kept, not_found

__all__ = ["ConversationsStore", "StoredConversation", "item_not_found"]


_not_found = not_found("Conversation with id '{}' not found.")
item_not_found = not_found("Item with id '{}' not found.")


@dataclass
class StoredConversation:
    id: str
    created_at: int
    metadata: dict[str, str]
    items: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "conversation",
            "created_at": self.created_at,
            "metadata": dict(self.metadata),
        }

    def summary(self) -> dict[str, Any]:
        """The conversation with the number of its items (what snapshots show)."""
        return {**self.to_json(), "items": len(self.items)}


class ConversationsStore(Store):
    """The conversations of one server (thread-safe)."""

    area: ClassVar[str] = "conversations"
    _conversations = kept("conversations", StoredConversation.summary)

    def _get(self, conversation_id: str) -> StoredConversation:
        return self.find(self._conversations, conversation_id, _not_found)

    # -- what Responses needs ----------------------------------------------------------------

    def extend(self, conversation_id: str, items: Sequence[Mapping[str, Any]]) -> None:
        """Append ``items`` to the conversation (a 404 when there is none)."""
        with self.lock:
            self._get(conversation_id).items.extend(dict(i) for i in items)

    def items_of(self, conversation_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return list(self._get(conversation_id).items)

    def find_item(self, item_id: str) -> dict[str, Any] | None:
        with self.lock:
            for conversation in self._conversations.values():
                for item in conversation.items:
                    if item.get("id") == item_id:
                        return dict(item)
        return None

    # -- the operations ----------------------------------------------------------------------

    def create(
        self, items: Sequence[dict[str, Any]], metadata: Mapping[str, str] | None
    ) -> dict[str, Any]:
        conversation_id = self.mint("conv_", "conversation", 48, counter="").id
        with self.lock:
            conversation = StoredConversation(
                id=conversation_id,
                created_at=int(self.now()),
                metadata=dict(metadata or {}),
                items=[dict(i) for i in items],
            )
            self._conversations[conversation.id] = conversation
            return conversation.to_json()

    def retrieve(self, conversation_id: str) -> dict[str, Any]:
        with self.lock:
            return self._get(conversation_id).to_json()

    def update(self, conversation_id: str, metadata: Mapping[str, str]) -> dict[str, Any]:
        with self.lock:
            conversation = self._get(conversation_id)
            conversation.metadata = dict(metadata)
            return conversation.to_json()

    def delete(self, conversation_id: str) -> dict[str, Any]:
        self.delete_from(self._conversations, conversation_id, _not_found)
        return {"id": conversation_id, "object": "conversation.deleted", "deleted": True}

    def items_create(self, conversation_id: str, items: Sequence[dict[str, Any]]) -> dict[str, Any]:
        with self.lock:
            added = [dict(i) for i in items]
            self._get(conversation_id).items.extend(added)
            return page(added, limit=len(added), order="asc")

    def items_list(
        self, conversation_id: str, *, after: str | None, limit: int, order: str
    ) -> dict[str, Any]:
        with self.lock:
            items = self._get(conversation_id).items
            return page(items, after=after, limit=limit, order=order)

    def item_retrieve(self, conversation_id: str, item_id: str) -> dict[str, Any]:
        with self.lock:
            for item in self._get(conversation_id).items:
                if item.get("id") == item_id:
                    return dict(item)
        raise item_not_found(item_id)

    def item_delete(self, conversation_id: str, item_id: str) -> dict[str, Any]:
        with self.lock:
            conversation = self._get(conversation_id)
            kept = [i for i in conversation.items if i.get("id") != item_id]
            if len(kept) == len(conversation.items):
                raise item_not_found(item_id)
            conversation.items = kept
            return conversation.to_json()
