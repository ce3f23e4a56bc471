"""``client.responses``: create, retrieve (or resume streaming), delete and cancel responses;
parse them into pydantic models or stream them with helper events."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, overload

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._streaming import AsyncStream, Stream
from ..._types import NoneType, Omit, RequestOptions, omit, split_request_options
from ...lib._parsing._calls import with_post_parser
from ...lib._parsing._responses import TextFormatT, make_tools, parse_response, text_with_format
from ...types.responses.response import Response
from ...types.responses.response_stream_event import ResponseStreamEvent
from .._paths import path_param
from ._kwargs import (
    ResponseCreateKwargs,
    ResponseParseKwargs,
    ResponseRetrieveKwargs,
)
from ._query import bracket_arrays
from .input_items import AsyncInputItems, InputItems
from .input_tokens import AsyncInputTokens, InputTokens

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...lib.streaming.responses import AsyncResponseStreamManager, ResponseStreamManager
    from ...types.responses.parsed_response import ParsedResponse

__all__ = ["AsyncResponses", "Responses"]

# What `stream(response_id=...)` cannot be combined with: everything that creates a response
# (`tools` may be given when resuming: they say how to parse the function calls).
_CREATE_ONLY = frozenset(ResponseParseKwargs.__annotations__) - {
    "include",
    "tools",
    "extra_headers",
    "extra_query",
    "extra_body",
    "timeout",
}


def _response_path(response_id: str, suffix: str = "") -> str:
    return f"/responses/{path_param('response_id', response_id)}{suffix}"


def _create_options(
    stream: bool | None, params: ResponseCreateKwargs
) -> tuple[bool, FinalRequestOptions]:
    body, request_options = split_request_options(params)
    if stream is not None:
        body["stream"] = stream
    return bool(stream), make_options("post", "/responses", body=body, **request_options)


def _retrieve_options(
    response_id: str, stream: bool | None, params: ResponseRetrieveKwargs
) -> tuple[bool, FinalRequestOptions]:
    query, request_options = split_request_options(params)
    if stream is not None:
        query["stream"] = stream
    path = _response_path(response_id)
    options = make_options("get", path, query=bracket_arrays(query), **request_options)
    return bool(stream), options


def _delete_options(response_id: str, options: RequestOptions) -> FinalRequestOptions:
    return make_options("delete", _response_path(response_id), headers={"Accept": "*/*"}, **options)


def _cancel_options(response_id: str, options: RequestOptions) -> FinalRequestOptions:
    return make_options("post", _response_path(response_id, "/cancel"), **options)


def _parse_options(
    text_format: object, params: ResponseParseKwargs
) -> tuple[FinalRequestOptions, Callable[[Response], ParsedResponse[Any]]]:
    body, request_options = split_request_options(params)
    text = text_with_format(body.pop("text", omit), text_format)
    if not isinstance(text, Omit):
        body["text"] = text
    tools = make_tools(body.pop("tools", omit))
    if not isinstance(tools, Omit):
        body["tools"] = tools

    def post(response: Response) -> ParsedResponse[Any]:
        return parse_response(text_format=text_format, input_tools=tools, response=response)

    return make_options("post", "/responses", body=body, **request_options), post


class _StreamPlan:
    """How ``stream()`` reaches its events: a new response, or an existing one replayed."""

    def __init__(
        self,
        response_id: str | Omit,
        starting_after: int | Omit,
        text_format: object,
        params: ResponseParseKwargs,
    ) -> None:
        body, request_options = split_request_options(params)
        creating = sorted(key for key in body if key in _CREATE_ONLY)
        resuming = not isinstance(response_id, Omit) or not isinstance(starting_after, Omit)
        if resuming and creating:
            raise ValueError(
                "`response_id`/`starting_after` resume an existing response and cannot be "
                f"combined with arguments that create one: {', '.join(creating)}"
            )
        self.tools = make_tools(body.pop("tools", omit))
        self.starting_after: int | None = None
        if creating:
            if "input" not in body or "model" not in body:
                raise ValueError("`input` and `model` are required to stream a new response")
            text = text_with_format(body.pop("text", omit), text_format)
            if not isinstance(text, Omit):
                body["text"] = text
            if not isinstance(self.tools, Omit):
                body["tools"] = self.tools
            body["stream"] = True
            self.options = make_options("post", "/responses", body=body, **request_options)
            return
        if isinstance(response_id, Omit):
            raise ValueError("`response_id` is required to stream an existing response")
        if not isinstance(starting_after, Omit):
            self.starting_after = starting_after
        # the whole stream is replayed so the final response is complete; events up to
        # `starting_after` are only accumulated, not yielded
        query = {"stream": True, "include": list(body.get("include") or [])}
        self.options = make_options(
            "get",
            _response_path(response_id),
            query=bracket_arrays(query),
            **request_options,
        )


class Responses(SyncAPIResource):
    @cached_property
    def input_items(self) -> InputItems:
        return InputItems(self._client, self._mode)

    @cached_property
    def input_tokens(self) -> InputTokens:
        return InputTokens(self._client, self._mode)

    @overload
    def create(
        self, *, stream: Literal[False] | None = None, **params: Unpack[ResponseCreateKwargs]
    ) -> Response: ...
    @overload
    def create(
        self, *, stream: Literal[True], **params: Unpack[ResponseCreateKwargs]
    ) -> Stream[ResponseStreamEvent]: ...
    @overload
    def create(
        self, *, stream: bool, **params: Unpack[ResponseCreateKwargs]
    ) -> Response | Stream[ResponseStreamEvent]: ...
    def create(
        self, *, stream: bool | None = None, **params: Unpack[ResponseCreateKwargs]
    ) -> Response | Stream[ResponseStreamEvent]:
        """Create a model response.

        With ``stream=True`` the answer arrives as a :class:`Stream` of typed
        events (``response.created`` ... ``response.completed``). With
        ``background=True`` the response is queued and can be polled with
        ``retrieve``, resumed with ``retrieve(stream=True)`` or cancelled.
        """
        streaming, options = _create_options(stream, params)
        return self._call(
            Response, options, stream=streaming, stream_cls=Stream[ResponseStreamEvent]
        )

    @overload
    def retrieve(
        self,
        response_id: str,
        *,
        stream: Literal[False] | None = None,
        **params: Unpack[ResponseRetrieveKwargs],
    ) -> Response: ...
    @overload
    def retrieve(
        self, response_id: str, *, stream: Literal[True], **params: Unpack[ResponseRetrieveKwargs]
    ) -> Stream[ResponseStreamEvent]: ...
    @overload
    def retrieve(
        self, response_id: str, *, stream: bool, **params: Unpack[ResponseRetrieveKwargs]
    ) -> Response | Stream[ResponseStreamEvent]: ...
    def retrieve(
        self,
        response_id: str,
        *,
        stream: bool | None = None,
        **params: Unpack[ResponseRetrieveKwargs],
    ) -> Response | Stream[ResponseStreamEvent]:
        """A stored response; with ``stream=True`` its events (after ``starting_after``, if given)."""
        streaming, options = _retrieve_options(response_id, stream, params)
        return self._call(
            Response, options, stream=streaming, stream_cls=Stream[ResponseStreamEvent]
        )

    def delete(self, response_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a stored response."""
        result: Any = self._call(NoneType, _delete_options(response_id, options))
        return result  # type: ignore[no-any-return]

    def cancel(self, response_id: str, **options: Unpack[RequestOptions]) -> Response:
        """Cancel a background response that is still queued or in progress."""
        return self._call(Response, _cancel_options(response_id, options))

    def parse(
        self,
        *,
        text_format: type[TextFormatT] | Omit = omit,
        **params: Unpack[ResponseParseKwargs],
    ) -> ParsedResponse[TextFormatT]:
        """Like ``create``, with the output parsed.

        ``text_format`` (a pydantic model) is sent as a strict JSON schema
        ``text.format``; ``response.output_parsed`` is the text as an instance
        of it. Function calls of strict tools (and of tools made with
        ``openai_kit.pydantic_function_tool``) get ``parsed_arguments``.
        """
        options, post = _parse_options(text_format, params)
        if self._mode == "parsed":
            return post(self._call(Response, options))
        result: Any = self._call(Response, with_post_parser(options, Response, post))
        return result  # type: ignore[no-any-return]

    def stream(
        self,
        *,
        response_id: str | Omit = omit,
        starting_after: int | Omit = omit,
        text_format: type[TextFormatT] | Omit = omit,
        **params: Unpack[ResponseParseKwargs],
    ) -> ResponseStreamManager[TextFormatT]:
        """Stream a new response (``input``, ``model``, ...) or resume one (``response_id``).

        Use it in a ``with`` block: iterate for events, then
        ``get_final_response()`` for the parsed response. ``starting_after``
        skips the events up to that sequence number when resuming.
        """
        from ...lib.streaming.responses import ResponseStreamManager

        plan = _StreamPlan(response_id, starting_after, text_format, params)
        resource = self._in_mode("parsed")

        def api_request() -> Stream[ResponseStreamEvent]:
            stream: Any = resource._call(
                Response, plan.options, stream=True, stream_cls=Stream[ResponseStreamEvent]
            )
            return stream  # type: ignore[no-any-return]

        return ResponseStreamManager(
            api_request,
            text_format=text_format,
            input_tools=plan.tools,
            starting_after=plan.starting_after,
        )


class AsyncResponses(AsyncAPIResource):
    @cached_property
    def input_items(self) -> AsyncInputItems:
        return AsyncInputItems(self._client, self._mode)

    @cached_property
    def input_tokens(self) -> AsyncInputTokens:
        return AsyncInputTokens(self._client, self._mode)

    @overload
    async def create(
        self, *, stream: Literal[False] | None = None, **params: Unpack[ResponseCreateKwargs]
    ) -> Response: ...
    @overload
    async def create(
        self, *, stream: Literal[True], **params: Unpack[ResponseCreateKwargs]
    ) -> AsyncStream[ResponseStreamEvent]: ...
    @overload
    async def create(
        self, *, stream: bool, **params: Unpack[ResponseCreateKwargs]
    ) -> Response | AsyncStream[ResponseStreamEvent]: ...
    async def create(
        self, *, stream: bool | None = None, **params: Unpack[ResponseCreateKwargs]
    ) -> Response | AsyncStream[ResponseStreamEvent]:
        """Create a model response (see ``Responses.create``)."""
        streaming, options = _create_options(stream, params)
        return await self._call(
            Response, options, stream=streaming, stream_cls=AsyncStream[ResponseStreamEvent]
        )

    @overload
    async def retrieve(
        self,
        response_id: str,
        *,
        stream: Literal[False] | None = None,
        **params: Unpack[ResponseRetrieveKwargs],
    ) -> Response: ...
    @overload
    async def retrieve(
        self, response_id: str, *, stream: Literal[True], **params: Unpack[ResponseRetrieveKwargs]
    ) -> AsyncStream[ResponseStreamEvent]: ...
    @overload
    async def retrieve(
        self, response_id: str, *, stream: bool, **params: Unpack[ResponseRetrieveKwargs]
    ) -> Response | AsyncStream[ResponseStreamEvent]: ...
    async def retrieve(
        self,
        response_id: str,
        *,
        stream: bool | None = None,
        **params: Unpack[ResponseRetrieveKwargs],
    ) -> Response | AsyncStream[ResponseStreamEvent]:
        """A stored response; with ``stream=True`` its events (see ``Responses.retrieve``)."""
        streaming, options = _retrieve_options(response_id, stream, params)
        return await self._call(
            Response, options, stream=streaming, stream_cls=AsyncStream[ResponseStreamEvent]
        )

    async def delete(self, response_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a stored response."""
        result: Any = await self._call(NoneType, _delete_options(response_id, options))
        return result  # type: ignore[no-any-return]

    async def cancel(self, response_id: str, **options: Unpack[RequestOptions]) -> Response:
        """Cancel a background response that is still queued or in progress."""
        return await self._call(Response, _cancel_options(response_id, options))

    async def parse(
        self,
        *,
        text_format: type[TextFormatT] | Omit = omit,
        **params: Unpack[ResponseParseKwargs],
    ) -> ParsedResponse[TextFormatT]:
        """Like ``create``, with the output parsed (see ``Responses.parse``)."""
        options, post = _parse_options(text_format, params)
        if self._mode == "parsed":
            return post(await self._call(Response, options))
        result: Any = await self._call(Response, with_post_parser(options, Response, post))
        return result  # type: ignore[no-any-return]

    def stream(
        self,
        *,
        response_id: str | Omit = omit,
        starting_after: int | Omit = omit,
        text_format: type[TextFormatT] | Omit = omit,
        **params: Unpack[ResponseParseKwargs],
    ) -> AsyncResponseStreamManager[TextFormatT]:
        """Stream a new response or resume one; use it in an ``async with`` block."""
        from ...lib.streaming.responses import AsyncResponseStreamManager

        plan = _StreamPlan(response_id, starting_after, text_format, params)
        resource = self._in_mode("parsed")

        async def api_request() -> AsyncStream[ResponseStreamEvent]:
            stream: Any = await resource._call(
                Response, plan.options, stream=True, stream_cls=AsyncStream[ResponseStreamEvent]
            )
            return stream  # type: ignore[no-any-return]

        return AsyncResponseStreamManager(
            api_request,
            text_format=text_format,
            input_tools=plan.tools,
            starting_after=plan.starting_after,
        )
