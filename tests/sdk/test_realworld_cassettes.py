"""Replay real recorded OpenAI / Azure OpenAI traffic through the SDK.

Every interaction of ``../shared/realworld-cassettes`` whose operation is in the SDK's first
cut is replayed through ``OpenAI`` (``AzureOpenAI`` for Azure hosts) over an
``httpx.MockTransport`` that answers with the recorded response. The SDK method is called
with the recorded request's arguments, and the test checks three things:

* the request the SDK sent matches the recorded one (method, path, query, body);
* a 2xx response parses into the documented type, and dumping that object gives back the
  recorded JSON (nothing dropped, nothing renamed);
* a 4xx/5xx response raises the documented exception with the error body's fields.

Each case runs lenient and with ``_strict_response_validation=True``. The real service is
the yardstick: where strict validation rejects a real response, the SDK's types are wrong.
"""

from __future__ import annotations

import base64
import inspect
import json
import struct
import typing
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from openai_kit import (
    APIStatusError,
    AuthenticationError,
    AzureOpenAI,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    OpenAI,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from openai_kit.pagination import SyncCursorPage, SyncPage
from openai_kit.types.chat.chat_completion import ChatCompletion
from openai_kit.types.chat.chat_completion_chunk import ChatCompletionChunk
from openai_kit.types.completion import Completion
from openai_kit.types.create_embedding_response import CreateEmbeddingResponse
from openai_kit.types.file_deleted import FileDeleted
from openai_kit.types.file_object import FileObject
from openai_kit.types.model import Model
from openai_kit.types.model_deleted import ModelDeleted
from openai_kit.types.moderation_create_response import ModerationCreateResponse
from tests.support.realworld import (
    DEFAULT_ROOT,
    ROOT,
    MultipartPart,
    RecordedInteraction,
    interactions_or_empty,
    parse_multipart,
    require_cassettes,
)

FIRST_CUT = frozenset(
    {
        "chat.completions.create",
        "completions.create",
        "embeddings.create",
        "models.list",
        "models.retrieve",
        "models.delete",
        "moderations.create",
        "files.create",
        "files.list",
        "files.retrieve",
        "files.delete",
        "files.content",
    }
)

# Operations whose request body is JSON built from keyword arguments.
JSON_CALLS = frozenset(
    {"chat.completions.create", "completions.create", "embeddings.create", "moderations.create"}
)

RESULT_TYPES: dict[str, type[Any]] = {
    "chat.completions.create": ChatCompletion,
    "completions.create": Completion,
    "embeddings.create": CreateEmbeddingResponse,
    "models.retrieve": Model,
    "models.delete": ModelDeleted,
    "moderations.create": ModerationCreateResponse,
    "files.create": FileObject,
    "files.retrieve": FileObject,
    "files.delete": FileDeleted,
}

STREAM_TYPES: dict[str, type[Any]] = {
    "chat.completions.create": ChatCompletionChunk,
    "completions.create": Completion,
}

ERROR_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}

CASES = [x for x in interactions_or_empty() if x.operation in FIRST_CUT]


def _case_params() -> list[Any]:
    if not CASES:
        return [pytest.param(None, id="no-cassettes")]
    return [pytest.param(x, id=x.id) for x in CASES]


# --------------------------------------------------------------------------------------------
# Replay plumbing
# --------------------------------------------------------------------------------------------


class Replay:
    """A client wired to a transport that answers every request with one recorded response."""

    def __init__(self, interaction: RecordedInteraction, *, strict: bool) -> None:
        self.interaction = interaction
        self.sent: list[httpx.Request] = []
        recorded = interaction.response

        def handler(request: httpx.Request) -> httpx.Response:
            request.read()
            self.sent.append(request)
            return httpx.Response(
                recorded.status, headers=list(recorded.headers), content=recorded.body
            )

        self.http_client = httpx.Client(transport=httpx.MockTransport(handler))
        host = interaction.request.host
        self.client: OpenAI
        if interaction.is_azure:
            self.client = AzureOpenAI(
                api_key="azure-test-key",
                azure_endpoint=f"https://{host}",
                azure_deployment=interaction.azure_deployment,
                api_version=interaction.api_version or "2024-10-21",
                http_client=self.http_client,
                max_retries=0,
                _strict_response_validation=strict,
            )
        else:
            self.client = OpenAI(
                api_key="sk-test",
                base_url=f"https://{host}/v1",
                http_client=self.http_client,
                max_retries=0,
                _strict_response_validation=strict,
            )

    def close(self) -> None:
        self.client.close()
        self.http_client.close()

    @property
    def request(self) -> httpx.Request:
        assert len(self.sent) == 1, f"expected one request, the SDK sent {len(self.sent)}"
        return self.sent[0]


def _accepted_params(method: Callable[..., Any]) -> set[str]:
    """Keyword names ``method`` takes, explicit ones and those of a ``**params: Unpack[TD]``."""
    names: set[str] = set()
    for param in inspect.signature(method, eval_str=True).parameters.values():
        if param.kind is inspect.Parameter.VAR_KEYWORD:
            (typed_dict,) = typing.get_args(param.annotation)
            names |= typed_dict.__required_keys__ | typed_dict.__optional_keys__
        elif param.kind is not inspect.Parameter.VAR_POSITIONAL:
            names.add(param.name)
    return names - {"extra_headers", "extra_query", "extra_body", "timeout"}


def _split_kwargs(method: Callable[..., Any], body: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments for ``method``: known parameters directly, the rest as extra_body."""
    accepted = _accepted_params(method)
    kwargs = {k: v for k, v in body.items() if k in accepted}
    extra = {k: v for k, v in body.items() if k not in accepted}
    if extra:
        kwargs["extra_body"] = extra
    return kwargs


def _path_id(interaction: RecordedInteraction, from_end: int) -> str:
    segments = interaction.request.normalized_path.rstrip("/").split("/")
    return unquote(segments[-from_end])


def _file_upload_kwargs(interaction: RecordedInteraction) -> dict[str, Any]:
    request = interaction.request
    assert request.is_multipart, "files.create is recorded as a multipart upload"
    kwargs: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for part in parse_multipart(request.body, request.content_type or ""):
        if part.name == "file":
            kwargs["file"] = (part.filename, part.data, part.content_type)
        elif part.name == "purpose":
            kwargs["purpose"] = part.data.decode("utf-8")
        else:
            extra[part.name] = part.data.decode("utf-8")
    if extra:
        kwargs["extra_body"] = extra
    return kwargs


def call_sdk(replay: Replay) -> Any:
    """Call the SDK method the interaction was recorded from, with the recorded arguments."""
    interaction = replay.interaction
    client = replay.client
    request = interaction.request
    operation = interaction.operation
    if operation in JSON_CALLS:
        assert isinstance(request.json, dict), "recorded request body is not a JSON object"
        methods: dict[str, Callable[..., Any]] = {
            "chat.completions.create": client.chat.completions.create,
            "completions.create": client.completions.create,
            "embeddings.create": client.embeddings.create,
            "moderations.create": client.moderations.create,
        }
        method = methods[operation]
        result = method(**_split_kwargs(method, request.json))
        if request.json.get("stream") is True:
            return list(result)
        return result
    if operation == "models.list":
        return client.models.list()
    if operation == "models.retrieve":
        return client.models.retrieve(_path_id(interaction, 1))
    if operation == "models.delete":
        return client.models.delete(_path_id(interaction, 1))
    if operation == "files.create":
        return client.files.create(**_file_upload_kwargs(interaction))
    if operation == "files.list":
        query: dict[str, Any] = {k: int(v) if v.isdigit() else v for k, v in request.params.items()}
        return client.files.list(**query)
    if operation == "files.retrieve":
        return client.files.retrieve(_path_id(interaction, 1))
    if operation == "files.delete":
        return client.files.delete(_path_id(interaction, 1))
    if operation == "files.content":
        return client.files.content(_path_id(interaction, 2))
    raise AssertionError(f"no replay for operation {operation!r}")


# --------------------------------------------------------------------------------------------
# Checks on the request the SDK sent
# --------------------------------------------------------------------------------------------


def _sends_default_base64(interaction: RecordedInteraction) -> bool:
    """embeddings.create without encoding_format asks for base64 (and decodes it back)."""
    body = interaction.request.json
    return (
        interaction.operation == "embeddings.create"
        and isinstance(body, dict)
        and "encoding_format" not in body
    )


def _form_fields(parts: list[MultipartPart]) -> list[tuple[str, str | None, str | None, bytes]]:
    """Form fields in a comparable order; a part's content type counts only for files."""
    fields = [(p.name, p.filename, p.content_type if p.filename else None, p.data) for p in parts]
    return sorted(fields, key=lambda f: (f[0], f[1] or ""))


def assert_request_matches(replay: Replay) -> None:
    interaction = replay.interaction
    recorded = interaction.request
    sent = replay.request
    assert sent.method == recorded.method
    assert unquote(sent.url.path) == unquote(recorded.normalized_path)
    assert dict(sent.url.params) == recorded.params
    assert sent.url.host == recorded.host

    if recorded.is_multipart:
        content_type = sent.headers.get("content-type", "")
        assert content_type.startswith("multipart/form-data")
        expected = _form_fields(parse_multipart(recorded.body, recorded.content_type or ""))
        assert _form_fields(parse_multipart(sent.content, content_type)) == expected
    elif isinstance(recorded.json, dict):
        assert sent.headers.get("content-type", "").startswith("application/json")
        sent_json = json.loads(sent.content)
        if _sends_default_base64(interaction):
            assert sent_json.pop("encoding_format") == "base64"
        assert sent_json == recorded.json
    else:
        assert sent.content == b""


# --------------------------------------------------------------------------------------------
# Checks on the parsed result
# --------------------------------------------------------------------------------------------


def _floats_from_base64(data: str) -> list[float]:
    raw = base64.b64decode(data)
    return list(struct.unpack(f"<{len(raw) // 4}f", raw))


def check_embeddings(interaction: RecordedInteraction, result: Any, body: dict[str, Any]) -> None:
    assert isinstance(result, CreateEmbeddingResponse)
    assert result.model == body["model"]
    assert len(result.data) == len(body["data"])
    for got, want in zip(result.data, body["data"], strict=True):
        assert got.index == want["index"]
        if _sends_default_base64(interaction):
            # The SDK asked for base64 and hands back floats either way.
            expected = want["embedding"]
            if isinstance(expected, str):
                expected = _floats_from_base64(expected)
            assert list(got.embedding) == pytest.approx(expected)
        else:
            assert got.embedding == want["embedding"]
    if "usage" in body:
        assert result.usage.prompt_tokens == body["usage"]["prompt_tokens"]
        assert result.usage.total_tokens == body["usage"]["total_tokens"]
    if not _sends_default_base64(interaction):
        assert result.to_dict(mode="json") == body


def check_chat_completion(result: Any, body: dict[str, Any]) -> None:
    assert isinstance(result, ChatCompletion)
    assert result.id == body["id"]
    assert result.object == "chat.completion"
    assert len(result.choices) == len(body["choices"])
    for got, want in zip(result.choices, body["choices"], strict=True):
        assert got.index == want["index"]
        assert got.finish_reason == want["finish_reason"]
        assert got.message.role == want["message"]["role"]
        assert got.message.content == want["message"].get("content")
        want_calls = want["message"].get("tool_calls") or []
        got_calls = got.message.tool_calls or []
        assert [c.id for c in got_calls] == [c["id"] for c in want_calls]
        assert [c.to_dict(mode="json") for c in got_calls] == want_calls
    if body.get("usage") is not None:
        assert result.usage is not None
        assert result.usage.total_tokens == body["usage"]["total_tokens"]
    if "prompt_filter_results" in body:  # Azure's extra field is kept
        assert result.to_dict()["prompt_filter_results"] == body["prompt_filter_results"]


def check_stream(interaction: RecordedInteraction, result: Any) -> None:
    events = [json.loads(d) for d in interaction.response.sse_data() if d != "[DONE]"]
    chunk_type = STREAM_TYPES[interaction.operation or ""]
    assert isinstance(result, list)
    assert len(result) == len(events)
    for chunk, event in zip(result, events, strict=True):
        assert isinstance(chunk, chunk_type)
        assert chunk.id == event.get("id")
        assert chunk.to_dict(mode="json") == event
    if chunk_type is ChatCompletionChunk:
        text = "".join(choice.delta.content or "" for chunk in result for choice in chunk.choices)
        want = "".join(
            (choice.get("delta") or {}).get("content") or ""
            for event in events
            for choice in event.get("choices") or []
        )
        assert text == want


def check_page(result: Any, body: dict[str, Any], item_type: type[Any]) -> None:
    assert isinstance(result, (SyncPage, SyncCursorPage))
    assert [item.id for item in result.data] == [item["id"] for item in body["data"]]
    assert all(isinstance(item, item_type) for item in result.data)
    assert [item.to_dict(mode="json") for item in result.data] == body["data"]


def check_result(interaction: RecordedInteraction, result: Any) -> None:
    operation = interaction.operation or ""
    response = interaction.response
    recorded_json = interaction.request.json
    if isinstance(recorded_json, dict) and recorded_json.get("stream") is True:
        assert response.is_sse, "a streamed call was answered with a non-SSE body"
        check_stream(interaction, result)
        return
    if operation == "files.content":
        assert result.content == response.body
        return
    body = response.json()
    if operation == "models.list":
        check_page(result, body, Model)
        return
    if operation == "files.list":
        check_page(result, body, FileObject)
        return
    if operation == "embeddings.create":
        check_embeddings(interaction, result, body)
        return
    expected_type = RESULT_TYPES[operation]
    assert isinstance(result, expected_type), f"got {type(result).__name__}"
    if operation == "chat.completions.create":
        check_chat_completion(result, body)
    elif operation == "completions.create":
        assert result.id == body["id"]
        assert [c.text for c in result.choices] == [c["text"] for c in body["choices"]]
    elif operation == "moderations.create":
        assert result.id == body["id"]
        assert [r.flagged for r in result.results] == [r["flagged"] for r in body["results"]]
    elif operation in ("models.retrieve", "files.create", "files.retrieve"):
        assert result.id == body["id"]
        assert result.object == body["object"]
    elif operation in ("models.delete", "files.delete"):
        assert result.id == body["id"]
        assert result.deleted is body["deleted"]
    assert result.to_dict(mode="json") == body


def check_error(interaction: RecordedInteraction, exc: APIStatusError) -> None:
    response = interaction.response
    status = response.status
    expected_cls = ERROR_CLASSES.get(status, InternalServerError if status >= 500 else None)
    if expected_cls is not None:
        assert type(exc) is expected_cls
    assert exc.status_code == status
    assert exc.request_id == response.header("x-request-id")
    try:
        body: Any = response.json()
    except ValueError:  # not JSON (a gateway's HTML page, say): the text is the body
        body = response.text.strip()
    error = body.get("error", body) if isinstance(body, dict) else body
    assert exc.body == error
    if isinstance(error, dict):
        assert exc.code == error.get("code")
        assert exc.param == error.get("param")
        assert exc.type == error.get("type")


# --------------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("interaction", _case_params())
def test_replay_recorded_interaction(interaction: RecordedInteraction | None, strict: bool) -> None:
    require_cassettes()
    assert interaction is not None
    if not interaction.response.decoded:
        pytest.skip(
            f"body is {interaction.response.recorded_encoding}-encoded and no decoder for it "
            "is installed"
        )
    replay = Replay(interaction, strict=strict)
    try:
        if interaction.response.status >= 400:
            with pytest.raises(APIStatusError) as caught:
                call_sdk(replay)
            check_error(interaction, caught.value)
        else:
            result = call_sdk(replay)
            check_result(interaction, result)
        assert_request_matches(replay)
    finally:
        replay.close()


def test_first_cut_is_covered() -> None:
    """The folder exercises every family of the first cut, errors and streams included."""
    require_cassettes()
    if ROOT != DEFAULT_ROOT:
        pytest.skip("coverage is asserted for the shared set A only")
    operations = {x.operation for x in CASES}
    assert {
        "chat.completions.create",
        "completions.create",
        "embeddings.create",
        "models.list",
        "models.retrieve",
        "models.delete",
        "moderations.create",
        "files.create",
        "files.retrieve",
        "files.delete",
        "files.content",
    } <= operations
    assert any(x.response.is_sse for x in CASES)
    assert any(x.is_azure for x in CASES)
    assert {x.response.status for x in CASES} >= {200, 400, 401, 404}
