"""Mock responses have the keys and value types of recorded real responses to the same requests."""

from __future__ import annotations

import json
from typing import Any

import pytest

from openai_kit.mockserver.api.chat.content import chat_completion, chat_completion_chunks
from openai_kit.mockserver.api.completions.content import completion
from openai_kit.mockserver.api.embeddings.content import embeddings
from openai_kit.mockserver.api.moderations.content import moderation
from openai_kit.mockserver.generation.catalog import find_model
from openai_kit.mockserver.generation.context import GenContext
from tests.support.realworld import RecordedInteraction, interactions_or_empty

# Keys some recordings carry that the mock leaves out, with the reason.
OPTIONAL_KEYS = {
    "annotations",  # older Azure api-versions send messages without annotations
    "obfuscation",  # random padding; the mock sends it too, but not on every dialect
    "tool_calls",  # whether a model calls a tool again is its decision, not a shape
}


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def compare(recorded: Any, mocked: Any, path: str, *, exact: bool) -> list[str]:
    """Differences in keys and types, recorded vs mocked (nulls match anything)."""
    problems: list[str] = []
    if recorded is None or mocked is None:
        return problems
    if kind(recorded) != kind(mocked):
        return [f"{path}: recorded {kind(recorded)}, mocked {kind(mocked)}"]
    if isinstance(recorded, dict):
        for key in recorded:
            if key not in mocked:
                if key not in OPTIONAL_KEYS:
                    problems.append(f"{path}.{key}: missing from the mock")
                continue
            problems += compare(recorded[key], mocked[key], f"{path}.{key}", exact=exact)
        if exact:
            problems += [
                f"{path}.{key}: not in the recording"
                for key in mocked
                if key not in recorded and key not in OPTIONAL_KEYS
            ]
    elif isinstance(recorded, list) and recorded and mocked:
        problems += compare(recorded[0], mocked[0], f"{path}[0]", exact=exact)
    return problems


def _cases(operation: str) -> list[Any]:
    out = []
    for interaction in interactions_or_empty():
        request = interaction.request
        if interaction.operation != operation or interaction.response.status != 200:
            continue
        if not isinstance(request.json, dict):
            continue
        model = request.json.get("model") or interaction.azure_deployment or ""
        known = find_model(model, azure=interaction.is_azure) is not None
        if not known and operation not in ("moderations.create", "completions.create"):
            continue
        out.append(pytest.param(interaction, id=interaction.id))
    return out


def _ctx(interaction: RecordedInteraction) -> GenContext:
    return GenContext(seed=0, created=1_700_000_000, azure=interaction.is_azure)


def _request(interaction: RecordedInteraction) -> dict[str, Any]:
    body = dict(interaction.request.json)
    if interaction.is_azure and "model" not in body:
        body["model"] = interaction.azure_deployment
    return body


@pytest.mark.parametrize("interaction", _cases("chat.completions.create"))
def test_chat_completions(interaction: RecordedInteraction) -> None:
    body = _request(interaction)
    ctx = _ctx(interaction)
    if interaction.response.is_sse:
        recorded_chunks = [json.loads(d) for d in interaction.response.sse_data() if d != "[DONE]"]
        if any("provider" in c for c in recorded_chunks):
            pytest.skip("recorded through a third-party gateway, not the OpenAI API")
        mocked_chunks = chat_completion_chunks(ctx, body)
        # Recordings from before 2024 predate fields (fingerprint, refusal...) sent today.
        exact = "system_fingerprint" in recorded_chunks[0]
        problems = compare(recorded_chunks[0], mocked_chunks[0], "first", exact=exact)
        problems += compare(recorded_chunks[-1], mocked_chunks[-1], "last", exact=False)
        assert not problems, problems
        return
    recorded = interaction.response.json()
    mocked = chat_completion(ctx, body)
    exact = "system_fingerprint" in recorded
    problems = compare(recorded, mocked, "body", exact=exact)
    assert not problems, problems


@pytest.mark.parametrize("interaction", _cases("embeddings.create"))
def test_embeddings(interaction: RecordedInteraction) -> None:
    recorded = interaction.response.json()
    mocked = embeddings(_ctx(interaction), _request(interaction))
    assert not compare(recorded, mocked, "body", exact=True)
    fmt = _request(interaction).get("encoding_format", "float")
    assert isinstance(mocked["data"][0]["embedding"], str if fmt == "base64" else list)
    if "dimensions" in _request(interaction):
        recorded_len = len(recorded["data"][0]["embedding"])
        assert len(mocked["data"][0]["embedding"]) == recorded_len


@pytest.mark.parametrize("interaction", _cases("moderations.create"))
def test_moderations(interaction: RecordedInteraction) -> None:
    recorded = interaction.response.json()
    mocked = moderation(_ctx(interaction), _request(interaction))
    # Older recordings lack the newer categories; everything they have, the mock has.
    assert not compare(recorded, mocked, "body", exact=False)
    assert recorded["results"][0]["flagged"] == mocked["results"][0]["flagged"]


@pytest.mark.parametrize("interaction", _cases("completions.create"))
def test_completions(interaction: RecordedInteraction) -> None:
    recorded = interaction.response.json()
    body = _request(interaction)
    if find_model(body["model"]) is None:  # a retired GPT-3 model: ask a current one instead
        body["model"] = "davinci-002"
    mocked = completion(_ctx(interaction), body)
    assert not compare(recorded, mocked, "body", exact=True)
    assert len(mocked["choices"]) == len(recorded["choices"])
