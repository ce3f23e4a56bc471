"""The keyword arguments of the ``client.responses`` methods, as TypedDicts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeAlias

from ..._types import RequestOptions
from ...types.responses.input_item_list_params import InputItemListParams
from ...types.responses.input_token_count_params import InputTokenCountParams
from ...types.responses.response_create_params import (
    ResponseCreateParamsBase,
    ResponseCreateParamsWithoutTools,
)
from ...types.responses.response_retrieve_params import ResponseRetrieveParamsBase

if TYPE_CHECKING:
    from ...types.chat.chat_completion_function_tool_param import (
        ChatCompletionFunctionToolParam,
    )
    from ...types.responses.tool_param import ToolParam

__all__ = [
    "InputItemListKwargs",
    "InputTokenCountKwargs",
    "ParseableToolParam",
    "ResponseCreateKwargs",
    "ResponseParseKwargs",
    "ResponseRetrieveKwargs",
]

#: What ``parse``/``stream`` accept as a tool: any Responses tool, or a chat-shaped
#: tool made with ``openai_kit.pydantic_function_tool``.
ParseableToolParam: TypeAlias = "ToolParam | ChatCompletionFunctionToolParam"


class ResponseCreateKwargs(ResponseCreateParamsBase, RequestOptions, total=False):
    """The keyword arguments of ``responses.create`` (except ``stream``)."""


class _ParamsWithParseableTools(ResponseCreateParamsWithoutTools, total=False):
    """``ResponseCreateParamsBase`` whose ``tools`` may also be pydantic function tools."""

    tools: Iterable[ParseableToolParam]


class ResponseParseKwargs(_ParamsWithParseableTools, RequestOptions, total=False):
    """The keyword arguments of ``responses.parse`` / ``stream`` besides ``text_format``."""


class ResponseRetrieveKwargs(ResponseRetrieveParamsBase, RequestOptions, total=False):
    """The keyword arguments of ``responses.retrieve`` (except ``stream``)."""


class InputItemListKwargs(InputItemListParams, RequestOptions, total=False):
    """The keyword arguments of ``responses.input_items.list``."""


class InputTokenCountKwargs(InputTokenCountParams, RequestOptions, total=False):
    """The keyword arguments of ``responses.input_tokens.count``."""
