"""A server's own models (``MockServer(models=...)``, the CLI's ``--model``) stay its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH, BASE

CHAT = {"model": "house-llm", "messages": [{"role": "user", "content": "Hi"}]}


@contextmanager
def _client(mock: MockServer) -> Iterator[httpx.Client]:
    with httpx.Client(transport=mock.transport(), base_url=BASE, headers=AUTH) as client:
        yield client


def test_two_servers_in_one_process_keep_their_models_apart() -> None:
    mine = MockServer(seed=0, models={"house-llm": "gpt-4o-mini", "emb": "text-embedding-3-small"})
    other = MockServer(seed=0)  # same seed: the plan memo and express lane are shared
    retyped = MockServer(seed=0, models={"house-llm": "text-embedding-3-small"})
    with _client(mine) as a, _client(other) as b, _client(retyped) as c:
        for _ in range(2):  # the second round answers from the memo where it can
            answered = a.post("/v1/chat/completions", json=CHAT)
            assert answered.status_code == 200, answered.text
            assert answered.json()["model"] == "house-llm"
            unknown = b.post("/v1/chat/completions", json=CHAT)
            assert unknown.status_code == 404
            assert unknown.json()["error"]["code"] == "model_not_found"
            not_chat = c.post("/v1/chat/completions", json=CHAT)
            assert not_chat.status_code == 404
            assert "not a chat model" in not_chat.json()["error"]["message"]
        embedded = a.post("/v1/embeddings", json={"model": "emb", "input": "x"})
        assert embedded.status_code == 200, embedded.text
        assert b.post("/v1/embeddings", json={"model": "emb", "input": "x"}).status_code == 404
        listed = {m["id"] for m in a.get("/v1/models").json()["data"]}
        assert {"house-llm", "emb", "gpt-4o-mini"} <= listed
        assert "house-llm" not in {m["id"] for m in b.get("/v1/models").json()["data"]}
        assert a.get("/v1/models/house-llm").status_code == 200
        assert b.get("/v1/models/house-llm").status_code == 404
        responded = a.post("/v1/responses", json={"model": "house-llm", "input": "Hi"})
        assert responded.status_code == 200, responded.text
        assert (
            b.post("/v1/responses", json={"model": "house-llm", "input": "Hi"}).status_code == 400
        )


def test_custom_models_are_deployed_on_azure() -> None:
    mine = MockServer(seed=0, models={"house-llm": "gpt-4o-mini"})
    with httpx.Client(transport=mine.transport(), base_url=BASE, headers=AZURE_AUTH) as azure:
        path = f"/openai/deployments/house-llm/chat/completions?api-version={API_VERSION}"
        assert azure.post(path, json=CHAT).status_code == 200
    with pytest.raises(ValueError, match="deployments name models the mock does not know"):
        MockServer(deployments={"prod": "house-llm"})
    assert MockServer(deployments={"prod": "house-llm"}, models={"house-llm": "gpt-4o"})


@pytest.mark.parametrize(
    ("models", "message"),
    [
        ({"mine": "no-such-base"}, "'no-such-base' is not a model of the mock's catalogue"),
        ({"gpt-4o": "gpt-4o-mini"}, "'gpt-4o' is a model of the catalogue already"),
        ({"ft:x": "gpt-4o-mini"}, "'ft:x' cannot be a model name"),
    ],
)
def test_bad_custom_models_are_refused(models: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        MockServer(models=models)
