"""``client.realtime.calls``: WebRTC calls from an SDP offer; accept, hang up, refer, reject."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._response import BinaryResponseContent
from ..._types import RequestOptions
from .._paths import path_param

__all__ = ["AsyncCalls", "Calls"]


def _create_options(
    sdp: str, session: Mapping[str, Any] | None, options: RequestOptions
) -> FinalRequestOptions:
    """A bare SDP offer (the session comes from an ``ek_`` key), or the offer and a session."""
    if session is None:
        made = make_options(
            "post",
            "/realtime/calls",
            headers={"Accept": "application/sdp", "Content-Type": "application/sdp"},
            **options,
        )
        made.content = sdp.encode()
        return made
    files = [
        ("sdp", (None, sdp.encode(), "application/sdp")),
        ("session", (None, json.dumps(dict(session)).encode(), "application/json")),
    ]
    return make_options(
        "post",
        "/realtime/calls",
        body={},
        files=files,
        headers={"Accept": "application/sdp"},
        **options,
    )


def _action(
    call_id: str, action: str, body: Mapping[str, Any] | None, options: RequestOptions
) -> FinalRequestOptions:
    path = f"/realtime/calls/{path_param('call_id', call_id)}/{action}"
    return make_options("post", path, body=body, headers={"Accept": "*/*"}, **options)


class Calls(SyncAPIResource):
    def create(
        self,
        *,
        sdp: str,
        session: Mapping[str, Any] | None = None,
        **options: Unpack[RequestOptions],
    ) -> BinaryResponseContent:
        """Start a WebRTC call: the SDP answer (``.text``); the call id is in ``Location``."""
        return self._call(BinaryResponseContent, _create_options(sdp, session, options))

    def accept(self, call_id: str, **params: Any) -> None:
        """Accept an incoming SIP call with a session configuration (``type``, ``model``...)."""
        options = {k: params.pop(k) for k in list(params) if k in RequestOptions.__annotations__}
        self._call(BinaryResponseContent, _action(call_id, "accept", params, options))  # type: ignore[arg-type]

    def hangup(self, call_id: str, **options: Unpack[RequestOptions]) -> None:
        self._call(BinaryResponseContent, _action(call_id, "hangup", None, options))

    def refer(self, call_id: str, *, target_uri: str, **options: Unpack[RequestOptions]) -> None:
        self._call(
            BinaryResponseContent, _action(call_id, "refer", {"target_uri": target_uri}, options)
        )

    def reject(
        self, call_id: str, *, status_code: int | None = None, **options: Unpack[RequestOptions]
    ) -> None:
        body = None if status_code is None else {"status_code": status_code}
        self._call(BinaryResponseContent, _action(call_id, "reject", body, options))


class AsyncCalls(AsyncAPIResource):
    async def create(
        self,
        *,
        sdp: str,
        session: Mapping[str, Any] | None = None,
        **options: Unpack[RequestOptions],
    ) -> BinaryResponseContent:
        """Start a WebRTC call: the SDP answer (``.text``); the call id is in ``Location``."""
        return await self._call(BinaryResponseContent, _create_options(sdp, session, options))

    async def accept(self, call_id: str, **params: Any) -> None:
        """Accept an incoming SIP call with a session configuration (``type``, ``model``...)."""
        options = {k: params.pop(k) for k in list(params) if k in RequestOptions.__annotations__}
        await self._call(BinaryResponseContent, _action(call_id, "accept", params, options))  # type: ignore[arg-type]

    async def hangup(self, call_id: str, **options: Unpack[RequestOptions]) -> None:
        await self._call(BinaryResponseContent, _action(call_id, "hangup", None, options))

    async def refer(
        self, call_id: str, *, target_uri: str, **options: Unpack[RequestOptions]
    ) -> None:
        await self._call(
            BinaryResponseContent, _action(call_id, "refer", {"target_uri": target_uri}, options)
        )

    async def reject(
        self, call_id: str, *, status_code: int | None = None, **options: Unpack[RequestOptions]
    ) -> None:
        body = None if status_code is None else {"status_code": status_code}
        await self._call(BinaryResponseContent, _action(call_id, "reject", body, options))
