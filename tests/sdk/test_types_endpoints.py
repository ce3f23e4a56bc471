"""Types of the completions, embeddings, models, moderations and files endpoints.

Every 200 response that the real-world cassettes hold for these endpoints
must parse strictly and dump back to the same JSON; newer-API surprises
(unknown enum values, unknown fields) must parse leniently.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
import os
import re
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NotRequired, Required, get_origin, get_type_hints
from urllib.parse import urlsplit

import pydantic
import pytest
from typing_extensions import is_typeddict

from openai_kit._models import BaseModel, validate_json, validate_python
from openai_kit.types.completion import Completion
from openai_kit.types.completion_choice import CompletionChoice, Logprobs
from openai_kit.types.completion_create_params import (
    CompletionCreateParamsBase,
    CompletionCreateParamsNonStreaming,
    CompletionCreateParamsStreaming,
)
from openai_kit.types.create_embedding_response import CreateEmbeddingResponse
from openai_kit.types.embedding import Embedding
from openai_kit.types.embedding_create_params import EmbeddingCreateParams
from openai_kit.types.file_content import FileContent
from openai_kit.types.file_create_params import ExpiresAfter, FileCreateParams
from openai_kit.types.file_deleted import FileDeleted
from openai_kit.types.file_list_params import FileListParams
from openai_kit.types.file_object import FileObject
from openai_kit.types.model import Model
from openai_kit.types.model_deleted import ModelDeleted
from openai_kit.types.moderation import (
    Categories,
    CategoryAppliedInputTypes,
    CategoryScores,
    Moderation,
)
from openai_kit.types.moderation_create_params import ModerationCreateParams
from openai_kit.types.moderation_create_response import ModerationCreateResponse
from openai_kit.types.moderation_image_url_input_param import ModerationImageURLInputParam
from openai_kit.types.moderation_text_input_param import ModerationTextInputParam

_SHARED = Path(
    os.environ.get("OPENAI_KIT_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared")
)
CASSETTES = _SHARED / "realworld-cassettes"
SPEC = _SHARED / "spec" / "openai" / "openapi.yaml"

# -- loading the cassettes -------------------------------------------------------------------


@dataclass(frozen=True)
class Interaction:
    """One recorded request and its decoded response body."""

    file: str
    index: int
    method: str
    uri: str
    status: int
    request_body: str
    body: bytes


def _yaml_load(text: str) -> Any:
    yaml = pytest.importorskip("yaml")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def _response_body(response: dict[str, Any]) -> bytes:
    """The response body in any of the four dialects the cassettes use."""
    if "parsed_body" in response:
        return json.dumps(response["parsed_body"]).encode()
    if "content" in response:  # dd-trace-py's httpx stub: already decoded text
        content = response["content"]
        return content if isinstance(content, bytes) else str(content).encode()
    raw = response["body"]["string"]
    if isinstance(raw, str):
        return raw.encode()
    data = bytes(raw)
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _request_body(request: dict[str, Any]) -> str:
    if "parsed_body" in request:
        return json.dumps(request["parsed_body"])
    body = request.get("body")
    if isinstance(body, dict):
        body = body.get("string")
    if isinstance(body, bytes):
        return body.decode("utf-8", "replace")
    return body or ""


def _status(response: dict[str, Any]) -> int:
    if "status" in response:
        return int(response["status"]["code"])
    return int(response["status_code"])


_ROUTE_HINT = re.compile(rb"/(embeddings|models|moderations|files|completions)\b")


def load_interactions() -> list[Interaction]:
    """Every interaction of every cassette that may touch one of this module's endpoints."""
    found: list[Interaction] = []
    for path in sorted(CASSETTES.rglob("*.yaml")):
        if not _ROUTE_HINT.search(path.read_bytes()):
            continue
        cassette = _yaml_load(path.read_text(encoding="utf-8"))
        for index, item in enumerate(cassette.get("interactions") or []):
            request, response = item["request"], item["response"]
            found.append(
                Interaction(
                    file=str(path.relative_to(CASSETTES)),
                    index=index,
                    method=request["method"].upper(),
                    uri=request["uri"],
                    status=_status(response),
                    request_body=_request_body(request),
                    body=_response_body(response),
                )
            )
    return found


# -- which type each route returns -----------------------------------------------------------

_PREFIX = re.compile(r"^(/openai/deployments/[^/]+|/openai/v1|/openai|/v1)(?=/)")


def operation_of(method: str, uri: str) -> str | None:
    """The SDK operation a recorded request belongs to, if it is one of ours."""
    path = re.sub(r"/{2,}", "/", urlsplit(uri).path)
    rest = _PREFIX.sub("", path, count=1)
    table: list[tuple[str, str, str]] = [
        ("POST", r"/completions", "completions.create"),
        ("POST", r"/embeddings", "embeddings.create"),
        ("GET", r"/models", "models.list"),
        ("GET", r"/models/[^/]+", "models.retrieve"),
        ("DELETE", r"/models/[^/]+", "models.delete"),
        ("POST", r"/moderations", "moderations.create"),
        ("POST", r"/files", "files.create"),
        ("GET", r"/files", "files.list"),
        ("GET", r"/files/[^/]+", "files.retrieve"),
        ("DELETE", r"/files/[^/]+", "files.delete"),
        ("GET", r"/files/[^/]+/content", "files.content"),
    ]
    for verb, pattern, operation in table:
        if method == verb and re.fullmatch(pattern, rest):
            return operation
    return None


def _decode_base64_embeddings(document: dict[str, Any]) -> None:
    """Turn base64 vectors (little-endian float32) into float lists, as the SDK does."""
    for item in document.get("data", []):
        if isinstance(item.get("embedding"), str):
            raw = base64.b64decode(item["embedding"])
            item["embedding"] = list(struct.unpack(f"<{len(raw) // 4}f", raw))


def _parse_single(type_: type[BaseModel]) -> Callable[[Interaction], list[Any]]:
    def parse(it: Interaction) -> list[Any]:
        parsed = validate_json(type_, it.body, strict=True)
        assert parsed.to_dict(mode="json") == json.loads(it.body)
        return [parsed]

    return parse


def _parse_completion(it: Interaction) -> list[Any]:
    text = it.body.decode()
    if not text.lstrip().startswith("data:"):
        return _parse_single(Completion)(it)
    chunks = [line[5:].strip() for line in text.splitlines() if line.startswith("data:")]
    return [validate_json(Completion, c, strict=True) for c in chunks if c != "[DONE]"]


def _parse_embeddings(it: Interaction) -> list[Any]:
    document = json.loads(it.body)
    _decode_base64_embeddings(document)
    parsed = validate_json(CreateEmbeddingResponse, json.dumps(document).encode(), strict=True)
    assert parsed.to_dict(mode="json") == document
    request = json.loads(it.request_body) if it.request_body else {}
    for item in parsed.data:
        assert item.embedding
        assert all(math.isfinite(x) for x in item.embedding)
        if "dimensions" in request:
            assert len(item.embedding) == request["dimensions"]
    return [parsed]


def _parse_page(type_: type[BaseModel]) -> Callable[[Interaction], list[Any]]:
    def parse(it: Interaction) -> list[Any]:
        document = json.loads(it.body)
        assert document["object"] == "list"
        assert isinstance(document["data"], list)
        items = [validate_python(type_, item, strict=True) for item in document["data"]]
        assert [i.to_dict(mode="json") for i in items] == document["data"]
        return list(items)

    return parse


def _parse_file_content(it: Interaction) -> list[Any]:
    content: FileContent = it.body.decode("utf-8")
    return [content]


PARSERS: dict[str, tuple[type[Any], Callable[[Interaction], list[Any]]]] = {
    "completions.create": (Completion, _parse_completion),
    "embeddings.create": (CreateEmbeddingResponse, _parse_embeddings),
    "models.list": (Model, _parse_page(Model)),
    "models.retrieve": (Model, _parse_single(Model)),
    "models.delete": (ModelDeleted, _parse_single(ModelDeleted)),
    "moderations.create": (ModerationCreateResponse, _parse_single(ModerationCreateResponse)),
    "files.create": (FileObject, _parse_single(FileObject)),
    "files.list": (FileObject, _parse_page(FileObject)),
    "files.retrieve": (FileObject, _parse_single(FileObject)),
    "files.delete": (FileDeleted, _parse_single(FileDeleted)),
    "files.content": (str, _parse_file_content),
}


def _cases() -> Iterator[Any]:
    if not CASSETTES.is_dir():
        yield pytest.param(None, marks=pytest.mark.skip(reason=f"{CASSETTES} is absent"))
        return
    for it in load_interactions():
        operation = operation_of(it.method, it.uri)
        if operation is not None and it.status == 200:
            yield pytest.param(it, id=f"{it.file}#{it.index}:{operation}")


CASES = list(_cases())


# -- real responses ---------------------------------------------------------------------------


@pytest.mark.parametrize("interaction", CASES)
def test_real_response_parses_strictly(interaction: Interaction) -> None:
    operation = operation_of(interaction.method, interaction.uri)
    assert operation is not None
    expected_type, parse = PARSERS[operation]
    parsed = parse(interaction)
    assert parsed
    assert all(isinstance(p, expected_type) for p in parsed)


def test_loader_finds_every_interaction_the_manifest_lists() -> None:
    manifest_path = CASSETTES / "manifest.json"
    if not manifest_path.is_file():
        pytest.skip(f"{manifest_path} is absent")
    expected = {
        (record["local_path"], index, operation_of(i["method"], f"https://{i['host']}{i['path']}"))
        for record in json.loads(manifest_path.read_text(encoding="utf-8"))
        for index, i in enumerate(record["interactions"])
        if i["status"] == 200
    }
    found = {(p.values[0].file, p.values[0].index, p.id.rsplit(":", 1)[1]) for p in CASES}
    assert {e for e in expected if e[2] is not None} == found


@pytest.mark.parametrize(
    ("method", "uri", "operation"),
    [
        ("POST", "https://r.azure.com//openai/deployments/d/embeddings?v=1", "embeddings.create"),
        ("POST", "https://r.openai.azure.com/openai/v1/completions", "completions.create"),
        ("POST", "https://api.openai.com/v1/chat/completions", None),
        ("GET", "https://api.openai.com/v1/files/file-1/content", "files.content"),
        ("GET", "https://api.openai.com/v1/vector_stores/vs_1/files", None),
        ("DELETE", "https://api.openai.com/v1/models/ft:gpt-4o:org::id", "models.delete"),
    ],
)
def test_operation_of_routes(method: str, uri: str, operation: str | None) -> None:
    assert operation_of(method, uri) == operation


def test_base64_embedding_decodes_to_floats() -> None:
    vector = [0.5, -1.25, 3.0]
    encoded = base64.b64encode(struct.pack("<3f", *vector)).decode()
    document: dict[str, Any] = {
        "object": "list",
        "data": [{"object": "embedding", "index": 0, "embedding": encoded}],
        "model": "text-embedding-3-small",
        "usage": {"prompt_tokens": 1, "total_tokens": 1},
    }
    _decode_base64_embeddings(document)
    parsed = validate_json(CreateEmbeddingResponse, json.dumps(document), strict=True)
    assert parsed.data[0].embedding == vector
    assert isinstance(parsed.data[0], Embedding)
    assert parsed.usage.total_tokens == 1


# -- leniency -----------------------------------------------------------------------------------


def _completion_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "cmpl-1",
        "object": "text_completion",
        "created": 1700000000,
        "model": "gpt-3.5-turbo-instruct",
        "choices": [{"text": "hi", "index": 0, "logprobs": None, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
    body.update(changes)
    return body


def test_unknown_enum_value_is_lenient_unless_strict() -> None:
    body = _completion_body(
        choices=[{"text": "hi", "index": 0, "logprobs": None, "finish_reason": "tool_budget"}]
    )
    raw = json.dumps(body)
    with pytest.raises(pydantic.ValidationError):
        validate_json(Completion, raw, strict=True)
    parsed = validate_json(Completion, raw, strict=False)
    assert isinstance(parsed, Completion)
    assert isinstance(parsed.choices[0], CompletionChoice)
    finish_reason: object = parsed.choices[0].finish_reason  # what the server sent
    assert finish_reason == "tool_budget"
    assert parsed.choices[0].text == "hi"
    assert parsed.usage is not None
    assert parsed.usage.total_tokens == 2
    assert parsed.to_dict() == body


def test_unknown_fields_are_kept() -> None:
    body = _completion_body(service_tier="flex")
    body["choices"][0]["reasoning"] = {"steps": 3}
    parsed = validate_json(Completion, json.dumps(body), strict=True)
    assert parsed.service_tier == "flex"  # type: ignore[attr-defined]
    assert parsed.choices[0].reasoning == {"steps": 3}  # type: ignore[attr-defined]
    assert parsed.to_dict() == body


def test_lenient_file_object_with_new_purpose_and_status() -> None:
    body = {
        "id": "file-1",
        "object": "file",
        "bytes": 10,
        "created_at": 1,
        "filename": "a.jsonl",
        "purpose": "evals_output",
        "status": "archived",
        "retention": "30d",
    }
    with pytest.raises(pydantic.ValidationError):
        validate_json(FileObject, json.dumps(body), strict=True)
    parsed = validate_json(FileObject, json.dumps(body).encode(), strict=False)
    assert (parsed.purpose, parsed.status, parsed.bytes) == ("evals_output", "archived", 10)
    assert parsed.expires_at is None
    assert parsed.to_dict() == body


def test_lenient_keeps_mismatched_types_without_raising() -> None:
    body = {"id": "m", "object": "model", "created": "yesterday", "owned_by": None}
    parsed = validate_json(Model, json.dumps(body), strict=False)
    created: object = parsed.created
    owned_by: object = parsed.owned_by
    assert created == "yesterday"
    assert owned_by is None


def test_completion_logprobs_parse() -> None:
    logprobs = {
        "tokens": ["a", "b"],
        "token_logprobs": [-0.1, -0.2],
        "top_logprobs": [{"a": -0.1}, {"b": -0.2}],
        "text_offset": [0, 1],
    }
    body = _completion_body(
        choices=[{"text": "ab", "index": 0, "logprobs": logprobs, "finish_reason": "length"}],
        system_fingerprint="fp_1",
    )
    parsed = validate_json(Completion, json.dumps(body), strict=True)
    choice_logprobs = parsed.choices[0].logprobs
    assert isinstance(choice_logprobs, Logprobs)
    assert choice_logprobs.top_logprobs == [{"a": -0.1}, {"b": -0.2}]
    assert parsed.system_fingerprint == "fp_1"


# -- moderation aliases -------------------------------------------------------------------------

_API_CATEGORIES = [
    *("harassment", "harassment/threatening", "hate", "hate/threatening", "illicit"),
    *("illicit/violent", "self-harm", "self-harm/instructions", "self-harm/intent"),
    *("sexual", "sexual/minors", "violence", "violence/graphic"),
]


def _moderation_body() -> dict[str, Any]:
    image_capable = {"self-harm", "self-harm/instructions", "self-harm/intent", "sexual"}
    image_capable |= {"violence", "violence/graphic"}
    return {
        "id": "modr-1",
        "model": "omni-moderation-latest",
        "results": [
            {
                "flagged": True,
                "categories": {k: k.startswith("self-harm") for k in _API_CATEGORIES},
                "category_scores": {k: i / 100 for i, k in enumerate(_API_CATEGORIES)},
                "category_applied_input_types": {
                    k: ["text", "image"] if k in image_capable else ["text"]
                    for k in _API_CATEGORIES
                },
            }
        ],
    }


def test_moderation_alias_round_trip() -> None:
    body = _moderation_body()
    parsed = validate_json(ModerationCreateResponse, json.dumps(body), strict=True)
    result = parsed.results[0]
    assert isinstance(result, Moderation)
    assert result.categories.self_harm is True
    assert result.categories.self_harm_intent is True
    assert result.categories.sexual_minors is False
    assert result.category_scores.violence_graphic == 0.12
    assert result.category_scores.illicit_violent == 0.05
    assert result.category_applied_input_types is not None
    assert result.category_applied_input_types.self_harm == ["text", "image"]
    assert result.category_applied_input_types.sexual_minors == ["text"]
    # dumps use the API's names by default, Python names on request
    assert parsed.to_dict() == body
    assert json.loads(parsed.to_json()) == body
    python_names = result.categories.model_dump()
    assert "self_harm_instructions" in python_names
    assert "self-harm/instructions" not in python_names
    assert set(result.categories.to_dict()) == set(_API_CATEGORIES)
    # and both spellings come back in
    assert Categories.model_validate(python_names) == result.categories
    assert Categories.model_validate(result.categories.to_dict()) == result.categories


def test_moderation_scores_built_by_python_names_dump_api_names() -> None:
    scores = CategoryScores(
        harassment=0.1,
        harassment_threatening=0.2,
        hate=0.3,
        hate_threatening=0.4,
        self_harm=0.5,
        self_harm_instructions=0.6,
        self_harm_intent=0.7,
        sexual=0.8,
        sexual_minors=0.9,
        violence=0.01,
        violence_graphic=0.02,
    )
    dumped = scores.to_dict()
    assert dumped["sexual/minors"] == 0.9
    assert dumped["self-harm/intent"] == 0.7
    assert "illicit" not in dumped  # not set, so not sent
    assert scores.illicit is None


def test_moderation_unknown_category_is_kept() -> None:
    body = _moderation_body()
    body["results"][0]["categories"]["self-harm/new"] = True
    body["results"][0]["category_scores"]["self-harm/new"] = 0.99
    parsed = validate_json(ModerationCreateResponse, json.dumps(body), strict=True)
    assert parsed.to_dict() == body


def test_moderation_unknown_input_type_is_lenient() -> None:
    body = _moderation_body()
    body["results"][0]["category_applied_input_types"]["violence"] = ["video"]
    with pytest.raises(pydantic.ValidationError):
        validate_json(ModerationCreateResponse, json.dumps(body), strict=True)
    parsed = validate_json(ModerationCreateResponse, json.dumps(body), strict=False)
    applied = parsed.results[0].category_applied_input_types
    assert applied is not None
    violence: object = applied.violence
    assert violence == ["video"]
    assert parsed.results[0].categories.self_harm is True
    assert parsed.to_dict() == body


# -- request parameter shapes ------------------------------------------------------------------


def _required_keys(td: Any) -> set[str]:
    """Keys a TypedDict requires, read from its evaluated hints.

    ``__required_keys__`` cannot be trusted here: with postponed annotations
    Python 3.11 does not see ``Required[...]`` inside the strings.
    """
    bases = [b for b in getattr(td, "__orig_bases__", ()) if is_typeddict(b)]
    required: set[str] = set().union(*(_required_keys(b) for b in bases))
    inherited: set[str] = set().union(*(b.__annotations__ for b in bases))
    hints = get_type_hints(td, include_extras=True)
    for key in td.__annotations__.keys() - inherited:
        origin = get_origin(hints[key])
        if origin is Required or (td.__total__ and origin is not NotRequired):
            required.add(key)
    return required


@pytest.mark.parametrize(
    ("params", "required", "keys"),
    [
        (EmbeddingCreateParams, {"input", "model"}, {"dimensions", "encoding_format", "user"}),
        (
            CompletionCreateParamsBase,
            {"model", "prompt"},
            {"best_of", "echo", "frequency_penalty", "logit_bias", "logprobs", "max_tokens"}
            | {"n", "presence_penalty", "seed", "stop", "stream_options", "suffix"}
            | {"temperature", "top_p", "user"},
        ),
        (CompletionCreateParamsNonStreaming, {"model", "prompt"}, {"stream"}),
        (CompletionCreateParamsStreaming, {"model", "prompt", "stream"}, {"stream"}),
        (ModerationCreateParams, {"input"}, {"model"}),
        (FileCreateParams, {"file", "purpose"}, {"expires_after"}),
        (ExpiresAfter, {"anchor", "seconds"}, set()),
        (FileListParams, set(), {"after", "limit", "order", "purpose"}),
        (ModerationTextInputParam, {"text", "type"}, set()),
        (ModerationImageURLInputParam, {"image_url", "type"}, set()),
    ],
)
def test_params_required_and_optional_keys(params: Any, required: set[str], keys: set[str]) -> None:
    assert _required_keys(params) == required
    assert required | keys <= set(params.__annotations__)


def test_params_validate_with_pydantic() -> None:
    adapter = pydantic.TypeAdapter(FileListParams)
    assert adapter.validate_python({"limit": 5, "order": "asc"}) == {"limit": 5, "order": "asc"}
    with pytest.raises(pydantic.ValidationError):
        adapter.validate_python({"order": "sideways"})
    text_part: ModerationTextInputParam = {"type": "text", "text": "hello"}
    params: ModerationCreateParams = {"input": [text_part], "model": "omni-moderation-latest"}
    assert params["input"] == [{"type": "text", "text": "hello"}]


# -- agreement with the OpenAPI spec -------------------------------------------------------------


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    if not SPEC.is_file():
        pytest.skip(f"{SPEC} is absent")
    spec = _yaml_load(SPEC.read_text(encoding="utf-8"))
    return dict(spec["components"]["schemas"])


def _api_names(model: type[pydantic.BaseModel]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()}


@pytest.mark.parametrize(
    ("model", "schema", "pointer"),
    [
        (Completion, "CreateCompletionResponse", ()),
        (CompletionChoice, "CreateCompletionResponse", ("choices",)),
        (CreateEmbeddingResponse, "CreateEmbeddingResponse", ()),
        (Embedding, "Embedding", ()),
        (Model, "Model", ()),
        (ModelDeleted, "DeleteModelResponse", ()),
        (ModerationCreateResponse, "CreateModerationResponse", ()),
        (Moderation, "CreateModerationResponse", ("results",)),
        (Categories, "CreateModerationResponse", ("results", "categories")),
        (CategoryScores, "CreateModerationResponse", ("results", "category_scores")),
        (
            CategoryAppliedInputTypes,
            "CreateModerationResponse",
            ("results", "category_applied_input_types"),
        ),
        (FileObject, "OpenAIFile", ()),
        (FileDeleted, "DeleteFileResponse", ()),
    ],
)
def test_fields_match_spec(
    schemas: dict[str, Any], model: type[pydantic.BaseModel], schema: str, pointer: tuple[str, ...]
) -> None:
    node = schemas[schema]
    for key in pointer:
        node = node["properties"][key]
        if node.get("type") == "array":
            node = node["items"]
    assert _api_names(model) == set(node["properties"])
    required = {f.alias or n for n, f in model.model_fields.items() if f.is_required()}
    # every field the model insists on, the spec insists on too
    assert required <= set(node.get("required", []))
