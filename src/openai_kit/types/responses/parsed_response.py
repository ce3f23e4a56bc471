"""A response whose text and function call arguments the parse helpers have decoded.

``responses.parse`` and ``responses.stream`` return these: with
``text_format=SomeModel``, each ``output_text`` part carries ``parsed`` and
``response.output_parsed`` is the first of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar, Generic, TypeAlias, TypeVar

from pydantic import Field

from .response import Response
from .response_apply_patch_tool_call import ResponseApplyPatchToolCall
from .response_apply_patch_tool_call_output import ResponseApplyPatchToolCallOutput
from .response_code_interpreter_tool_call import ResponseCodeInterpreterToolCall
from .response_compaction_item import ResponseCompactionItem
from .response_computer_tool_call import ResponseComputerToolCall
from .response_computer_tool_call_output_item import ResponseComputerToolCallOutputItem
from .response_custom_tool_call import ResponseCustomToolCall
from .response_custom_tool_call_output_item import ResponseCustomToolCallOutputItem
from .response_file_search_tool_call import ResponseFileSearchToolCall
from .response_function_shell_tool_call import ResponseFunctionShellToolCall
from .response_function_shell_tool_call_output import ResponseFunctionShellToolCallOutput
from .response_function_tool_call import ResponseFunctionToolCall
from .response_function_tool_call_output_item import ResponseFunctionToolCallOutputItem
from .response_function_web_search import ResponseFunctionWebSearch
from .response_output_item import (
    AdditionalTools,
    ImageGenerationCall,
    LocalShellCall,
    LocalShellCallOutput,
    McpApprovalRequest,
    McpApprovalResponse,
    McpCall,
    McpListTools,
    Program,
    ProgramOutput,
)
from .response_output_message import ResponseOutputMessage
from .response_output_refusal import ResponseOutputRefusal
from .response_output_text import ResponseOutputText
from .response_reasoning_item import ResponseReasoningItem
from .response_tool_search_call import ResponseToolSearchCall
from .response_tool_search_output_item import ResponseToolSearchOutputItem

__all__ = [
    "ParsedContent",
    "ParsedResponse",
    "ParsedResponseFunctionToolCall",
    "ParsedResponseOutputItem",
    "ParsedResponseOutputMessage",
    "ParsedResponseOutputText",
]

ContentType = TypeVar("ContentType")


class ParsedResponseOutputText(ResponseOutputText, Generic[ContentType]):
    """An ``output_text`` part with its text decoded into the ``text_format`` type."""

    parsed: ContentType | None = None


ParsedContent: TypeAlias = Annotated[
    ParsedResponseOutputText[ContentType] | ResponseOutputRefusal, Field(discriminator="type")
]


class ParsedResponseOutputMessage(ResponseOutputMessage, Generic[ContentType]):
    """An output message whose text parts are :class:`ParsedResponseOutputText`."""

    if TYPE_CHECKING:
        content: list[ParsedContent[ContentType]]  # type: ignore[assignment]
    else:
        content: list[ParsedContent]


class ParsedResponseFunctionToolCall(ResponseFunctionToolCall):
    """A function call with ``parsed_arguments`` (a model instance for a pydantic tool)."""

    parsed_arguments: object = None

    #: Not part of the API shape: left out when the item is sent back as input.
    __api_exclude__: ClassVar[frozenset[str]] = frozenset({"parsed_arguments"})


ParsedResponseOutputItem: TypeAlias = Annotated[
    ParsedResponseOutputMessage[ContentType]
    | ParsedResponseFunctionToolCall
    | ResponseFileSearchToolCall
    | ResponseFunctionToolCallOutputItem
    | ResponseFunctionWebSearch
    | ResponseComputerToolCall
    | ResponseComputerToolCallOutputItem
    | ResponseReasoningItem
    | Program
    | ProgramOutput
    | ResponseToolSearchCall
    | ResponseToolSearchOutputItem
    | AdditionalTools
    | ResponseCompactionItem
    | ImageGenerationCall
    | ResponseCodeInterpreterToolCall
    | LocalShellCall
    | LocalShellCallOutput
    | ResponseFunctionShellToolCall
    | ResponseFunctionShellToolCallOutput
    | ResponseApplyPatchToolCall
    | ResponseApplyPatchToolCallOutput
    | McpCall
    | McpListTools
    | McpApprovalRequest
    | McpApprovalResponse
    | ResponseCustomToolCall
    | ResponseCustomToolCallOutputItem,
    Field(discriminator="type"),
]


class ParsedResponse(Response, Generic[ContentType]):
    """A :class:`Response` whose message text and function call arguments are parsed."""

    if TYPE_CHECKING:
        output: list[ParsedResponseOutputItem[ContentType]]  # type: ignore[assignment]
    else:
        output: list[ParsedResponseOutputItem]

    @property
    def output_parsed(self) -> ContentType | None:
        """The first parsed ``output_text`` of the output messages, or None."""
        for item in self.output:
            if isinstance(item, ParsedResponseOutputMessage):
                for part in item.content:
                    if isinstance(part, ParsedResponseOutputText) and part.parsed is not None:
                        return part.parsed
        return None
