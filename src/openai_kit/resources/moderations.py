"""``client.moderations``: classify text and images for harmful content."""

from __future__ import annotations

from typing_extensions import Unpack

from .._options import FinalRequestOptions
from .._resource import AsyncAPIResource, SyncAPIResource, make_options
from .._types import RequestOptions, split_request_options
from ..types.moderation_create_params import ModerationCreateParams
from ..types.moderation_create_response import ModerationCreateResponse

__all__ = ["AsyncModerations", "Moderations"]


class ModerationCreateKwargs(ModerationCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``moderations.create``."""


def _options(params: ModerationCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options("post", "/moderations", body=body, **request_options)


class Moderations(SyncAPIResource):
    def create(self, **params: Unpack[ModerationCreateKwargs]) -> ModerationCreateResponse:
        """Classify whether the inputs are potentially harmful."""
        return self._call(ModerationCreateResponse, _options(params))


class AsyncModerations(AsyncAPIResource):
    async def create(self, **params: Unpack[ModerationCreateKwargs]) -> ModerationCreateResponse:
        """Classify whether the inputs are potentially harmful."""
        return await self._call(ModerationCreateResponse, _options(params))
