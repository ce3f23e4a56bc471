"""``client.completions``: the legacy text completions endpoint."""

from __future__ import annotations

from typing import Literal, overload

from typing_extensions import Unpack

from .._options import FinalRequestOptions
from .._resource import AsyncAPIResource, SyncAPIResource, make_options
from .._streaming import AsyncStream, Stream
from .._types import RequestOptions, split_request_options
from ..types.completion import Completion
from ..types.completion_create_params import CompletionCreateParamsBase

__all__ = ["AsyncCompletions", "Completions"]


class CompletionCreateKwargs(CompletionCreateParamsBase, RequestOptions, total=False):
    """The keyword arguments of ``completions.create`` (except ``stream``)."""


def _options(
    stream: bool | None, params: CompletionCreateKwargs
) -> tuple[bool, FinalRequestOptions]:
    body, request_options = split_request_options(params)
    if stream is not None:
        body["stream"] = stream
    return bool(stream), make_options("post", "/completions", body=body, **request_options)


class Completions(SyncAPIResource):
    @overload
    def create(
        self, *, stream: Literal[False] | None = None, **params: Unpack[CompletionCreateKwargs]
    ) -> Completion: ...
    @overload
    def create(
        self, *, stream: Literal[True], **params: Unpack[CompletionCreateKwargs]
    ) -> Stream[Completion]: ...
    @overload
    def create(
        self, *, stream: bool, **params: Unpack[CompletionCreateKwargs]
    ) -> Completion | Stream[Completion]: ...
    def create(
        self, *, stream: bool | None = None, **params: Unpack[CompletionCreateKwargs]
    ) -> Completion | Stream[Completion]:
        """Complete a prompt (legacy); ``stream=True`` yields ``Completion`` chunks."""
        streaming, options = _options(stream, params)
        return self._call(Completion, options, stream=streaming, stream_cls=Stream[Completion])


class AsyncCompletions(AsyncAPIResource):
    @overload
    async def create(
        self, *, stream: Literal[False] | None = None, **params: Unpack[CompletionCreateKwargs]
    ) -> Completion: ...
    @overload
    async def create(
        self, *, stream: Literal[True], **params: Unpack[CompletionCreateKwargs]
    ) -> AsyncStream[Completion]: ...
    @overload
    async def create(
        self, *, stream: bool, **params: Unpack[CompletionCreateKwargs]
    ) -> Completion | AsyncStream[Completion]: ...
    async def create(
        self, *, stream: bool | None = None, **params: Unpack[CompletionCreateKwargs]
    ) -> Completion | AsyncStream[Completion]:
        """Complete a prompt (legacy); ``stream=True`` yields ``Completion`` chunks."""
        streaming, options = _options(stream, params)
        return await self._call(
            Completion, options, stream=streaming, stream_cls=AsyncStream[Completion]
        )
