"""Assistants: CRUD, cursor pages, the real validation errors, and Azure's classic routes only."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH, NOW

FUNCTION = {
    "type": "function",
    "function": {
        "name": "lookup",
        "parameters": {"type": "object", "properties": {"q": {"type": "string"}}},
    },
}


def create(http: httpx.Client, **body: Any) -> dict[str, Any]:
    response = http.post("/v1/assistants", json={"model": "gpt-4o", **body}, headers=AUTH)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def error(response: httpx.Response, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()["error"]
    return body


def test_create_retrieve_update_delete(http: httpx.Client) -> None:
    made = create(
        http,
        name="Helper",
        instructions="Be brief.",
        tools=[FUNCTION, {"type": "code_interpreter"}],
        tool_resources={"code_interpreter": {"file_ids": ["file-1"]}},
        metadata={"team": "a"},
        response_format={"type": "json_object"},
    )
    assert made["id"].startswith("asst_")
    assert made["object"] == "assistant"
    assert made["created_at"] == NOW
    assert made["tools"][1] == {"type": "code_interpreter"}
    assert made["tool_resources"] == {"code_interpreter": {"file_ids": ["file-1"]}}
    assert made["temperature"] == 1.0
    assert http.get(f"/v1/assistants/{made['id']}", headers=AUTH).json() == made
    updated = http.post(
        f"/v1/assistants/{made['id']}", json={"name": "Renamed", "metadata": {}}, headers=AUTH
    ).json()
    assert updated["name"] == "Renamed"
    assert updated["metadata"] == {}
    assert updated["instructions"] == "Be brief."
    deleted = http.delete(f"/v1/assistants/{made['id']}", headers=AUTH).json()
    assert deleted == {"id": made["id"], "object": "assistant.deleted", "deleted": True}
    missing = error(http.get(f"/v1/assistants/{made['id']}", headers=AUTH), 404)
    assert missing["message"] == f"No assistant found with id '{made['id']}'."


def test_cursor_pages(http: httpx.Client) -> None:
    ids = [create(http, name=str(i))["id"] for i in range(5)]
    first = http.get("/v1/assistants", params={"limit": 2}, headers=AUTH).json()
    assert [a["id"] for a in first["data"]] == ids[::-1][:2]
    assert first["has_more"] is True
    rest = http.get(
        "/v1/assistants", params={"limit": 10, "after": first["last_id"]}, headers=AUTH
    ).json()
    assert [a["id"] for a in rest["data"]] == ids[::-1][2:]
    assert rest["has_more"] is False
    ascending = http.get("/v1/assistants", params={"order": "asc"}, headers=AUTH).json()
    assert [a["id"] for a in ascending["data"]] == ids


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({}, "model", "missing_required_parameter"),
        ({"model": "gpt-4o", "colour": "red"}, "colour", "unknown_parameter"),
        ({"model": "gpt-4o", "name": "x" * 257}, "name", "string_above_max_length"),
        ({"model": "gpt-4o", "tools": [FUNCTION] * 129}, "tools", "array_above_max_length"),
        ({"model": "gpt-4o", "tools": [{"type": "web"}]}, "tools[0].type", "invalid_value"),
        ({"model": "gpt-4o", "temperature": 3}, "temperature", "decimal_above_max_value"),
        ({"model": "gpt-4o", "response_format": "json"}, "response_format", "invalid_value"),
        (
            {
                "model": "gpt-4o",
                "tool_resources": {"file_search": {"vector_store_ids": ["a", "b"]}},
            },
            "tool_resources.file_search.vector_store_ids",
            "array_above_max_length",
        ),
        ({"model": "no-such-model"}, "model", "model_not_found"),
    ],
)
def test_validation(http: httpx.Client, body: dict[str, Any], param: str, code: str) -> None:
    found = error(http.post("/v1/assistants", json=body, headers=AUTH))
    assert found["param"] == param
    assert found["code"] == code
    assert found["type"] == "invalid_request_error"


def test_azure_serves_assistants_on_classic_routes_only(http: httpx.Client) -> None:
    query = {"api-version": "2024-05-01-preview"}
    made = http.post(
        "/openai/assistants", params=query, json={"model": "gpt-4o"}, headers=AZURE_AUTH
    )
    assert made.status_code == 200, made.text
    assert made.json()["model"] == "gpt-4o"
    unknown = http.post(
        "/openai/assistants", params=query, json={"model": "nope"}, headers=AZURE_AUTH
    )
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "DeploymentNotFound"
    v1 = http.get("/openai/v1/assistants", headers=AZURE_AUTH)
    assert v1.status_code == 404
    assert API_VERSION
