"""The files resource, sync and async: multipart upload, retrieve, delete, content.

Uploads are ``multipart/form-data`` with a ``purpose`` field and a ``file``
part whose filename comes from the tuple, the path or the file object.
``files.content`` returns the bytes (``.content``, ``.text``, iteration,
``write_to_file``), and ``with_streaming_response.files.content`` leaves
them on the wire until read (client-behaviour A81, A92, A93, C6).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from openai_kit import NotFoundError
from openai_kit.types import FileDeleted, FileObject
from tests.support.sleeps import Flavour, Reply, Script, make_client, record_sleeps, settle
from tests.support.sse import MockAPI, json_response

DATA = b'{"messages": [{"role": "user", "content": "hi"}]}\n{"messages": []}\n'
BINARY = bytes(range(256)) * 4 + b"\r\n--boundary-lookalike\r\n"
FILE_ID = "file-XjGxS3KTG0uNmNOK362iJua3"


def file_object(
    filename: str = "train.jsonl", purpose: str = "fine-tune", **extra: Any
) -> dict[str, Any]:
    return {
        "id": FILE_ID,
        "object": "file",
        "bytes": len(DATA),
        "created_at": 1731000000,
        "filename": filename,
        "purpose": purpose,
        "status": "processed",
        "status_details": None,
        **extra,
    }


@dataclass
class Part:
    filename: str | None
    content_type: str | None
    content: bytes


def multipart(request: httpx.Request) -> dict[str, Part]:
    """The parts of a ``multipart/form-data`` request, by field name."""
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
    chunks = request.content.split(b"--" + boundary)
    assert chunks[0] == b""
    assert chunks[-1] in (b"--\r\n", b"--")
    parts: dict[str, Part] = {}
    for chunk in chunks[1:-1]:
        assert chunk.startswith(b"\r\n")
        assert chunk.endswith(b"\r\n")
        head, _, content = chunk[2:-2].partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode().split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        params = {}
        for item in headers["content-disposition"].split(";")[1:]:
            key, _, value = item.strip().partition("=")
            params[key] = value.strip('"')
        parts[params["name"]] = Part(params.get("filename"), headers.get("content-type"), content)
    return parts


def upload_api() -> MockAPI:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST"
        assert request.url.path == "/v1/files"
        file_part = multipart(request)["file"]
        return json_response(file_object(file_part.filename or "upload"))

    return MockAPI(handler)


def assert_upload(
    api: MockAPI, filename: str | None, content: bytes, purpose: str = "fine-tune"
) -> None:
    request = api.last
    assert "application/json" not in request.headers["content-type"]
    parts = multipart(request)
    assert set(parts) == {"purpose", "file"}
    assert parts["purpose"] == Part(None, None, purpose.encode())
    assert parts["file"].content == content
    if filename is not None:
        assert parts["file"].filename == filename


# -- create ------------------------------------------------------------------------------


def test_create_from_tuple() -> None:
    api = upload_api()
    created = api.client().files.create(
        file=("train.jsonl", DATA, "application/jsonl"), purpose="fine-tune"
    )
    assert_upload(api, "train.jsonl", DATA)
    assert multipart(api.last)["file"].content_type == "application/jsonl"
    assert isinstance(created, FileObject)
    assert created.id == FILE_ID
    assert created.filename == "train.jsonl"
    assert created.bytes == len(DATA)
    assert created.purpose == "fine-tune"


def test_create_from_two_item_tuple() -> None:
    api = upload_api()
    api.client().files.create(file=("batch.jsonl", DATA), purpose="batch")
    assert_upload(api, "batch.jsonl", DATA, purpose="batch")


def test_create_from_path(tmp_path: Path) -> None:
    path = tmp_path / "my-data.jsonl"
    path.write_bytes(DATA)
    api = upload_api()
    created = api.client().files.create(file=path, purpose="fine-tune")
    assert_upload(api, "my-data.jsonl", DATA)
    assert created.filename == "my-data.jsonl"


def test_create_from_file_object(tmp_path: Path) -> None:
    path = tmp_path / "picture.png"
    path.write_bytes(BINARY)
    api = upload_api()
    with path.open("rb") as handle:
        api.client().files.create(file=handle, purpose="vision")
    assert_upload(api, "picture.png", BINARY, purpose="vision")


@pytest.mark.parametrize(
    "make_file",
    [pytest.param(lambda: io.BytesIO(DATA), id="BytesIO"), pytest.param(lambda: DATA, id="bytes")],
)
def test_create_from_anonymous_content(make_file: Callable[[], Any]) -> None:
    api = upload_api()
    api.client().files.create(file=make_file(), purpose="user_data")
    assert_upload(api, None, DATA, purpose="user_data")
    assert multipart(api.last)["file"].filename


def test_create_binary_content_is_sent_byte_for_byte() -> None:
    api = upload_api()
    api.client().files.create(
        file=("blob.bin", BINARY, "application/octet-stream"), purpose="user_data"
    )
    assert_upload(api, "blob.bin", BINARY, purpose="user_data")


def test_create_with_expires_after() -> None:
    api = upload_api()
    api.client().files.create(
        file=("batch.jsonl", DATA),
        purpose="batch",
        expires_after={"anchor": "created_at", "seconds": 3600},
    )
    parts = multipart(api.last)
    assert parts["expires_after[anchor]"].content == b"created_at"
    assert parts["expires_after[seconds]"].content == b"3600"
    assert parts["file"].content == DATA


# -- retrieve, delete --------------------------------------------------------------------


def test_retrieve() -> None:
    api = MockAPI.returning(file_object())
    retrieved = api.client().files.retrieve(FILE_ID)
    assert (api.last.method, api.last.url.path) == ("GET", f"/v1/files/{FILE_ID}")
    assert isinstance(retrieved, FileObject)
    assert (retrieved.id, retrieved.object, retrieved.status) == (FILE_ID, "file", "processed")
    assert retrieved.created_at == 1731000000


def test_retrieve_tolerates_unknown_values() -> None:
    body = file_object(purpose="brand_new_purpose", status="reticulating", expires_at=None, shiny=1)
    retrieved = MockAPI.returning(body).client().files.retrieve(FILE_ID)
    assert retrieved.purpose == "brand_new_purpose"
    assert retrieved.status == "reticulating"
    assert retrieved.model_extra == {"shiny": 1}


def test_delete() -> None:
    api = MockAPI.returning({"id": FILE_ID, "object": "file", "deleted": True})
    deleted = api.client().files.delete(FILE_ID)
    assert (api.last.method, api.last.url.path) == ("DELETE", f"/v1/files/{FILE_ID}")
    assert isinstance(deleted, FileDeleted)
    assert (deleted.id, deleted.deleted) == (FILE_ID, True)


def test_retrieve_not_found() -> None:
    body = {
        "error": {"message": f"No such File object: {FILE_ID}", "type": "invalid_request_error"}
    }
    with pytest.raises(NotFoundError, match="No such File object"):
        MockAPI.returning(body, status_code=404).client().files.retrieve(FILE_ID)


# -- content -----------------------------------------------------------------------------


def content_api(body: bytes = DATA, piece_size: int = 16) -> MockAPI:
    return MockAPI.streaming(body, piece_size, content_type="application/octet-stream")


def test_content_bytes_text_iteration_and_file(tmp_path: Path) -> None:
    api = content_api()
    content = api.client().files.content(FILE_ID)
    assert (api.last.method, api.last.url.path) == ("GET", f"/v1/files/{FILE_ID}/content")
    assert content.content == DATA
    assert content.text == DATA.decode()
    assert b"".join(content.iter_bytes()) == DATA
    target = tmp_path / "out.jsonl"
    content.write_to_file(target)
    assert target.read_bytes() == DATA
    assert api.streams[0].closed


def test_content_of_binary_data() -> None:
    content = content_api(BINARY, 100).client().files.content(FILE_ID)
    assert content.content == BINARY


def test_content_not_found() -> None:
    body = {"error": {"message": "No such File object", "type": "invalid_request_error"}}
    client = MockAPI.returning(body, status_code=404).client()
    with pytest.raises(NotFoundError):
        client.files.content("file-missing")


def test_streaming_content_with_with(tmp_path: Path) -> None:
    api = content_api(BINARY, 100)
    with api.client().with_streaming_response.files.content(FILE_ID) as response:
        assert response.status_code == 200
        assert api.streams[0].pieces_read == 0
        pieces = list(response.iter_bytes(64))
    assert b"".join(pieces) == BINARY
    assert all(len(p) == 64 for p in pieces[:-1])
    assert api.streams[0].closed


def test_streaming_content_via_resource() -> None:
    api = content_api()
    with api.client().files.with_streaming_response.content(FILE_ID) as response:
        assert response.read() == DATA
    assert api.streams[0].closed


def test_raw_content() -> None:
    api = content_api()
    raw = api.client().files.with_raw_response.content(FILE_ID)
    assert raw.headers["content-type"] == "application/octet-stream"
    assert raw.parse().content == DATA


@pytest.mark.seed_only
def test_streaming_content_without_with() -> None:
    api = content_api(BINARY, 100)
    response = api.client().with_streaming_response.files.content(FILE_ID)
    assert api.streams[0].pieces_read == 0
    assert b"".join(response.iter_bytes()) == BINARY
    response.close()
    assert api.streams[0].closed


# -- async -------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_async_create_from_tuple_and_path(tmp_path: Path) -> None:
    api = upload_api()
    client = api.async_client()
    created = await client.files.create(
        file=("train.jsonl", DATA, "application/jsonl"), purpose="fine-tune"
    )
    assert_upload(api, "train.jsonl", DATA)
    assert created.filename == "train.jsonl"
    path = tmp_path / "from-path.jsonl"
    path.write_bytes(BINARY)
    created = await client.files.create(file=path, purpose="assistants")
    assert_upload(api, "from-path.jsonl", BINARY, purpose="assistants")
    assert created.filename == "from-path.jsonl"


@pytest.mark.asyncio
async def test_async_create_from_file_object(tmp_path: Path) -> None:
    path = tmp_path / "handle.jsonl"
    path.write_bytes(DATA)
    api = upload_api()
    with path.open("rb") as handle:
        await api.async_client().files.create(file=handle, purpose="fine-tune")
    assert_upload(api, "handle.jsonl", DATA)


@pytest.mark.asyncio
async def test_async_retrieve_and_delete() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "DELETE":
            return json_response({"id": FILE_ID, "object": "file", "deleted": True})
        return json_response(file_object())

    api = MockAPI(handler)
    client = api.async_client()
    assert (await client.files.retrieve(FILE_ID)).id == FILE_ID
    assert (await client.files.delete(FILE_ID)).deleted is True
    assert [(r.method, r.url.path) for r in api.requests] == [
        ("GET", f"/v1/files/{FILE_ID}"),
        ("DELETE", f"/v1/files/{FILE_ID}"),
    ]


@pytest.mark.asyncio
async def test_async_content() -> None:
    api = content_api(BINARY, 100)
    content = await api.async_client().files.content(FILE_ID)
    assert content.content == BINARY
    assert api.streams[0].closed


@pytest.mark.asyncio
async def test_async_streaming_content_with_async_with() -> None:
    api = content_api(BINARY, 100)
    async with api.async_client().with_streaming_response.files.content(FILE_ID) as response:
        assert api.streams[0].pieces_read == 0
        pieces = [p async for p in response.iter_bytes(64)]
    assert b"".join(pieces) == BINARY
    assert api.streams[0].closed


@pytest.mark.seed_only
@pytest.mark.asyncio
async def test_async_streaming_content_awaited() -> None:
    api = content_api(BINARY, 100)
    response = await api.async_client().with_streaming_response.files.content(FILE_ID)
    assert api.streams[0].pieces_read == 0
    assert b"".join([p async for p in response.iter_bytes()]) == BINARY
    assert api.streams[0].closed


# -- wait_for_processing -------------------------------------------------------------


def _statuses(*statuses: str) -> Script:
    return Script(*(Reply(body=file_object(status=status)) for status in statuses))


@pytest.mark.asyncio
@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_wait_for_processing_polls_until_a_terminal_status(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps = record_sleeps(monkeypatch)
    script = _statuses("uploaded", "uploaded", "processed")
    client = make_client(flavour, script)
    file = await settle(client.files.wait_for_processing(FILE_ID, poll_interval=0.25))
    assert isinstance(file, FileObject)
    assert file.status == "processed"
    assert [r.url.path for r in script.requests] == [f"/v1/files/{FILE_ID}"] * 3
    assert sleeps.waits == [0.25, 0.25]


@pytest.mark.asyncio
@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("status", ["processed", "error", "deleted"])
async def test_wait_for_processing_returns_at_once_when_done(
    flavour: Flavour, status: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps = record_sleeps(monkeypatch)
    script = _statuses(status)
    file = await settle(make_client(flavour, script).files.wait_for_processing(FILE_ID))
    assert file.status == status
    assert len(script.requests) == 1
    assert sleeps.waits == []


@pytest.mark.asyncio
@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_wait_for_processing_gives_up_after_max_wait_seconds(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_sleeps(monkeypatch)
    client = make_client(flavour, _statuses("uploaded"))
    with pytest.raises(RuntimeError, match=f"Giving up on waiting for file {FILE_ID}"):
        await settle(client.files.wait_for_processing(FILE_ID, max_wait_seconds=0))


@pytest.mark.asyncio
@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_wait_for_processing_through_the_raw_view_still_gives_the_file(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_sleeps(monkeypatch)
    client = make_client(flavour, _statuses("uploaded", "processed"))
    file = await settle(client.files.with_raw_response.wait_for_processing(FILE_ID))
    assert isinstance(file, FileObject)
    assert file.status == "processed"


def test_wait_for_processing_against_the_mock_server() -> None:
    from openai_kit.mockserver import MockServer

    mock = MockServer(seed=0)
    with mock.client() as client:
        uploaded = client.files.create(file=("a.jsonl", DATA), purpose="fine-tune")
        assert client.files.wait_for_processing(uploaded.id).status == "processed"
