"""The events ``responses.stream`` yields.

Four of them carry more than the raw event: text and argument deltas their
``snapshot`` (everything so far), ``response.output_text.done`` the text
``parsed`` into the ``text_format`` type, and ``response.completed`` the
response as a :class:`ParsedResponse`. Every other event is the raw one.
"""

from __future__ import annotations

from typing import Annotated, Generic, TypeAlias

from pydantic import Field

from ....types.responses.parsed_response import ParsedResponse
from ....types.responses.response_audio_delta_event import ResponseAudioDeltaEvent
from ....types.responses.response_audio_done_event import ResponseAudioDoneEvent
from ....types.responses.response_audio_transcript_delta_event import (
    ResponseAudioTranscriptDeltaEvent,
)
from ....types.responses.response_audio_transcript_done_event import (
    ResponseAudioTranscriptDoneEvent,
)
from ....types.responses.response_code_interpreter_call_code_delta_event import (
    ResponseCodeInterpreterCallCodeDeltaEvent,
)
from ....types.responses.response_code_interpreter_call_code_done_event import (
    ResponseCodeInterpreterCallCodeDoneEvent,
)
from ....types.responses.response_code_interpreter_call_completed_event import (
    ResponseCodeInterpreterCallCompletedEvent,
)
from ....types.responses.response_code_interpreter_call_in_progress_event import (
    ResponseCodeInterpreterCallInProgressEvent,
)
from ....types.responses.response_code_interpreter_call_interpreting_event import (
    ResponseCodeInterpreterCallInterpretingEvent,
)
from ....types.responses.response_completed_event import (
    ResponseCompletedEvent as RawResponseCompletedEvent,
)
from ....types.responses.response_content_part_added_event import ResponseContentPartAddedEvent
from ....types.responses.response_content_part_done_event import ResponseContentPartDoneEvent
from ....types.responses.response_created_event import ResponseCreatedEvent
from ....types.responses.response_custom_tool_call_input_delta_event import (
    ResponseCustomToolCallInputDeltaEvent,
)
from ....types.responses.response_custom_tool_call_input_done_event import (
    ResponseCustomToolCallInputDoneEvent,
)
from ....types.responses.response_error_event import ResponseErrorEvent
from ....types.responses.response_failed_event import ResponseFailedEvent
from ....types.responses.response_file_search_call_completed_event import (
    ResponseFileSearchCallCompletedEvent,
)
from ....types.responses.response_file_search_call_in_progress_event import (
    ResponseFileSearchCallInProgressEvent,
)
from ....types.responses.response_file_search_call_searching_event import (
    ResponseFileSearchCallSearchingEvent,
)
from ....types.responses.response_function_call_arguments_delta_event import (
    ResponseFunctionCallArgumentsDeltaEvent as RawResponseFunctionCallArgumentsDeltaEvent,
)
from ....types.responses.response_function_call_arguments_done_event import (
    ResponseFunctionCallArgumentsDoneEvent,
)
from ....types.responses.response_image_gen_call_completed_event import (
    ResponseImageGenCallCompletedEvent,
)
from ....types.responses.response_image_gen_call_generating_event import (
    ResponseImageGenCallGeneratingEvent,
)
from ....types.responses.response_image_gen_call_in_progress_event import (
    ResponseImageGenCallInProgressEvent,
)
from ....types.responses.response_image_gen_call_partial_image_event import (
    ResponseImageGenCallPartialImageEvent,
)
from ....types.responses.response_in_progress_event import ResponseInProgressEvent
from ....types.responses.response_incomplete_event import ResponseIncompleteEvent
from ....types.responses.response_mcp_call_arguments_delta_event import (
    ResponseMcpCallArgumentsDeltaEvent,
)
from ....types.responses.response_mcp_call_arguments_done_event import (
    ResponseMcpCallArgumentsDoneEvent,
)
from ....types.responses.response_mcp_call_completed_event import ResponseMcpCallCompletedEvent
from ....types.responses.response_mcp_call_failed_event import ResponseMcpCallFailedEvent
from ....types.responses.response_mcp_call_in_progress_event import ResponseMcpCallInProgressEvent
from ....types.responses.response_mcp_list_tools_completed_event import (
    ResponseMcpListToolsCompletedEvent,
)
from ....types.responses.response_mcp_list_tools_failed_event import ResponseMcpListToolsFailedEvent
from ....types.responses.response_mcp_list_tools_in_progress_event import (
    ResponseMcpListToolsInProgressEvent,
)
from ....types.responses.response_output_item_added_event import ResponseOutputItemAddedEvent
from ....types.responses.response_output_item_done_event import ResponseOutputItemDoneEvent
from ....types.responses.response_output_text_annotation_added_event import (
    ResponseOutputTextAnnotationAddedEvent,
)
from ....types.responses.response_queued_event import ResponseQueuedEvent
from ....types.responses.response_reasoning_summary_part_added_event import (
    ResponseReasoningSummaryPartAddedEvent,
)
from ....types.responses.response_reasoning_summary_part_done_event import (
    ResponseReasoningSummaryPartDoneEvent,
)
from ....types.responses.response_reasoning_summary_text_delta_event import (
    ResponseReasoningSummaryTextDeltaEvent,
)
from ....types.responses.response_reasoning_summary_text_done_event import (
    ResponseReasoningSummaryTextDoneEvent,
)
from ....types.responses.response_reasoning_text_delta_event import ResponseReasoningTextDeltaEvent
from ....types.responses.response_reasoning_text_done_event import ResponseReasoningTextDoneEvent
from ....types.responses.response_refusal_delta_event import ResponseRefusalDeltaEvent
from ....types.responses.response_refusal_done_event import ResponseRefusalDoneEvent
from ....types.responses.response_shell_call_command_added_event import (
    ResponseShellCallCommandAddedEvent,
)
from ....types.responses.response_shell_call_command_delta_event import (
    ResponseShellCallCommandDeltaEvent,
)
from ....types.responses.response_shell_call_command_done_event import (
    ResponseShellCallCommandDoneEvent,
)
from ....types.responses.response_shell_call_output_content_delta_event import (
    ResponseShellCallOutputContentDeltaEvent,
)
from ....types.responses.response_shell_call_output_content_done_event import (
    ResponseShellCallOutputContentDoneEvent,
)
from ....types.responses.response_text_delta_event import (
    ResponseTextDeltaEvent as RawResponseTextDeltaEvent,
)
from ....types.responses.response_text_done_event import (
    ResponseTextDoneEvent as RawResponseTextDoneEvent,
)
from ....types.responses.response_web_search_call_completed_event import (
    ResponseWebSearchCallCompletedEvent,
)
from ....types.responses.response_web_search_call_in_progress_event import (
    ResponseWebSearchCallInProgressEvent,
)
from ....types.responses.response_web_search_call_searching_event import (
    ResponseWebSearchCallSearchingEvent,
)
from ..._parsing._responses import TextFormatT

__all__ = [
    "ResponseCompletedEvent",
    "ResponseFunctionCallArgumentsDeltaEvent",
    "ResponseStreamEvent",
    "ResponseTextDeltaEvent",
    "ResponseTextDoneEvent",
]


class ResponseTextDeltaEvent(RawResponseTextDeltaEvent):
    """More output text; ``snapshot`` is the text of this content part so far."""

    snapshot: str


class ResponseTextDoneEvent(RawResponseTextDoneEvent, Generic[TextFormatT]):
    """A content part's text is complete; ``parsed`` is it as the ``text_format`` type."""

    parsed: TextFormatT | None = None


class ResponseFunctionCallArgumentsDeltaEvent(RawResponseFunctionCallArgumentsDeltaEvent):
    """More function call arguments; ``snapshot`` is the JSON text so far."""

    snapshot: str


class ResponseCompletedEvent(RawResponseCompletedEvent, Generic[TextFormatT]):
    """The response is complete; ``response`` is it parsed."""

    response: ParsedResponse[TextFormatT]


ResponseStreamEvent: TypeAlias = Annotated[
    ResponseAudioDeltaEvent
    | ResponseAudioDoneEvent
    | ResponseAudioTranscriptDeltaEvent
    | ResponseAudioTranscriptDoneEvent
    | ResponseCodeInterpreterCallCodeDeltaEvent
    | ResponseCodeInterpreterCallCodeDoneEvent
    | ResponseCodeInterpreterCallCompletedEvent
    | ResponseCodeInterpreterCallInProgressEvent
    | ResponseCodeInterpreterCallInterpretingEvent
    | ResponseCompletedEvent[TextFormatT]
    | ResponseContentPartAddedEvent
    | ResponseContentPartDoneEvent
    | ResponseCreatedEvent
    | ResponseErrorEvent
    | ResponseFileSearchCallCompletedEvent
    | ResponseFileSearchCallInProgressEvent
    | ResponseFileSearchCallSearchingEvent
    | ResponseFunctionCallArgumentsDeltaEvent
    | ResponseFunctionCallArgumentsDoneEvent
    | ResponseShellCallCommandAddedEvent
    | ResponseShellCallCommandDeltaEvent
    | ResponseShellCallCommandDoneEvent
    | ResponseShellCallOutputContentDeltaEvent
    | ResponseShellCallOutputContentDoneEvent
    | ResponseInProgressEvent
    | ResponseFailedEvent
    | ResponseIncompleteEvent
    | ResponseOutputItemAddedEvent
    | ResponseOutputItemDoneEvent
    | ResponseReasoningSummaryPartAddedEvent
    | ResponseReasoningSummaryPartDoneEvent
    | ResponseReasoningSummaryTextDeltaEvent
    | ResponseReasoningSummaryTextDoneEvent
    | ResponseReasoningTextDeltaEvent
    | ResponseReasoningTextDoneEvent
    | ResponseRefusalDeltaEvent
    | ResponseRefusalDoneEvent
    | ResponseTextDeltaEvent
    | ResponseTextDoneEvent[TextFormatT]
    | ResponseWebSearchCallCompletedEvent
    | ResponseWebSearchCallInProgressEvent
    | ResponseWebSearchCallSearchingEvent
    | ResponseImageGenCallCompletedEvent
    | ResponseImageGenCallGeneratingEvent
    | ResponseImageGenCallInProgressEvent
    | ResponseImageGenCallPartialImageEvent
    | ResponseMcpCallArgumentsDeltaEvent
    | ResponseMcpCallArgumentsDoneEvent
    | ResponseMcpCallCompletedEvent
    | ResponseMcpCallFailedEvent
    | ResponseMcpCallInProgressEvent
    | ResponseMcpListToolsCompletedEvent
    | ResponseMcpListToolsFailedEvent
    | ResponseMcpListToolsInProgressEvent
    | ResponseOutputTextAnnotationAddedEvent
    | ResponseQueuedEvent
    | ResponseCustomToolCallInputDeltaEvent
    | ResponseCustomToolCallInputDoneEvent,
    Field(discriminator="type"),
]
