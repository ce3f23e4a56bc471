"""The keyword arguments of the ``client.responses`` methods, as TypedDicts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal, TypeAlias

from typing_extensions import TypedDict

from ..._types import RequestOptions
from ...types.responses.input_item_list_params import InputItemListParams
from ...types.responses.input_token_count_params import InputTokenCountParams
from ...types.responses.response_create_params import ResponseCreateParamsBase
from ...types.responses.response_retrieve_params import ResponseRetrieveParamsBase

if TYPE_CHECKING:
    from ...types.chat.chat_completion_function_tool_param import (
        ChatCompletionFunctionToolParam,
    )
    from ...types.responses.response_create_params import (
        ContextManagement,
        Conversation,
        Moderation,
        PromptCacheOptions,
        StreamOptions,
        ToolChoice,
    )
    from ...types.responses.response_includable import ResponseIncludable
    from ...types.responses.response_input_param import ResponseInputParam
    from ...types.responses.response_prompt_param import ResponsePromptParam
    from ...types.responses.response_text_config_param import ResponseTextConfigParam
    from ...types.responses.tool_param import ToolParam
    from ...types.shared_params.metadata import Metadata
    from ...types.shared_params.reasoning import Reasoning
    from ...types.shared_params.responses_model import ResponsesModel

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


class _ParamsWithParseableTools(TypedDict, total=False):
    """``ResponseCreateParamsBase`` whose ``tools`` may also be pydantic function tools."""

    metadata: Metadata | None
    top_logprobs: int
    temperature: float | None
    top_p: float | None
    user: str
    safety_identifier: str | None
    prompt_cache_key: str | None
    prompt_cache_retention: Literal["in_memory", "24h"] | None
    prompt_cache_options: PromptCacheOptions
    previous_response_id: str | None
    model: ResponsesModel
    background: bool | None
    max_tool_calls: int | None
    text: ResponseTextConfigParam
    tools: Iterable[ParseableToolParam]
    tool_choice: ToolChoice
    prompt: ResponsePromptParam | None
    service_tier: (
        Literal["auto", "default", "flex", "scale", "priority", "fast", "ultrafast"] | None
    )
    truncation: Literal["auto", "disabled"] | None
    reasoning: Reasoning | None
    input: str | ResponseInputParam
    include: Sequence[ResponseIncludable] | None
    parallel_tool_calls: bool | None
    store: bool | None
    instructions: str | None
    moderation: Moderation | None
    stream_options: StreamOptions | None
    conversation: Conversation | None
    context_management: Iterable[ContextManagement] | None
    max_output_tokens: int | None


class ResponseParseKwargs(_ParamsWithParseableTools, RequestOptions, total=False):
    """The keyword arguments of ``responses.parse`` / ``stream`` besides ``text_format``."""


class ResponseRetrieveKwargs(ResponseRetrieveParamsBase, RequestOptions, total=False):
    """The keyword arguments of ``responses.retrieve`` (except ``stream``)."""


class InputItemListKwargs(InputItemListParams, RequestOptions, total=False):
    """The keyword arguments of ``responses.input_items.list``."""


class InputTokenCountKwargs(InputTokenCountParams, RequestOptions, total=False):
    """The keyword arguments of ``responses.input_tokens.count``."""
