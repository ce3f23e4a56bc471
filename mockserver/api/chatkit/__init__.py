"""ChatKit: sessions for ChatKit front ends, and the threads they hold (OpenAI only)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
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
        Operation(
            "beta.chatkit.threads.list", "GET", "/chatkit/threads", h.threads_list, azure=False
        ),
        Operation("beta.chatkit.threads.retrieve", "GET", _THREAD, h.threads_retrieve, azure=False),
        Operation("beta.chatkit.threads.delete", "DELETE", _THREAD, h.threads_delete, azure=False),
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
