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

from openai_kit.mockserver._ids import alnum_id, hex_id
from openai_kit.mockserver._paging import page
from openai_kit.mockserver._stores import Kept, Store, copied, kept, kept_at, not_found

__all__ = ["ChatKitStore"]


_session_not_found = not_found("Session with id '{}' not found.")
_thread_not_found = not_found("Thread with id '{}' not found.")


def _shown(session: dict[str, Any], now: float) -> dict[str, Any]:
    """A copy of the session as it is at ``now`` (an active one past its time has expired)."""
    if session["status"] == "active" and now >= session["expires_at"]:
        session["status"] = "expired"
    return dict(session)


def _listed(session: dict[str, Any], now: float) -> dict[str, Any]:
    """The session as snapshots show it: without its client secret."""
    return {k: v for k, v in _shown(session, now).items() if k != "client_secret"}


class ChatKitStore(Store):
    """ChatKit sessions, threads and thread items of one server (thread-safe)."""

    area: ClassVar[str] = "chatkit"
    _sessions = kept_at("sessions", _listed)
    _threads = kept("threads", copied)
    #: Each thread's items, by thread id.
    _items: Kept[list[dict[str, Any]]] = kept()

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
            session = self.find(self._sessions, session_id, _session_not_found)
            if _shown(session, self.now())["status"] == "active":
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
        thread_id = self.mint("cthr_", "chatkit.thread", 40, counter="thread").id
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
        item_id = self.mint("cthi_", "chatkit.item", 40, counter="item").id
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
        return self.find(self._threads, thread_id, _thread_not_found)

    def retrieve_thread(self, thread_id: str) -> dict[str, Any]:
        return self.copy_of(self._threads, thread_id, _thread_not_found)

    def delete_thread(self, thread_id: str) -> dict[str, Any]:
        with self.lock:
            self.delete_from(self._threads, thread_id, _thread_not_found)
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
