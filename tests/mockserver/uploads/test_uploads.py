"""Uploads: parts assembled in the order given into a real file; bytes, md5, cancel, expiry."""

from __future__ import annotations

import hashlib

import httpx
import openai
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import AUTH
from tests.mockserver.test_official_client import STYLES, Style, async_official, official

PARTS = [b"first-", b"second-", b"third"]
WHOLE = b"first-second-third"


def _create(http: httpx.Client, size: int = len(WHOLE), **extra: object) -> dict[str, object]:
    body = {"filename": "data.jsonl", "purpose": "batch", "bytes": size, "mime_type": "text/jsonl"}
    reply = http.post("/v1/uploads", json={**body, **extra}, headers=AUTH)
    assert reply.status_code == 200, reply.text
    created: dict[str, object] = reply.json()
    return created


def _part(http: httpx.Client, upload_id: object, data: bytes) -> httpx.Response:
    return http.post(f"/v1/uploads/{upload_id}/parts", files={"data": ("p", data)}, headers=AUTH)


@pytest.mark.parametrize("style", STYLES)
def test_official_client_uploads_in_parts(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    upload = client.uploads.create(
        filename="data.jsonl", purpose="batch", bytes=len(WHOLE), mime_type="text/jsonl"
    )
    assert upload.status == "pending"
    assert upload.expires_at == upload.created_at + 3600
    parts = [client.uploads.parts.create(upload.id, data=chunk) for chunk in PARTS]
    assert all(p.upload_id == upload.id and p.object == "upload.part" for p in parts)
    done = client.uploads.complete(
        upload.id, part_ids=[p.id for p in parts], md5=hashlib.md5(WHOLE).hexdigest()
    )
    assert done.status == "completed"
    assert done.file is not None and done.file.bytes == len(WHOLE)
    assert client.files.content(done.file.id).read() == WHOLE
    stored = client.files.retrieve(done.file.id)
    assert stored.purpose == "batch"
    assert (
        stored.expires_at == stored.created_at + 30 * 24 * 3600
    )  # as files.create gives batch files


@pytest.mark.asyncio
async def test_async_official_client_upload_and_cancel(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    upload = await client.uploads.create(
        filename="a.txt", purpose="assistants", bytes=3, mime_type="text/plain"
    )
    await client.uploads.parts.create(upload.id, data=b"abc")
    cancelled = await client.uploads.cancel(upload.id)
    assert cancelled.status == "cancelled" and cancelled.file is None
    await client.close()


def test_parts_are_assembled_in_the_order_complete_names(
    mock: MockServer, http: httpx.Client
) -> None:
    upload = _create(http, size=len(WHOLE))
    ids = [_part(http, upload["id"], chunk).json()["id"] for chunk in PARTS]
    done = http.post(
        f"/v1/uploads/{upload['id']}/complete",
        json={"part_ids": [ids[2], ids[0], ids[1]]},
        headers=AUTH,
    ).json()
    file_id = done["file"]["id"]
    content = http.get(f"/v1/files/{file_id}/content", headers=AUTH).content
    assert content == b"thirdfirst-second-"


def test_declared_bytes_and_md5_are_checked(http: httpx.Client) -> None:
    upload = _create(http, size=100)
    part = _part(http, upload["id"], WHOLE).json()["id"]
    short = http.post(
        f"/v1/uploads/{upload['id']}/complete", json={"part_ids": [part]}, headers=AUTH
    )
    assert short.status_code == 400
    assert "bytes=100" in short.json()["error"]["message"]
    exact = _create(http)
    part = _part(http, exact["id"], WHOLE).json()["id"]
    wrong = http.post(
        f"/v1/uploads/{exact['id']}/complete",
        json={"part_ids": [part], "md5": "0" * 32},
        headers=AUTH,
    )
    assert wrong.status_code == 400 and wrong.json()["error"]["param"] == "md5"


def test_foreign_parts_and_unknown_uploads(http: httpx.Client) -> None:
    one, two = _create(http), _create(http)
    foreign = _part(http, two["id"], WHOLE).json()["id"]
    refused = http.post(
        f"/v1/uploads/{one['id']}/complete", json={"part_ids": [foreign]}, headers=AUTH
    )
    assert refused.status_code == 400 and refused.json()["error"]["param"] == "part_ids"
    missing = http.post("/v1/uploads/upload_nope/cancel", headers=AUTH)
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "No such Upload object: upload_nope"


def test_create_is_validated(http: httpx.Client) -> None:
    bad = http.post(
        "/v1/uploads",
        json={"filename": "x", "purpose": "nope", "bytes": 1, "mime_type": "text/plain"},
        headers=AUTH,
    )
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "purpose"
    absent = http.post("/v1/uploads", json={"filename": "x"}, headers=AUTH)
    assert absent.json()["error"]["code"] == "missing_required_parameter"
    no_data = http.post(
        f"/v1/uploads/{_create(http)['id']}/parts", files={"other": ("p", b"x")}, headers=AUTH
    )
    assert no_data.status_code == 400 and no_data.json()["error"]["param"] == "data"


def test_an_upload_expires_after_an_hour(mock: MockServer, http: httpx.Client) -> None:
    upload = _create(http)
    mock.advance(3599)
    assert _part(http, upload["id"], b"x").status_code == 200
    mock.advance(1)
    late = _part(http, upload["id"], b"x")
    assert late.status_code == 400
    assert "expired" in late.json()["error"]["message"]
    assert mock.state.snapshot()["uploads"]["uploads"][0]["status"] == "expired"


def test_cancelled_and_completed_uploads_take_nothing_more(http: httpx.Client) -> None:
    upload = _create(http, size=1)
    part = _part(http, upload["id"], b"x").json()["id"]
    http.post(f"/v1/uploads/{upload['id']}/complete", json={"part_ids": [part]}, headers=AUTH)
    again = http.post(f"/v1/uploads/{upload['id']}/cancel", headers=AUTH)
    assert again.status_code == 400 and "completed" in again.json()["error"]["message"]


def test_reset_forgets_uploads(mock: MockServer, http: httpx.Client) -> None:
    upload = _create(http)
    mock.reset()
    assert _part(http, upload["id"], b"x").status_code == 404


def test_official_client_errors(mock: MockServer) -> None:
    with pytest.raises(openai.NotFoundError):
        official(mock, "openai").uploads.cancel("upload_missing")
