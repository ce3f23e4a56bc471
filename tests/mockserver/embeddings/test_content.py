"""Embeddings: unit vectors per text, dimensions, base64, token inputs."""

from __future__ import annotations

import base64
import math
import struct
import time
from typing import Any

import pytest
from openai.types import CreateEmbeddingResponse

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.api.embeddings.content import embeddings
from openai_kit.mockserver.generation.context import GenContext

CTX = GenContext(seed=0, created=1_700_000_000, azure=False)


SMALL = "text-embedding-3-small"


def embed(**body: Any) -> dict[str, Any]:
    out = embeddings(CTX, {"model": SMALL, **body})
    if body.get("encoding_format") != "base64":  # the official types only know float lists
        CreateEmbeddingResponse.model_validate(out)
    return out


def norm(vector: list[float]) -> float:
    return math.sqrt(math.fsum(v * v for v in vector))


def test_embedding_shape() -> None:
    body = embed(input=["hello", "world"])
    assert body["object"] == "list"
    assert body["model"] == SMALL
    assert [(d["object"], d["index"]) for d in body["data"]] == [("embedding", 0), ("embedding", 1)]
    assert body["usage"] == {"prompt_tokens": 2, "total_tokens": 2}
    for item in body["data"]:
        assert len(item["embedding"]) == 1536
        assert abs(norm(item["embedding"]) - 1.0) < 1e-6
    assert body["data"][0]["embedding"] != body["data"][1]["embedding"]


@pytest.mark.parametrize(
    ("model", "dims"), [("text-embedding-3-large", 3072), ("text-embedding-ada-002", 1536)]
)
def test_model_dimensions(model: str, dims: int) -> None:
    body = embeddings(CTX, {"model": model, "input": "x"})
    assert len(body["data"][0]["embedding"]) == dims
    if model == "text-embedding-ada-002":
        assert body["model"] == "text-embedding-ada-002-v2"


@pytest.mark.parametrize("dims", [1, 64, 256, 1024])
def test_dimensions_are_honoured(dims: int) -> None:
    vector = embed(input="hello", dimensions=dims)["data"][0]["embedding"]
    assert len(vector) == dims
    assert abs(norm(vector) - 1.0) < 1e-6


def test_same_text_same_vector_in_any_batch() -> None:
    alone = embed(input="the same text")["data"][0]["embedding"]
    batched = embed(input=["other", "the same text", "more"])["data"][1]["embedding"]
    assert alone == batched
    assert embed(input="the same text", user="u")["data"][0]["embedding"] == alone
    other_seed = embeddings(GenContext(1, 0, False), {"model": SMALL, "input": "the same text"})
    assert other_seed["data"][0]["embedding"] != alone
    other_model = embeddings(CTX, {"model": "text-embedding-ada-002", "input": "the same text"})
    assert other_model["data"][0]["embedding"] != alone


def test_different_texts_are_nearly_orthogonal() -> None:
    a, b = (d["embedding"] for d in embed(input=["apples", "oranges"])["data"])
    assert abs(sum(x * y for x, y in zip(a, b, strict=True))) < 0.2


def test_base64_is_little_endian_float32_of_the_same_vector() -> None:
    floats = embed(input="hello")["data"][0]["embedding"]
    encoded = embed(input="hello", encoding_format="base64")["data"][0]["embedding"]
    assert isinstance(encoded, str)
    raw = base64.b64decode(encoded)
    assert list(struct.unpack(f"<{len(raw) // 4}f", raw)) == floats


def test_token_array_inputs() -> None:
    single = embed(input=[1, 2, 3])
    assert len(single["data"]) == 1
    assert single["usage"]["prompt_tokens"] == 3
    several = embed(input=[[1, 2, 3], [4, 5]])
    assert len(several["data"]) == 2
    assert several["usage"]["prompt_tokens"] == 5
    assert several["data"][0]["embedding"] == single["data"][0]["embedding"]


def test_hundred_by_1536_is_fast() -> None:
    inputs = [f"document number {i} talks about something" for i in range(100)]
    start = time.perf_counter()
    body = embed(input=inputs, encoding_format="float")
    assert time.perf_counter() - start < 0.25
    assert len(body["data"]) == 100


def test_embeddings_with_a_chat_model() -> None:
    with pytest.raises(MockAPIError) as caught:
        embeddings(CTX, {"model": "gpt-4o", "input": "x"})
    assert caught.value.status == 403


def test_short_vectors_do_not_share_magnitudes() -> None:
    a, b = (d["embedding"] for d in embed(input=["a", "b"], dimensions=8)["data"])
    assert sorted(map(abs, a)) != sorted(map(abs, b))
