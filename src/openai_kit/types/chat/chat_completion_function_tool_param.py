"""A function tool offered to the model, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

from openai_kit.types.shared_params.function_definition import FunctionDefinition

__all__ = ["ChatCompletionFunctionToolParam"]


class ChatCompletionFunctionToolParam(TypedDict, total=False):
    """A function the model may call."""

    function: Required[FunctionDefinition]
    type: Required[Literal["function"]]
