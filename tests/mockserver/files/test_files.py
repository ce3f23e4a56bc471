"""Files: upload, expiry, validation, list paging, content, delete, multipart edge cases."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._multipart import parse_form
from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH, NOW


def upload(
    http: httpx.Client, name: str = "train.jsonl", purpose: str = "fine-tune", **data: Any
) -> httpx.Response:
    return http.post(
        "/v1/files",
        files={"file": (name, b'{"prompt": "a"}\n', "application/jsonl")},
        data={"purpose": purpose, **data},
        headers=AUTH,
    )


def test_upload_returns_a_file_object(http: httpx.Client) -> None:
    response = upload(http)
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "object": "file",
        "id": body["id"],
        "purpose": "fine-tune",
        "filename": "train.jsonl",
        "bytes": 16,
        "created_at": NOW,
        "expires_at": None,
        "status": "processed",
        "status_details": None,
    }
    assert body["id"].startswith("file-")


def test_file_ids_are_deterministic_per_seed() -> None:
    def first_id(seed: int) -> str:
        mock = MockServer(seed=seed)
        with httpx.Client(transport=mock.transport(), base_url="http://m") as http:
            return str(upload(http).json()["id"])

    assert first_id(3) == first_id(3) != first_id(4)


def test_expiry_and_batch_default(http: httpx.Client) -> None:
    expiring = upload(
        http, **{"expires_after[anchor]": "created_at", "expires_after[seconds]": "3600"}
    ).json()
    assert expiring["expires_at"] == NOW + 3600
    assert upload(http, purpose="batch").json()["expires_at"] == NOW + 30 * 24 * 3600
    too_short = upload(
        http, **{"expires_after[anchor]": "created_at", "expires_after[seconds]": "10"}
    )
    assert too_short.status_code == 400
    assert too_short.json()["error"]["code"] == "integer_below_min_value"
    bad_anchor = upload(http, **{"expires_after[anchor]": "now", "expires_after[seconds]": "3600"})
    assert bad_anchor.json()["error"]["param"] == "expires_after.anchor"


def test_upload_validation(http: httpx.Client) -> None:
    bad_purpose = upload(http, purpose="training")
    assert bad_purpose.status_code == 400
    assert bad_purpose.json()["error"]["param"] == "purpose"
    assert bad_purpose.json()["error"]["code"] == "invalid_value"
    no_file = http.post(
        "/v1/files", data={"purpose": "batch"}, files={"x": ("a", b"")}, headers=AUTH
    )
    assert no_file.status_code == 400
    assert no_file.json()["error"]["param"] == "file"
    no_purpose = http.post("/v1/files", files={"file": ("a", b"x")}, headers=AUTH)
    assert no_purpose.json()["error"]["param"] == "purpose"
    not_multipart = http.post("/v1/files", json={"purpose": "batch"}, headers=AUTH)
    assert not_multipart.status_code == 400
    assert "multipart/form-data" in not_multipart.json()["error"]["message"]


def test_retrieve_content_delete_and_404(http: httpx.Client) -> None:
    file_id = upload(http, name="notes.txt", purpose="assistants").json()["id"]
    assert http.get(f"/v1/files/{file_id}", headers=AUTH).json()["filename"] == "notes.txt"
    content = http.get(f"/v1/files/{file_id}/content", headers=AUTH)
    assert content.content == b'{"prompt": "a"}\n'
    assert content.headers["content-type"] == "application/octet-stream"
    assert http.delete(f"/v1/files/{file_id}", headers=AUTH).json() == {
        "object": "file",
        "id": file_id,
        "deleted": True,
    }
    for method, path in [
        ("GET", f"/v1/files/{file_id}"),
        ("GET", f"/v1/files/{file_id}/content"),
        ("DELETE", f"/v1/files/{file_id}"),
    ]:
        missing = http.request(method, path, headers=AUTH)
        assert missing.status_code == 404
        assert missing.json()["error"] == {
            "message": f"No such File object: {file_id}",
            "type": "invalid_request_error",
            "param": "id",
            "code": None,
        }


def test_list_pagination_order_and_purpose(http: httpx.Client) -> None:
    ids = [
        upload(http, name=f"f{i}", purpose="batch" if i % 2 else "fine-tune").json()["id"]
        for i in range(5)
    ]
    newest_first = http.get("/v1/files", headers=AUTH).json()
    assert [f["id"] for f in newest_first["data"]] == ids[::-1]
    assert newest_first["has_more"] is False
    assert newest_first["first_id"] == ids[-1]
    assert newest_first["last_id"] == ids[0]

    page = http.get("/v1/files", params={"limit": 2, "order": "asc"}, headers=AUTH).json()
    assert [f["id"] for f in page["data"]] == ids[:2]
    assert page["has_more"] is True
    page = http.get(
        "/v1/files", params={"limit": 2, "order": "asc", "after": page["last_id"]}, headers=AUTH
    ).json()
    assert [f["id"] for f in page["data"]] == ids[2:4]
    page = http.get(
        "/v1/files", params={"limit": 2, "order": "asc", "after": ids[3]}, headers=AUTH
    ).json()
    assert ([f["id"] for f in page["data"]], page["has_more"]) == ([ids[4]], False)

    batch = http.get("/v1/files", params={"purpose": "batch"}, headers=AUTH).json()["data"]
    assert [f["id"] for f in batch] == [ids[3], ids[1]]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"limit": 0}, "integer_below_min_value"),
        ({"limit": 10001}, "integer_above_max_value"),
        ({"limit": "many"}, "invalid_type"),
        ({"order": "up"}, "invalid_value"),
    ],
)
def test_list_parameter_validation(http: httpx.Client, params: dict[str, Any], code: str) -> None:
    response = http.get("/v1/files", params=params, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_files_on_azure_share_the_store(http: httpx.Client) -> None:
    file_id = upload(http).json()["id"]
    q = {"api-version": API_VERSION}
    assert http.get(f"/openai/files/{file_id}", params=q, headers=AZURE_AUTH).status_code == 200
    assert http.get(f"/openai/v1/files/{file_id}", headers=AZURE_AUTH).status_code == 200


def test_multipart_parser_edge_cases() -> None:
    body = (
        b'--b\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n'
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a b.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n--b--\r\n"
    )
    form = parse_form('multipart/form-data; boundary="b"', body)
    assert form["purpose"] == "batch"
    upload_ = form["file"]
    assert not isinstance(upload_, str)
    assert (upload_.filename, upload_.content_type, upload_.data) == (
        "a b.txt",
        "text/plain",
        b"line1\r\nline2",
    )
    for broken in (
        b"--b\r\nno headers--b--",
        b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
    ):
        with pytest.raises(Exception, match="multipart"):
            parse_form("multipart/form-data; boundary=b", broken)


def test_reset_empties_the_backend(mock: MockServer, http: httpx.Client) -> None:
    upload(http)
    tuned = mock.state.add_fine_tuned_model("gpt-4o-mini")
    mock.reset()
    assert http.get("/v1/files", headers=AUTH).json()["data"] == []
    assert http.get(f"/v1/models/{tuned}", headers=AUTH).status_code == 404
