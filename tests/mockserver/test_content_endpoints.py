"""Embeddings, moderations and legacy completions generators."""

from __future__ import annotations

import base64
import math
import struct
import time
from typing import Any

import pytest
from openai.types import Completion, CreateEmbeddingResponse, ModerationCreateResponse

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.content import (
    GenContext,
    completion,
    completion_chunks,
    embeddings,
    moderation,
    tokenize,
)

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


def test_moderation_shape_and_flags() -> None:
    body = moderation(CTX, {"input": ["I want to kill them.", "What a lovely day."]})
    ModerationCreateResponse.model_validate(body)
    assert body["id"].startswith("modr-")
    assert body["model"] == "omni-moderation-latest"
    bad, good = body["results"]
    assert bad["flagged"] is True
    assert bad["categories"]["violence"] is True
    assert bad["categories"]["harassment/threatening"] is True
    assert bad["category_scores"]["violence"] > 0.5
    assert good["flagged"] is False
    assert not any(good["categories"].values())
    assert all(0 <= s < 0.001 for s in good["category_scores"].values())
    assert (
        set(bad["categories"])
        == set(bad["category_scores"])
        == set(bad["category_applied_input_types"])
    )
    assert {"illicit", "illicit/violent", "self-harm/intent"} <= set(bad["categories"])
    assert bad["category_applied_input_types"]["violence"] == ["text"]


def test_moderation_is_deterministic() -> None:
    request = {"input": "hello there", "model": "text-moderation-latest"}
    first = moderation(CTX, request)
    assert first == moderation(CTX, request)
    assert first["model"] == "text-moderation-007"
    assert moderation(GenContext(2, 0, False), request)["results"] != first["results"]


def test_multimodal_moderation_is_one_result() -> None:
    body = moderation(
        CTX,
        {
            "model": "omni-moderation-latest",
            "input": [
                {"type": "text", "text": "a picture"},
                {"type": "image_url", "image_url": {"url": "https://x/y.png"}},
            ],
        },
    )
    (result,) = body["results"]
    assert result["category_applied_input_types"]["violence"] == ["text", "image"]
    assert result["category_applied_input_types"]["hate"] == ["text"]


def complete(**body: Any) -> dict[str, Any]:
    out = completion(CTX, {"model": "gpt-3.5-turbo-instruct", "prompt": "Once upon a time", **body})
    if not body.get(
        "echo"
    ):  # an echoed prompt's first token has a null logprob, as the real API sends
        Completion.model_validate(out)
    return out


def test_completion_shape() -> None:
    body = complete()
    assert body["id"].startswith("cmpl-")
    assert body["object"] == "text_completion"
    assert body["created"] == 1_700_000_000
    assert body["model"] == "gpt-3.5-turbo-instruct"
    (choice,) = body["choices"]
    assert choice["index"] == 0
    assert choice["logprobs"] is None
    assert choice["finish_reason"] in ("stop", "length")
    assert body["usage"]["prompt_tokens"] == len(tokenize("Once upon a time"))
    assert body == complete()


def test_completion_defaults_to_16_tokens() -> None:
    body = complete(seed=3)
    (choice,) = body["choices"]
    assert len(tokenize(choice["text"])) <= 16
    long = complete(seed=3, max_tokens=200)["choices"][0]
    assert long["text"].startswith(choice["text"])


def test_prompt_lists_n_echo_and_logprobs() -> None:
    body = complete(prompt=["A", "B"], n=2, echo=True, logprobs=2, max_tokens=5)
    assert [c["index"] for c in body["choices"]] == [0, 1, 2, 3]
    assert body["choices"][0]["text"].startswith("A")
    assert body["choices"][2]["text"].startswith("B")
    logprobs = body["choices"][0]["logprobs"]
    assert "".join(logprobs["tokens"]) == body["choices"][0]["text"]
    assert logprobs["token_logprobs"][0] is None  # the echoed prompt's first token
    assert all(len(top) == 2 for top in logprobs["top_logprobs"][1:])
    assert logprobs["text_offset"][0] == 0


def test_best_of_counts_every_candidate() -> None:
    one = complete(max_tokens=5)
    three = complete(max_tokens=5, best_of=3)
    assert len(three["choices"]) == 1
    assert three["usage"]["completion_tokens"] > one["usage"]["completion_tokens"]


def test_completion_stop() -> None:
    full = complete(max_tokens=100)["choices"][0]["text"]
    word = full.split()[2]
    cut = complete(max_tokens=100, stop=word)["choices"][0]
    assert cut["text"] == full[: full.index(word)]
    assert cut["finish_reason"] == "stop"


def test_completion_stream_adds_up() -> None:
    body = {
        "prompt": ["A", "B"],
        "n": 2,
        "max_tokens": 6,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    chunks = completion_chunks(CTX, {"model": "gpt-3.5-turbo-instruct", **body})
    buffered = complete(**body)
    texts: dict[int, str] = {}
    finishes: dict[int, str] = {}
    for chunk in chunks[:-1]:
        # Intermediate chunks carry finish_reason null, which the official type does not admit.
        assert chunk["object"] == "text_completion"
        assert chunk["id"] == buffered["id"]
        assert chunk["usage"] is None
        (choice,) = chunk["choices"]
        texts[choice["index"]] = texts.get(choice["index"], "") + choice["text"]
        if choice["finish_reason"]:
            finishes[choice["index"]] = choice["finish_reason"]
    assert texts == {c["index"]: c["text"] for c in buffered["choices"]}
    assert finishes == {c["index"]: c["finish_reason"] for c in buffered["choices"]}
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"] == buffered["usage"]


def test_completions_with_a_chat_model() -> None:
    with pytest.raises(MockAPIError) as caught:
        completion(CTX, {"model": "gpt-4o", "prompt": "x"})
    assert caught.value.status == 404


def test_short_vectors_do_not_share_magnitudes() -> None:
    a, b = (d["embedding"] for d in embed(input=["a", "b"], dimensions=8)["data"])
    assert sorted(map(abs, a)) != sorted(map(abs, b))


@pytest.mark.parametrize(
    ("generate", "request_body"),
    [
        (embeddings, {"input": "x"}),
        (completion, {"prompt": "x"}),
    ],
)
def test_generators_without_a_model_answer_400(generate: Any, request_body: dict[str, Any]) -> None:
    with pytest.raises(MockAPIError) as caught:
        generate(CTX, request_body)
    assert caught.value.status == 400
    assert caught.value.message == "you must provide a model parameter"
