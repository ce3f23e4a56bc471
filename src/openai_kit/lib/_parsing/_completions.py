"""Structured outputs for chat completions: request shapes and response parsing.

``response_format`` may be a pydantic model (or pydantic dataclass): it is
sent as a strict ``json_schema`` format and the answer's content comes back
as an instance of it in ``message.parsed``. Strict function tools get their
arguments decoded into ``parsed_arguments`` (model instances for tools made
with :func:`pydantic_function_tool`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from typing_extensions import TypeVar

from ..._exceptions import ContentFilterFinishReasonError, LengthFinishReasonError
from ..._types import Omit, is_given, omit
from ._schema import is_basemodel_type, is_dataclass_like_type, to_strict_json_schema
from ._tools import PydanticFunctionTool

if TYPE_CHECKING:
    import pydantic

    from ...types.chat.chat_completion import ChatCompletion
    from ...types.chat.chat_completion_message import ChatCompletionMessage
    from ...types.chat.chat_completion_message_function_tool_call import Function
    from ...types.chat.completion_create_params import ResponseFormat
    from ...types.chat.parsed_chat_completion import ParsedChatCompletion

__all__ = [
    "ResponseFormatT",
    "get_input_tool_by_name",
    "has_parseable_input",
    "has_rich_response_format",
    "maybe_parse_content",
    "parse_chat_completion",
    "parse_function_tool_arguments",
    "rebuild",
    "type_to_response_format_param",
    "validate_input_tools",
    "validate_structured",
]

ResponseFormatT = TypeVar("ResponseFormatT", default=None)
_M = TypeVar("_M", bound="pydantic.BaseModel")

log = logging.getLogger("openai_kit.lib.parsing")

_adapters: dict[Any, Any] = {}


def rebuild(cls: type[_M], source: pydantic.BaseModel, **changes: Any) -> _M:
    """``source`` as an instance of ``cls`` (a subclass of its type), with ``changes`` applied.

    Nothing is validated again; fields the server sent, extras included,
    carry over, and the changed fields count as set.
    """
    values = dict(source.__dict__)
    values.update(changes)
    fields_set = set(source.model_fields_set) | set(changes)
    built = cls.model_construct(_fields_set=fields_set, **values)
    extra = source.__pydantic_extra__
    if extra:
        object.__setattr__(built, "__pydantic_extra__", dict(extra))
    return built


def validate_structured(type_: type[Any], text: str) -> Any:
    """``text`` (JSON) as an instance of ``type_``: a pydantic model or pydantic dataclass."""
    if is_basemodel_type(type_):
        return cast("type[pydantic.BaseModel]", type_).model_validate_json(text)
    if is_dataclass_like_type(type_):
        adapter = _adapters.get(type_)
        if adapter is None:
            import pydantic

            adapter = _adapters[type_] = pydantic.TypeAdapter(type_)
        return adapter.validate_json(text)
    raise TypeError(f"Cannot parse content into {type_!r}: not a pydantic model or dataclass")


def type_to_response_format_param(
    response_format: type[Any] | ResponseFormat | Mapping[str, Any] | Omit,
) -> ResponseFormat | Omit:
    """The ``response_format`` to send: a dict passes through, a pydantic type becomes strict json_schema."""
    if isinstance(response_format, Omit):
        return response_format
    if isinstance(response_format, Mapping):
        return cast("ResponseFormat", response_format)
    if not (is_basemodel_type(response_format) or is_dataclass_like_type(response_format)):
        raise TypeError(f"Unsupported response_format type: {response_format!r}")
    return {
        "type": "json_schema",
        "json_schema": {
            "name": response_format.__name__,
            "schema": to_strict_json_schema(response_format),
            "strict": True,
        },
    }


def has_rich_response_format(response_format: object) -> bool:
    """Whether ``response_format`` is a type to parse into (rather than a dict or nothing)."""
    return is_given(response_format) and not isinstance(response_format, Mapping)


def _function_of(tool: Mapping[str, Any]) -> Mapping[str, Any] | None:
    if tool.get("type") != "function":
        return None
    function = tool.get("function")
    return function if isinstance(function, Mapping) else None


def is_parseable_tool(tool: Mapping[str, Any]) -> bool:
    function = _function_of(tool)
    if function is None:
        return False
    return isinstance(function, PydanticFunctionTool) or function.get("strict") is True


def has_parseable_input(
    *, response_format: object, input_tools: Iterable[Mapping[str, Any]] | Omit = omit
) -> bool:
    """Whether anything of the request asks for parsing (a type, or a strict tool)."""
    if has_rich_response_format(response_format):
        return True
    if isinstance(input_tools, Omit):
        return False
    return any(is_parseable_tool(tool) for tool in input_tools)


def validate_input_tools(tools: Iterable[Any] | Omit) -> list[Any] | Omit:
    """``parse`` accepts strict function tools only; anything else is refused before sending."""
    if isinstance(tools, Omit):
        return tools
    listed: list[Any] = list(tools)
    for tool in listed:
        if tool.get("type") != "function":
            raise ValueError(
                f"Only `function` tools can be auto-parsed; got a `{tool.get('type')}` tool"
            )
        function = tool.get("function") or {}
        if function.get("strict") is not True:
            raise ValueError(
                f"`{function.get('name')}` is not strict; only strict function tools can be "
                "auto-parsed (set `strict: True` or use `openai_kit.pydantic_function_tool`)"
            )
    return listed


def get_input_tool_by_name(
    *, input_tools: Iterable[Mapping[str, Any]], name: str
) -> Mapping[str, Any] | None:
    """The function tool named ``name`` among those sent, or None."""
    for tool in input_tools:
        function = _function_of(tool)
        if function is not None and function.get("name") == name:
            return tool
    return None


def parse_function_tool_arguments(
    *, input_tools: Iterable[Mapping[str, Any]], function: Function
) -> object | None:
    """The call's arguments: a model instance (pydantic tool), decoded JSON (strict tool) or None."""
    tool = get_input_tool_by_name(input_tools=input_tools, name=function.name)
    if tool is None:
        return None
    definition = _function_of(tool)
    if isinstance(definition, PydanticFunctionTool):
        return definition.model.model_validate_json(function.arguments)
    if definition is None or definition.get("strict") is not True:
        return None
    decoded: object = json.loads(function.arguments)
    return decoded


def maybe_parse_content(*, response_format: object, message: ChatCompletionMessage) -> Any | None:
    """The message content parsed into ``response_format``, or None (no type, no content, refusal)."""
    if has_rich_response_format(response_format) and message.content and not message.refusal:
        return validate_structured(cast("type[Any]", response_format), message.content)
    return None


def parse_chat_completion(
    *,
    response_format: object,
    input_tools: Iterable[Mapping[str, Any]] | Omit,
    chat_completion: ChatCompletion,
) -> ParsedChatCompletion[Any]:
    """``chat_completion`` as a :class:`ParsedChatCompletion`.

    Raises :class:`LengthFinishReasonError` / :class:`ContentFilterFinishReasonError`
    when a choice stopped for those reasons: its content cannot be complete.
    """
    from ...types.chat.chat_completion_message_function_tool_call import (
        ChatCompletionMessageFunctionToolCall,
    )
    from ...types.chat.parsed_chat_completion import (
        ParsedChatCompletion,
        ParsedChatCompletionMessage,
        ParsedChoice,
    )
    from ...types.chat.parsed_function_tool_call import ParsedFunction, ParsedFunctionToolCall

    tools = [] if isinstance(input_tools, Omit) else list(input_tools)
    choices: list[ParsedChoice[Any]] = []
    for choice in chat_completion.choices:
        if choice.finish_reason == "length":
            raise LengthFinishReasonError(completion=chat_completion)
        if choice.finish_reason == "content_filter":
            raise ContentFilterFinishReasonError()
        message = choice.message
        tool_calls: list[ParsedFunctionToolCall] = []
        for call in message.tool_calls or []:
            if isinstance(call, ChatCompletionMessageFunctionToolCall):
                function = call.function
                parsed_function = rebuild(
                    ParsedFunction,
                    function,
                    parsed_arguments=parse_function_tool_arguments(
                        input_tools=tools, function=function
                    ),
                )
                tool_calls.append(rebuild(ParsedFunctionToolCall, call, function=parsed_function))
            else:
                log.warning(
                    "Custom tool calls cannot be parsed; skipping tool call %s (%s)",
                    getattr(call, "id", None),
                    getattr(getattr(call, "custom", None), "name", None),
                )
        parsed_message = rebuild(
            ParsedChatCompletionMessage,
            message,
            parsed=maybe_parse_content(response_format=response_format, message=message),
            tool_calls=tool_calls or None,
        )
        choices.append(rebuild(ParsedChoice, choice, message=parsed_message))
    return rebuild(ParsedChatCompletion, chat_completion, choices=choices)
