"""List endpoints: single pages (models) and cursor pages (files), sync and async.

A list call fetches its first page only; iterating the items fetches the
following pages on demand with ``after=<id of the last item>``, keeping the
other query parameters, while ``has_more`` is true (client-behaviour
A89-A91, A93, B21).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openai_kit.types import FileObject, Model
from tests.support.sse import MockAPI, json_response

MODELS = {
    "object": "list",
    "data": [
        {"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system"},
        {
            "id": "text-embedding-3-small",
            "object": "model",
            "created": 1705948997,
            "owned_by": "system",
        },
        {
            "id": "ft:gpt-4o-mini:acme::abc",
            "object": "model",
            "created": 1730000000,
            "owned_by": "acme",
        },
    ],
}

FILE_IDS = ["file-a1", "file-b2", "file-c3", "file-d4", "file-e5"]


def file_object(file_id: str) -> dict[str, Any]:
    return {
        "id": file_id,
        "object": "file",
        "bytes": 120,
        "created_at": 1731000000,
        "filename": f"{file_id}.jsonl",
        "purpose": "fine-tune",
        "status": "processed",
    }


def files_api(page_size: int = 2, *, has_more_on_last: bool = False) -> MockAPI:
    """A cursor-paginated ``GET /files``: ``after`` picks up behind the given id."""

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "GET"
        assert request.url.path == "/v1/files"
        after = request.url.params.get("after")
        start = FILE_IDS.index(after) + 1 if after else 0
        page = FILE_IDS[start : start + page_size]
        has_more = start + page_size < len(FILE_IDS) or has_more_on_last
        body = {"object": "list", "data": [file_object(i) for i in page], "has_more": has_more}
        if page:
            body["first_id"], body["last_id"] = page[0], page[-1]
        return json_response(body)

    return MockAPI(handler)


def queries(api: MockAPI) -> list[dict[str, str]]:
    return [dict(r.url.params) for r in api.requests]


EXPECTED_QUERIES = [
    {"limit": "2", "purpose": "fine-tune"},
    {"limit": "2", "purpose": "fine-tune", "after": "file-b2"},
    {"limit": "2", "purpose": "fine-tune", "after": "file-d4"},
]


# -- models: a single page ---------------------------------------------------------------


def test_models_list_is_one_page() -> None:
    api = MockAPI.returning(MODELS)
    page = api.client().models.list()
    assert len(api.requests) == 1
    assert api.last.method == "GET"
    assert api.last.url.path == "/v1/models"
    models = list(page)
    assert [m.id for m in models] == [m["id"] for m in MODELS["data"]]
    assert all(isinstance(m, Model) for m in models)
    assert [m.id for m in page.data] == [m.id for m in models]
    assert not page.has_next_page()
    assert [p.data for p in page.iter_pages()] == [page.data]
    assert len(api.requests) == 1


def test_empty_models_list() -> None:
    api = MockAPI.returning({"object": "list", "data": []})
    page = api.client().models.list()
    assert list(page) == []
    assert not page.has_next_page()
    assert len(api.requests) == 1


@pytest.mark.asyncio
async def test_async_models_list_is_one_page() -> None:
    api = MockAPI.returning(MODELS)
    client = api.async_client()
    models = [m async for m in client.models.list()]
    assert [m.id for m in models] == [m["id"] for m in MODELS["data"]]
    page = await client.models.list()
    assert [m.id for m in page.data] == [m.id for m in models]
    assert not page.has_next_page()
    assert len(api.requests) == 2


# -- files: cursor pages -----------------------------------------------------------------


def test_auto_pagination_follows_the_cursor_and_keeps_the_query() -> None:
    api = files_api()
    files = list(api.client().files.list(limit=2, purpose="fine-tune"))
    assert [f.id for f in files] == FILE_IDS
    assert all(isinstance(f, FileObject) for f in files)
    assert queries(api) == EXPECTED_QUERIES


def test_first_page_only_until_iteration() -> None:
    api = files_api()
    page = api.client().files.list(limit=2, purpose="fine-tune")
    assert len(api.requests) == 1
    assert [f.id for f in page.data] == FILE_IDS[:2]
    assert page.has_more is True
    iterator = iter(page)
    assert [next(iterator).id, next(iterator).id] == FILE_IDS[:2]
    assert len(api.requests) == 1
    assert next(iterator).id == FILE_IDS[2]
    assert len(api.requests) == 2


def test_breaking_out_early_fetches_no_more_pages() -> None:
    api = files_api()
    for file in api.client().files.list(limit=2):
        if file.id == "file-b2":
            break
    assert len(api.requests) == 1


def test_has_next_page_and_get_next_page() -> None:
    api = files_api()
    first = api.client().files.list(limit=2, purpose="fine-tune")
    assert first.has_next_page()
    second = first.get_next_page()
    assert [f.id for f in second.data] == FILE_IDS[2:4]
    assert second.has_next_page()
    third = second.get_next_page()
    assert [f.id for f in third.data] == FILE_IDS[4:]
    assert not third.has_next_page()
    assert queries(api) == EXPECTED_QUERIES
    assert [f.id for f in first.data] == FILE_IDS[:2]


def test_iter_pages() -> None:
    api = files_api()
    pages = list(api.client().files.list(limit=2, purpose="fine-tune").iter_pages())
    assert [[f.id for f in p.data] for p in pages] == [FILE_IDS[:2], FILE_IDS[2:4], FILE_IDS[4:]]
    assert queries(api) == EXPECTED_QUERIES


def test_has_more_false_stops_even_with_data() -> None:
    api = files_api(page_size=10)
    page = api.client().files.list()
    assert not page.has_next_page()
    assert [f.id for f in page] == FILE_IDS
    assert len(api.requests) == 1


def test_empty_page_stops_even_when_has_more_is_true() -> None:
    api = files_api(has_more_on_last=True)
    files = list(api.client().files.list(limit=2))
    assert [f.id for f in files] == FILE_IDS
    # the page after file-e5 is empty: iteration stops there
    assert [q.get("after") for q in queries(api)] == [None, "file-b2", "file-d4", "file-e5"]


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({}, id="nothing"),
        pytest.param({"limit": None}, id="limit-None"),
        pytest.param({"after": None, "order": None}, id="after-order-None"),
    ],
)
def test_absent_and_none_parameters_are_left_out(kwargs: dict[str, Any]) -> None:
    api = files_api(page_size=10)
    api.client().files.list(**kwargs)
    assert api.last.url.query == b""


def test_explicit_after_and_order_are_sent() -> None:
    api = files_api()
    page = api.client().files.list(after="file-b2", limit=2, order="asc")
    assert [f.id for f in page.data] == FILE_IDS[2:4]
    assert queries(api) == [{"after": "file-b2", "limit": "2", "order": "asc"}]
    assert [f.id for f in page] == FILE_IDS[2:]
    assert queries(api)[-1] == {"after": "file-d4", "limit": "2", "order": "asc"}


# -- async cursor pages ------------------------------------------------------------------


@pytest.mark.asyncio
async def test_async_for_auto_paginates() -> None:
    api = files_api()
    client = api.async_client()
    files = [f async for f in client.files.list(limit=2, purpose="fine-tune")]
    assert [f.id for f in files] == FILE_IDS
    assert queries(api) == EXPECTED_QUERIES


@pytest.mark.asyncio
async def test_async_await_gives_the_first_page() -> None:
    api = files_api()
    page = await api.async_client().files.list(limit=2, purpose="fine-tune")
    assert len(api.requests) == 1
    assert [f.id for f in page.data] == FILE_IDS[:2]
    assert page.has_next_page()
    second = await page.get_next_page()
    assert [f.id for f in second.data] == FILE_IDS[2:4]
    assert queries(api) == EXPECTED_QUERIES[:2]


@pytest.mark.asyncio
async def test_async_iter_pages_and_items_of_an_awaited_page() -> None:
    api = files_api()
    client = api.async_client()
    page = await client.files.list(limit=2, purpose="fine-tune")
    pages = [p async for p in page.iter_pages()]
    assert [[f.id for f in p.data] for p in pages] == [FILE_IDS[:2], FILE_IDS[2:4], FILE_IDS[4:]]
    assert queries(api) == EXPECTED_QUERIES
    again = await client.files.list(limit=2, purpose="fine-tune")
    assert [f.id async for f in again] == FILE_IDS


@pytest.mark.asyncio
async def test_async_breaking_out_early_fetches_no_more_pages() -> None:
    api = files_api()
    async for file in api.async_client().files.list(limit=2):
        if file.id == "file-c3":
            break
    assert len(api.requests) == 2
