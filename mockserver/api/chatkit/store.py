"""ChatKit sessions and threads.

Sessions expire on the simulated clock (``expires_after``, ten minutes by
default) and can be cancelled. Threads and their items are made by ChatKit
front ends talking with a session's client secret, which the mock has no
route for: tests add them with :meth:`ChatKitStore.add_thread`. Client
secrets never appear in snapshots.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import alnum_id, hex_id
from openai_kit.mockserver._paging import page
from openai_kit.mockserver._stores import State, Store

__all__ = ["ChatKitStore"]


def _not_found(kind: str, object_id: str) -> MockAPIError:
    return MockAPIError(404, f"{kind} with id '{object_id}' not found.")


class ChatKitStore(Store):
    """ChatKit sessions, threads and thread items of one server (thread-safe)."""

    area: ClassVar[str] = "chatkit"

    def __init__(self, state: State) -> None:
        super().__init__(state)
        self._sessions: dict[str, dict[str, Any]] = {}
        self._threads: dict[str, dict[str, Any]] = {}
        self._items: dict[str, list[dict[str, Any]]] = {}

    def clear(self) -> None:
        self._sessions.clear()
        self._threads.clear()
        self._items.clear()

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        with self.lock:
            sessions = [self._shown(s) for s in self._sessions.values()]
            return {
                "sessions": [
                    {k: v for k, v in s.items() if k != "client_secret"} for s in sessions
                ],
                "threads": [dict(t) for t in self._threads.values()],
            }

    def _shown(self, session: dict[str, Any]) -> dict[str, Any]:
        if session["status"] == "active" and self.now() >= session["expires_at"]:
            session["status"] = "expired"
        return dict(session)

    # -- sessions ------------------------------------------------------------------------------

    def create_session(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        number = self.next_number("session")
        session = {
            "id": f"cksess_{hex_id(self.seed, 'chatkit.session', number, 40)}",
            "object": "chatkit.session",
            "expires_at": int(self.now()) + int(fields["expires_after"]),
            "client_secret": f"ek_{alnum_id(self.seed, 'chatkit.secret', number, 48)}",
            "status": "active",
            **{k: v for k, v in fields.items() if k != "expires_after"},
        }
        with self.lock:
            self._sessions[session["id"]] = session
            return dict(session)

    def cancel_session(self, session_id: str) -> dict[str, Any]:
        with self.lock:
            session = self._sessions.get(session_id)
            if session is None:
                raise _not_found("Session", session_id)
            shown = self._shown(session)
            if shown["status"] == "active":
                session["status"] = "cancelled"
            return dict(session)

    # -- threads -------------------------------------------------------------------------------

    def add_thread(
        self,
        user: str,
        messages: Sequence[tuple[str, str]] = (),
        *,
        title: str | None = None,
    ) -> dict[str, Any]:
        """A thread of ``user`` with ``(role, text)`` messages (``user`` or ``assistant``)."""
        thread_id = f"cthr_{hex_id(self.seed, 'chatkit.thread', self.next_number('thread'), 40)}"
        now = int(self.now())
        thread = {
            "id": thread_id,
            "object": "chatkit.thread",
            "created_at": now,
            "title": title,
            "status": {"type": "active"},
            "user": user,
        }
        items = [self._item(thread_id, now, role, text) for role, text in messages]
        with self.lock:
            self._threads[thread_id] = thread
            self._items[thread_id] = items
            return dict(thread)

    def _item(self, thread_id: str, now: int, role: str, text: str) -> dict[str, Any]:
        item_id = f"cthi_{hex_id(self.seed, 'chatkit.item', self.next_number('item'), 40)}"
        common = {"id": item_id, "object": "chatkit.thread_item", "created_at": now}
        if role == "user":
            return {
                **common,
                "thread_id": thread_id,
                "type": "chatkit.user_message",
                "content": [{"type": "input_text", "text": text}],
                "attachments": [],
                "inference_options": None,
            }
        return {
            **common,
            "thread_id": thread_id,
            "type": "chatkit.assistant_message",
            "content": [{"type": "output_text", "text": text, "annotations": []}],
        }

    def _thread(self, thread_id: str) -> dict[str, Any]:
        thread = self._threads.get(thread_id)
        if thread is None:
            raise _not_found("Thread", thread_id)
        return thread

    def retrieve_thread(self, thread_id: str) -> dict[str, Any]:
        with self.lock:
            return dict(self._thread(thread_id))

    def delete_thread(self, thread_id: str) -> dict[str, Any]:
        with self.lock:
            self._thread(thread_id)
            del self._threads[thread_id]
            del self._items[thread_id]
        return {"id": thread_id, "object": "chatkit.thread.deleted", "deleted": True}

    def list_threads(self, user: str | None, **cursor: Any) -> dict[str, Any]:
        with self.lock:
            threads = [t for t in self._threads.values() if user is None or t["user"] == user]
            return page(threads, **cursor)

    def list_items(self, thread_id: str, **cursor: Any) -> dict[str, Any]:
        with self.lock:
            self._thread(thread_id)
            return page(self._items[thread_id], **cursor)
