"""Recorded Responses and Conversations traffic, replayed against the mock: same shapes.

Each cassette's requests are sent to a fresh mock in their recorded order
(ids the real service gave are swapped for the mock's), and every answer is
compared with the recorded one: the keys and value types of JSON bodies,
event by event for streams, and the whole error body for refused requests.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.generation.catalog import MODELS, find_model
from tests.mockserver.conftest import AUTH, AZURE_AUTH, NOW
from tests.mockserver.test_realworld_model_endpoints import compare
from tests.support.realworld import RecordedInteraction, interactions_or_empty

# Keys some recordings carry that the mock leaves out, with the reason.
OPTIONAL = {
    "generate_summary",  # reasoning.generate_summary: renamed to summary by the service in 2025
    "context",  # reasoning.context / mode: Azure's own reasoning settings
    "mode",
    "phase",  # newer models tag messages with a phase; the mock's catalogue has none of them
}
STAND_IN = "gpt-5"
# What a recording replays: the Responses traffic, and the files and vector stores it searches.
_REPLAYED = (
    "responses.",
    "conversations.",
    "files.",
    "vector_stores.",
)  # for recorded models the mock's catalogue does not have


def _cassettes() -> list[Any]:
    grouped: dict[str, list[RecordedInteraction]] = defaultdict(list)
    for interaction in interactions_or_empty():
        operation = interaction.operation or ""
        if operation.startswith(_REPLAYED):
            grouped[str(interaction.source)].append(interaction)
    return [
        pytest.param(sorted(group, key=lambda i: i.index), id=group[0].id.split("#")[0])
        for group in grouped.values()
        if any((i.operation or "").startswith(("responses.", "conversations.")) for i in group)
    ]


def _swap(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [_swap(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _swap(v, ids) for k, v in value.items()}
    return value


def _without_optional(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_optional(v) for k, v in value.items() if k not in OPTIONAL}
    if isinstance(value, list):
        return [_without_optional(v) for v in value]
    return value


def _compare_response(recorded: dict[str, Any], mocked: dict[str, Any], where: str) -> list[str]:
    """Keys and types, with output items matched by type (the mock runs no hosted tools)."""
    recorded, mocked = _without_optional(recorded), dict(mocked)
    problems = compare({**recorded, "output": []}, {**mocked, "output": []}, where, exact=False)
    for index, item in enumerate(recorded.get("output") or []):
        twin = next((m for m in mocked["output"] if m["type"] == item["type"]), None)
        if twin is not None:
            problems += compare(_item(item), twin, f"{where}.output[{index}]", exact=False)
    return problems


def _item(item: Any) -> Any:
    """An output item without what only some dialects send (Azure's reasoning ``content: []``)."""
    if isinstance(item, dict) and item.get("type") == "reasoning":
        return {k: v for k, v in item.items() if k != "content"}
    return item


def _same_kind(event: dict[str, Any]) -> Any:
    item = event.get("item")
    return (event["type"], item.get("type") if isinstance(item, dict) else None)


def _events(text: str) -> list[dict[str, Any]]:
    data = [line[6:] for line in text.splitlines() if line.startswith("data: ")]
    return [json.loads(d) for d in data if d != "[DONE]"]


def _compare_stream(
    recorded: list[dict[str, Any]], mocked: list[dict[str, Any]], where: str
) -> list[str]:
    problems: list[str] = []
    for event in recorded:
        kind = event["type"]
        twin = next((m for m in mocked if _same_kind(m) == _same_kind(event)), None)
        if twin is None:
            problems.append(f"{where}: the mock sent no {_same_kind(event)}")
            continue
        if "item" in event:
            event = {**event, "item": _item(event["item"])}
        if "response" in event:
            problems += _compare_response(event["response"], twin["response"], f"{where}.{kind}")
            event, twin = {**event, "response": {}}, {**twin, "response": {}}
        problems += compare(_without_optional(event), twin, f"{where}.{kind}", exact=False)
    return problems


def _request(interaction: RecordedInteraction, ids: dict[str, str]) -> tuple[str, Any]:
    path = interaction.request.normalized_path
    for recorded_id, mock_id in ids.items():
        path = path.replace(recorded_id, mock_id)
    query = dict(interaction.request.query)
    if query:
        path += "?" + str(httpx.QueryParams(query))
    body = _swap(interaction.request.json, ids)
    if isinstance(body, dict) and interaction.response.status == 200:
        model = body.get("model")
        if isinstance(model, str) and find_model(model) is None and not interaction.is_azure:
            body["model"] = STAND_IN
    return path, body


def _mock() -> MockServer:
    deployments = {name: name for name, info in MODELS.items() if info.kind == "chat"}
    deployments["gpt-5.5"] = STAND_IN
    return MockServer(seed=0, clock=lambda: NOW, deployments=deployments)


@pytest.mark.parametrize("cassette", _cassettes())
def test_recorded_shapes(cassette: list[RecordedInteraction]) -> None:
    mock = _mock()
    ids: dict[str, str] = {}
    problems: list[str] = []
    with httpx.Client(transport=mock.transport(), base_url="http://mock.test") as http:
        for interaction in cassette:
            where = f"#{interaction.index} {interaction.operation}"
            path, body = _request(interaction, ids)
            if interaction.request.method == "GET":
                mock.advance(1.5)
            headers = AZURE_AUTH if interaction.is_azure else AUTH
            if interaction.request.is_multipart:
                raw = {**headers, "content-type": interaction.request.content_type or ""}
                sent = http.request(
                    interaction.request.method, path, content=interaction.request.body, headers=raw
                )
            else:
                sent = http.request(interaction.request.method, path, json=body, headers=headers)
            recorded = interaction.response
            assert sent.status_code == recorded.status, (where, sent.text)
            if recorded.status != 200:
                assert sent.json() == recorded.json(), where
                continue
            if recorded.is_sse:
                recorded_events, mocked_events = _events(recorded.text), _events(sent.text)
                ids[recorded_events[0]["response"]["id"]] = mocked_events[0]["response"]["id"]
                problems += _compare_stream(recorded_events, mocked_events, where)
                continue
            answer, mocked = recorded.json(), sent.json()
            if isinstance(answer.get("id"), str):
                ids.setdefault(answer["id"], mocked["id"])
            if answer.get("object") == "response":
                problems += _compare_response(answer, mocked, where)
                if interaction.request.method == "GET":
                    assert mocked["status"] == answer["status"], where
            else:
                problems += compare(answer, mocked, where, exact=True)
    assert not problems, problems
