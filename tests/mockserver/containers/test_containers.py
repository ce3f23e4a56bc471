"""Containers on the mock: files kept byte for byte under /mnt/data, expiry on the clock."""

from __future__ import annotations

import httpx

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import AUTH

PAYLOAD = bytes(range(256)) * 3


def test_files_uploaded_or_copied_keep_their_bytes(mock: MockServer, http: httpx.Client) -> None:
    uploaded = http.post(
        "/v1/files",
        headers=AUTH,
        files={"file": ("data.bin", PAYLOAD)},
        data={"purpose": "user_data"},
    ).json()
    body = {"name": "box", "memory_limit": "4g", "file_ids": [uploaded["id"]]}
    container = http.post("/v1/containers", headers=AUTH, json=body).json()
    assert container["status"] == "running" and container["memory_limit"] == "4g"
    assert container["expires_after"] == {"anchor": "last_active_at", "minutes": 20}
    base = f"/v1/containers/{container['id']}/files"
    multipart = http.post(base, headers=AUTH, files={"file": ("notes.txt", b"hello")}).json()
    assert multipart["path"] == "/mnt/data/notes.txt" and multipart["bytes"] == 5
    copied = http.post(base, headers=AUTH, json={"file_id": uploaded["id"]}).json()
    assert copied["path"] == "/mnt/data/data.bin" and copied["source"] == "user"
    assert http.get(f"{base}/{copied['id']}/content", headers=AUTH).content == PAYLOAD
    listed = http.get(base, headers=AUTH).json()["data"]
    assert sorted(f["path"] for f in listed) == ["/mnt/data/data.bin", "/mnt/data/notes.txt"]
    assert http.delete(f"{base}/{multipart['id']}", headers=AUTH).status_code == 200
    assert http.get(f"{base}/{multipart['id']}", headers=AUTH).status_code == 404


def test_expiry_listing_and_delete(mock: MockServer, http: httpx.Client) -> None:
    body = {"name": "short", "expires_after": {"anchor": "last_active_at", "minutes": 1}}
    first = http.post("/v1/containers", headers=AUTH, json=body).json()
    second = http.post("/v1/containers", headers=AUTH, json={"name": "other"}).json()
    mock.advance(61)
    assert http.get(f"/v1/containers/{first['id']}", headers=AUTH).json()["status"] == "expired"
    assert http.get(f"/v1/containers/{second['id']}", headers=AUTH).json()["status"] == "running"
    named = http.get("/v1/containers?name=other", headers=AUTH).json()["data"]
    assert [c["id"] for c in named] == [second["id"]]
    page = http.get("/v1/containers?limit=1", headers=AUTH).json()
    assert page["data"][0]["id"] == second["id"] and page["has_more"] is True
    assert http.delete(f"/v1/containers/{first['id']}", headers=AUTH).json()["deleted"] is True
    assert http.get(f"/v1/containers/{first['id']}", headers=AUTH).status_code == 404
    mock.reset()
    assert http.get("/v1/containers", headers=AUTH).json()["data"] == []


def test_create_checks(http: httpx.Client) -> None:
    no_name = http.post("/v1/containers", headers=AUTH, json={})
    assert no_name.status_code == 400 and no_name.json()["error"]["param"] == "name"
    bad = http.post("/v1/containers", headers=AUTH, json={"name": "x", "memory_limit": "2g"})
    assert bad.json()["error"]["param"] == "memory_limit"
