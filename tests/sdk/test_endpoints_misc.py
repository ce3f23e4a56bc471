"""Completions, embeddings, models and moderations, sync and async.

Embeddings: an explicit ``encoding_format`` is sent and the answer returned
untouched; without one the client asks for base64 and hands back the floats
it encodes (client-behaviour A88, A93, B19).
"""

from __future__ import annotations

import base64
import json
import struct
from typing import Any

import httpx
import pytest

from openai_kit import NotFoundError
from openai_kit.types import (
    Completion,
    CreateEmbeddingResponse,
    Model,
    ModelDeleted,
    ModerationCreateResponse,
)
from tests.support.sse import MockAPI, json_response, sse_body

# -- completions -------------------------------------------------------------------------

INSTRUCT = "gpt-3.5-turbo-instruct"


def text_completion(
    text: str, finish_reason: str | None = "length", **extra: Any
) -> dict[str, Any]:
    return {
        "id": "cmpl-8E3q1Ym0",
        "object": "text_completion",
        "created": 1731000000,
        "model": INSTRUCT,
        "choices": [{"text": text, "index": 0, "logprobs": None, "finish_reason": finish_reason}],
        **extra,
    }


USAGE = {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}
COMPLETION_PIECES = ["\n\n", "This", " is", " a", " test"]


def test_completions_create() -> None:
    api = MockAPI.returning(text_completion("\n\nThis is a test", usage=USAGE))
    completion = api.client().completions.create(
        model=INSTRUCT, prompt="Say this is a test", max_tokens=7, temperature=0
    )
    assert api.last.method == "POST"
    assert api.last.url.path == "/v1/completions"
    assert json.loads(api.last.content) == {
        "model": INSTRUCT,
        "prompt": "Say this is a test",
        "max_tokens": 7,
        "temperature": 0,
    }
    assert isinstance(completion, Completion)
    assert completion.object == "text_completion"
    assert completion.choices[0].text == "\n\nThis is a test"
    assert completion.choices[0].finish_reason == "length"
    assert completion.usage is not None
    assert completion.usage.total_tokens == 12


@pytest.mark.parametrize(
    "prompt",
    [
        pytest.param(["first", "second"], id="strings"),
        pytest.param([1212, 318, 257], id="tokens"),
        pytest.param([[1212, 318], [257]], id="token-lists"),
    ],
)
def test_completions_prompt_forms_are_sent_as_given(prompt: Any) -> None:
    api = MockAPI.returning(text_completion("ok"))
    api.client().completions.create(model=INSTRUCT, prompt=prompt, echo=True, suffix="!")
    assert json.loads(api.last.content) == {
        "model": INSTRUCT,
        "prompt": prompt,
        "echo": True,
        "suffix": "!",
    }


def completion_stream_api() -> MockAPI:
    events = [text_completion(p, finish_reason=None) for p in COMPLETION_PIECES]
    events[-1]["choices"][0]["finish_reason"] = "length"
    return MockAPI.streaming(sse_body(*events, eol="\r\n"), 7)


def test_completions_stream() -> None:
    api = completion_stream_api()
    stream = api.client().completions.create(model=INSTRUCT, prompt="Say this", stream=True)
    chunks = list(stream)
    assert json.loads(api.last.content) == {"model": INSTRUCT, "prompt": "Say this", "stream": True}
    assert all(isinstance(c, Completion) for c in chunks)
    assert "".join(c.choices[0].text for c in chunks) == "".join(COMPLETION_PIECES)
    assert chunks[-1].choices[0].finish_reason == "length"
    assert api.streams[0].closed


@pytest.mark.asyncio
async def test_async_completions_create_and_stream() -> None:
    api = MockAPI.returning(text_completion("hi", usage=USAGE))
    completion = await api.async_client().completions.create(model=INSTRUCT, prompt="x")
    assert completion.choices[0].text == "hi"
    assert json.loads(api.last.content) == {"model": INSTRUCT, "prompt": "x"}

    streaming = completion_stream_api()
    client = streaming.async_client()
    stream = await client.completions.create(model=INSTRUCT, prompt="Say this", stream=True)
    chunks = [c async for c in stream]
    assert "".join(c.choices[0].text for c in chunks) == "".join(COMPLETION_PIECES)
    assert streaming.streams[0].closed


# -- embeddings --------------------------------------------------------------------------

EMBEDDING_MODEL = "text-embedding-3-small"
VECTORS = [
    [0.5, -1.25, 0.0023064255, -0.009327292, 1e-7, 3.4e38],
    [0.125, 0.1, -0.2, 0.333, 0.0, -0.0],
    [float(i) / 1536 for i in range(1536)],
]


def encode(vector: list[float]) -> str:
    return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()


def float32(vector: list[float]) -> list[float]:
    """``vector`` as the float32 values its base64 form carries."""
    return list(struct.unpack(f"<{len(vector)}f", struct.pack(f"<{len(vector)}f", *vector)))


def embeddings_body(embeddings: list[Any]) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [
            {"object": "embedding", "index": i, "embedding": e} for i, e in enumerate(embeddings)
        ],
        "model": "text-embedding-3-small",
        "usage": {"prompt_tokens": 8, "total_tokens": 8},
    }


def embeddings_api(*, as_base64: bool) -> MockAPI:
    sent = [encode(v) for v in VECTORS] if as_base64 else VECTORS
    return MockAPI.returning(embeddings_body(sent))


# (id, create kwargs, encoding_format on the wire, server answers base64, expected embeddings)
EMBEDDING_MODES = [
    pytest.param({"encoding_format": "float"}, "float", False, VECTORS, id="float"),
    pytest.param(
        {"encoding_format": "base64"}, "base64", True, [encode(v) for v in VECTORS], id="base64"
    ),
    pytest.param({}, "base64", True, [float32(v) for v in VECTORS], id="default-decodes-base64"),
    pytest.param({}, "base64", False, VECTORS, id="default-server-sent-floats"),
]
INPUTS = ["first", "second", "third"]


def assert_embeddings(response: CreateEmbeddingResponse, expected: list[Any]) -> None:
    assert isinstance(response, CreateEmbeddingResponse)
    assert response.object == "list"
    assert response.model == "text-embedding-3-small"
    assert response.usage.prompt_tokens == 8
    assert response.usage.total_tokens == 8
    assert [d.index for d in response.data] == [0, 1, 2]
    assert {d.object for d in response.data} == {"embedding"}
    got = [d.embedding for d in response.data]
    assert got == expected
    for embedding in got:
        if isinstance(embedding, list):
            assert all(type(x) is float for x in embedding)


@pytest.mark.parametrize(("kwargs", "wire_format", "as_base64", "expected"), EMBEDDING_MODES)
def test_embeddings(
    kwargs: dict[str, Any], wire_format: str, as_base64: bool, expected: list[Any]
) -> None:
    api = embeddings_api(as_base64=as_base64)
    response = api.client().embeddings.create(input=INPUTS, model=EMBEDDING_MODEL, **kwargs)
    assert api.last.method == "POST"
    assert api.last.url.path == "/v1/embeddings"
    assert json.loads(api.last.content) == {
        "input": INPUTS,
        "model": EMBEDDING_MODEL,
        "encoding_format": wire_format,
    }
    assert_embeddings(response, expected)


@pytest.mark.asyncio
@pytest.mark.parametrize(("kwargs", "wire_format", "as_base64", "expected"), EMBEDDING_MODES)
async def test_async_embeddings(
    kwargs: dict[str, Any], wire_format: str, as_base64: bool, expected: list[Any]
) -> None:
    api = embeddings_api(as_base64=as_base64)
    client = api.async_client()
    response = await client.embeddings.create(input=INPUTS, model=EMBEDDING_MODEL, **kwargs)
    assert json.loads(api.last.content)["encoding_format"] == wire_format
    assert_embeddings(response, expected)


def test_embeddings_other_arguments_are_sent() -> None:
    api = MockAPI.returning(embeddings_body([encode(v) for v in VECTORS]))
    api.client().embeddings.create(
        input=[[1, 2, 3], [4]], model=EMBEDDING_MODEL, dimensions=6, user="u-1"
    )
    assert json.loads(api.last.content) == {
        "input": [[1, 2, 3], [4]],
        "model": EMBEDDING_MODEL,
        "dimensions": 6,
        "user": "u-1",
        "encoding_format": "base64",
    }


# -- models ------------------------------------------------------------------------------

FINE_TUNED = "ft:gpt-4o-mini-2024-07-18:acme::9ZyX"
MODEL_BODY = {"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system"}


def assert_model(model: Model) -> None:
    assert isinstance(model, Model)
    assert (model.id, model.object, model.created, model.owned_by) == (
        "gpt-4o-mini",
        "model",
        1721172741,
        "system",
    )


def test_models_retrieve() -> None:
    api = MockAPI.returning(MODEL_BODY)
    assert_model(api.client().models.retrieve("gpt-4o-mini"))
    assert api.last.method == "GET"
    assert api.last.url.path == "/v1/models/gpt-4o-mini"


def test_models_delete() -> None:
    api = MockAPI.returning({"id": FINE_TUNED, "object": "model", "deleted": True})
    deleted = api.client().models.delete(FINE_TUNED)
    assert api.last.method == "DELETE"
    assert api.last.url.path == f"/v1/models/{FINE_TUNED}"
    assert isinstance(deleted, ModelDeleted)
    assert deleted.id == FINE_TUNED
    assert deleted.deleted is True


def test_models_retrieve_not_found() -> None:
    body = {
        "error": {
            "message": "The model 'nope' does not exist",
            "type": "invalid_request_error",
            "param": "model",
            "code": "model_not_found",
        }
    }
    client = MockAPI.returning(body, status_code=404).client()
    with pytest.raises(NotFoundError) as info:
        client.models.retrieve("nope")
    assert info.value.code == "model_not_found"
    assert info.value.param == "model"


def test_models_list_tolerates_extra_fields() -> None:
    body = {"object": "list", "data": [{**MODEL_BODY, "permission": [], "root": "gpt-4o-mini"}]}
    (model,) = list(MockAPI.returning(body).client().models.list())
    assert_model(model)
    assert model.model_extra == {"permission": [], "root": "gpt-4o-mini"}


@pytest.mark.asyncio
async def test_async_models_retrieve_list_and_delete() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "DELETE":
            return json_response({"id": FINE_TUNED, "object": "model", "deleted": True})
        if request.url.path == "/v1/models":
            return json_response({"object": "list", "data": [MODEL_BODY]})
        return json_response(MODEL_BODY)

    api = MockAPI(handler)
    client = api.async_client()
    assert_model(await client.models.retrieve("gpt-4o-mini"))
    assert [m.id async for m in client.models.list()] == ["gpt-4o-mini"]
    deleted = await client.models.delete(FINE_TUNED)
    assert deleted.deleted is True
    assert [(r.method, r.url.path) for r in api.requests] == [
        ("GET", "/v1/models/gpt-4o-mini"),
        ("GET", "/v1/models"),
        ("DELETE", f"/v1/models/{FINE_TUNED}"),
    ]


# -- moderations -------------------------------------------------------------------------

CATEGORY_NAMES = [
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/instructions",
    "self-harm/intent",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
]
FLAGGED = {"harassment", "self-harm/intent", "violence"}
MODERATION = {
    "id": "modr-0d9a1a8c",
    "model": "omni-moderation-latest",
    "results": [
        {
            "flagged": True,
            "categories": {name: name in FLAGGED for name in CATEGORY_NAMES},
            "category_scores": {
                name: (0.91 if name in FLAGGED else 0.001) for name in CATEGORY_NAMES
            },
            "category_applied_input_types": {name: ["text"] for name in CATEGORY_NAMES},
        }
    ],
}
# an older model's answer: no illicit categories, no applied input types
LEGACY_MODERATION = json.loads(json.dumps(MODERATION))
for _result in LEGACY_MODERATION["results"]:
    del _result["category_applied_input_types"]
    for _key in ("illicit", "illicit/violent"):
        del _result["categories"][_key], _result["category_scores"][_key]


def assert_moderation(response: ModerationCreateResponse) -> None:
    assert isinstance(response, ModerationCreateResponse)
    assert response.id == "modr-0d9a1a8c"
    (result,) = response.results
    assert result.flagged is True
    categories = result.categories
    assert categories.harassment is True
    assert categories.self_harm_intent is True
    assert categories.violence is True
    assert categories.self_harm is False
    assert categories.harassment_threatening is False
    assert categories.sexual_minors is False
    assert result.category_scores.self_harm_intent == pytest.approx(0.91)
    assert result.category_scores.violence_graphic == pytest.approx(0.001)


@pytest.mark.parametrize(
    "body", [pytest.param(MODERATION, id="current"), pytest.param(LEGACY_MODERATION, id="legacy")]
)
def test_moderations_create(body: dict[str, Any]) -> None:
    api = MockAPI.returning(body)
    response = api.client().moderations.create(
        input="I want to hurt them.", model="omni-moderation-latest"
    )
    assert api.last.method == "POST"
    assert api.last.url.path == "/v1/moderations"
    assert json.loads(api.last.content) == {
        "input": "I want to hurt them.",
        "model": "omni-moderation-latest",
    }
    assert_moderation(response)


def test_moderations_multimodal_input_is_sent_as_given() -> None:
    parts = [
        {"type": "text", "text": "look at this"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
    ]
    api = MockAPI.returning(MODERATION)
    response = api.client().moderations.create(input=parts)
    assert json.loads(api.last.content) == {"input": parts}
    assert response.results[0].category_applied_input_types.violence == ["text"]


@pytest.mark.asyncio
async def test_async_moderations_create() -> None:
    api = MockAPI.returning(MODERATION)
    response = await api.async_client().moderations.create(input=["a", "b"])
    assert json.loads(api.last.content) == {"input": ["a", "b"]}
    assert_moderation(response)
