"""Shared by the batch and webhook tests: input files and batches made through the official client."""

from __future__ import annotations

import json
from typing import Any

import openai
from openai.types import Batch

ENDPOINT = "/v1/chat/completions"


def chat_body(i: int, model: str = "gpt-4o-mini") -> dict[str, Any]:
    return {"model": model, "messages": [{"role": "user", "content": f"Question number {i}?"}]}


def chat_lines(count: int, *, url: str = ENDPOINT, model: str = "gpt-4o-mini") -> list[str]:
    return [
        json.dumps(
            {"custom_id": f"req-{i}", "method": "POST", "url": url, "body": chat_body(i, model)}
        )
        for i in range(count)
    ]


def start_batch(
    client: openai.OpenAI, lines: list[str], endpoint: str = ENDPOINT, **extra: Any
) -> Batch:
    data = ("\n".join(lines) + "\n").encode()
    uploaded = client.files.create(file=("input.jsonl", data), purpose="batch")
    return client.batches.create(
        input_file_id=uploaded.id,
        endpoint=endpoint,
        completion_window="24h",
        **extra,  # type: ignore[arg-type]
    )


def output_lines(client: openai.OpenAI, file_id: str | None) -> list[dict[str, Any]]:
    assert file_id is not None
    text = client.files.content(file_id).read().decode()
    return [json.loads(line) for line in text.splitlines()]
