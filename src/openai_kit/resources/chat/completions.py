"""``client.chat.completions``: create a chat completion, whole or streamed; parse or stream it with helpers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal, overload

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._streaming import AsyncStream, Stream
from ..._types import Omit, RequestOptions, is_given, omit, split_request_options
from ...lib._parsing._calls import with_post_parser
from ...lib._parsing._completions import (
    ResponseFormatT,
    parse_chat_completion,
    type_to_response_format_param,
    validate_input_tools,
)
from ...types.chat.chat_completion import ChatCompletion
from ...types.chat.chat_completion_chunk import ChatCompletionChunk
from ...types.chat.completion_create_params import (
    CompletionCreateParamsBase,
    CompletionCreateParamsWithoutFormat,
    ResponseFormat,
)

if TYPE_CHECKING:
    from ...lib.streaming.chat import AsyncChatCompletionStreamManager, ChatCompletionStreamManager
    from ...types.chat.parsed_chat_completion import ParsedChatCompletion

__all__ = ["AsyncCompletions", "Completions"]

_PATH = "/chat/completions"


class ChatCompletionCreateKwargs(CompletionCreateParamsBase, RequestOptions, total=False):
    """The keyword arguments of ``chat.completions.create`` (except ``stream``)."""


class ChatCompletionParseKwargs(CompletionCreateParamsWithoutFormat, RequestOptions, total=False):
    """The keyword arguments of ``chat.completions.parse`` / ``stream`` besides ``response_format``."""


_Format = type[ResponseFormatT] | ResponseFormat | Mapping[str, Any] | Omit
_PostParse = Callable[[ChatCompletion], "ParsedChatCompletion[Any]"]


def _options(
    stream: bool | None, params: ChatCompletionCreateKwargs
) -> tuple[bool, FinalRequestOptions]:
    body, request_options = split_request_options(params)
    if stream is not None:
        body["stream"] = stream
    return bool(stream), make_options("post", _PATH, body=body, **request_options)


def _parse_options(
    response_format: object, params: ChatCompletionParseKwargs
) -> tuple[FinalRequestOptions, _PostParse]:
    body, request_options = split_request_options(params)
    tools = validate_input_tools(body.get("tools", omit))
    if is_given(tools):
        body["tools"] = tools
    body["response_format"] = type_to_response_format_param(response_format)  # type: ignore[arg-type]
    body["stream"] = False

    def post(completion: ChatCompletion) -> ParsedChatCompletion[Any]:
        return parse_chat_completion(
            response_format=response_format, input_tools=tools, chat_completion=completion
        )

    return make_options("post", _PATH, body=body, **request_options), post


def _stream_options(
    response_format: object, params: ChatCompletionParseKwargs
) -> tuple[FinalRequestOptions, Any]:
    body, request_options = split_request_options(params)
    body["response_format"] = type_to_response_format_param(response_format)  # type: ignore[arg-type]
    body["stream"] = True
    tools = body.get("tools", omit)
    if is_given(tools):
        tools = body["tools"] = list(tools)
    return make_options("post", _PATH, body=body, **request_options), tools


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

    def parse(
        self,
        *,
        response_format: _Format[ResponseFormatT] = omit,
        **params: Unpack[ChatCompletionParseKwargs],
    ) -> ParsedChatCompletion[ResponseFormatT]:
        """Like ``create``, with the answer parsed into ``response_format``.

        ``response_format`` may be a pydantic model (sent as a strict JSON
        schema; ``choices[i].message.parsed`` is an instance of it) or a plain
        format dict. Only strict function tools are accepted; their calls get
        ``parsed_arguments``. A choice cut off by the length limit or the
        content filter raises ``LengthFinishReasonError`` /
        ``ContentFilterFinishReasonError``.
        """
        options, post = _parse_options(response_format, params)
        if self._mode == "parsed":
            return post(self._call(ChatCompletion, options))
        result: Any = self._call(ChatCompletion, with_post_parser(options, ChatCompletion, post))
        return result  # type: ignore[no-any-return]

    def stream(
        self,
        *,
        response_format: _Format[ResponseFormatT] = omit,
        **params: Unpack[ChatCompletionParseKwargs],
    ) -> ChatCompletionStreamManager[ResponseFormatT]:
        """Stream a chat completion with helper events; use it in a ``with`` block.

        ``with client.chat.completions.stream(...) as stream:`` sends the
        request; iterate ``stream`` for events (``chunk``, ``content.delta``,
        ``content.done``, ``tool_calls.function.arguments.done``, ...) and
        call ``stream.get_final_completion()`` for the parsed completion.
        """
        from ...lib.streaming.chat import ChatCompletionStreamManager

        options, tools = _stream_options(response_format, params)
        resource = self._in_mode("parsed")

        def api_request() -> Stream[ChatCompletionChunk]:
            stream: Any = resource._call(
                ChatCompletion, options, stream=True, stream_cls=Stream[ChatCompletionChunk]
            )
            return stream  # type: ignore[no-any-return]

        return ChatCompletionStreamManager(
            api_request, response_format=response_format, input_tools=tools
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

    async def parse(
        self,
        *,
        response_format: _Format[ResponseFormatT] = omit,
        **params: Unpack[ChatCompletionParseKwargs],
    ) -> ParsedChatCompletion[ResponseFormatT]:
        """Like ``create``, with the answer parsed into ``response_format`` (see ``Completions.parse``)."""
        options, post = _parse_options(response_format, params)
        if self._mode == "parsed":
            return post(await self._call(ChatCompletion, options))
        result: Any = await self._call(
            ChatCompletion, with_post_parser(options, ChatCompletion, post)
        )
        return result  # type: ignore[no-any-return]

    def stream(
        self,
        *,
        response_format: _Format[ResponseFormatT] = omit,
        **params: Unpack[ChatCompletionParseKwargs],
    ) -> AsyncChatCompletionStreamManager[ResponseFormatT]:
        """Stream a chat completion with helper events; use it in an ``async with`` block."""
        from ...lib.streaming.chat import AsyncChatCompletionStreamManager

        options, tools = _stream_options(response_format, params)
        resource = self._in_mode("parsed")

        async def api_request() -> AsyncStream[ChatCompletionChunk]:
            stream: Any = await resource._call(
                ChatCompletion, options, stream=True, stream_cls=AsyncStream[ChatCompletionChunk]
            )
            return stream  # type: ignore[no-any-return]

        return AsyncChatCompletionStreamManager(
            api_request, response_format=response_format, input_tools=tools
        )
