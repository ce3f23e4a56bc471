"""Assistants: stored as the API shows them, oldest first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._paging import page
from openai_kit.mockserver._stores import Store, copied, kept, not_found

__all__ = ["AssistantsStore", "assistant_not_found"]

#: What an assistant holds besides its id, object and creation time, with the defaults.
FIELDS: dict[str, Any] = {
    "name": None,
    "description": None,
    "model": None,
    "instructions": None,
    "tools": [],
    "tool_resources": {},
    "metadata": {},
    "temperature": 1.0,
    "top_p": 1.0,
    "response_format": "auto",
    "reasoning_effort": None,
}


assistant_not_found = not_found("No assistant found with id '{}'.")


class AssistantsStore(Store):
    """The assistants of one server (thread-safe)."""

    area: ClassVar[str] = "assistants"
    _assistants = kept("assistants", copied)

    def get(self, assistant_id: str) -> dict[str, Any]:
        """A copy of one assistant (a 404 when there is none)."""
        return self.copy_of(self._assistants, assistant_id, assistant_not_found)

    def create(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        assistant: dict[str, Any] = {
            "id": self.mint("asst_", "assistant", 24, digits=alnum_id, counter="").id,
            "object": "assistant",
            "created_at": int(self.now()),
        }
        for key, default in FIELDS.items():
            value = fields.get(key)
            assistant[key] = default if value is None else value
        with self.lock:
            self._assistants[assistant["id"]] = assistant
            return dict(assistant)

    def update(self, assistant_id: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        with self.lock:
            assistant = self.find(self._assistants, assistant_id, assistant_not_found)
            for key, value in fields.items():
                if key in FIELDS and value is not None:
                    assistant[key] = value
            return dict(assistant)

    def delete(self, assistant_id: str) -> dict[str, Any]:
        self.delete_from(self._assistants, assistant_id, assistant_not_found)
        return {"id": assistant_id, "object": "assistant.deleted", "deleted": True}

    def list(
        self, *, after: str | None, before: str | None, limit: int, order: str
    ) -> dict[str, Any]:
        with self.lock:
            items = list(self._assistants.values())
        return page(items, after=after, before=before, limit=limit, order=order)
