"""Assistants: stored as the API shows them, oldest first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._paging import page
from openai_kit.mockserver._stores import State, Store

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


def assistant_not_found(assistant_id: str) -> MockAPIError:
    return MockAPIError(404, f"No assistant found with id '{assistant_id}'.")


class AssistantsStore(Store):
    """The assistants of one server (thread-safe)."""

    area: ClassVar[str] = "assistants"

    def __init__(self, state: State) -> None:
        super().__init__(state)
        self._assistants: dict[str, dict[str, Any]] = {}

    def clear(self) -> None:
        self._assistants.clear()

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        with self.lock:
            return {"assistants": [dict(a) for a in self._assistants.values()]}

    def get(self, assistant_id: str) -> dict[str, Any]:
        """A copy of one assistant (a 404 when there is none)."""
        with self.lock:
            found = self._assistants.get(assistant_id)
            if found is None:
                raise assistant_not_found(assistant_id)
            return dict(found)

    def create(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        number = self.next_number()
        assistant: dict[str, Any] = {
            "id": f"asst_{alnum_id(self.seed, 'assistant', number)}",
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
            assistant = self._assistants.get(assistant_id)
            if assistant is None:
                raise assistant_not_found(assistant_id)
            for key, value in fields.items():
                if key in FIELDS and value is not None:
                    assistant[key] = value
            return dict(assistant)

    def delete(self, assistant_id: str) -> dict[str, Any]:
        with self.lock:
            if self._assistants.pop(assistant_id, None) is None:
                raise assistant_not_found(assistant_id)
        return {"id": assistant_id, "object": "assistant.deleted", "deleted": True}

    def list(
        self, *, after: str | None, before: str | None, limit: int, order: str
    ) -> dict[str, Any]:
        with self.lock:
            items = list(self._assistants.values())
        return page(items, after=after, before=before, limit=limit, order=order)
