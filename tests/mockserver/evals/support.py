"""Shared pieces of the evals tests: an eval body, criteria, rows and requests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.mockserver.conftest import AUTH
from tests.mockserver.fine_tuning.support import get

__all__ = [
    "CONTAINS",
    "EVALS",
    "EXACT",
    "FUZZY",
    "ITEM_SCHEMA",
    "JUDGE",
    "LABEL",
    "TEMPLATE",
    "create_eval",
    "create_run",
    "get",
    "jsonl_source",
    "rows",
]

EVALS = "/v1/evals"
ITEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"question": {"type": "string"}, "answer": {"type": "string"}},
    "required": ["question", "answer"],
}
EXACT: dict[str, Any] = {
    "type": "string_check",
    "name": "exact",
    "input": "{{sample.output_text}}",
    "reference": "{{item.answer}}",
    "operation": "eq",
}
CONTAINS: dict[str, Any] = {
    "type": "string_check",
    "name": "mentions",
    "input": "{{sample.output_text}}",
    "reference": "%{{item.answer}}%",
    "operation": "ilike",
}
FUZZY: dict[str, Any] = {
    "type": "text_similarity",
    "name": "fuzzy",
    "input": "{{sample.output_text}}",
    "reference": "{{item.answer}}",
    "evaluation_metric": "fuzzy_match",
    "pass_threshold": 0.6,
}
JUDGE: dict[str, Any] = {
    "type": "score_model",
    "name": "judge",
    "model": "gpt-4o-mini",
    "input": [{"role": "user", "content": "Grade '{{sample.output_text}}' for {{item.question}}"}],
    "pass_threshold": 0.5,
}
LABEL: dict[str, Any] = {
    "type": "label_model",
    "name": "tone",
    "model": "gpt-4o-mini",
    "input": [{"role": "user", "content": "Label {{sample.output_text}}"}],
    "labels": ["calm", "rough"],
    "passing_labels": ["calm"],
}
TEMPLATE: dict[str, Any] = {
    "type": "template",
    "template": [
        {"role": "developer", "content": "Answer in one word."},
        {"role": "user", "content": "{{item.question}}"},
    ],
}


def create_eval(http: httpx.Client, *criteria: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body = {
        "name": "sea",
        "data_source_config": {
            "type": "custom",
            "item_schema": ITEM_SCHEMA,
            "include_sample_schema": True,
        },
        "testing_criteria": list(criteria or (EXACT,)),
        **extra,
    }
    response = http.post(EVALS, json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def rows(*pairs: tuple[str, str, str | None]) -> list[dict[str, Any]]:
    """``file_content`` rows from (question, answer, sampled output or None)."""
    out: list[dict[str, Any]] = []
    for question, answer, output in pairs:
        row: dict[str, Any] = {"item": {"question": question, "answer": answer}}
        if output is not None:
            row["sample"] = {"output_text": output}
        out.append(row)
    return out


def create_run(
    http: httpx.Client, eval_id: str, data_source: dict[str, Any], **extra: Any
) -> httpx.Response:
    return http.post(
        f"{EVALS}/{eval_id}/runs", json={"data_source": data_source, **extra}, headers=AUTH
    )


def jsonl_source(content: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "jsonl", "source": {"type": "file_content", "content": content}}
