"""``pydantic_function_tool``: a strict function tool described by a pydantic model.

The tool is an ordinary dict (it is sent as JSON like any other tool), but
its ``function`` entry remembers the model, so the parse helpers can turn
the model's arguments back into an instance of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import pydantic

    from ...types.chat.chat_completion_function_tool_param import (
        ChatCompletionFunctionToolParam,
    )
    from ...types.shared_params.function_definition import FunctionDefinition

__all__ = ["PydanticFunctionTool", "ResponsesPydanticFunctionTool", "pydantic_function_tool"]


class PydanticFunctionTool(dict[str, Any]):
    """A chat ``function`` definition that remembers the model it was built from."""

    model: type[pydantic.BaseModel]

    def __init__(self, definition: dict[str, Any], model: type[pydantic.BaseModel]) -> None:
        super().__init__(definition)
        self.model = model

    def cast(self) -> FunctionDefinition:
        return cast("FunctionDefinition", self)


class ResponsesPydanticFunctionTool(dict[str, Any]):
    """A Responses function tool (flat shape) that remembers its model."""

    model: type[pydantic.BaseModel]

    def __init__(self, tool: dict[str, Any], model: type[pydantic.BaseModel]) -> None:
        super().__init__(tool)
        self.model = model


def pydantic_function_tool(
    model: type[pydantic.BaseModel],
    *,
    name: str | None = None,
    description: str | None = None,
) -> ChatCompletionFunctionToolParam:
    """A strict function tool whose parameters are ``model``'s JSON schema.

    ``name`` defaults to the class name and ``description`` to its docstring.
    Works with ``chat.completions.parse/stream`` and ``responses.parse/stream``;
    the model's calls come back with ``parsed_arguments`` as ``model`` instances.
    """
    from ._schema import to_strict_json_schema

    if description is None:
        # the class's own docstring only, not one inherited from pydantic.BaseModel
        description = model.__dict__.get("__doc__")
    definition: dict[str, Any] = {
        "name": name or model.__name__,
        "strict": True,
        "parameters": to_strict_json_schema(model),
    }
    if description is not None:
        definition["description"] = description
    function = PydanticFunctionTool(definition, model)
    return {"type": "function", "function": function.cast()}
