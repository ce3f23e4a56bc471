"""The cassette file format: vcrpy ``version: 1``, written diffable, read in every dialect."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

import httpx
import openai
import pytest
import vcr
import yaml
from vcr.serialize import deserialize as vcr_deserialize
from vcr.serializers import yamlserializer

from openai_kit.pytest_plugin._cassette import Cassette, RecordMode
from openai_kit.pytest_plugin._model import Interaction, RecordedRequest, RecordedResponse
from openai_kit.pytest_plugin._serialize import (
    STABLE_BOUNDARY,
    CassetteFormatError,
    decode_content,
    dump_cassette,
    parse_cassette,
    stable_multipart,
    write_cassette,
)

URL = "https://api.openai.com/v1/chat/completions"
JSON_HEADERS = (("content-type", "application/json"),)
SSE_HEADERS = (("content-type", "text/event-stream; charset=utf-8"),)
CHAT_REQUEST = b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}'
CHAT_RESPONSE = json.dumps(
    {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1750000000,
        "model": "gpt-4o-mini",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Héllo — hi"},
                "finish_reason": "stop",
            }
        ],
    }
).encode()
SSE_BODY = (
    b'data: {"id":"c","choices":[{"index":0,"delta":{"content":"He"}}]}\n\n'
    b'data: {"id":"c","choices":[{"index":0,"delta":{"content":"llo"}}]}\n\n'
    b"data: [DONE]\n\n"
)


def interaction(
    request_body: bytes = CHAT_REQUEST,
    response_body: bytes = CHAT_RESPONSE,
    response_headers: tuple[tuple[str, str], ...] = JSON_HEADERS,
) -> Interaction:
    return Interaction(
        RecordedRequest("POST", URL, JSON_HEADERS, request_body),
        RecordedResponse(200, "OK", response_headers, response_body),
    )


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def test_written_layout_is_vcrpy_version_1() -> None:
    text = dump_cassette([interaction()])
    assert text.startswith("version: 1\ninteractions:\n- request:\n    method: POST\n")
    data = yaml.safe_load(text)
    assert list(data) == ["version", "interactions"]
    (item,) = data["interactions"]
    assert list(item["request"]) == ["method", "uri", "body", "headers"]
    assert list(item["response"]) == ["status", "headers", "body"]
    assert item["response"]["status"] == {"code": 200, "message": "OK"}
    assert item["request"]["headers"] == {"content-type": ["application/json"]}
    assert set(item["response"]["body"]) == {"string"}


def test_json_bodies_are_indented_literal_blocks() -> None:
    text = dump_cassette([interaction()])
    assert '    body: |-\n      {\n        "model": "gpt-4o-mini",\n' in text
    assert '      string: |-\n        {\n          "id": "chatcmpl-1",\n' in text
    assert '"content": "Héllo — hi"' in text  # readable, not \\u-escaped


def test_sse_bodies_keep_one_event_per_block() -> None:
    text = dump_cassette([interaction(response_body=SSE_BODY, response_headers=SSE_HEADERS)])
    assert (
        "      string: |+\n"
        '        data: {"id":"c","choices":[{"index":0,"delta":{"content":"He"}}]}\n'
        "\n"
        '        data: {"id":"c","choices":[{"index":0,"delta":{"content":"llo"}}]}\n'
        "\n"
        "        data: [DONE]\n"
    ) in text
    (back,) = parse_cassette(text)
    assert back.response.body == SSE_BODY


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\n",
        b"plain",
        b"  leading spaces\nand lines\n\n\n",
        b"trailing spaces   \nnext",
        b"tab\there\n",
        b"crlf\r\nlines\r\n",
        "unicode \u00e9 \u2028 line separator\n".encode(),
        b"control \x01 char\n",
        b'{"not": "closed"\n',
        b'{"n": NaN}',
        b"[1, 2,\n 3]",
        b"yes",
        b"null",
        b"- a\n- b",
        b"\xff\xfe binary \x00",
    ],
)
def test_bodies_round_trip(body: bytes) -> None:
    plain = (("content-type", "text/plain"),)
    (back,) = parse_cassette(dump_cassette([interaction(body, body, plain)]))
    if body[:1] == b"[":  # JSON: re-indented, same data
        assert json.loads(back.request.body) == json.loads(body)
    else:
        assert back.request.body == body
        assert back.response.body == body


def test_empty_request_body_is_null() -> None:
    data = yaml.safe_load(dump_cassette([interaction(request_body=b"")]))
    assert data["interactions"][0]["request"]["body"] is None


def test_write_is_atomic_and_creates_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "c.yaml"
    write_cassette(path, [interaction()])
    write_cassette(path, [interaction(), interaction()])
    assert [p.name for p in path.parent.iterdir()] == ["c.yaml"]
    assert len(parse_cassette(path.read_bytes())) == 2


# --------------------------------------------------------------------------------------------
# vcrpy reads what openai-kit writes
# --------------------------------------------------------------------------------------------


def test_vcrpy_deserializes_our_files() -> None:
    text = dump_cassette([interaction(), interaction(SSE_BODY, SSE_BODY, SSE_HEADERS)])
    requests, responses = vcr_deserialize(text, yamlserializer)[:2]
    assert [r.uri for r in requests] == [URL, URL]
    assert json.loads(requests[0].body) == json.loads(CHAT_REQUEST)
    assert responses[1]["body"]["string"] == SSE_BODY
    assert responses[0]["status"] == {"code": 200, "message": "OK"}


def test_vcrpy_replays_a_cassette_recorded_by_openai_kit(tmp_path: Path) -> None:
    from openai_kit.mockserver import MockServer

    mock = MockServer(seed=1)
    path = tmp_path / "shared.yaml"
    messages = [{"role": "user", "content": "Hi"}]
    with Cassette.open(path, record_mode=RecordMode.ALL) as cassette:
        client = openai.OpenAI(
            api_key="sk-test",
            http_client=httpx.Client(transport=cassette.wrap_sync(mock.transport())),
        )
        recorded = client.chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
    with vcr.use_cassette(str(path), record_mode="none"):
        replayed = openai.OpenAI(api_key="sk-test").chat.completions.create(
            model="gpt-4o-mini",
            messages=messages,  # type: ignore[arg-type]
        )
    assert replayed == recorded


# --------------------------------------------------------------------------------------------
# Dialects found in real projects' cassettes
# --------------------------------------------------------------------------------------------


def test_binary_gzip_bodies_are_decoded_and_their_headers_dropped() -> None:
    packed = base64.encodebytes(gzip.compress(CHAT_RESPONSE)).decode()
    text = (
        "interactions:\n- request:\n    body: '{\"a\": 1}'\n    headers: {}\n    method: POST\n"
        f"    uri: {URL}\n  response:\n    body:\n      string: !!binary |\n"
        + "".join(f"        {line}\n" for line in packed.splitlines())
        + "    headers:\n      Content-Encoding:\n      - gzip\n      Content-Length:\n      - '99'\n"
        "      Content-Type:\n      - application/json\n    status:\n      code: 200\n"
        "      message: OK\nversion: 1\n"
    )
    (item,) = parse_cassette(text)
    assert item.response.body == CHAT_RESPONSE
    assert item.response.headers == (("Content-Type", "application/json"),)
    assert item.request.body == b'{"a": 1}'


def test_parsed_body_mappings_become_json() -> None:
    text = f"""
interactions:
- request:
    headers:
      content-type:
      - application/json
    method: POST
    parsed_body:
      model: gpt-4o
      messages:
      - content: What is the capital of France?
        role: user
      stream: false
    uri: {URL}
  response:
    headers:
      content-type:
      - application/json
    parsed_body:
      id: chatcmpl-1
      created_at: 2024-05-01T10:00:00Z
      choices: []
    status:
      code: 200
      message: OK
version: 1
"""
    (item,) = parse_cassette(text)
    assert json.loads(item.request.body) == {
        "model": "gpt-4o",
        "messages": [{"content": "What is the capital of France?", "role": "user"}],
        "stream": False,
    }
    assert json.loads(item.response.body) == {
        "id": "chatcmpl-1",
        "created_at": "2024-05-01T10:00:00+00:00",
        "choices": [],
    }


def test_legacy_httpx_content_form_with_a_stale_gzip_header() -> None:
    text = """
interactions:
- request:
    body: null
    headers:
      accept:
      - application/json
    method: GET
    uri: https://api.openai.com/v1/models/curie
  response:
    content: '{"id": "curie", "object": "model"}'
    headers:
      content-encoding:
      - gzip
      Content-Type:
      - application/json
    http_version: HTTP/1.1
    status_code: 200
version: 1
"""
    (item,) = parse_cassette(text)
    assert item.response.status == 200
    assert item.response.reason == "OK"
    assert json.loads(item.response.body) == {"id": "curie", "object": "model"}
    assert item.response.headers == (("Content-Type", "application/json"),)
    assert item.request.body == b""
    assert URL not in item.request.uri


def test_odd_but_valid_shapes() -> None:
    text = f"""
interactions:
- request:
    body: !!python/object/new:_io.BytesIO
      state: !!python/tuple ['{{"x": 1}}', 0, null]
    headers:
      X-Single: scalar
    method: post
    uri: {URL}
  response:
    body: {{string: ''}}
    headers: null
    status: {{code: 599, message: null}}
version: 1
"""
    (item,) = parse_cassette(text)
    assert item.request.method == "POST"
    assert item.request.body == b'{"x": 1}'
    assert item.request.headers == (("X-Single", "scalar"),)
    assert (item.response.status, item.response.reason, item.response.body) == (599, "", b"")
    assert parse_cassette("") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 2\ninteractions: []\n", "format version 2"),
        ("- just\n- a list\n", "expected a mapping"),
        ("interactions: {}\n", "expected a mapping"),
        ("interactions:\n- 3\n", "interaction 0: expected a mapping"),
        ("interactions:\n- request: {method: GET}\n  response: {}\n", "needs at least"),
        (f"interactions:\n- request: {{uri: {URL}}}\n  response: {{}}\n", "status"),
        (f"interactions:\n- request: {{uri: {URL}}}\n  response: []\n", "must be a mapping"),
        (f"interactions:\n- request: {{uri: {URL}, headers: [1]}}\n", "headers must be a mapping"),
        ("interactions: [\n", "not readable"),
        ("!!python/object/apply:os.system ['true']\n", "not readable"),
    ],
)
def test_malformed_cassettes_are_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(CassetteFormatError, match=message):
        parse_cassette(text, source="bad.yaml")


def test_open_reports_the_file_of_a_malformed_cassette(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("version: 7\ninteractions: []\n")
    with pytest.raises(CassetteFormatError, match=f"{path}: cassette format version 7"):
        Cassette.open(path, record_mode=RecordMode.NONE)


def test_decode_content_handles_layers_and_mislabels() -> None:
    assert decode_content(gzip.compress(gzip.compress(b"x")), "gzip, gzip") == b"x"
    assert decode_content(b"already plain", "gzip") == b"already plain"
    assert decode_content(b"not deflate", "deflate") == b"not deflate"
    assert decode_content(b"abc", None) == b"abc"
    assert decode_content(b"abc", "x-unknown") is None


def test_multipart_boundaries_are_made_stable() -> None:
    body = (
        b'--abc123\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n--abc123--\r\n'
    )
    headers = (("Content-Type", 'multipart/form-data; boundary="abc123"'), ("x", "abc123"))
    fixed_headers, fixed_body = stable_multipart(headers, body)
    assert fixed_headers == (
        ("Content-Type", f'multipart/form-data; boundary="{STABLE_BOUNDARY}"'),
        ("x", "abc123"),
    )
    assert fixed_body == body.replace(b"--abc123", f"--{STABLE_BOUNDARY}".encode())
    assert stable_multipart(JSON_HEADERS, b"--abc123") == (JSON_HEADERS, b"--abc123")
    clash = body + STABLE_BOUNDARY.encode()
    assert stable_multipart(headers, clash) == (headers, clash)
