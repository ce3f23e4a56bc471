"""ChatKit: sessions for ChatKit front ends, and the threads they hold (OpenAI only)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation, object_operations
from openai_kit.mockserver.api.chatkit import handlers as h
from openai_kit.mockserver.api.chatkit.store import ChatKitStore

__all__ = ["AREA"]

_THREAD = "/chatkit/threads/{thread_id}"

AREA = Area(
    "chatkit",
    (
        Operation(
            "beta.chatkit.sessions.create",
            "POST",
            "/chatkit/sessions",
            h.sessions_create,
            body="json",
            azure=False,
        ),
        Operation(
            "beta.chatkit.sessions.cancel",
            "POST",
            "/chatkit/sessions/{session_id}/cancel",
            h.sessions_cancel,
            azure=False,
        ),
        *object_operations(
            "beta.chatkit.threads",
            _THREAD,
            list=h.threads_list,
            retrieve=h.threads_retrieve,
            delete=h.threads_delete,
            azure=False,
        ),
        Operation(
            "beta.chatkit.threads.list_items",
            "GET",
            _THREAD + "/items",
            h.threads_list_items,
            azure=False,
        ),
    ),
    stores=(ChatKitStore,),
)
