"""Legacy completions: shape, defaults, n/echo/logprobs, best_of, stop, streams."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types import Completion

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.api.completions.content import completion, completion_chunks
from openai_kit.mockserver.api.embeddings.content import embeddings
from openai_kit.mockserver.generation.context import GenContext
from openai_kit.mockserver.generation.tokens import tokenize

CTX = GenContext(seed=0, created=1_700_000_000, azure=False)


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
