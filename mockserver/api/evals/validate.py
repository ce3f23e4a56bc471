"""Checks of eval and eval-run bodies: data source configs, testing criteria, run data sources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver.generation.graders import EVAL_GRADERS, check_grader

__all__ = [
    "SAMPLE_SCHEMA",
    "check_eval_create",
    "check_eval_update",
    "check_item",
    "check_run_create",
    "config_json",
]

_CONFIGS: Final = ("custom", "logs", "stored_completions")
_RUN_SOURCES: Final[Mapping[str, tuple[str, ...]]] = {
    "jsonl": ("file_content", "file_id"),
    "completions": ("file_content", "file_id", "stored_completions"),
    "responses": ("file_content", "file_id", "responses"),
}
#: The ``sample`` namespace's schema, as the service adds it to a config that asks for it.
SAMPLE_SCHEMA: Final[Mapping[str, Any]] = {
    "type": "object",
    "properties": {
        "model": {"type": "string"},
        "choices": {"type": "array"},
        "tools": {"type": "array"},
        "seed": {"type": "integer"},
        "temperature": {"type": "number"},
        "top_p": {"type": "number"},
        "max_completions_tokens": {"type": "integer"},
        "output_text": {"type": "string"},
        "output_json": {"type": "object"},
    },
    "required": ["model", "choices"],
}


def _typed(param: str, value: Any, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    config = P.check_object(param, value)
    if config.get("type") is None:
        P.missing(f"{param}.type")
    P.check_enum(f"{param}.type", config["type"], allowed)
    return config


def config_json(config: Mapping[str, Any]) -> dict[str, Any]:
    """The stored data source config: its ``schema`` with ``item`` and, if asked, ``sample``."""
    kind = config["type"]
    if kind == "custom":
        properties: dict[str, Any] = {"item": dict(config["item_schema"])}
        if config.get("include_sample_schema") is True:
            properties["sample"] = dict(SAMPLE_SCHEMA)
        schema = {"type": "object", "properties": properties, "required": list(properties)}
        return {"type": "custom", "schema": schema}
    schema = {
        "type": "object",
        "properties": {"item": {"type": "object"}, "sample": dict(SAMPLE_SCHEMA)},
        "required": ["item", "sample"],
    }
    out: dict[str, Any] = {"type": kind, "schema": schema}
    out["metadata"] = dict(config.get("metadata") or {}) or None
    return out


def _check_config(value: Any) -> Mapping[str, Any]:
    config = _typed("data_source_config", value, _CONFIGS)
    if config["type"] == "custom":
        if config.get("item_schema") is None:
            P.missing("data_source_config.item_schema")
        P.check_object("data_source_config.item_schema", config["item_schema"])
        if config.get("include_sample_schema") is not None:
            P.check_boolean(
                "data_source_config.include_sample_schema", config["include_sample_schema"]
            )
    elif config.get("metadata") is not None:
        P.check_object("data_source_config.metadata", config["metadata"])
    return config


def _check_criteria(value: Any) -> list[Mapping[str, Any]]:
    if value is None:
        P.missing("testing_criteria")
    if not isinstance(value, list):
        P.invalid_type("testing_criteria", "an array", value)
    if not value:
        P.empty_array("testing_criteria")
    return [
        check_grader(c, f"testing_criteria[{i}]", EVAL_GRADERS, run=True, threshold=True)
        for i, c in enumerate(value)
    ]


def check_eval_create(body: Any) -> tuple[Mapping[str, Any], list[Mapping[str, Any]]]:
    """(the data source config, the testing criteria) of a valid create body."""
    body = P.check_object("body", body)
    P.check_unknown_parameters(body, ("name", "metadata", "data_source_config", "testing_criteria"))
    if body.get("data_source_config") is None:
        P.missing("data_source_config")
    config = _check_config(body["data_source_config"])
    criteria = _check_criteria(body.get("testing_criteria"))
    _check_common(body)
    return config, criteria


def _check_common(body: Mapping[str, Any]) -> None:
    if body.get("name") is not None:
        P.check_string("name", body["name"])
    if body.get("metadata") is not None:
        P.check_metadata(body["metadata"])


def check_eval_update(body: Any) -> Mapping[str, Any]:
    checked = P.check_object("body", body)
    P.check_unknown_parameters(checked, ("name", "metadata"))
    _check_common(checked)
    return checked


def _check_content(param: str, value: Any) -> None:
    if not isinstance(value, list):
        P.invalid_type(param, "an array", value)
    for i, row in enumerate(value):
        row = P.check_object(f"{param}[{i}]", row)
        if row.get("item") is None:
            P.missing(f"{param}[{i}].item")
        P.check_object(f"{param}[{i}].item", row["item"])
        if row.get("sample") is not None:
            P.check_object(f"{param}[{i}].sample", row["sample"])


def _check_input_messages(value: Any) -> None:
    messages = _typed("data_source.input_messages", value, ("template", "item_reference"))
    if messages["type"] == "item_reference":
        ref = messages.get("item_reference")
        if ref is None:
            P.missing("data_source.input_messages.item_reference")
        P.check_string("data_source.input_messages.item_reference", ref)
        return
    template = messages.get("template")
    if template is None:
        P.missing("data_source.input_messages.template")
    for where, message in P.each_object(
        "data_source.input_messages.template", template, "an array"
    ):
        for key in ("role", "content"):
            if message.get(key) is None:
                P.missing(f"{where}.{key}")


def check_run_create(body: Any) -> Mapping[str, Any]:
    """The run's data source (shape checked; its rows are read by the sampler)."""
    body = P.check_object("body", body)
    P.check_unknown_parameters(body, ("name", "metadata", "data_source"))
    _check_common(body)
    if body.get("data_source") is None:
        P.missing("data_source")
    source = _typed("data_source", body["data_source"], tuple(_RUN_SOURCES))
    kind = source["type"]
    if source.get("source") is None:
        P.missing("data_source.source")
    rows = _typed("data_source.source", source["source"], _RUN_SOURCES[kind])
    if rows["type"] == "file_content":
        if rows.get("content") is None:
            P.missing("data_source.source.content")
        _check_content("data_source.source.content", rows["content"])
    elif rows["type"] == "file_id":
        if rows.get("id") is None:
            P.missing("data_source.source.id")
        P.check_string("data_source.source.id", rows["id"])
    if kind != "jsonl":
        if source.get("model") is None:
            P.missing("data_source.model")
        P.check_string("data_source.model", source["model"])
        if source.get("input_messages") is None:
            P.missing("data_source.input_messages")
        _check_input_messages(source["input_messages"])
        if source.get("sampling_params") is not None:
            P.check_object("data_source.sampling_params", source["sampling_params"])
    return source


def check_item(param: str, item: Mapping[str, Any], item_schema: Mapping[str, Any]) -> None:
    """An item against the eval's item schema: an object with the schema's required keys."""
    required = item_schema.get("required")
    for key in required if isinstance(required, list) else []:
        if key not in item:
            P.invalid_request(
                f"Invalid '{param}': the item is missing the property '{key}' that the "
                "eval's item schema requires.",
                param,
                "invalid_value",
            )
