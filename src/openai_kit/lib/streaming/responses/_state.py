"""Accumulating Responses stream events into a parsed response, with richer events.

:class:`ResponseStreamState` holds all the logic of ``responses.stream``; the
sync and async streams only feed it events. It can be driven by hand over
``responses.create(stream=True)`` too::

    state = ResponseStreamState(text_format=MyModel)
    for event in client.responses.create(..., stream=True):
        state.handle_event(event)
    final = state.completed_response
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, cast

from ...._types import Omit
from ....types.responses.parsed_response import (
    ParsedResponse,
    ParsedResponseFunctionToolCall,
    ParsedResponseOutputMessage,
    ParsedResponseOutputText,
)
from ....types.responses.response_function_tool_call import ResponseFunctionToolCall
from ....types.responses.response_output_message import ResponseOutputMessage
from ....types.responses.response_output_refusal import ResponseOutputRefusal
from ....types.responses.response_output_text import ResponseOutputText
from ..._parsing._completions import rebuild
from ..._parsing._responses import TextFormatT, parse_response, parse_text
from ._events import (
    ResponseCompletedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseStreamEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
)

if TYPE_CHECKING:
    from ....types.responses.response_stream_event import (
        ResponseStreamEvent as RawResponseStreamEvent,
    )

__all__ = ["ResponseStreamState"]

# Events that carry the whole response (its status and settings at that point).
_LIFECYCLE = frozenset(
    {
        "response.created",
        "response.queued",
        "response.in_progress",
        "response.incomplete",
        "response.failed",
    }
)


def _parsed_item(item: Any) -> Any:
    """An output item as the snapshot keeps it: messages and function calls in their parsed types."""
    if isinstance(item, ResponseOutputMessage):
        return rebuild(
            ParsedResponseOutputMessage, item, content=[_parsed_part(p) for p in item.content]
        )
    if isinstance(item, ResponseFunctionToolCall):
        return rebuild(ParsedResponseFunctionToolCall, item, parsed_arguments=None)
    return item


def _parsed_part(part: Any) -> Any:
    if isinstance(part, ResponseOutputText) and not isinstance(part, ParsedResponseOutputText):
        return rebuild(ParsedResponseOutputText, part, parsed=None)
    return part


def _put(items: list[Any], index: int, value: Any) -> None:
    """``items[index] = value``, growing the list with None when the index is past its end."""
    if index < len(items):
        items[index] = value
    else:
        items.extend([None] * (index - len(items)))
        items.append(value)


class ResponseStreamState(Generic[TextFormatT]):
    """Accumulates a response from its stream events and derives the helper events."""

    def __init__(
        self,
        *,
        input_tools: Iterable[Any] | Omit | None = None,
        text_format: type[TextFormatT] | Omit | None = None,
    ) -> None:
        self._snapshot: ParsedResponse[object] | None = None
        self._completed: ParsedResponse[TextFormatT] | None = None
        self._input_tools: list[Any] = (
            [] if input_tools is None or isinstance(input_tools, Omit) else list(input_tools)
        )
        self._text_format: object = text_format

    @property
    def current_snapshot(self) -> ParsedResponse[object]:
        """The response as accumulated so far."""
        if self._snapshot is None:
            raise RuntimeError("No event carrying the response (`response.created`) yet")
        return self._snapshot

    @property
    def completed_response(self) -> ParsedResponse[TextFormatT] | None:
        """The parsed response of the ``response.completed`` event, once it has arrived."""
        return self._completed

    def handle_event(self, event: RawResponseStreamEvent) -> list[ResponseStreamEvent[TextFormatT]]:
        """Fold ``event`` into the snapshot; the events to hand to the caller."""
        self.accumulate_event(event)
        if event.type == "response.output_text.delta":
            part = self._part(event.output_index, event.content_index)
            text = part.text if isinstance(part, ResponseOutputText) else event.delta
            return [rebuild(ResponseTextDeltaEvent, event, snapshot=text)]
        if event.type == "response.output_text.done":
            parsed = parse_text(event.text, self._text_format)
            return [rebuild(ResponseTextDoneEvent, event, parsed=parsed)]
        if event.type == "response.function_call_arguments.delta":
            item = self._item(event.output_index)
            arguments = (
                item.arguments if isinstance(item, ResponseFunctionToolCall) else event.delta
            )
            return [rebuild(ResponseFunctionCallArgumentsDeltaEvent, event, snapshot=arguments)]
        if event.type == "response.completed":
            return [rebuild(ResponseCompletedEvent, event, response=self._completed)]
        return [cast("ResponseStreamEvent[TextFormatT]", event)]

    def accumulate_event(self, event: RawResponseStreamEvent) -> ParsedResponse[object] | None:
        """Fold ``event`` into the snapshot and return it (None before the response is known)."""
        kind = event.type
        if kind in _LIFECYCLE:
            response = cast(Any, event).response
            if self._snapshot is None:
                self._snapshot = cast(
                    "ParsedResponse[object]",
                    rebuild(
                        ParsedResponse,
                        response,
                        output=[_parsed_item(item) for item in response.output],
                    ),
                )
            else:
                self._snapshot.status = response.status
            return self._snapshot
        if event.type == "response.completed":
            self._completed = cast(
                "ParsedResponse[TextFormatT]",
                parse_response(
                    text_format=self._text_format,
                    input_tools=self._input_tools,
                    response=event.response,
                ),
            )
            return self._snapshot
        if self._snapshot is None:
            if kind == "error":
                return None
            raise RuntimeError(f"Expected `response.created` before `{kind}`")
        output = self._snapshot.output
        if event.type == "response.output_item.added" or event.type == "response.output_item.done":
            _put(cast("list[Any]", output), event.output_index, _parsed_item(event.item))
        elif (
            event.type == "response.content_part.added"
            or event.type == "response.content_part.done"
        ):
            message = self._item(event.output_index)
            if isinstance(message, ResponseOutputMessage):
                _put(
                    cast("list[Any]", message.content),
                    event.content_index,
                    _parsed_part(event.part),
                )
        elif event.type == "response.output_text.delta":
            part = self._part(event.output_index, event.content_index)
            if isinstance(part, ResponseOutputText):
                part.text += event.delta
        elif event.type == "response.output_text.done":
            part = self._part(event.output_index, event.content_index)
            if isinstance(part, ResponseOutputText):
                part.text = event.text
        elif event.type == "response.refusal.delta":
            part = self._part(event.output_index, event.content_index)
            if isinstance(part, ResponseOutputRefusal):
                part.refusal += event.delta
        elif event.type == "response.function_call_arguments.delta":
            item = self._item(event.output_index)
            if isinstance(item, ResponseFunctionToolCall):
                item.arguments += event.delta
        elif event.type == "response.function_call_arguments.done":
            item = self._item(event.output_index)
            if isinstance(item, ResponseFunctionToolCall):
                item.arguments = event.arguments
        return self._snapshot

    def _item(self, output_index: int) -> Any:
        output = self._snapshot.output if self._snapshot is not None else []
        return output[output_index] if 0 <= output_index < len(output) else None

    def _part(self, output_index: int, content_index: int) -> Any:
        item = self._item(output_index)
        if not isinstance(item, ResponseOutputMessage):
            return None
        content = item.content
        return content[content_index] if 0 <= content_index < len(content) else None
