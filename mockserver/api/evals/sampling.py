"""An eval run's rows: read from its data source and, for model runs, sampled by the mock.

``jsonl`` runs grade the rows as given (``item`` and an optional ``sample``).
``completions`` and ``responses`` runs render ``input_messages`` for each item
and ask the mock's own chat completions or Responses generator for the
sample, so a run gets the answers the same requests would get directly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.api.chat.content import chat_completion
from openai_kit.mockserver.api.files.store import FilesStore
from openai_kit.mockserver.api.responses.items import normalize_items
from openai_kit.mockserver.api.responses.plan import PlanRequest, plan_response
from openai_kit.mockserver.generation.catalog import resolve_model
from openai_kit.mockserver.generation.context import GenContext
from openai_kit.mockserver.generation.graders import TemplateError, render, sample_namespace
from openai_kit.mockserver.generation.graders.template import lookup

__all__ = ["NO_ERROR", "Row", "read_rows", "sample_row"]

#: The ``error`` an output item's sample (and a run) shows when nothing went wrong.
NO_ERROR: dict[str, str] = {"code": "", "message": ""}


@dataclass
class Row:
    """One data source item, its ``sample`` namespace and the sample an output item shows."""

    item: dict[str, Any]
    sample: dict[str, Any] | None
    shown: dict[str, Any]
    error: str | None = None
    usage: dict[str, int] = field(default_factory=dict)


def _empty_sample(output_text: str | None) -> dict[str, Any]:
    output = [] if output_text is None else [{"role": "assistant", "content": output_text}]
    return {
        "input": [],
        "output": output,
        "finish_reason": "",
        "model": "",
        "usage": {
            "total_tokens": 0,
            "completion_tokens": 0,
            "prompt_tokens": 0,
            "cached_tokens": 0,
        },
        "error": dict(NO_ERROR),
        "temperature": 1.0,
        "max_completion_tokens": 0,
        "top_p": 1.0,
        "seed": 0,
    }


def _file_rows(files: FilesStore, file_id: str) -> list[Mapping[str, Any]]:
    try:
        data = files.get(file_id).data
    except MockAPIError:
        raise MockAPIError(
            400, f"File {file_id} not found.", param="data_source.source.id"
        ) from None
    rows: list[Mapping[str, Any]] = []
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            row = None
        if not isinstance(row, Mapping) or not isinstance(row.get("item"), Mapping):
            raise MockAPIError(
                400,
                f"Invalid file {file_id}: line {number} must be a JSON object with an 'item' object.",
                param="data_source.source.id",
                code="invalid_file",
            )
        rows.append(row)
    return rows


def read_rows(source: Mapping[str, Any], files: FilesStore) -> list[Mapping[str, Any]]:
    """The ``{item, sample?}`` rows of a run's data source."""
    rows = source["source"]
    if rows["type"] == "file_content":
        return list(rows["content"])
    if rows["type"] == "file_id":
        return _file_rows(files, str(rows["id"]))
    raise MockAPIError(
        400,
        f"The mock server keeps no log to sample '{rows['type']}' sources from; give the rows "
        "as 'file_content' or 'file_id'.",
        param="data_source.source.type",
        code="unsupported_data_source",
    )


def _text(content: Any, item: Mapping[str, Any]) -> str:
    if isinstance(content, str):
        return render(content, {"item": item})
    if isinstance(content, Mapping):
        text = content.get("text")
        return render(text, {"item": item}) if isinstance(text, str) else ""
    if isinstance(content, list):
        return "".join(_text(part, item) for part in content)
    return ""


def _messages(input_messages: Mapping[str, Any], item: Mapping[str, Any]) -> list[dict[str, str]]:
    if input_messages["type"] == "item_reference":
        path = str(input_messages["item_reference"])
        listed = lookup({"item": item}, path)
        if not isinstance(listed, list):
            raise TemplateError(path)
        return [
            {"role": str(m.get("role", "user")), "content": _text(m.get("content"), item)}
            for m in listed
        ]
    return [
        {"role": str(m["role"]), "content": _text(m["content"], item)}
        for m in input_messages["template"]
    ]


def _chat(ctx: GenContext, body: dict[str, Any]) -> tuple[str, str, str, dict[str, int]]:
    completion = chat_completion(ctx, body)
    choice = completion["choices"][0]
    usage = completion["usage"]
    return (
        choice["message"].get("content") or "",
        choice["finish_reason"],
        completion["model"],
        {"prompt_tokens": usage["prompt_tokens"], "completion_tokens": usage["completion_tokens"]},
    )


def _eval_id(prefix: str) -> str:
    """The id of a sampled response's items of a kind (only their text and usage are kept)."""
    return f"{prefix}_eval"


def _responses(ctx: GenContext, body: dict[str, Any]) -> tuple[str, str, str, dict[str, int]]:
    info = resolve_model(body["model"], "chat", custom=ctx.custom)
    items = normalize_items(body["input"], _eval_id)
    plan = plan_response(PlanRequest(ctx, {**body, "input": items}, info, items, _eval_id))
    finish = "stop" if plan.status == "completed" else "length"
    usage = {"prompt_tokens": plan.input_tokens, "completion_tokens": plan.output_tokens}
    return plan.output_text, finish, info.response_model, usage


def sample_row(
    kind: str, source: Mapping[str, Any], row: Mapping[str, Any], ctx: GenContext
) -> Row:
    """Row ``row`` of a run of ``kind`` (``jsonl``, ``completions`` or ``responses``)."""
    item = dict(row["item"])
    if kind == "jsonl":
        given = row.get("sample")
        sample = dict(given) if isinstance(given, Mapping) else None
        text = sample.get("output_text") if sample else None
        if sample is not None and isinstance(text, str):
            sample = {**sample_namespace(text), **sample}
        return Row(item, sample, _empty_sample(text if isinstance(text, str) else None))
    params = source.get("sampling_params") or {}
    settings = {
        "temperature": float(params.get("temperature", 1.0)),
        "top_p": float(params.get("top_p", 1.0)),
        "seed": int(params.get("seed", 42)),
    }
    try:
        messages = _messages(source["input_messages"], item)
    except TemplateError as exc:
        shown = _empty_sample(None)
        shown["error"] = {"code": "invalid_template", "message": str(exc)}
        return Row(item, None, shown, error=str(exc))
    body: dict[str, Any] = {"model": source["model"], **settings}
    limit = params.get("max_completion_tokens")
    if kind == "completions":
        body["messages"] = messages
        if limit is not None:
            body["max_completion_tokens"] = limit
        text, finish, model, usage = _chat(ctx, body)
    else:
        body["input"] = messages
        if limit is not None:
            body["max_output_tokens"] = limit
        text, finish, model, usage = _responses(ctx, body)
    total = usage["prompt_tokens"] + usage["completion_tokens"]
    shown = {
        **_empty_sample(text),
        "input": messages,
        "finish_reason": finish,
        "model": model,
        "usage": {**usage, "total_tokens": total, "cached_tokens": 0},
        "max_completion_tokens": int(limit) if limit is not None else 2048,
        **settings,
    }
    sample = sample_namespace(
        text, {"model": model, "choices": [{"message": {"role": "assistant", "content": text}}]}
    )
    return Row(item, sample, shown, usage=usage)
