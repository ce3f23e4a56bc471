"""Tests of the real-world cassette loader (tests/support/realworld.py)."""

from __future__ import annotations

import gzip
import json
import sys
import types
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import realworld
from tests.support.realworld import (
    ManifestEntry,
    RecordedInteraction,
    load_all,
    load_cassette,
    load_manifest,
    operation_for,
    parse_multipart,
    require_cassettes,
)

# --------------------------------------------------------------------------------------------
# The shared folder
# --------------------------------------------------------------------------------------------


@pytest.fixture
def interactions() -> tuple[RecordedInteraction, ...]:
    require_cassettes()
    return load_all()


def test_every_manifest_interaction_is_loaded(
    interactions: tuple[RecordedInteraction, ...],
) -> None:
    manifest = load_manifest()
    assert len(interactions) == sum(len(entry.interactions) for entry in manifest)
    per_file = Counter(x.local_path for x in interactions)
    assert per_file == {e.local_path: len(e.interactions) for e in manifest}


def test_interactions_agree_with_the_manifest(
    interactions: tuple[RecordedInteraction, ...],
) -> None:
    for x in interactions:
        facts = x.manifest.interactions[x.index]
        assert x.request.method == facts.method, x.id
        assert x.request.host == facts.host, x.id
        assert x.request.path == facts.path, x.id
        assert x.request.params == dict(
            pair.split("=", 1) for pair in facts.query.lstrip("?").split("&") if pair
        ), x.id
        assert x.response.status == facts.status, x.id
        assert x.response.is_sse == facts.sse, x.id
        assert x.source.is_file()


def test_ids_are_unique_and_shaped(interactions: tuple[RecordedInteraction, ...]) -> None:
    ids = [x.id for x in interactions]
    assert len(set(ids)) == len(ids)
    assert "pydantic-ai/test_valid_response#0" in ids
    assert "dd-trace-py/azure_chat_completion#0" in ids


def test_all_four_dialects_are_present(interactions: tuple[RecordedInteraction, ...]) -> None:
    forms = Counter(x.response.body_form for x in interactions)
    assert set(forms) == {"string", "binary", "parsed_body", "httpx_content"}
    assert forms["httpx_content"] == 17
    assert forms["parsed_body"] == 47


def test_bodies_are_decoded(interactions: tuple[RecordedInteraction, ...]) -> None:
    for x in interactions:
        response = x.response
        assert response.decoded, x.id
        assert response.header("content-encoding") is None, x.id
        length = response.header("content-length")
        assert length is None or int(length) == len(response.body), x.id
        if response.is_sse:
            assert response.sse_data(), x.id
        elif "json" in (response.content_type or ""):
            assert isinstance(response.json(), dict), x.id


def test_gzip_binary_and_legacy_gzip_header(interactions: tuple[RecordedInteraction, ...]) -> None:
    by_id = {x.id: x for x in interactions}
    binary = by_id["llm/test_tool_use_chain_of_two_calls#0"].response
    assert (binary.body_form, binary.recorded_encoding) == ("binary", "gzip")
    assert binary.json()["object"] == "chat.completion"
    assert binary.header("content-type") == "application/json"
    assert any(k.lower() == "content-encoding" for k, _ in binary.recorded_headers)

    legacy = by_id["dd-trace-py/model_list#0"].response
    assert (legacy.body_form, legacy.recorded_encoding) == ("httpx_content", "gzip")
    assert legacy.reason == "OK"
    assert legacy.json()["object"] == "list"

    stream = by_id["dd-trace-py/chat_completion_streamed#0"].response
    assert stream.is_sse  # announced as application/json, but the body is SSE
    assert stream.sse_data()[-1] == "[DONE]"


def test_parsed_body_is_reserialised(interactions: tuple[RecordedInteraction, ...]) -> None:
    by_id = {x.id: x for x in interactions}
    x = by_id["pydantic-ai/test_valid_response#0"]
    assert x.request.body_form == "parsed_body"
    assert json.loads(x.request.body) == x.request.json
    assert x.request.json["model"] == "gpt-4o"
    assert (
        x.response.json()["choices"][0]["message"]["content"] == "The capital of France is Paris."
    )
    assert x.response.header("content-length") is None  # the re-serialised body is shorter


def test_azure_interactions(interactions: tuple[RecordedInteraction, ...]) -> None:
    azure = {x.id: x for x in interactions if x.is_azure}
    chat = azure["dd-trace-py/azure_chat_completion#0"]
    assert chat.request.path.startswith("//openai/")
    assert chat.request.normalized_path == "/openai/deployments/test-openai/chat/completions"
    assert (chat.azure_deployment, chat.api_version) == ("test-openai", "2023-07-01-preview")
    assert chat.operation == "chat.completions.create"
    assert azure["dd-trace-py/azure_embedding#0"].operation == "embeddings.create"
    v1 = next(x for x in azure.values() if x.request.path == "/openai/v1/responses")
    assert (v1.operation, v1.azure_deployment) == ("responses.create", None)


def test_operations_of_the_folder(interactions: tuple[RecordedInteraction, ...]) -> None:
    assert all(x.operation is not None for x in interactions)
    operations = Counter(x.operation for x in interactions)
    assert operations["chat.completions.create"] == 35
    assert operations["files.content"] == 1
    assert operations["audio.speech.create"] == 1


def test_recorded_uploads_parse(interactions: tuple[RecordedInteraction, ...]) -> None:
    uploads = [x for x in interactions if x.request.is_multipart]
    assert len(uploads) == 3
    for x in uploads:
        parts = parse_multipart(x.request.body, x.request.content_type or "")
        names = {p.name for p in parts}
        assert "file" in names, x.id
        (file_part,) = [p for p in parts if p.name == "file"]
        assert file_part.filename
        assert file_part.data


def test_no_credentials_in_requests(interactions: tuple[RecordedInteraction, ...]) -> None:
    for x in interactions:
        names = {k.lower() for k, _ in x.request.headers}
        assert not names & {"authorization", "api-key"}, x.id


# --------------------------------------------------------------------------------------------
# operation_for
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    [
        ("POST", "/v1/chat/completions", "chat.completions.create"),
        ("post", "/v1/chat/completions/", "chat.completions.create"),
        ("POST", "/openai/deployments/gpt-4o/chat/completions", "chat.completions.create"),
        ("POST", "//openai/deployments/d/embeddings?api-version=1", "embeddings.create"),
        ("POST", "/openai/deployments/d/completions", "completions.create"),
        ("POST", "/openai/v1/responses", "responses.create"),
        ("GET", "/openai/files", "files.list"),
        ("GET", "/openai/models/gpt-4o", "models.retrieve"),
        ("GET", "/v1/models", "models.list"),
        ("DELETE", "/v1/models/ft:gpt-4o:org:x:1", "models.delete"),
        ("POST", "/v1/moderations", "moderations.create"),
        ("POST", "/v1/files", "files.create"),
        ("GET", "/v1/files/file-1", "files.retrieve"),
        ("DELETE", "/v1/files/file-1", "files.delete"),
        ("GET", "/v1/files/file-1/content", "files.content"),
        ("GET", "/v1/responses/resp_1", "responses.retrieve"),
        ("POST", "/v1/vector_stores/vs_1/files", "vector_stores.files.create"),
        ("POST", "/v1/images/generations", "images.generate"),
        ("POST", "/v1/audio/transcriptions", "audio.transcriptions.create"),
        ("POST", "/v1/threads/thread_1/runs", "beta.threads.runs.create"),
        ("POST", "/v1/realtime/client_secrets", "realtime.client_secrets.create"),
        ("GET", "/v1/chat/completions/c_1/messages", "chat.completions.messages.list"),
        ("PUT", "/v1/chat/completions", None),
        ("GET", "/v1/no/such/route", None),
    ],
)
def test_operation_for(method: str, path: str, operation: str | None) -> None:
    assert operation_for(method, path) == operation


# --------------------------------------------------------------------------------------------
# Synthetic cassettes: each dialect and encoding, written to tmp_path
# --------------------------------------------------------------------------------------------

_ENTRY = ManifestEntry(
    repo="example/repo",
    path="x.yaml",
    commit="0" * 40,
    license="MIT",
    local_path="example/x.yaml",
    interactions=(),
    tags=(),
)


def _load(tmp_path: Path, response: dict[str, Any], request: dict[str, Any] | None = None) -> Any:
    document = {
        "interactions": [
            {
                "request": request
                or {
                    "body": '{"model":"m","input":"hi"}',
                    "headers": {"content-type": ["application/json"]},
                    "method": "POST",
                    "uri": "https://api.openai.com/v1/embeddings",
                },
                "response": response,
            }
        ],
        "version": 1,
    }
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    (interaction,) = load_cassette(path, _ENTRY)
    return interaction


_JSON = b'{"object":"list","created":"2024-01-02"}'


def test_synthetic_string_body(tmp_path: Path) -> None:
    x = _load(
        tmp_path,
        {
            "body": {"string": _JSON.decode()},
            "headers": {"Content-Type": ["application/json"], "Content-Length": [str(len(_JSON))]},
            "status": {"code": 200, "message": "OK"},
        },
    )
    assert x.id == "example/x#0"
    assert x.operation == "embeddings.create"
    assert x.request.json == {"model": "m", "input": "hi"}
    assert x.response.body == _JSON
    assert x.response.header("content-length") == str(len(_JSON))  # still true: kept


def test_synthetic_gzip_binary(tmp_path: Path) -> None:
    x = _load(
        tmp_path,
        {
            "body": {"string": gzip.compress(_JSON)},
            "headers": {"Content-Encoding": ["gzip"], "Content-Length": ["99"]},
            "status": {"code": 200, "message": "OK"},
        },
    )
    assert (x.response.body, x.response.decoded, x.response.body_form) == (_JSON, True, "binary")
    assert x.response.headers == ()


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS])
def test_synthetic_deflate(tmp_path: Path, wbits: int) -> None:
    packer = zlib.compressobj(wbits=wbits)
    packed = packer.compress(_JSON) + packer.flush()
    x = _load(
        tmp_path,
        {
            "body": {"string": packed},
            "headers": {"content-encoding": ["deflate"]},
            "status": {"code": 200, "message": "OK"},
        },
    )
    assert x.response.body == _JSON


def test_synthetic_br_with_a_decoder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.SimpleNamespace(decompress=lambda data: _JSON if data == b"\x8b\x01br" else b"")
    monkeypatch.setitem(sys.modules, "brotli", fake)
    x = _load(
        tmp_path,
        {
            "body": {"string": b"\x8b\x01br"},
            "headers": {"content-encoding": ["br"]},
            "status": {"code": 200, "message": "OK"},
        },
    )
    assert (x.response.body, x.response.decoded) == (_JSON, True)
    assert x.response.header("content-encoding") is None


def test_synthetic_br_without_a_decoder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "brotli", None)
    monkeypatch.setitem(sys.modules, "brotlicffi", None)
    x = _load(
        tmp_path,
        {
            "body": {"string": b"\x8b\xff\x00br"},
            "headers": {"content-encoding": ["br"]},
            "status": {"code": 200, "message": "OK"},
        },
    )
    assert (x.response.body, x.response.decoded, x.response.is_sse) == (
        b"\x8b\xff\x00br",
        False,
        False,
    )
    assert x.response.header("content-encoding") == "br"


def test_synthetic_legacy_httpx_stub(tmp_path: Path) -> None:
    x = _load(
        tmp_path,
        {
            "content": _JSON.decode(),
            "headers": {"Content-Encoding": ["gzip"], "Content-Type": ["application/json"]},
            "http_version": "HTTP/1.1",
            "status_code": 404,
        },
    )
    assert (x.response.status, x.response.reason) == (404, "Not Found")
    assert (x.response.body, x.response.body_form) == (_JSON, "httpx_content")
    assert x.response.headers == (("Content-Type", "application/json"),)


_PARSED_BODY_CASSETTE = """\
interactions:
- request:
    headers: {}
    method: POST
    parsed_body:
      input: [a]
      model: m
      n: 1.5
    uri: https://example.openai.azure.com/openai/deployments/e/embeddings?api-version=v
  response:
    headers:
      content-length: ['9']
    parsed_body:
      day: 2024-01-02
    status:
      code: 200
      message: OK
version: 1
"""


def test_synthetic_parsed_body_keeps_date_strings(tmp_path: Path) -> None:
    path = tmp_path / "y.yaml"
    path.write_text(_PARSED_BODY_CASSETTE, encoding="utf-8")
    (x,) = load_cassette(path, _ENTRY)
    assert x.request.json == {"model": "m", "input": ["a"], "n": 1.5}
    assert x.request.body_form == "parsed_body"
    # An unquoted date-like scalar stays a string, as the JSON had it.
    assert x.response.json() == {"day": "2024-01-02"}
    assert x.response.header("content-length") is None
    assert (x.azure_deployment, x.api_version, x.is_azure) == ("e", "v", True)
    assert x.operation == "embeddings.create"


def test_synthetic_sse_sniffed(tmp_path: Path) -> None:
    sse = 'event: response.created\ndata: {"a": 1}\n\ndata: {"b":\ndata: 2}\n\ndata: [DONE]\n\n'
    x = _load(
        tmp_path,
        {"body": {"string": sse}, "headers": {}, "status": {"code": 200, "message": "OK"}},
    )
    assert x.response.is_sse
    assert x.response.sse_data() == ['{"a": 1}', '{"b":\n2}', "[DONE]"]


def test_unreadable_cassette(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("interactions:\n- request: {}\n  response: {}\n", encoding="utf-8")
    with pytest.raises(realworld.UnreadableCassetteError, match="interaction 0"):
        load_cassette(path, _ENTRY)


def test_require_cassettes_skips_when_absent(tmp_path: Path) -> None:
    with pytest.raises(pytest.skip.Exception):
        require_cassettes(tmp_path / "missing")
    assert realworld.interactions_or_empty(tmp_path / "missing") == ()


def test_parse_multipart() -> None:
    body = (
        b'--b1\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n'
        b'--b1\r\nContent-Disposition: form-data; name="file"; filename="a b.jsonl"\r\n'
        b"Content-Type: application/jsonl\r\n\r\n{}\r\n\r\n--b1--\r\n"
    )
    purpose, file = parse_multipart(body, 'multipart/form-data; boundary="b1"')
    assert (purpose.name, purpose.filename, purpose.data) == ("purpose", None, b"batch")
    assert (file.name, file.filename, file.content_type) == (
        "file",
        "a b.jsonl",
        "application/jsonl",
    )
    assert file.data == b"{}\r\n"
    with pytest.raises(ValueError, match="boundary"):
        parse_multipart(body, "multipart/form-data")
