"""``client.conversations`` and ``conversations.items``, sync and async, over a mock transport."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from openai_kit.pagination import AsyncConversationCursorPage, SyncConversationCursorPage
from openai_kit.types.conversations.conversation import Conversation
from openai_kit.types.conversations.conversation_deleted_resource import (
    ConversationDeletedResource,
)
from openai_kit.types.conversations.conversation_item_list import ConversationItemList
from tests.sdk.conftest import Flavor
from tests.sdk.test_responses import client_for
from tests.support.sse import MockAPI, json_response

CONV_ID = "conv_68f1a2b3c4d5e6f7"


def conversation(metadata: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "id": CONV_ID,
        "object": "conversation",
        "created_at": 1741900000,
        "metadata": metadata or {},
    }


def user_message(item_id: str, text: str = "hello") -> dict[str, Any]:
    return {
        "id": item_id,
        "type": "message",
        "role": "user",
        "status": "completed",
        "content": [{"type": "input_text", "text": text}],
    }


def item_list(items: list[dict[str, Any]], *, has_more: bool = False) -> dict[str, Any]:
    return {
        "object": "list",
        "data": items,
        "first_id": items[0]["id"] if items else "",
        "last_id": items[-1]["id"] if items else "",
        "has_more": has_more,
    }


@pytest.mark.asyncio
async def test_create_retrieve_update_delete(flavor: Flavor) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "DELETE":
            return json_response({"id": CONV_ID, "object": "conversation.deleted", "deleted": True})
        body = json.loads(request.content) if request.content else {}
        return json_response(conversation(body.get("metadata")))

    api = MockAPI(handler)
    conversations = client_for(flavor, api).conversations
    created = await flavor.settle(
        conversations.create(
            items=[{"type": "message", "role": "user", "content": "Hi"}], metadata={"topic": "demo"}
        )
    )
    assert isinstance(created, Conversation)
    assert created.metadata == {"topic": "demo"}
    assert api.last.method == "POST"
    assert api.last.url.path == "/v1/conversations"
    assert json.loads(api.last.content) == {
        "items": [{"type": "message", "role": "user", "content": "Hi"}],
        "metadata": {"topic": "demo"},
    }

    retrieved = await flavor.settle(conversations.retrieve(CONV_ID))
    assert (api.last.method, api.last.url.path) == ("GET", f"/v1/conversations/{CONV_ID}")
    assert retrieved.id == CONV_ID

    updated = await flavor.settle(conversations.update(CONV_ID, metadata={"topic": "new"}))
    assert (api.last.method, api.last.url.path) == ("POST", f"/v1/conversations/{CONV_ID}")
    assert json.loads(api.last.content) == {"metadata": {"topic": "new"}}
    assert updated.metadata == {"topic": "new"}

    deleted = await flavor.settle(conversations.delete(CONV_ID))
    assert (api.last.method, api.last.url.path) == ("DELETE", f"/v1/conversations/{CONV_ID}")
    assert isinstance(deleted, ConversationDeletedResource)
    assert deleted.deleted is True


@pytest.mark.asyncio
async def test_update_can_clear_metadata(flavor: Flavor) -> None:
    api = MockAPI.returning(conversation())
    await flavor.settle(client_for(flavor, api).conversations.update(CONV_ID, metadata=None))
    assert json.loads(api.last.content) == {"metadata": None}


@pytest.mark.asyncio
async def test_items_create_sends_include_in_the_query(flavor: Flavor) -> None:
    api = MockAPI.returning(item_list([user_message("msg_1"), user_message("msg_2", "again")]))
    added = await flavor.settle(
        client_for(flavor, api).conversations.items.create(
            CONV_ID,
            items=[{"type": "message", "role": "user", "content": "hello"}],
            include=["message.input_image.image_url"],
        )
    )
    request = api.last
    assert request.method == "POST"
    assert request.url.path == f"/v1/conversations/{CONV_ID}/items"
    assert request.url.params.get_list("include[]") == ["message.input_image.image_url"]
    assert json.loads(request.content) == {
        "items": [{"type": "message", "role": "user", "content": "hello"}]
    }
    assert isinstance(added, ConversationItemList)
    assert [item.id for item in added.data] == ["msg_1", "msg_2"]
    assert added.last_id == "msg_2"


def paged(request: httpx.Request) -> httpx.Response:
    after = request.url.params.get("after")
    if after is None:
        return json_response(
            item_list([user_message("msg_a"), user_message("msg_b")], has_more=True)
        )
    assert after == "msg_b"
    return json_response(item_list([user_message("msg_c")]))


def test_items_list_pages_follow_last_id() -> None:
    api = MockAPI(paged)
    page = api.client().conversations.items.list(CONV_ID, limit=2, order="desc")
    assert isinstance(page, SyncConversationCursorPage)
    assert page.has_more is True
    assert page.last_id == "msg_b"
    assert page.has_next_page()
    assert [item.id for item in page] == ["msg_a", "msg_b", "msg_c"]
    first, second = api.requests
    assert first.url.path == f"/v1/conversations/{CONV_ID}/items"
    assert dict(first.url.params) == {"limit": "2", "order": "desc"}
    assert dict(second.url.params) == {"limit": "2", "order": "desc", "after": "msg_b"}
    last = page.get_next_page()
    assert not last.has_next_page()


def test_page_stops_without_has_more_or_last_id() -> None:
    no_more = SyncConversationCursorPage[Any].model_validate(
        item_list([user_message("m")], has_more=False)
    )
    assert not no_more.has_next_page()
    no_cursor = SyncConversationCursorPage[Any].model_validate(
        {"object": "list", "data": [user_message("m")], "has_more": True}
    )
    assert not no_cursor.has_next_page()


@pytest.mark.asyncio
async def test_async_items_list_await_and_iterate() -> None:
    api = MockAPI(paged)
    items = api.async_client().conversations.items
    first = await items.list(CONV_ID)
    assert isinstance(first, AsyncConversationCursorPage)
    assert [item.id for item in first.data] == ["msg_a", "msg_b"]
    assert [item.id async for item in items.list(CONV_ID)] == ["msg_a", "msg_b", "msg_c"]
    second = await first.get_next_page()
    assert [item.id for item in second.data] == ["msg_c"]


@pytest.mark.asyncio
async def test_items_retrieve_and_delete(flavor: Flavor) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "DELETE":
            return json_response(conversation())
        return json_response(user_message("msg_1", "stored"))

    api = MockAPI(handler)
    items = client_for(flavor, api).conversations.items
    item = await flavor.settle(
        items.retrieve("msg_1", conversation_id=CONV_ID, include=["message.output_text.logprobs"])
    )
    assert api.last.url.path == f"/v1/conversations/{CONV_ID}/items/msg_1"
    assert api.last.url.params.get_list("include[]") == ["message.output_text.logprobs"]
    assert item.id == "msg_1"
    assert item.type == "message"
    assert item.content[0].text == "stored"

    after_delete = await flavor.settle(items.delete("msg_1", conversation_id=CONV_ID))
    assert api.last.method == "DELETE"
    assert api.last.url.path == f"/v1/conversations/{CONV_ID}/items/msg_1"
    assert isinstance(after_delete, Conversation)


def test_unknown_item_types_are_kept() -> None:
    api = MockAPI.returning(
        item_list([{"id": "x_1", "type": "brand_new_item", "payload": 1}, user_message("m")])
    )
    page = api.client().conversations.items.list(CONV_ID)
    first = page.data[0]
    kind = first["type"] if isinstance(first, dict) else first.type
    assert kind == "brand_new_item"
    assert page.data[1].id == "m"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.conversations.retrieve(""),
        lambda c: c.conversations.update("", metadata=None),
        lambda c: c.conversations.delete(""),
        lambda c: c.conversations.items.list(""),
        lambda c: c.conversations.items.create("", items=[]),
        lambda c: c.conversations.items.retrieve("", conversation_id=CONV_ID),
        lambda c: c.conversations.items.retrieve("msg_1", conversation_id=""),
        lambda c: c.conversations.items.delete("msg_1", conversation_id=""),
    ],
)
def test_empty_ids_are_refused_before_sending(call: Any) -> None:
    api = MockAPI.returning(conversation())
    with pytest.raises(ValueError, match="Expected a non-empty value"):
        call(api.client())
    assert api.requests == []


def test_raw_and_streaming_views_reach_items() -> None:
    api = MockAPI.returning(user_message("msg_1"), headers={"x-request-id": "req_c"})
    client = api.client()
    raw = client.conversations.with_raw_response.items.retrieve("msg_1", conversation_id=CONV_ID)
    assert raw.request_id == "req_c"
    assert raw.parse().id == "msg_1"
    with client.conversations.with_streaming_response.retrieve(CONV_ID) as streamed:
        assert streamed.headers["x-request-id"] == "req_c"
