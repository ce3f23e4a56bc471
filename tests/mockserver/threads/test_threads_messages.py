"""Threads and messages: CRUD, content blocks, attachments, pages and the real errors."""

from __future__ import annotations

import httpx
import pytest

from tests.mockserver.conftest import NOW
from tests.mockserver.threads.conftest import assistant, call, fail, thread


def test_thread_crud(http: httpx.Client) -> None:
    made = call(
        http,
        "POST",
        "/threads",
        {
            "messages": [{"role": "user", "content": "Hi", "metadata": {"k": "v"}}],
            "metadata": {"user": "u1"},
            "tool_resources": {"code_interpreter": {"file_ids": ["file-1"]}},
        },
    )
    assert made["id"].startswith("thread_")
    assert made == {
        "id": made["id"],
        "object": "thread",
        "created_at": NOW,
        "metadata": {"user": "u1"},
        "tool_resources": {"code_interpreter": {"file_ids": ["file-1"]}},
    }
    updated = call(http, "POST", f"/threads/{made['id']}", {"metadata": {"user": "u2"}})
    assert updated["metadata"] == {"user": "u2"}
    assert call(http, "GET", f"/threads/{made['id']}") == updated
    deleted = call(http, "DELETE", f"/threads/{made['id']}")
    assert deleted == {"id": made["id"], "object": "thread.deleted", "deleted": True}
    gone = fail(http, "GET", f"/threads/{made['id']}", status=404)
    assert gone["message"] == f"No thread found with id '{made['id']}'."


def test_message_crud_and_content_blocks(http: httpx.Client) -> None:
    thread_id = thread(http)
    made = call(
        http,
        "POST",
        f"/threads/{thread_id}/messages",
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Look"},
                {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}},
            ],
            "attachments": [{"file_id": "file-9", "tools": [{"type": "file_search"}]}],
        },
    )
    assert made["object"] == "thread.message"
    assert made["content"][0] == {"type": "text", "text": {"value": "Look", "annotations": []}}
    assert made["content"][1]["image_url"] == {"url": "https://x.test/a.png", "detail": "auto"}
    assert made["attachments"][0]["file_id"] == "file-9"
    path = f"/threads/{thread_id}/messages/{made['id']}"
    assert call(http, "POST", path, {"metadata": {"a": "b"}})["metadata"] == {"a": "b"}
    listed = call(http, "GET", f"/threads/{thread_id}/messages", limit=1)
    assert [m["id"] for m in listed["data"]] == [made["id"]]
    assert listed["has_more"] is True
    deleted = call(http, "DELETE", path)
    assert deleted == {"id": made["id"], "object": "thread.message.deleted", "deleted": True}
    assert (
        fail(http, "GET", path, status=404)["message"]
        == f"No message found with id '{made['id']}'."
    )


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"content": "x"}, "role", "missing_required_parameter"),
        ({"role": "system", "content": "x"}, "role", "invalid_value"),
        ({"role": "user", "content": 3}, "content", "invalid_type"),
        ({"role": "user", "content": [{"type": "audio"}]}, "content[0].type", "invalid_value"),
        (
            {"role": "user", "content": "x", "attachments": [{"tools": []}]},
            "attachments[0].file_id",
            "missing_required_parameter",
        ),
        (
            {"role": "user", "content": "x", "metadata": {str(i): "v" for i in range(17)}},
            "metadata",
            "object_above_max_properties",
        ),
    ],
)
def test_message_validation(
    http: httpx.Client, body: dict[str, object], param: str, code: str
) -> None:
    found = fail(http, "POST", f"/threads/{thread(http)}/messages", body)
    assert (found["param"], found["code"]) == (param, code)


def test_no_message_while_a_run_is_active(http: httpx.Client) -> None:
    thread_id = thread(http)
    run = call(http, "POST", f"/threads/{thread_id}/runs", {"assistant_id": assistant(http)})
    found = fail(http, "POST", f"/threads/{thread_id}/messages", {"role": "user", "content": "x"})
    assert (
        found["message"] == f"Can't add messages to {thread_id} while a run {run['id']} is active."
    )
    again = fail(http, "POST", f"/threads/{thread_id}/runs", {"assistant_id": run["assistant_id"]})
    assert again["message"] == f"Thread {thread_id} already has an active run {run['id']}."
