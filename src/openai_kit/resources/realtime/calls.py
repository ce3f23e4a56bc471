"""``client.realtime.calls``: WebRTC calls from an SDP offer; accept, hang up, refer, reject."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._response import BinaryResponseContent
from ..._types import RequestOptions, split_request_options
from ...types.realtime.call_accept_params import CallAcceptParams
from .._paths import path_param

__all__ = ["AsyncCalls", "CallAcceptKwargs", "Calls"]


class CallAcceptKwargs(CallAcceptParams, RequestOptions, total=False):
    """The keyword arguments of ``realtime.calls.accept``: the session, and request options."""


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


def _accept_options(call_id: str, params: CallAcceptKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return _action(call_id, "accept", body, request_options)


def _action(
    call_id: str, action: str, body: Mapping[str, Any] | None, options: Mapping[str, Any]
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

    def accept(self, call_id: str, **params: Unpack[CallAcceptKwargs]) -> None:
        """Accept an incoming SIP call with a session configuration (``type``, ``model``...)."""
        self._call(BinaryResponseContent, _accept_options(call_id, params))

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

    async def accept(self, call_id: str, **params: Unpack[CallAcceptKwargs]) -> None:
        """Accept an incoming SIP call with a session configuration (``type``, ``model``...)."""
        await self._call(BinaryResponseContent, _accept_options(call_id, params))

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
