"""``client.chat.completions``: create a chat completion, whole or streamed."""

from __future__ import annotations

from typing import Literal, overload

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._streaming import AsyncStream, Stream
from ..._types import RequestOptions, split_request_options
from ...types.chat.chat_completion import ChatCompletion
from ...types.chat.chat_completion_chunk import ChatCompletionChunk
from ...types.chat.completion_create_params import CompletionCreateParamsBase

__all__ = ["AsyncCompletions", "Completions"]


class ChatCompletionCreateKwargs(CompletionCreateParamsBase, RequestOptions, total=False):
    """The keyword arguments of ``chat.completions.create`` (except ``stream``)."""


def _options(
    stream: bool | None, params: ChatCompletionCreateKwargs
) -> tuple[bool, FinalRequestOptions]:
    body, request_options = split_request_options(params)
    if stream is not None:
        body["stream"] = stream
    return bool(stream), make_options("post", "/chat/completions", body=body, **request_options)


class Completions(SyncAPIResource):
    @overload
    def create(
        self, *, stream: Literal[False] | None = None, **params: Unpack[ChatCompletionCreateKwargs]
    ) -> ChatCompletion: ...
    @overload
    def create(
        self, *, stream: Literal[True], **params: Unpack[ChatCompletionCreateKwargs]
    ) -> Stream[ChatCompletionChunk]: ...
    @overload
    def create(
        self, *, stream: bool, **params: Unpack[ChatCompletionCreateKwargs]
    ) -> ChatCompletion | Stream[ChatCompletionChunk]: ...
    def create(
        self, *, stream: bool | None = None, **params: Unpack[ChatCompletionCreateKwargs]
    ) -> ChatCompletion | Stream[ChatCompletionChunk]:
        """Create a model response for the given chat conversation.

        With ``stream=True`` the answer arrives as a :class:`Stream` of
        ``ChatCompletionChunk`` (add ``stream_options={"include_usage": True}``
        for a final usage chunk).
        """
        streaming, options = _options(stream, params)
        return self._call(
            ChatCompletion,
            options,
            stream=streaming,
            stream_cls=Stream[ChatCompletionChunk],
        )


class AsyncCompletions(AsyncAPIResource):
    @overload
    async def create(
        self, *, stream: Literal[False] | None = None, **params: Unpack[ChatCompletionCreateKwargs]
    ) -> ChatCompletion: ...
    @overload
    async def create(
        self, *, stream: Literal[True], **params: Unpack[ChatCompletionCreateKwargs]
    ) -> AsyncStream[ChatCompletionChunk]: ...
    @overload
    async def create(
        self, *, stream: bool, **params: Unpack[ChatCompletionCreateKwargs]
    ) -> ChatCompletion | AsyncStream[ChatCompletionChunk]: ...
    async def create(
        self, *, stream: bool | None = None, **params: Unpack[ChatCompletionCreateKwargs]
    ) -> ChatCompletion | AsyncStream[ChatCompletionChunk]:
        """Create a model response for the given chat conversation (see ``Completions.create``)."""
        streaming, options = _options(stream, params)
        return await self._call(
            ChatCompletion,
            options,
            stream=streaming,
            stream_cls=AsyncStream[ChatCompletionChunk],
        )
