"""Checks shared by assistants, threads and runs: tools, tool resources, response formats.

The Assistants API takes ``function``, ``file_search`` and ``code_interpreter``
tools, ``tool_resources`` for the built-in ones, and ``response_format`` as
``"auto"`` or an object; errors use the newer APIs' wording.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._errors import MockAPIError, deployment_not_found
from openai_kit.mockserver.api.chat.validate_tools import check_function, check_response_format
from openai_kit.mockserver.generation.catalog import find_model

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "TOOL_TYPES",
    "check_assistant_model",
    "check_response_format_option",
    "check_sampling",
    "check_tool_resources",
    "check_tools",
    "function_tools",
]

TOOL_TYPES = ("code_interpreter", "file_search", "function")
_MAX_FILE_IDS = 20


def check_tools(tools: Any, *, maximum: int = 128) -> None:
    """An Assistants ``tools`` array: at most ``maximum`` tools of the three kinds."""
    for where, tool in P.each_object("tools", tools, maximum=maximum):
        kind = P.member(where, tool, "type", P.enum_check(TOOL_TYPES))
        if kind == "function":
            P.check_nested_keys(where, tool, ("type", "function"))
            check_function(f"{where}.function", P.member(where, tool, "function"))
        elif kind == "file_search":
            P.check_nested_keys(where, tool, ("type", "file_search"))
            if tool.get("file_search") is not None:
                _check_file_search(f"{where}.file_search", tool["file_search"])
        else:
            P.check_nested_keys(where, tool, ("type",))


def _check_file_search(where: str, value: Any) -> None:
    options = P.check_object(where, value)
    P.check_nested_keys(where, options, ("max_num_results", "ranking_options"))
    if options.get("max_num_results") is not None:
        P.check_integer(f"{where}.max_num_results", options["max_num_results"], 1, 50)
    ranking = options.get("ranking_options")
    if ranking is not None:
        P.check_object(f"{where}.ranking_options", ranking)
        P.check_nested_keys(f"{where}.ranking_options", ranking, ("ranker", "score_threshold"))
        threshold = P.member(f"{where}.ranking_options", ranking, "score_threshold")
        P.check_number(f"{where}.ranking_options.score_threshold", threshold, 0, 1)
        if ranking.get("ranker") is not None:
            ranker = ranking["ranker"]
            P.check_enum(f"{where}.ranking_options.ranker", ranker, ("auto", "default_2024_08_21"))


def _check_ids(where: str, value: Any, maximum: int) -> None:
    if not isinstance(value, list) or not all(isinstance(i, str) for i in value):
        P.invalid_type(where, "an array of strings", value)
    if len(value) > maximum:
        P.too_long_array(where, maximum, len(value))


def check_tool_resources(value: Any) -> None:
    """``tool_resources``: code interpreter files, file search vector stores."""
    resources = P.check_object("tool_resources", value)
    P.check_nested_keys("tool_resources", resources, ("code_interpreter", "file_search"))
    code = resources.get("code_interpreter")
    if code is not None:
        where = "tool_resources.code_interpreter"
        P.check_nested_keys(where, P.check_object(where, code), ("file_ids",))
        if code.get("file_ids") is not None:
            _check_ids(f"{where}.file_ids", code["file_ids"], _MAX_FILE_IDS)
    search = resources.get("file_search")
    if search is not None:
        where = "tool_resources.file_search"
        P.check_nested_keys(
            where, P.check_object(where, search), ("vector_store_ids", "vector_stores")
        )
        if search.get("vector_store_ids") is not None:
            _check_ids(f"{where}.vector_store_ids", search["vector_store_ids"], 1)
        stores = search.get("vector_stores")
        if stores is not None:
            if not isinstance(stores, list):
                P.invalid_type(f"{where}.vector_stores", "an array of objects", stores)
            if len(stores) > 1:
                P.too_long_array(f"{where}.vector_stores", 1, len(stores))


def check_response_format_option(value: Any) -> None:
    """``response_format``: ``"auto"`` or a text / json_object / json_schema object."""
    if isinstance(value, str):
        P.check_enum("response_format", value, ("auto",))
        return
    check_response_format(value)


def check_sampling(body: Mapping[str, Any]) -> None:
    """``temperature`` (0..2) and ``top_p`` (0..1) when given."""
    if body.get("temperature") is not None:
        P.check_number("temperature", body["temperature"], 0, 2)
    if body.get("top_p") is not None:
        P.check_number("top_p", body["top_p"], 0, 1)


def check_assistant_model(core: ServerCore, model: Any, *, azure: bool) -> str:
    """The model (an Azure deployment name on Azure) an assistant or a run names."""
    if not isinstance(model, str):
        if model is None:
            P.missing("model")
        P.invalid_type("model", "a string", model)
    P.check_string("model", model)
    if azure:
        if core.deployment_model(model) is None:
            raise deployment_not_found()
        return model
    if find_model(model) is None:
        raise MockAPIError(
            400,
            f"The requested model '{model}' does not exist.",
            param="model",
            code="model_not_found",
        )
    return model


def function_tools(tools: Any) -> dict[str, Mapping[str, Any]]:
    """The (validated) function tools by name: their ``function`` objects."""
    out: dict[str, Mapping[str, Any]] = {}
    for tool in tools or ():
        if tool.get("type") == "function":
            function = tool["function"]
            out[function["name"]] = function
    return out
