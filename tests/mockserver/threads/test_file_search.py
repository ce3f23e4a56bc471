"""Runs with the file_search tool search the server's vector stores and cite what they found."""

from __future__ import annotations

import httpx

from openai_kit.mockserver import MockServer
from tests.mockserver.threads.conftest import assistant, call, fail, thread
from tests.mockserver.vector_stores.test_vector_stores import CATS, DOGS, upload

SEARCH = [{"type": "file_search"}]


def test_runs_search_the_assistants_vector_store(http: httpx.Client, mock: MockServer) -> None:
    cats, dogs = upload(http, "cats.md", CATS), upload(http, "dogs.txt", DOGS)
    store = call(http, "POST", "/vector_stores", {"name": "pets", "file_ids": [cats, dogs]})
    mock.advance(1)
    resources = {"file_search": {"vector_store_ids": [store["id"]]}}
    helper = assistant(http, tools=SEARCH, tool_resources=resources)
    thread_id = thread(http, "How long does a cat sleep?")
    run = call(http, "POST", f"/threads/{thread_id}/runs", {"assistant_id": helper})
    mock.advance(2)
    steps = call(http, "GET", f"/threads/{thread_id}/runs/{run['id']}/steps", order="asc")["data"]
    assert [s["type"] for s in steps] == ["tool_calls", "message_creation"]
    searched = steps[0]["step_details"]["tool_calls"][0]
    assert searched["type"] == "file_search"
    assert searched["file_search"]["results"][0]["file_id"] == cats
    reply = call(http, "GET", f"/threads/{thread_id}/messages", run_id=run["id"])["data"][0]
    text = reply["content"][0]["text"]
    assert "sixteen hours" in text["value"]
    citation = text["annotations"][0]
    assert citation["file_citation"] == {"file_id": cats}
    assert text["value"][citation["start_index"] : citation["end_index"]] == citation["text"]


def test_vector_store_helper_and_unknown_stores(http: httpx.Client, mock: MockServer) -> None:
    dogs = upload(http, "dogs.txt", DOGS)
    made = call(
        http,
        "POST",
        "/threads",
        {"tool_resources": {"file_search": {"vector_stores": [{"file_ids": [dogs]}]}}},
    )
    store_ids = made["tool_resources"]["file_search"]["vector_store_ids"]
    assert len(store_ids) == 1
    assert call(http, "GET", f"/vector_stores/{store_ids[0]}")["file_counts"]["total"] == 1
    mock.advance(1)
    call(http, "POST", f"/threads/{made['id']}/messages", {"role": "user", "content": "walk?"})
    run = call(
        http, "POST", f"/threads/{made['id']}/runs", {"assistant_id": assistant(http, tools=SEARCH)}
    )
    mock.advance(2)
    reply = call(http, "GET", f"/threads/{made['id']}/messages", run_id=run["id"])["data"][0]
    assert "daily walk" in reply["content"][0]["text"]["value"]
    missing = fail(
        http,
        "POST",
        "/assistants",
        {"model": "gpt-4o", "tool_resources": {"file_search": {"vector_store_ids": ["vs_nope"]}}},
        status=404,
    )
    assert "vs_nope" in missing["message"]
