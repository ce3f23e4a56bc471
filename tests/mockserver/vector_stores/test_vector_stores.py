"""Vector stores on the mock: real reading and chunking, the lifecycle on the clock, paging."""

from __future__ import annotations

import zlib
from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import AUTH, AZURE_AUTH

CATS = b"# Cats\n\nCats purr when they are happy. A cat sleeps sixteen hours a day."
DOGS = b"Dogs bark at strangers. A dog needs a daily walk in the park."


def upload(http: httpx.Client, name: str, data: bytes) -> str:
    reply = http.post(
        "/v1/files", headers=AUTH, files={"file": (name, data)}, data={"purpose": "assistants"}
    )
    assert reply.status_code == 200, reply.text
    return str(reply.json()["id"])


def post(http: httpx.Client, path: str, body: dict[str, Any]) -> httpx.Response:
    return http.post("/v1" + path, headers=AUTH, json=body)


def get(http: httpx.Client, path: str) -> dict[str, Any]:
    reply = http.get("/v1" + path, headers=AUTH)
    assert reply.status_code == 200, reply.text
    body: dict[str, Any] = reply.json()
    return body


def flate_pdf(text: str) -> bytes:
    content = zlib.compress(f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode())
    return (
        b"%%PDF-1.4\n1 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream\nendobj\n%%EOF\n"
    )


def test_files_are_processed_on_the_clock(mock: MockServer, http: httpx.Client) -> None:
    cats, dogs = upload(http, "cats.md", CATS), upload(http, "dogs.txt", DOGS)
    store = post(http, "/vector_stores", {"name": "pets", "file_ids": [cats, dogs]}).json()
    assert store["status"] == "in_progress"
    assert store["file_counts"] == {
        "in_progress": 2, "completed": 0, "failed": 0, "cancelled": 0, "total": 2
    }  # fmt: skip
    assert store["usage_bytes"] == 0
    mock.advance(1)
    done = get(http, f"/vector_stores/{store['id']}")
    assert done["status"] == "completed"
    assert done["file_counts"]["completed"] == 2
    files = get(http, f"/vector_stores/{store['id']}/files")["data"]
    assert done["usage_bytes"] == sum(f["usage_bytes"] for f in files) == len(CATS) + len(DOGS)


def test_unreadable_file_fails_with_last_error(mock: MockServer, http: httpx.Client) -> None:
    store = post(http, "/vector_stores", {"name": "x"}).json()
    binary = upload(http, "notes.txt", b"\xff\xfe\x00broken")
    added = post(http, f"/vector_stores/{store['id']}/files", {"file_id": binary}).json()
    assert added["status"] == "in_progress" and added["last_error"] is None
    mock.advance(1)
    failed = get(http, f"/vector_stores/{store['id']}/files/{binary}")
    assert failed["status"] == "failed"
    assert failed["last_error"]["code"] == "invalid_file"
    unsupported = upload(http, "photo.png", b"\x89PNG")
    post(http, f"/vector_stores/{store['id']}/files", {"file_id": unsupported})
    mock.advance(1)
    row = get(http, f"/vector_stores/{store['id']}/files/{unsupported}")
    assert row["last_error"]["code"] == "unsupported_file"


def test_pdf_text_is_read_from_flate_streams(mock: MockServer, http: httpx.Client) -> None:
    pdf = upload(http, "report.pdf", flate_pdf("Quarterly revenue grew by twelve percent"))
    store = post(http, "/vector_stores", {"file_ids": [pdf]}).json()
    mock.advance(1)
    content = get(http, f"/vector_stores/{store['id']}/files/{pdf}/content")
    assert content["object"] == "vector_store.file_content.page"
    assert content["data"] == [{"type": "text", "text": "Quarterly revenue grew by twelve percent"}]
    hits = post(http, f"/vector_stores/{store['id']}/search", {"query": "revenue"}).json()
    assert hits["data"][0]["file_id"] == pdf


def test_static_chunking_splits_with_overlap(mock: MockServer, http: httpx.Client) -> None:
    text = " ".join(f"word{i}" for i in range(600)).encode()
    file_id = upload(http, "long.txt", text)
    strategy = {
        "type": "static",
        "static": {"max_chunk_size_tokens": 200, "chunk_overlap_tokens": 50},
    }
    store = post(http, "/vector_stores", {"file_ids": [file_id], "chunking_strategy": strategy})
    store_id = store.json()["id"]
    mock.advance(1)
    row = get(http, f"/vector_stores/{store_id}/files/{file_id}")
    assert row["chunking_strategy"] == strategy
    hits = post(
        http, f"/vector_stores/{store_id}/search", {"query": "word0 word599", "max_num_results": 50}
    )
    chunks = [h["content"][0]["text"] for h in hits.json()["data"]]
    assert len(chunks) == 2  # the first and the last chunk, the only ones holding those words
    assert all(len(c) < len(text) for c in chunks)


@pytest.mark.parametrize(
    ("static", "param", "code"),
    [
        ({"max_chunk_size_tokens": 99, "chunk_overlap_tokens": 0}, "max_chunk_size_tokens", "integer_below_min_value"),
        ({"max_chunk_size_tokens": 4097, "chunk_overlap_tokens": 0}, "max_chunk_size_tokens", "integer_above_max_value"),
        ({"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 401}, "chunk_overlap_tokens", "invalid_value"),
        ({"max_chunk_size_tokens": 800}, "chunk_overlap_tokens", "missing_required_parameter"),
    ],
)  # fmt: skip
def test_chunking_limits(http: httpx.Client, static: dict[str, Any], param: str, code: str) -> None:
    body = {"chunking_strategy": {"type": "static", "static": static}}
    reply = post(http, "/vector_stores", body)
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["param"] == f"chunking_strategy.static.{param}"
    assert error["code"] == code


def test_search_ranks_by_relevance(mock: MockServer, http: httpx.Client) -> None:
    ids = [
        upload(http, "cats.md", CATS),
        upload(http, "dogs.txt", DOGS),
        upload(http, "both.txt", b"Cats and dogs can live together, a cat and a dog."),
    ]
    store_id = post(http, "/vector_stores", {"file_ids": ids}).json()["id"]
    mock.advance(1)
    page = post(http, f"/vector_stores/{store_id}/search", {"query": "Where do cats sleep?"}).json()
    assert page["object"] == "vector_store.search_results.page"
    assert page["search_query"] == ["Where do cats sleep?"]
    assert page["has_more"] is False and page["next_page"] is None
    scores = [hit["score"] for hit in page["data"]]
    assert page["data"][0]["filename"] == "cats.md"
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert ids[1] not in [hit["file_id"] for hit in page["data"]]
    again = post(http, f"/vector_stores/{store_id}/search", {"query": "Where do cats sleep?"})
    assert again.json() == page
    one = post(http, f"/vector_stores/{store_id}/search", {"query": "cat", "max_num_results": 1})
    assert len(one.json()["data"]) == 1
    high = {"query": "cat", "ranking_options": {"score_threshold": 0.99}}
    assert post(http, f"/vector_stores/{store_id}/search", high).json()["data"] == []


def test_search_filters_on_attributes(mock: MockServer, http: httpx.Client) -> None:
    store_id = post(http, "/vector_stores", {}).json()["id"]
    files = [
        ("a.txt", {"year": 2023, "team": "red"}),
        ("b.txt", {"year": 2024, "team": "blue"}),
        ("c.txt", {"year": 2025, "team": "red"}),
    ]
    for name, attributes in files:
        file_id = upload(http, name, b"The annual report of the team.")
        post(
            http, f"/vector_stores/{store_id}/files", {"file_id": file_id, "attributes": attributes}
        )
    mock.advance(1)

    def names(filters: dict[str, Any]) -> list[str]:
        body = {"query": "annual report", "filters": filters}
        reply = post(http, f"/vector_stores/{store_id}/search", body)
        assert reply.status_code == 200, reply.text
        return sorted(hit["filename"] for hit in reply.json()["data"])

    assert names({"type": "eq", "key": "team", "value": "red"}) == ["a.txt", "c.txt"]
    assert names({"type": "gte", "key": "year", "value": 2024}) == ["b.txt", "c.txt"]
    assert names({"type": "in", "key": "year", "value": [2023, 2025]}) == ["a.txt", "c.txt"]
    compound = {
        "type": "and",
        "filters": [
            {"type": "eq", "key": "team", "value": "red"},
            {"type": "or", "filters": [{"type": "lt", "key": "year", "value": 2024}]},
        ],
    }
    assert names(compound) == ["a.txt"]
    bad = post(
        http,
        f"/vector_stores/{store_id}/search",
        {"query": "x", "filters": {"type": "like", "key": "a", "value": 1}},
    )
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "filters.type"


def test_batch_cancel_takes_effect_at_once(mock: MockServer, http: httpx.Client) -> None:
    store_id = post(http, "/vector_stores", {}).json()["id"]
    ids = [upload(http, f"f{i}.txt", b"some text %d" % i) for i in range(3)]
    batch = post(http, f"/vector_stores/{store_id}/file_batches", {"file_ids": ids}).json()
    assert batch["object"] == "vector_store.files_batch" and batch["status"] == "in_progress"
    assert batch["file_counts"]["in_progress"] == 3
    cancelled = http.post(
        f"/v1/vector_stores/{store_id}/file_batches/{batch['id']}/cancel", headers=AUTH
    )
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["file_counts"]["cancelled"] == 3
    mock.advance(5)
    listed = get(
        http, f"/vector_stores/{store_id}/file_batches/{batch['id']}/files?filter=cancelled"
    )
    assert sorted(f["id"] for f in listed["data"]) == sorted(ids)
    assert get(http, f"/vector_stores/{store_id}")["file_counts"]["cancelled"] == 3


def test_batch_completes_and_files_take_per_file_attributes(
    mock: MockServer, http: httpx.Client
) -> None:
    store_id = post(http, "/vector_stores", {}).json()["id"]
    a, b = upload(http, "a.txt", b"alpha"), upload(http, "b.txt", b"beta")
    body = {
        "files": [{"file_id": a, "attributes": {"k": "a"}}, {"file_id": b}],
        "attributes": {"k": "shared"},
    }
    batch = post(http, f"/vector_stores/{store_id}/file_batches", body).json()
    mock.advance(1)
    done = get(http, f"/vector_stores/{store_id}/file_batches/{batch['id']}")
    assert done["status"] == "completed" and done["file_counts"]["completed"] == 2
    assert get(http, f"/vector_stores/{store_id}/files/{a}")["attributes"] == {"k": "a"}
    assert get(http, f"/vector_stores/{store_id}/files/{b}")["attributes"] == {"k": "shared"}
    late = http.post(
        f"/v1/vector_stores/{store_id}/file_batches/{batch['id']}/cancel", headers=AUTH
    )
    assert late.status_code == 400


def test_update_expiry_and_last_active(mock: MockServer, http: httpx.Client) -> None:
    store = post(
        http,
        "/vector_stores",
        {"name": "a", "expires_after": {"anchor": "last_active_at", "days": 1}},
    ).json()
    assert store["expires_at"] == store["last_active_at"] + 86_400
    mock.advance(3600)
    post(http, f"/vector_stores/{store['id']}/search", {"query": "anything"})
    active = get(http, f"/vector_stores/{store['id']}")
    assert active["last_active_at"] == store["last_active_at"] + 3600
    assert active["expires_at"] == active["last_active_at"] + 86_400
    mock.advance(86_400)
    assert get(http, f"/vector_stores/{store['id']}")["status"] == "expired"
    updated = post(
        http, f"/vector_stores/{store['id']}", {"name": "b", "metadata": {"x": "1"}}
    ).json()
    assert updated["name"] == "b" and updated["metadata"] == {"x": "1"}
    bad = post(http, "/vector_stores", {"expires_after": {"anchor": "last_active_at", "days": 400}})
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "expires_after.days"


def test_file_attributes_update_and_delete(mock: MockServer, http: httpx.Client) -> None:
    file_id = upload(http, "a.txt", CATS)
    store_id = post(http, "/vector_stores", {"file_ids": [file_id]}).json()["id"]
    mock.advance(1)
    updated = post(http, f"/vector_stores/{store_id}/files/{file_id}", {"attributes": {"n": 1}})
    assert updated.json()["attributes"] == {"n": 1}
    deleted = http.delete(f"/v1/vector_stores/{store_id}/files/{file_id}", headers=AUTH).json()
    assert deleted == {"id": file_id, "object": "vector_store.file.deleted", "deleted": True}
    assert post(http, f"/vector_stores/{store_id}/search", {"query": "cats"}).json()["data"] == []
    assert get(http, f"/vector_stores/{store_id}")["usage_bytes"] == 0


def test_lists_page_and_reset(mock: MockServer, http: httpx.Client) -> None:
    ids = [post(http, "/vector_stores", {"name": str(i)}).json()["id"] for i in range(3)]
    first = get(http, "/vector_stores?limit=2")
    assert [s["id"] for s in first["data"]] == ids[::-1][:2] and first["has_more"] is True
    rest = get(http, f"/vector_stores?limit=2&after={first['last_id']}")
    assert [s["id"] for s in rest["data"]] == [ids[0]] and rest["has_more"] is False
    assert get(http, "/vector_stores?order=asc&limit=1")["data"][0]["id"] == ids[0]
    mock.reset()
    assert get(http, "/vector_stores")["data"] == []
    assert post(http, "/vector_stores", {"name": "0"}).json()["id"] == ids[0]


def test_errors_in_the_real_shape(http: httpx.Client) -> None:
    missing = http.get("/v1/vector_stores/vs_nope", headers=AUTH)
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "No vector store found with id 'vs_nope'."
    store_id = post(http, "/vector_stores", {}).json()["id"]
    no_file = post(http, f"/vector_stores/{store_id}/files", {"file_id": "file-nope"})
    assert no_file.status_code == 404
    unknown = post(http, "/vector_stores", {"nmae": "x"})
    assert unknown.status_code == 400 and "nmae" in unknown.json()["error"]["message"]
    no_query = post(http, f"/vector_stores/{store_id}/search", {})
    assert no_query.json()["error"]["param"] == "query"
    too_many = post(
        http, f"/vector_stores/{store_id}/search", {"query": "a", "max_num_results": 51}
    )
    assert too_many.json()["error"]["code"] == "integer_above_max_value"


def test_served_on_azure(http: httpx.Client) -> None:
    created = http.post(
        "/openai/vector_stores?api-version=2024-10-21", headers=AZURE_AUTH, json={"name": "az"}
    )
    assert created.status_code == 200, created.text
    listed = http.get("/openai/v1/vector_stores", headers=AZURE_AUTH)
    assert [s["name"] for s in listed.json()["data"]] == ["az"]
