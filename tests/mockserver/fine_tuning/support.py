"""Shared helpers of the fine-tuning tests: data files and a client into the mock."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import httpx

from tests.mockserver.conftest import AUTH

JOBS = "/v1/fine_tuning/jobs"


def chat_lines(count: int) -> list[dict[str, Any]]:
    return [
        {
            "messages": [
                {"role": "user", "content": f"Question {i}?"},
                {"role": "assistant", "content": f"Answer {i}."},
            ]
        }
        for i in range(count)
    ]


def dpo_lines(count: int) -> list[dict[str, Any]]:
    return [
        {
            "input": {"messages": [{"role": "user", "content": f"Question {i}?"}]},
            "preferred_output": [{"role": "assistant", "content": f"Good {i}."}],
            "non_preferred_output": [{"role": "assistant", "content": f"Bad {i}."}],
        }
        for i in range(count)
    ]


def prompt_lines(count: int) -> list[dict[str, Any]]:
    return [
        {"messages": [{"role": "user", "content": f"What is {i} + {i}?"}], "answer": str(2 * i)}
        for i in range(count)
    ]


def jsonl(lines: Iterable[Any]) -> bytes:
    return "".join(
        (line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines
    ).encode()


def upload(http: httpx.Client, data: bytes, purpose: str = "fine-tune") -> str:
    response = http.post(
        "/v1/files", files={"file": ("train.jsonl", data)}, data={"purpose": purpose}, headers=AUTH
    )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def create_job(http: httpx.Client, **body: Any) -> httpx.Response:
    return http.post(JOBS, json=body, headers=AUTH)


def start(http: httpx.Client, lines: Iterable[Any] | None = None, **body: Any) -> dict[str, Any]:
    """A created job (status code checked) of ``gpt-4o-mini`` on ``lines`` (12 chat examples)."""
    file_id = upload(http, jsonl(chat_lines(12) if lines is None else lines))
    response = create_job(http, **{"model": "gpt-4o-mini", "training_file": file_id, **body})
    assert response.status_code == 200, response.text
    job: dict[str, Any] = response.json()
    return job


def get(http: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    response = http.get(path, params=params, headers=AUTH)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
