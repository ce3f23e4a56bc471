"""Chat completion types: response models and request params, each imported on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openai_kit._lazy import lazy_exports

if TYPE_CHECKING:
    from .chat_completion import ChatCompletion as ChatCompletion
    from .chat_completion_allowed_tool_choice_param import (
        ChatCompletionAllowedToolChoiceParam as ChatCompletionAllowedToolChoiceParam,
    )
    from .chat_completion_allowed_tools_param import (
        ChatCompletionAllowedToolsParam as ChatCompletionAllowedToolsParam,
    )
    from .chat_completion_assistant_message_param import (
        ChatCompletionAssistantMessageParam as ChatCompletionAssistantMessageParam,
    )
    from .chat_completion_audio import ChatCompletionAudio as ChatCompletionAudio
    from .chat_completion_audio_param import ChatCompletionAudioParam as ChatCompletionAudioParam
    from .chat_completion_chunk import ChatCompletionChunk as ChatCompletionChunk
    from .chat_completion_content_part_image_param import (
        ChatCompletionContentPartImageParam as ChatCompletionContentPartImageParam,
    )
    from .chat_completion_content_part_input_audio_param import (
        ChatCompletionContentPartInputAudioParam as ChatCompletionContentPartInputAudioParam,
    )
    from .chat_completion_content_part_param import (
        ChatCompletionContentPartParam as ChatCompletionContentPartParam,
    )
    from .chat_completion_content_part_refusal_param import (
        ChatCompletionContentPartRefusalParam as ChatCompletionContentPartRefusalParam,
    )
    from .chat_completion_content_part_text_param import (
        ChatCompletionContentPartTextParam as ChatCompletionContentPartTextParam,
    )
    from .chat_completion_custom_tool_param import (
        ChatCompletionCustomToolParam as ChatCompletionCustomToolParam,
    )
    from .chat_completion_developer_message_param import (
        ChatCompletionDeveloperMessageParam as ChatCompletionDeveloperMessageParam,
    )
    from .chat_completion_function_call_option_param import (
        ChatCompletionFunctionCallOptionParam as ChatCompletionFunctionCallOptionParam,
    )
    from .chat_completion_function_message_param import (
        ChatCompletionFunctionMessageParam as ChatCompletionFunctionMessageParam,
    )
    from .chat_completion_function_tool_param import (
        ChatCompletionFunctionToolParam as ChatCompletionFunctionToolParam,
    )
    from .chat_completion_message import ChatCompletionMessage as ChatCompletionMessage
    from .chat_completion_message_custom_tool_call import (
        ChatCompletionMessageCustomToolCall as ChatCompletionMessageCustomToolCall,
    )
    from .chat_completion_message_custom_tool_call_param import (
        ChatCompletionMessageCustomToolCallParam as ChatCompletionMessageCustomToolCallParam,
    )
    from .chat_completion_message_function_tool_call import (
        ChatCompletionMessageFunctionToolCall as ChatCompletionMessageFunctionToolCall,
    )
    from .chat_completion_message_function_tool_call_param import (
        ChatCompletionMessageFunctionToolCallParam as ChatCompletionMessageFunctionToolCallParam,
    )
    from .chat_completion_message_param import (
        ChatCompletionMessageParam as ChatCompletionMessageParam,
    )
    from .chat_completion_message_tool_call import (
        ChatCompletionMessageToolCall as ChatCompletionMessageToolCall,
    )
    from .chat_completion_message_tool_call import (
        ChatCompletionMessageToolCallUnion as ChatCompletionMessageToolCallUnion,
    )
    from .chat_completion_message_tool_call_param import (
        ChatCompletionMessageToolCallParam as ChatCompletionMessageToolCallParam,
    )
    from .chat_completion_message_tool_call_union_param import (
        ChatCompletionMessageToolCallUnionParam as ChatCompletionMessageToolCallUnionParam,
    )
    from .chat_completion_modality import ChatCompletionModality as ChatCompletionModality
    from .chat_completion_named_tool_choice_custom_param import (
        ChatCompletionNamedToolChoiceCustomParam as ChatCompletionNamedToolChoiceCustomParam,
    )
    from .chat_completion_named_tool_choice_param import (
        ChatCompletionNamedToolChoiceParam as ChatCompletionNamedToolChoiceParam,
    )
    from .chat_completion_prediction_content_param import (
        ChatCompletionPredictionContentParam as ChatCompletionPredictionContentParam,
    )
    from .chat_completion_reasoning_effort import (
        ChatCompletionReasoningEffort as ChatCompletionReasoningEffort,
    )
    from .chat_completion_role import ChatCompletionRole as ChatCompletionRole
    from .chat_completion_stream_options_param import (
        ChatCompletionStreamOptionsParam as ChatCompletionStreamOptionsParam,
    )
    from .chat_completion_system_message_param import (
        ChatCompletionSystemMessageParam as ChatCompletionSystemMessageParam,
    )
    from .chat_completion_token_logprob import (
        ChatCompletionTokenLogprob as ChatCompletionTokenLogprob,
    )
    from .chat_completion_tool_choice_option_param import (
        ChatCompletionToolChoiceOptionParam as ChatCompletionToolChoiceOptionParam,
    )
    from .chat_completion_tool_message_param import (
        ChatCompletionToolMessageParam as ChatCompletionToolMessageParam,
    )
    from .chat_completion_tool_param import ChatCompletionToolParam as ChatCompletionToolParam
    from .chat_completion_tool_union_param import (
        ChatCompletionToolUnionParam as ChatCompletionToolUnionParam,
    )
    from .chat_completion_user_message_param import (
        ChatCompletionUserMessageParam as ChatCompletionUserMessageParam,
    )
    from .completion_create_params import CompletionCreateParams as CompletionCreateParams
    from .parsed_chat_completion import ParsedChatCompletion as ParsedChatCompletion
    from .parsed_chat_completion import (
        ParsedChatCompletionMessage as ParsedChatCompletionMessage,
    )
    from .parsed_chat_completion import ParsedChoice as ParsedChoice
    from .parsed_function_tool_call import ParsedFunction as ParsedFunction
    from .parsed_function_tool_call import ParsedFunctionToolCall as ParsedFunctionToolCall

_EXPORTS: dict[str, str] = {
    "ChatCompletion": ".chat_completion",
    "ChatCompletionAllowedToolChoiceParam": ".chat_completion_allowed_tool_choice_param",
    "ChatCompletionAllowedToolsParam": ".chat_completion_allowed_tools_param",
    "ChatCompletionAssistantMessageParam": ".chat_completion_assistant_message_param",
    "ChatCompletionAudio": ".chat_completion_audio",
    "ChatCompletionAudioParam": ".chat_completion_audio_param",
    "ChatCompletionChunk": ".chat_completion_chunk",
    "ChatCompletionContentPartImageParam": ".chat_completion_content_part_image_param",
    "ChatCompletionContentPartInputAudioParam": ".chat_completion_content_part_input_audio_param",
    "ChatCompletionContentPartParam": ".chat_completion_content_part_param",
    "ChatCompletionContentPartRefusalParam": ".chat_completion_content_part_refusal_param",
    "ChatCompletionContentPartTextParam": ".chat_completion_content_part_text_param",
    "ChatCompletionCustomToolParam": ".chat_completion_custom_tool_param",
    "ChatCompletionDeveloperMessageParam": ".chat_completion_developer_message_param",
    "ChatCompletionFunctionCallOptionParam": ".chat_completion_function_call_option_param",
    "ChatCompletionFunctionMessageParam": ".chat_completion_function_message_param",
    "ChatCompletionFunctionToolParam": ".chat_completion_function_tool_param",
    "ChatCompletionMessage": ".chat_completion_message",
    "ChatCompletionMessageCustomToolCall": ".chat_completion_message_custom_tool_call",
    "ChatCompletionMessageCustomToolCallParam": ".chat_completion_message_custom_tool_call_param",
    "ChatCompletionMessageFunctionToolCall": ".chat_completion_message_function_tool_call",
    "ChatCompletionMessageFunctionToolCallParam": ".chat_completion_message_function_tool_call_param",
    "ChatCompletionMessageParam": ".chat_completion_message_param",
    "ChatCompletionMessageToolCall": ".chat_completion_message_tool_call",
    "ChatCompletionMessageToolCallParam": ".chat_completion_message_tool_call_param",
    "ChatCompletionMessageToolCallUnion": ".chat_completion_message_tool_call",
    "ChatCompletionMessageToolCallUnionParam": ".chat_completion_message_tool_call_union_param",
    "ChatCompletionModality": ".chat_completion_modality",
    "ChatCompletionNamedToolChoiceCustomParam": ".chat_completion_named_tool_choice_custom_param",
    "ChatCompletionNamedToolChoiceParam": ".chat_completion_named_tool_choice_param",
    "ChatCompletionPredictionContentParam": ".chat_completion_prediction_content_param",
    "ChatCompletionReasoningEffort": ".chat_completion_reasoning_effort",
    "ChatCompletionRole": ".chat_completion_role",
    "ChatCompletionStreamOptionsParam": ".chat_completion_stream_options_param",
    "ChatCompletionSystemMessageParam": ".chat_completion_system_message_param",
    "ChatCompletionTokenLogprob": ".chat_completion_token_logprob",
    "ChatCompletionToolChoiceOptionParam": ".chat_completion_tool_choice_option_param",
    "ChatCompletionToolMessageParam": ".chat_completion_tool_message_param",
    "ChatCompletionToolParam": ".chat_completion_tool_param",
    "ChatCompletionToolUnionParam": ".chat_completion_tool_union_param",
    "ChatCompletionUserMessageParam": ".chat_completion_user_message_param",
    "CompletionCreateParams": ".completion_create_params",
    "ParsedChatCompletion": ".parsed_chat_completion",
    "ParsedChatCompletionMessage": ".parsed_chat_completion",
    "ParsedChoice": ".parsed_chat_completion",
    "ParsedFunction": ".parsed_function_tool_call",
    "ParsedFunctionToolCall": ".parsed_function_tool_call",
}

__all__ = [
    "ChatCompletion",
    "ChatCompletionAllowedToolChoiceParam",
    "ChatCompletionAllowedToolsParam",
    "ChatCompletionAssistantMessageParam",
    "ChatCompletionAudio",
    "ChatCompletionAudioParam",
    "ChatCompletionChunk",
    "ChatCompletionContentPartImageParam",
    "ChatCompletionContentPartInputAudioParam",
    "ChatCompletionContentPartParam",
    "ChatCompletionContentPartRefusalParam",
    "ChatCompletionContentPartTextParam",
    "ChatCompletionCustomToolParam",
    "ChatCompletionDeveloperMessageParam",
    "ChatCompletionFunctionCallOptionParam",
    "ChatCompletionFunctionMessageParam",
    "ChatCompletionFunctionToolParam",
    "ChatCompletionMessage",
    "ChatCompletionMessageCustomToolCall",
    "ChatCompletionMessageCustomToolCallParam",
    "ChatCompletionMessageFunctionToolCall",
    "ChatCompletionMessageFunctionToolCallParam",
    "ChatCompletionMessageParam",
    "ChatCompletionMessageToolCall",
    "ChatCompletionMessageToolCallParam",
    "ChatCompletionMessageToolCallUnion",
    "ChatCompletionMessageToolCallUnionParam",
    "ChatCompletionModality",
    "ChatCompletionNamedToolChoiceCustomParam",
    "ChatCompletionNamedToolChoiceParam",
    "ChatCompletionPredictionContentParam",
    "ChatCompletionReasoningEffort",
    "ChatCompletionRole",
    "ChatCompletionStreamOptionsParam",
    "ChatCompletionSystemMessageParam",
    "ChatCompletionTokenLogprob",
    "ChatCompletionToolChoiceOptionParam",
    "ChatCompletionToolMessageParam",
    "ChatCompletionToolParam",
    "ChatCompletionToolUnionParam",
    "ChatCompletionUserMessageParam",
    "CompletionCreateParams",
    "ParsedChatCompletion",
    "ParsedChatCompletionMessage",
    "ParsedChoice",
    "ParsedFunction",
    "ParsedFunctionToolCall",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
