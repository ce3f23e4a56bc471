"""Whatever a client sends, the answer is the service's 4xx in JSON, and the server keeps working."""

from __future__ import annotations

import socket

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._strict_json import MAX_DEPTH, dumps_safe, loads
from tests.mockserver.conftest import AUTH

CHAT = "/v1/chat/completions"
JSON = {**AUTH, "content-type": "application/json"}


def chat_body(extra: str = "") -> bytes:
    return (
        b'{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]'
        + extra.encode()
        + b"}"
    )


def assert_not_json(response: httpx.Response) -> None:
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert error["message"].startswith("We could not parse the JSON body of your request.")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 975, 5000, 100_000])
def test_deeply_nested_json_is_a_400(http: httpx.Client, depth: int) -> None:
    nested = b"[" * depth + b"]" * depth
    body = b'{"model": "gpt-4o-mini", "messages": ' + nested + b"}"
    assert_not_json(http.post(CHAT, content=body, headers=JSON))
    deep_object = b'{"a":' * depth + b"1" + b"}" * depth
    assert_not_json(http.post("/v1/embeddings", content=deep_object, headers=JSON))
    assert http.get("/_mock/requests").status_code == 200


def test_nesting_up_to_the_limit_still_parses() -> None:
    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None


@pytest.mark.parametrize(
    "body",
    [
        b'{"model": "gpt-4o-mini\\ud800", "messages": [{"role": "user", "content": "x"}]}',
        b'{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "\\udfff x"}]}',
        b'{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "\\ud83d"}]}',
        b'{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "\xed\xa0\x80"}]}',
    ],
)
def test_a_lone_surrogate_is_a_400_and_the_journal_still_reads(
    http: httpx.Client, body: bytes
) -> None:
    assert_not_json(http.post(CHAT, content=body, headers=JSON))
    assert_not_json(http.post("/v1/embeddings", content=body, headers=JSON))
    listed = http.get("/_mock/requests")
    assert listed.status_code == 200
    assert [e["status"] for e in listed.json()["data"]] == [400, 400]


def test_a_paired_surrogate_escape_is_fine(http: httpx.Client) -> None:
    body = b'{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "\\ud83d\\ude00"}]}'
    assert http.post(CHAT, content=body, headers=JSON).status_code == 200
    assert http.get("/_mock/requests").json()["data"][0]["json"]["messages"][0]["content"] == "😀"


@pytest.mark.parametrize(
    "extra",
    [
        ', "temperature": NaN',
        ', "top_p": Infinity',
        ', "presence_penalty": -Infinity',
        ', "frequency_penalty": 1e400',
        ', "temperature": ' + "1" * 5000,
    ],
)
def test_non_finite_numbers_are_refused(http: httpx.Client, extra: str) -> None:
    assert_not_json(http.post(CHAT, content=chat_body(extra), headers=JSON))
    listed = http.get("/_mock/requests")
    assert listed.status_code == 200
    assert listed.json()["data"][0]["json"] is None


def test_dumps_safe_writes_what_json_cannot() -> None:
    assert dumps_safe({"x": float("nan"), "s": "\ud800"}) == b'{"x":null,"s":"?"}'


def upload(http: httpx.Client, name: str) -> httpx.Response:
    return http.post(
        "/v1/files",
        files={"file": (name, b'{"a": 1}\n', "application/jsonl")},
        data={"purpose": "batch"},
        headers=AUTH,
    )


@pytest.mark.parametrize("name", ["€.jsonl", "日本語 файл.jsonl", "semi;colon 'q'.jsonl"])
def test_any_file_name_downloads(http: httpx.Client, name: str) -> None:
    created = upload(http, name)
    assert created.status_code == 200, created.text
    assert created.json()["filename"] == name
    content = http.get(f"/v1/files/{created.json()['id']}/content", headers=AUTH)
    assert content.status_code == 200
    disposition = content.headers["content-disposition"]
    assert disposition.isascii()
    assert "filename*=UTF-8''" in disposition
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert httpx.QueryParams(f"n={encoded}")["n"] == name


@pytest.mark.parametrize("name", [b"a\nb.jsonl", b"a\x00b.jsonl", b"tab\there.jsonl", b"del\x7f"])
def test_control_characters_in_a_file_name_are_a_400(http: httpx.Client, name: bytes) -> None:
    # written by hand: httpx would percent-escape them
    body = (
        b'--B\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n'
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="' + name + b'"\r\n'
        b"Content-Type: application/jsonl\r\n\r\n{}\n\r\n--B--\r\n"
    )
    headers = {**AUTH, "content-type": "multipart/form-data; boundary=B"}
    response = http.post("/v1/files", content=body, headers=headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_file_name"


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "BREW"])
@pytest.mark.parametrize("path", [CHAT, "/openai/v1/chat/completions", "/nowhere", "/_mock/reset"])
def test_any_method_gets_a_json_error(http: httpx.Client, method: str, path: str) -> None:
    response = http.request(method, path, headers=AUTH)
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("application/json")
    assert "message" in response.json()["error"]


def test_a_body_over_the_limit_is_a_413() -> None:
    mock = MockServer(max_body_bytes=1000)
    with httpx.Client(transport=mock.transport(), base_url="http://mock.test") as http:
        big = chat_body(', "user": "' + "x" * 2000 + '"')
        response = http.post(CHAT, content=big, headers=JSON)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "request_too_large"
        streamed = http.post(CHAT, content=iter([big[:600], big[600:]]), headers=JSON)
        assert streamed.status_code == 413
        azure = http.post(
            "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21",
            content=big,
            headers={"api-key": "k", "content-type": "application/json"},
        )
        assert azure.status_code == 413
        assert http.post(CHAT, content=chat_body(), headers=JSON).status_code == 200
        assert [e.status for e in mock.requests] == [413, 413, 413, 200]


def raw_exchange(url: str, data: bytes) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("http_impl", ["h11", "httptools"])
@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"GET /v1/models HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        b"GET /v1/models HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    ],
)
def test_invalid_http_gets_a_json_400(http_impl: str, request_bytes: bytes) -> None:
    with MockServer().live(http=http_impl) as url:
        answer = raw_exchange(url, request_bytes)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert b"content-type: application/json" in head.lower()
    assert httpx.Response(400, content=body).json()["error"]["type"] == "invalid_request_error"


@pytest.mark.parametrize("target", [b"*", b"http://other.example/v1/models"])
def test_odd_request_targets_get_json(target: bytes) -> None:
    with MockServer().live() as url:
        answer = raw_exchange(
            url, b"OPTIONS " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b" ")[1].startswith(b"4")
    assert "error" in httpx.Response(400, content=body).json()


@pytest.mark.parametrize(
    "spec", ['{"kind": "status", "status": 503, "retry_after": NaN}', "{" * 5000, "status=1e400"]
)
def test_a_bad_fault_header_is_a_400(http: httpx.Client, spec: str) -> None:
    headers = {**JSON, "x-mock-fault": spec}
    response = http.post(CHAT, content=chat_body(), headers=headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_fault"
