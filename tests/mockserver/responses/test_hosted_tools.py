"""Responses with file_search and code_interpreter over the mock's own stores and containers."""

from __future__ import annotations

import json
from typing import Any

import httpx

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import AUTH

CATS = b"Cats purr when happy. A cat sleeps sixteen hours a day."
DOGS = b"Dogs bark at strangers. A dog walks in the park."


def _store(mock: MockServer, http: httpx.Client) -> tuple[str, list[str]]:
    ids = []
    for name, data in (("cats.md", CATS), ("dogs.txt", DOGS)):
        reply = http.post(
            "/v1/files", headers=AUTH, files={"file": (name, data)}, data={"purpose": "assistants"}
        )
        ids.append(reply.json()["id"])
    store = http.post("/v1/vector_stores", headers=AUTH, json={"file_ids": ids}).json()
    mock.advance(1)
    return store["id"], ids


def _create(http: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    return http.post("/v1/responses", headers=AUTH, json={"model": "gpt-4o-mini", **body})


def test_file_search_cites_the_files_it_used(mock: MockServer, http: httpx.Client) -> None:
    store_id, ids = _store(mock, http)
    tools = [{"type": "file_search", "vector_store_ids": [store_id]}]
    body = {"input": "How long does a cat sleep?", "tools": tools}
    plain = _create(http, body).json()
    call, message = plain["output"][0], plain["output"][-1]
    assert call["type"] == "file_search_call" and call["results"] is None
    assert call["queries"] == ["How long does a cat sleep?"]
    text = message["content"][0]["text"]
    (citation,) = message["content"][0]["annotations"]
    assert citation["file_id"] == ids[0] and citation["filename"] == "cats.md"
    assert "sixteen hours" in text[: citation["index"]]
    full = _create(http, {**body, "include": ["file_search_call.results"]}).json()
    results = full["output"][0]["results"]
    assert results[0]["file_id"] == ids[0] and 0 < results[0]["score"] <= 1


def test_file_search_stream_events_in_order(mock: MockServer, http: httpx.Client) -> None:
    store_id, _ = _store(mock, http)
    tools = [{"type": "file_search", "vector_store_ids": [store_id]}]
    reply = _create(http, {"input": "cat sleep", "tools": tools, "stream": True})
    kinds = [
        json.loads(line[6:])["type"]
        for line in reply.text.splitlines()
        if line.startswith("data: {")
    ]
    start = kinds.index("response.file_search_call.in_progress")
    assert kinds[start - 1 : start + 4] == [
        "response.output_item.added",
        "response.file_search_call.in_progress",
        "response.file_search_call.searching",
        "response.file_search_call.completed",
        "response.output_item.done",
    ]
    assert kinds.index("response.output_text.annotation.added") < kinds.index(
        "response.output_text.done"
    )


def test_unknown_store_is_404(http: httpx.Client) -> None:
    tools = [{"type": "file_search", "vector_store_ids": ["vs_missing"]}]
    reply = _create(http, {"input": "x", "tools": tools})
    assert reply.status_code == 404
    assert reply.json()["error"]["message"] == "No vector store found with id 'vs_missing'."


def test_code_interpreter_writes_a_real_container_file(
    mock: MockServer, http: httpx.Client
) -> None:
    container = http.post("/v1/containers", headers=AUTH, json={"name": "ci"}).json()
    tools = [{"type": "code_interpreter", "container": container["id"]}]
    body = {"input": "Add 3, 4 and 5 and save them to a csv file", "tools": tools}
    out = _create(http, {**body, "include": ["code_interpreter_call.outputs"]}).json()
    call, message = out["output"][0], out["output"][-1]
    assert call["type"] == "code_interpreter_call" and call["container_id"] == container["id"]
    assert call["outputs"] == [{"type": "logs", "logs": "12\n"}]
    part = message["content"][0]
    (citation,) = part["annotations"]
    assert citation["type"] == "container_file_citation"
    assert part["text"][citation["start_index"] : citation["end_index"]].endswith(
        "(sandbox:/mnt/data/numbers.csv)"
    )
    path = f"/v1/containers/{container['id']}/files/{citation['file_id']}/content"
    assert http.get(path, headers=AUTH).content == b"value\n3\n4\n5\n"


def test_code_interpreter_auto_creates_a_container(http: httpx.Client) -> None:
    tools = [{"type": "code_interpreter", "container": {"type": "auto"}}]
    out = _create(http, {"input": "sum 1 and 2", "tools": tools}).json()
    container_id = out["output"][0]["container_id"]
    assert http.get(f"/v1/containers/{container_id}", headers=AUTH).json()["status"] == "running"
    assert out["output"][0]["outputs"] is None
