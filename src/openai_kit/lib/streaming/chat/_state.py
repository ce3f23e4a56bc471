"""Accumulating chat completion chunks into a parsed completion, with helper events.

:class:`ChatCompletionStreamState` is the whole logic of
``chat.completions.stream``; the sync and async streams only feed it
chunks. It can also be used by hand over ``create(stream=True)``::

    state = ChatCompletionStreamState()
    for chunk in client.chat.completions.create(..., stream=True):
        state.handle_chunk(chunk)
    completion = state.get_final_completion()

The snapshot is updated in place, chunk by chunk, so the work per chunk is
proportional to the chunk, not to everything received so far.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, cast

from pydantic_core import from_json

from ...._exceptions import ContentFilterFinishReasonError, LengthFinishReasonError
from ...._types import Omit, omit
from ....types.chat.chat_completion import ChoiceLogprobs
from ....types.chat.parsed_chat_completion import (
    ParsedChatCompletion,
    ParsedChatCompletionMessage,
    ParsedChoice,
)
from ....types.chat.parsed_function_tool_call import ParsedFunction, ParsedFunctionToolCall
from ..._parsing._completions import (
    ResponseFormatT,
    has_parseable_input,
    maybe_parse_content,
    parse_chat_completion,
    parse_function_tool_arguments,
)
from ._events import (
    ChatCompletionStreamEvent,
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent,
    FunctionToolCallArgumentsDeltaEvent,
    FunctionToolCallArgumentsDoneEvent,
    LogprobsContentDeltaEvent,
    LogprobsContentDoneEvent,
    LogprobsRefusalDeltaEvent,
    LogprobsRefusalDoneEvent,
    RefusalDeltaEvent,
    RefusalDoneEvent,
)

if TYPE_CHECKING:
    from typing import TypeAlias

    from ....types.chat.chat_completion_chunk import ChatCompletionChunk, ChoiceDelta
    from ....types.chat.chat_completion_chunk import Choice as ChunkChoice

    _Event: TypeAlias = ChatCompletionStreamEvent[Any]

__all__ = ["ChatCompletionStreamState", "is_chat_completion_chunk"]


def is_chat_completion_chunk(chunk: object) -> bool:
    """Azure's content-filter-only events (``object: ""``) are not chunks of the completion."""
    return getattr(chunk, "object", None) == "chat.completion.chunk"


def _partial_json(text: str) -> object | None:
    """Decode as much of an unfinished JSON document as is complete (None if it is not JSON)."""
    if not text.strip():
        return None
    try:
        decoded: object = from_json(text, allow_partial=True)
    except ValueError:
        return None
    return decoded


def _merge_extra(acc: Any, delta: Any) -> Any:
    """Accumulate a field the SDK does not know: text appends, mappings merge, lists grow."""
    if acc is None:
        return delta
    if isinstance(acc, str) and isinstance(delta, str):
        return acc + delta
    if isinstance(acc, dict) and isinstance(delta, Mapping):
        for key, value in delta.items():
            acc[key] = _merge_extra(acc.get(key), value)
        return acc
    if isinstance(acc, list) and isinstance(delta, list):
        return acc + delta
    return delta


class _ChoiceProgress:
    """Which "done" events one choice has already fired."""

    __slots__ = (
        "content_done",
        "current_tool",
        "done_tools",
        "logprobs_content_done",
        "logprobs_refusal_done",
        "refusal_done",
    )

    def __init__(self) -> None:
        self.content_done = False
        self.refusal_done = False
        self.logprobs_content_done = False
        self.logprobs_refusal_done = False
        self.done_tools: set[int] = set()
        self.current_tool: int | None = None


class ChatCompletionStreamState(Generic[ResponseFormatT]):
    """Accumulates chunks into a :class:`ParsedChatCompletion` and derives the helper events."""

    def __init__(
        self,
        *,
        input_tools: Iterable[Any] | Omit = omit,
        response_format: type[ResponseFormatT] | Mapping[str, Any] | Omit = omit,
    ) -> None:
        self._snapshot: ParsedChatCompletion[object] | None = None
        self._choices: dict[int, ParsedChoice[object]] = {}
        self._tool_calls: dict[tuple[int, int], ParsedFunctionToolCall] = {}
        self._progress: dict[int, _ChoiceProgress] = {}
        self._input_tools: list[Any] = [] if isinstance(input_tools, Omit) else list(input_tools)
        self._response_format: object = response_format
        self._rich_format: object = response_format if inspect.isclass(response_format) else omit
        self._parseable = has_parseable_input(
            response_format=response_format, input_tools=self._input_tools
        )
        self._strict_tools = {
            name
            for tool in self._input_tools
            if (function := tool.get("function")) is not None
            and function.get("strict") is True
            and (name := function.get("name")) is not None
        }

    @property
    def current_completion_snapshot(self) -> ParsedChatCompletion[object]:
        """The completion as accumulated so far."""
        if self._snapshot is None:
            raise RuntimeError("No chunk has been received yet")
        return self._snapshot

    def get_final_completion(self) -> ParsedChatCompletion[ResponseFormatT]:
        """The accumulated completion, parsed; call it once the stream has ended."""
        return cast(
            "ParsedChatCompletion[ResponseFormatT]",
            parse_chat_completion(
                chat_completion=self.current_completion_snapshot,
                response_format=self._rich_format,
                input_tools=self._input_tools,
            ),
        )

    def handle_chunk(
        self, chunk: ChatCompletionChunk
    ) -> list[ChatCompletionStreamEvent[ResponseFormatT]]:
        """Fold ``chunk`` into the snapshot; the events it gives rise to, in order."""
        snapshot = self._accumulate(chunk)
        events: list[_Event] = [
            ChunkEvent.model_construct(type="chunk", chunk=chunk, snapshot=snapshot)
        ]
        for choice in chunk.choices:
            self._choice_events(choice, self._choices[choice.index], events)
        return events

    # -- accumulation ----------------------------------------------------------------

    def _accumulate(self, chunk: ChatCompletionChunk) -> ParsedChatCompletion[object]:
        snapshot = self._snapshot
        if snapshot is None:
            values = {k: v for k, v in chunk.__dict__.items() if k != "choices"}
            values.update(chunk.__pydantic_extra__ or {})
            values.setdefault("system_fingerprint", None)
            values["object"] = "chat.completion"
            snapshot = ParsedChatCompletion.model_construct(
                _fields_set={*chunk.model_fields_set, "choices", "system_fingerprint"},
                choices=[],
                **values,
            )
            self._snapshot = snapshot
        else:
            if chunk.usage is not None:
                snapshot.usage = chunk.usage
            if chunk.system_fingerprint is not None:
                snapshot.system_fingerprint = chunk.system_fingerprint
        for choice in chunk.choices:
            self._accumulate_choice(snapshot, choice)
        return snapshot

    def _new_choice(
        self, snapshot: ParsedChatCompletion[object], index: int
    ) -> ParsedChoice[object]:
        message: ParsedChatCompletionMessage[object] = ParsedChatCompletionMessage.model_construct(
            _fields_set=set(), role="assistant", content=None, refusal=None
        )
        choice: ParsedChoice[object] = ParsedChoice.model_construct(
            _fields_set={"index", "finish_reason", "logprobs", "message"},
            index=index,
            finish_reason=cast(Any, None),
            logprobs=None,
            message=message,
        )
        self._choices[index] = choice
        snapshot.choices.append(choice)
        if len(snapshot.choices) > 1 and snapshot.choices[-2].index > index:
            snapshot.choices.sort(key=lambda c: c.index)
        return choice

    def _accumulate_choice(
        self, snapshot: ParsedChatCompletion[object], chunk_choice: ChunkChoice
    ) -> None:
        choice = self._choices.get(chunk_choice.index) or self._new_choice(
            snapshot, chunk_choice.index
        )
        message = choice.message
        delta = chunk_choice.delta
        self._apply_delta(chunk_choice.index, message, delta)

        if chunk_choice.finish_reason:
            choice.finish_reason = chunk_choice.finish_reason
            if self._parseable:
                if chunk_choice.finish_reason == "length":
                    raise LengthFinishReasonError(completion=snapshot)
                if chunk_choice.finish_reason == "content_filter":
                    raise ContentFilterFinishReasonError()

        if delta.content is not None and self._rich_format is not omit and not message.refusal:
            message.parsed = _partial_json(message.content or "")

        for call_delta in delta.tool_calls or []:
            call = self._tool_calls[(chunk_choice.index, call_delta.index)]
            if call.function.name in self._strict_tools and call.function.arguments:
                call.function.parsed_arguments = _partial_json(call.function.arguments)

        logprobs = chunk_choice.logprobs
        if logprobs is not None:
            if choice.logprobs is None:
                choice.logprobs = ChoiceLogprobs.model_construct(
                    content=list(logprobs.content) if logprobs.content is not None else None,
                    refusal=list(logprobs.refusal) if logprobs.refusal is not None else None,
                )
            else:
                if logprobs.content:
                    choice.logprobs.content = [*(choice.logprobs.content or []), *logprobs.content]
                if logprobs.refusal:
                    choice.logprobs.refusal = [*(choice.logprobs.refusal or []), *logprobs.refusal]

    def _apply_delta(
        self, index: int, message: ParsedChatCompletionMessage[object], delta: ChoiceDelta
    ) -> None:
        fields = message.model_fields_set
        if delta.role is not None:
            message.role = cast(Any, delta.role)
        if delta.content is not None:
            message.content = (message.content or "") + delta.content
        elif "content" in delta.model_fields_set:
            fields.add("content")
        if delta.refusal is not None:
            message.refusal = (message.refusal or "") + delta.refusal
        elif "refusal" in delta.model_fields_set:
            fields.add("refusal")
        if delta.function_call is not None:
            current = message.function_call
            if current is None:
                from ....types.chat.chat_completion_message import FunctionCall

                message.function_call = FunctionCall.model_construct(
                    name=delta.function_call.name or "",
                    arguments=delta.function_call.arguments or "",
                )
            else:
                current.name += delta.function_call.name or ""
                current.arguments += delta.function_call.arguments or ""
        for call_delta in delta.tool_calls or []:
            key = (index, call_delta.index)
            call = self._tool_calls.get(key)
            function_delta = call_delta.function
            if call is None:
                call = ParsedFunctionToolCall.model_construct(
                    id=call_delta.id or "",
                    type=call_delta.type or "function",
                    function=ParsedFunction.model_construct(
                        name=(function_delta.name if function_delta else None) or "",
                        arguments=(function_delta.arguments if function_delta else None) or "",
                        parsed_arguments=None,
                    ),
                )
                self._tool_calls[key] = call
                if message.tool_calls is None:
                    message.tool_calls = []
                message.tool_calls.append(call)
            else:
                if call_delta.id:
                    call.id = call.id or call_delta.id
                if function_delta is not None:
                    call.function.name += function_delta.name or ""
                    call.function.arguments += function_delta.arguments or ""
        extra = delta.__pydantic_extra__
        if extra:
            message_extra = message.__pydantic_extra__
            if message_extra is None:
                message_extra = {}
                object.__setattr__(message, "__pydantic_extra__", message_extra)
            for name, value in extra.items():
                message_extra[name] = _merge_extra(message_extra.get(name), value)

    # -- events ----------------------------------------------------------------------

    def _choice_events(
        self, chunk_choice: ChunkChoice, choice: ParsedChoice[object], events: list[_Event]
    ) -> None:
        message = choice.message
        delta = chunk_choice.delta
        if delta.content is not None and message.content is not None:
            events.append(
                ContentDeltaEvent.model_construct(
                    type="content.delta",
                    delta=delta.content,
                    snapshot=message.content,
                    parsed=message.parsed,
                )
            )
        if delta.refusal is not None and message.refusal is not None:
            events.append(
                RefusalDeltaEvent.model_construct(
                    type="refusal.delta", delta=delta.refusal, snapshot=message.refusal
                )
            )
        for call_delta in delta.tool_calls or []:
            call = self._tool_calls[(chunk_choice.index, call_delta.index)]
            events.append(
                FunctionToolCallArgumentsDeltaEvent.model_construct(
                    type="tool_calls.function.arguments.delta",
                    name=call.function.name,
                    index=call_delta.index,
                    arguments=call.function.arguments,
                    parsed_arguments=call.function.parsed_arguments,
                    arguments_delta=(call_delta.function.arguments if call_delta.function else None)
                    or "",
                )
            )
        logprobs, accumulated = chunk_choice.logprobs, choice.logprobs
        if logprobs is not None and accumulated is not None:
            if logprobs.content and accumulated.content:
                events.append(
                    LogprobsContentDeltaEvent.model_construct(
                        type="logprobs.content.delta",
                        content=logprobs.content,
                        snapshot=accumulated.content,
                    )
                )
            if logprobs.refusal and accumulated.refusal:
                events.append(
                    LogprobsRefusalDeltaEvent.model_construct(
                        type="logprobs.refusal.delta",
                        refusal=logprobs.refusal,
                        snapshot=accumulated.refusal,
                    )
                )
        self._done_events(chunk_choice, choice, events)

    def _done_events(
        self, chunk_choice: ChunkChoice, choice: ParsedChoice[object], events: list[_Event]
    ) -> None:
        progress = self._progress.get(chunk_choice.index)
        if progress is None:
            progress = self._progress[chunk_choice.index] = _ChoiceProgress()
        if choice.finish_reason:
            self._content_done(choice, progress, events)
            if progress.current_tool is not None:
                self._tool_done(chunk_choice.index, progress.current_tool, progress, events)
        for call_delta in chunk_choice.delta.tool_calls or []:
            if progress.current_tool != call_delta.index:
                # a new tool call starts: what came before it is complete
                self._content_done(choice, progress, events)
                if progress.current_tool is not None:
                    self._tool_done(chunk_choice.index, progress.current_tool, progress, events)
            progress.current_tool = call_delta.index

    def _content_done(
        self, choice: ParsedChoice[object], progress: _ChoiceProgress, events: list[_Event]
    ) -> None:
        message = choice.message
        if message.content and not progress.content_done:
            progress.content_done = True
            parsed = maybe_parse_content(response_format=self._response_format, message=message)
            message.parsed = parsed
            events.append(
                ContentDoneEvent.model_construct(
                    type="content.done", content=message.content, parsed=parsed
                )
            )
        if message.refusal is not None and not progress.refusal_done:
            progress.refusal_done = True
            events.append(
                RefusalDoneEvent.model_construct(type="refusal.done", refusal=message.refusal)
            )
        logprobs = choice.logprobs
        if logprobs is not None:
            if logprobs.content is not None and not progress.logprobs_content_done:
                progress.logprobs_content_done = True
                events.append(
                    LogprobsContentDoneEvent.model_construct(
                        type="logprobs.content.done", content=logprobs.content
                    )
                )
            if logprobs.refusal is not None and not progress.logprobs_refusal_done:
                progress.logprobs_refusal_done = True
                events.append(
                    LogprobsRefusalDoneEvent.model_construct(
                        type="logprobs.refusal.done", refusal=logprobs.refusal
                    )
                )

    def _tool_done(
        self, choice_index: int, tool_index: int, progress: _ChoiceProgress, events: list[_Event]
    ) -> None:
        if tool_index in progress.done_tools:
            return
        progress.done_tools.add(tool_index)
        call = self._tool_calls[(choice_index, tool_index)]
        parsed = parse_function_tool_arguments(
            input_tools=self._input_tools, function=call.function
        )
        call.function.parsed_arguments = parsed
        events.append(
            FunctionToolCallArgumentsDoneEvent.model_construct(
                type="tool_calls.function.arguments.done",
                name=call.function.name,
                index=tool_index,
                arguments=call.function.arguments,
                parsed_arguments=parsed,
            )
        )
