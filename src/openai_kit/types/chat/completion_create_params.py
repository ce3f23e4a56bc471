"""The body of ``chat.completions.create``, as TypedDicts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, Required, TypeAlias

from typing_extensions import TypedDict

from openai_kit.types.shared.chat_model import ChatModel
from openai_kit.types.shared_params.function_parameters import FunctionParameters
from openai_kit.types.shared_params.metadata import Metadata
from openai_kit.types.shared_params.reasoning_effort import ReasoningEffort
from openai_kit.types.shared_params.response_format_json_object import ResponseFormatJSONObject
from openai_kit.types.shared_params.response_format_json_schema import ResponseFormatJSONSchema
from openai_kit.types.shared_params.response_format_text import ResponseFormatText

from .chat_completion_audio_param import ChatCompletionAudioParam
from .chat_completion_function_call_option_param import ChatCompletionFunctionCallOptionParam
from .chat_completion_message_param import ChatCompletionMessageParam
from .chat_completion_prediction_content_param import ChatCompletionPredictionContentParam
from .chat_completion_stream_options_param import ChatCompletionStreamOptionsParam
from .chat_completion_tool_choice_option_param import ChatCompletionToolChoiceOptionParam
from .chat_completion_tool_union_param import ChatCompletionToolUnionParam

__all__ = [
    "CompletionCreateParams",
    "CompletionCreateParamsBase",
    "CompletionCreateParamsNonStreaming",
    "CompletionCreateParamsStreaming",
    "CompletionCreateParamsWithoutFormat",
    "Function",
    "FunctionCall",
    "Moderation",
    "ModerationPolicy",
    "ModerationPolicyInput",
    "ModerationPolicyOutput",
    "PromptCacheOptions",
    "ResponseFormat",
    "WebSearchOptions",
    "WebSearchOptionsUserLocation",
    "WebSearchOptionsUserLocationApproximate",
]


class Function(TypedDict, total=False):
    """A legacy function the model may call (superseded by ``tools``)."""

    name: Required[str]
    description: str
    parameters: FunctionParameters


FunctionCall: TypeAlias = Literal["none", "auto"] | ChatCompletionFunctionCallOptionParam


class ModerationPolicyInput(TypedDict, total=False):
    """What to do with the input's moderation verdict."""

    mode: Required[Literal["score", "block"]]


class ModerationPolicyOutput(TypedDict, total=False):
    """What to do with the output's moderation verdict."""

    mode: Required[Literal["score", "block"]]


class ModerationPolicy(TypedDict, total=False):
    """The moderation policy for the input and for the output."""

    input: ModerationPolicyInput | None
    output: ModerationPolicyOutput | None


class Moderation(TypedDict, total=False):
    """Run a moderation model over the input and output."""

    model: Required[str]
    policy: ModerationPolicy | None


class PromptCacheOptions(TypedDict, total=False):
    """How prompt prefixes are cached, and for how long at least."""

    mode: Literal["implicit", "explicit"]
    ttl: Literal["30m"]


ResponseFormat: TypeAlias = ResponseFormatText | ResponseFormatJSONSchema | ResponseFormatJSONObject


class WebSearchOptionsUserLocationApproximate(TypedDict, total=False):
    """Roughly where the user is."""

    city: str
    country: str
    region: str
    timezone: str


class WebSearchOptionsUserLocation(TypedDict, total=False):
    """The user's approximate location, to localise search results."""

    approximate: Required[WebSearchOptionsUserLocationApproximate]
    type: Required[Literal["approximate"]]


class WebSearchOptions(TypedDict, total=False):
    """Settings for the web search that search models run."""

    search_context_size: Literal["low", "medium", "high"]
    user_location: WebSearchOptionsUserLocation | None


class CompletionCreateParamsWithoutFormat(TypedDict, total=False):
    """Every parameter except ``stream`` and ``response_format`` (the parse helpers take a type there)."""

    messages: Required[Iterable[ChatCompletionMessageParam]]
    model: Required[str | ChatModel]
    audio: ChatCompletionAudioParam | None
    frequency_penalty: float | None
    function_call: FunctionCall
    functions: Iterable[Function]
    logit_bias: dict[str, int] | None
    logprobs: bool | None
    max_completion_tokens: int | None
    max_tokens: int | None
    metadata: Metadata | None
    modalities: list[Literal["text", "audio"]] | None
    moderation: Moderation | None
    n: int | None
    parallel_tool_calls: bool
    prediction: ChatCompletionPredictionContentParam | None
    presence_penalty: float | None
    prompt_cache_key: str | None
    prompt_cache_options: PromptCacheOptions
    prompt_cache_retention: Literal["in_memory", "24h"] | None
    reasoning_effort: ReasoningEffort | None
    safety_identifier: str | None
    seed: int | None
    service_tier: Literal["auto", "default", "flex", "scale", "priority", "fast"] | None
    stop: str | Sequence[str] | None
    store: bool | None
    stream_options: ChatCompletionStreamOptionsParam | None
    temperature: float | None
    tool_choice: ChatCompletionToolChoiceOptionParam
    tools: Iterable[ChatCompletionToolUnionParam]
    top_logprobs: int | None
    top_p: float | None
    user: str
    verbosity: Literal["low", "medium", "high"] | None
    web_search_options: WebSearchOptions


class CompletionCreateParamsBase(CompletionCreateParamsWithoutFormat, total=False):
    """Every parameter of a chat completion request except ``stream``."""

    response_format: ResponseFormat


class CompletionCreateParamsNonStreaming(CompletionCreateParamsBase, total=False):
    """A chat completion request answered with one JSON body."""

    stream: Literal[False] | None


class CompletionCreateParamsStreaming(CompletionCreateParamsBase):
    """A chat completion request answered with a server-sent event stream."""

    stream: Required[Literal[True]]


CompletionCreateParams: TypeAlias = (
    CompletionCreateParamsNonStreaming | CompletionCreateParamsStreaming
)
