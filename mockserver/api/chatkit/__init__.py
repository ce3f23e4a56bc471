"""ChatKit: sessions for ChatKit front ends, and the threads they hold (OpenAI only)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, ObjectKind
from openai_kit.mockserver.api.chatkit import handlers as h
from openai_kit.mockserver.api.chatkit.store import ChatKitStore

__all__ = ["AREA"]

_SESSION = ObjectKind("beta.chatkit.sessions", "/chatkit/sessions/{session_id}", azure=False)
_THREAD = ObjectKind("beta.chatkit.threads", "/chatkit/threads/{thread_id}", azure=False)

AREA = Area(
    "chatkit",
    (
        _SESSION.create(h.sessions_create),
        _SESSION.operation("cancel", "POST", "cancel", h.sessions_cancel),
        _THREAD.list(h.threads_list),
        _THREAD.retrieve(h.threads_retrieve),
        _THREAD.delete(h.threads_delete),
        _THREAD.operation("list_items", "GET", "items", h.threads_list_items),
    ),
    stores=(ChatKitStore,),
)
