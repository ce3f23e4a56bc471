"""``client.realtime.client_secrets.create``: a short-lived ``ek_`` key with a session preset."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import TypedDict, Unpack

from ..._options import FinalRequestOptions
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._types import RequestOptions, split_request_options
from ...types.realtime.client_secret_create_response import ClientSecretCreateResponse

__all__ = ["AsyncClientSecrets", "ClientSecretCreateKwargs", "ClientSecrets"]


class ClientSecretCreateKwargs(RequestOptions, TypedDict, total=False):
    """``expires_after`` (``{"anchor": "created_at", "seconds": 10..7200}``) and ``session``."""

    expires_after: Mapping[str, Any]
    session: Mapping[str, Any]


def _create_options(params: ClientSecretCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options("post", "/realtime/client_secrets", body=body, **request_options)


class ClientSecrets(SyncAPIResource):
    def create(self, **params: Unpack[ClientSecretCreateKwargs]) -> ClientSecretCreateResponse:
        """Create a client secret for browsers and apps (``ek_...``), expiring on its own."""
        return self._call(ClientSecretCreateResponse, _create_options(params))


class AsyncClientSecrets(AsyncAPIResource):
    async def create(
        self, **params: Unpack[ClientSecretCreateKwargs]
    ) -> ClientSecretCreateResponse:
        """Create a client secret for browsers and apps (``ek_...``), expiring on its own."""
        return await self._call(ClientSecretCreateResponse, _create_options(params))
