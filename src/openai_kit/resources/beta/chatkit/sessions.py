"""``client.beta.chatkit.sessions``: sessions for ChatKit front ends (create, cancel)."""

from __future__ import annotations

from typing_extensions import Unpack

from ...._resource import AsyncAPIResource, SyncAPIResource
from ...._types import RequestOptions
from ....types.beta.chatkit.chat_session import ChatSession
from ....types.beta.chatkit.session_create_params import SessionCreateParams
from ..._paths import path_param
from .._common import chatkit_options

__all__ = ["AsyncSessions", "Sessions"]


class SessionCreateKwargs(SessionCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.chatkit.sessions.create``."""


def _cancel_path(session_id: str) -> str:
    return f"/chatkit/sessions/{path_param('session_id', session_id)}/cancel"


class Sessions(SyncAPIResource):
    def create(self, **params: Unpack[SessionCreateKwargs]) -> ChatSession:
        """A session for ``user`` on ``workflow``; hand its ``client_secret`` to the front end."""
        return self._call(ChatSession, chatkit_options("post", "/chatkit/sessions", params))

    def cancel(self, session_id: str, **options: Unpack[RequestOptions]) -> ChatSession:
        """End a session early; its client secret stops working."""
        return self._call(ChatSession, chatkit_options("post", _cancel_path(session_id), options))


class AsyncSessions(AsyncAPIResource):
    async def create(self, **params: Unpack[SessionCreateKwargs]) -> ChatSession:
        """A session for ``user`` on ``workflow``; hand its ``client_secret`` to the front end."""
        options = chatkit_options("post", "/chatkit/sessions", params)
        return await self._call(ChatSession, options)

    async def cancel(self, session_id: str, **options: Unpack[RequestOptions]) -> ChatSession:
        """End a session early; its client secret stops working."""
        options_ = chatkit_options("post", _cancel_path(session_id), options)
        return await self._call(ChatSession, options_)
