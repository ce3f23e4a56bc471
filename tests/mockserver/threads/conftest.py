"""Helpers of the threads tests: JSON calls into the mock and an assistant with a tool."""

from __future__ import annotations

from typing import Any

import httpx

from tests.mockserver.conftest import AUTH

WEATHER: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "unit": {"type": "string", "enum": ["c", "f"]},
                "days": {"type": "integer", "minimum": 1, "maximum": 7},
            },
            "required": ["city", "unit", "days"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}


def call(http: httpx.Client, method: str, path: str, body: Any = None, **params: Any) -> Any:
    response = http.request(method, "/v1" + path, json=body, params=params, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()


def fail(http: httpx.Client, method: str, path: str, body: Any = None, status: int = 400) -> Any:
    response = http.request(method, "/v1" + path, json=body, headers=AUTH)
    assert response.status_code == status, response.text
    return response.json()["error"]


def assistant(http: httpx.Client, **body: Any) -> str:
    made = call(http, "POST", "/assistants", {"model": "gpt-4o", **body})
    return str(made["id"])


def thread(http: httpx.Client, text: str = "Hello there") -> str:
    made = call(http, "POST", "/threads", {"messages": [{"role": "user", "content": text}]})
    return str(made["id"])


def events_of(text: str) -> list[tuple[str, str]]:
    """``(event, data)`` pairs of an SSE body."""
    out = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.split("\n"))
        out.append((lines["event"], lines["data"]))
    return out
