"""Conversations: shapes, items and their cursor pages, and responses that read and extend them."""

from __future__ import annotations

from typing import Any

import httpx

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.generation.tokens import count_tokens
from tests.mockserver.conftest import AUTH, NOW


def post(http: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post(path, json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def get(http: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    response = http.get(path, params=params, headers=AUTH)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def user(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "user", "content": text}


def test_shapes(http: httpx.Client) -> None:
    created = post(http, "/v1/conversations", {"metadata": {"topic": "x"}})
    assert created == {
        "id": created["id"],
        "object": "conversation",
        "created_at": NOW,
        "metadata": {"topic": "x"},
    }
    assert created["id"].startswith("conv_")
    assert len(created["id"]) == len("conv_") + 48
    path = f"/v1/conversations/{created['id']}"
    assert get(http, path) == created
    updated = post(http, path, {"metadata": {"topic": "y"}})
    assert updated == {**created, "metadata": {"topic": "y"}}
    deleted = http.delete(path, headers=AUTH).json()
    assert deleted == {"id": created["id"], "object": "conversation.deleted", "deleted": True}
    assert http.get(path, headers=AUTH).status_code == 404


def test_items_are_normalized(http: httpx.Client) -> None:
    created = post(
        http,
        "/v1/conversations",
        {
            "items": [
                user("Hello"),
                {"role": "assistant", "content": "Hi there."},
                {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}"},
                {"type": "function_call_output", "call_id": "call_1", "output": "done"},
            ]
        },
    )
    items = get(http, f"/v1/conversations/{created['id']}/items", order="asc")["data"]
    assert items[0] == {
        "id": items[0]["id"],
        "type": "message",
        "status": "completed",
        "role": "user",
        "content": [{"type": "input_text", "text": "Hello"}],
    }
    assert items[1]["content"][0]["type"] == "output_text"
    assert [i["type"] for i in items[2:]] == ["function_call", "function_call_output"]
    assert all(i["id"] for i in items)
    one = get(http, f"/v1/conversations/{created['id']}/items/{items[2]['id']}")
    assert one == items[2]


def test_cursor_pages(http: httpx.Client) -> None:
    conversation = post(http, "/v1/conversations", {})
    path = f"/v1/conversations/{conversation['id']}/items"
    empty = get(http, path)
    assert empty == {
        "object": "list",
        "data": [],
        "first_id": None,
        "last_id": None,
        "has_more": False,
    }
    added = post(http, path, {"items": [user(str(n)) for n in range(5)]})
    assert [i["content"][0]["text"] for i in added["data"]] == ["0", "1", "2", "3", "4"]
    assert (added["first_id"], added["last_id"], added["has_more"]) == (
        added["data"][0]["id"],
        added["data"][-1]["id"],
        False,
    )
    newest = get(http, path, limit=2)
    assert [i["content"][0]["text"] for i in newest["data"]] == ["4", "3"]
    assert newest["has_more"] is True
    following = get(http, path, limit=2, after=newest["last_id"])
    assert [i["content"][0]["text"] for i in following["data"]] == ["2", "1"]
    last = get(http, path, limit=2, after=following["last_id"])
    assert [i["content"][0]["text"] for i in last["data"]] == ["0"]
    assert last["has_more"] is False
    oldest = get(http, path, limit=3, order="asc")
    assert [i["content"][0]["text"] for i in oldest["data"]] == ["0", "1", "2"]
    assert (oldest["first_id"], oldest["last_id"]) == (
        oldest["data"][0]["id"],
        oldest["data"][-1]["id"],
    )


def test_item_delete_returns_the_conversation(http: httpx.Client) -> None:
    conversation = post(http, "/v1/conversations", {"items": [user("a"), user("b")]})
    path = f"/v1/conversations/{conversation['id']}/items"
    first = get(http, path, order="asc")["data"][0]
    after = http.delete(f"{path}/{first['id']}", headers=AUTH).json()
    assert after == conversation
    assert [i["content"][0]["text"] for i in get(http, path)["data"]] == ["b"]
    again = http.delete(f"{path}/{first['id']}", headers=AUTH)
    assert again.status_code == 404


def test_responses_read_and_extend_the_conversation(http: httpx.Client) -> None:
    conversation = post(http, "/v1/conversations", {"items": [user("Remember 42.")]})
    first = post(
        http,
        "/v1/responses",
        {"model": "gpt-4o", "input": "Which number?", "conversation": conversation["id"]},
    )
    assert first["conversation"] == {"id": conversation["id"]}
    context = 4 + count_tokens("Remember 42.")
    asked = 4 + count_tokens("Which number?")
    assert first["usage"]["input_tokens"] == 3 + context + asked
    items = get(http, f"/v1/conversations/{conversation['id']}/items", order="asc")["data"]
    assert [i.get("role") for i in items] == ["user", "user", "assistant"]
    assert items[-1]["id"] == first["output"][0]["id"]
    second = post(
        http,
        "/v1/responses",
        {"model": "gpt-4o", "input": "Sure?", "conversation": {"id": conversation["id"]}},
    )
    carried = 3 + context + asked + 4 + first["usage"]["output_tokens"]
    assert second["usage"]["input_tokens"] == carried + 4 + count_tokens("Sure?")
    assert len(get(http, f"/v1/conversations/{conversation['id']}/items")["data"]) == 5


def test_background_outputs_join_when_they_are_done(mock: MockServer, http: httpx.Client) -> None:
    conversation = post(http, "/v1/conversations", {})
    path = f"/v1/conversations/{conversation['id']}/items"
    post(
        http,
        "/v1/responses",
        {
            "model": "gpt-4o",
            "input": "Slowly.",
            "conversation": conversation["id"],
            "background": True,
        },
    )
    assert [i["role"] for i in get(http, path)["data"]] == ["user"]
    mock.advance(3600)
    assert [i["role"] for i in get(http, path, order="asc")["data"]] == ["user", "assistant"]


def test_a_deleted_conversation_is_gone_for_responses(http: httpx.Client) -> None:
    conversation = post(http, "/v1/conversations", {})
    http.delete(f"/v1/conversations/{conversation['id']}", headers=AUTH)
    refused = http.post(
        "/v1/responses",
        json={"model": "gpt-4o", "input": "x", "conversation": conversation["id"]},
        headers=AUTH,
    )
    assert refused.status_code == 404
    assert refused.json()["error"]["message"] == (
        f"Conversation with id '{conversation['id']}' not found."
    )


def test_items_may_reference_stored_items(http: httpx.Client) -> None:
    response = post(http, "/v1/responses", {"model": "gpt-4o", "input": "Say hi."})
    message = response["output"][0]
    conversation = post(
        http, "/v1/conversations", {"items": [{"type": "item_reference", "id": message["id"]}]}
    )
    items = get(http, f"/v1/conversations/{conversation['id']}/items")["data"]
    assert items == [message]
