"""``client.responses.input_tokens``: count the input tokens of a would-be response."""

from __future__ import annotations

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._types import split_request_options
from ...types.responses.input_token_count_response import InputTokenCountResponse
from ._kwargs import InputTokenCountKwargs

__all__ = ["AsyncInputTokens", "InputTokens"]


def _count_options(params: InputTokenCountKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options("post", "/responses/input_tokens", body=body, **request_options)


class InputTokens(SyncAPIResource):
    def count(self, **params: Unpack[InputTokenCountKwargs]) -> InputTokenCountResponse:
        """How many input tokens a response with these parameters would use."""
        return self._call(InputTokenCountResponse, _count_options(params))


class AsyncInputTokens(AsyncAPIResource):
    async def count(self, **params: Unpack[InputTokenCountKwargs]) -> InputTokenCountResponse:
        """How many input tokens a response with these parameters would use."""
        return await self._call(InputTokenCountResponse, _count_options(params))
