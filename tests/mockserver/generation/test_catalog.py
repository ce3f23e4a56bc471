"""The model catalogue: snapshots, kinds, fine-tuned ids, and the wrong-model errors."""

from __future__ import annotations

import pytest

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.generation.catalog import MODELS, ModelKind, find_model, resolve_model


def test_catalogue_has_the_models_clients_use() -> None:
    for model in (
        "gpt-4o",
        "gpt-4o-mini",
        "gpt-4.1",
        "gpt-4.1-mini",
        "gpt-4.1-nano",
        "gpt-5",
        "gpt-5-mini",
        "o3-mini",
        "o4-mini",
        "gpt-3.5-turbo",
        "gpt-3.5-turbo-instruct",
        "davinci-002",
        "babbage-002",
        "text-embedding-3-small",
        "text-embedding-3-large",
        "text-embedding-ada-002",
        "omni-moderation-latest",
        "text-moderation-latest",
    ):
        assert model in MODELS, model


@pytest.mark.parametrize(
    ("model", "dims"),
    [
        ("text-embedding-3-small", 1536),
        ("text-embedding-3-large", 3072),
        ("text-embedding-ada-002", 1536),
    ],
)
def test_embedding_dimensions(model: str, dims: int) -> None:
    assert MODELS[model].embedding_dims == dims
    assert MODELS[model].kind == "embedding"


def test_every_entry_is_well_formed() -> None:
    for key, info in MODELS.items():
        assert key == info.id
        assert info.kind in ("chat", "completion", "embedding", "moderation", "other")
        assert isinstance(info.created, int)
        assert info.created > 1_600_000_000
        assert info.owned_by
        assert info.to_dict() == {
            "id": info.id,
            "object": "model",
            "created": info.created,
            "owned_by": info.owned_by,
        }
        if info.snapshot is not None and info.snapshot in MODELS:
            assert MODELS[info.snapshot].kind == info.kind


@pytest.mark.parametrize(
    ("alias", "snapshot"),
    [
        ("gpt-4o", "gpt-4o-2024-08-06"),
        ("gpt-4o-mini", "gpt-4o-mini-2024-07-18"),
        ("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14"),
        ("gpt-5", "gpt-5-2025-08-07"),
        ("o3-mini", "o3-mini-2025-01-31"),
        ("gpt-4o-2024-11-20", "gpt-4o-2024-11-20"),
        ("text-moderation-latest", "text-moderation-007"),
    ],
)
def test_aliases_answer_with_their_snapshot(alias: str, snapshot: str) -> None:
    assert MODELS[alias].response_model == snapshot


def test_dated_snapshots_resolve() -> None:
    info = resolve_model("gpt-4o-2024-08-06", "chat")
    assert info.id == "gpt-4o-2024-08-06"
    assert info.response_model == "gpt-4o-2024-08-06"


def test_fine_tuned_ids_resolve_to_their_base_kind() -> None:
    info = resolve_model("ft:gpt-4o-mini-2024-07-18:acme::AbC123", "chat")
    assert info.id == "ft:gpt-4o-mini-2024-07-18:acme::AbC123"
    assert info.response_model == info.id
    assert info.owned_by == "acme"
    assert find_model("ft:not-a-model:acme::x") is None


def test_azure_spellings_only_on_azure() -> None:
    assert find_model("gpt-35-turbo") is None
    info = resolve_model("gpt-35-turbo", "chat", azure=True)
    assert info.response_model == "gpt-35-turbo"


def _error(model: str, kind: ModelKind) -> MockAPIError:
    with pytest.raises(MockAPIError) as caught:
        resolve_model(model, kind)
    return caught.value


@pytest.mark.parametrize("kind", ["chat", "completion", "embedding"])
def test_unknown_model_is_a_404(kind: ModelKind) -> None:
    error = _error("gpt-5.2-proo", kind)
    assert error.status == 404
    assert (
        error.message == "The model `gpt-5.2-proo` does not exist or you do not have access to it."
    )
    assert (error.type, error.param, error.code) == (
        "invalid_request_error",
        None,
        "model_not_found",
    )


def test_completion_model_on_chat() -> None:
    error = _error("gpt-3.5-turbo-instruct", "chat")
    assert error.status == 404
    assert error.message.startswith("This is not a chat model and thus not supported")
    assert (error.param, error.code) == ("model", None)


def test_chat_model_on_completions() -> None:
    error = _error("gpt-4o", "completion")
    assert error.status == 404
    assert error.message == (
        "This is a chat model and not supported in the v1/completions endpoint. "
        "Did you mean to use v1/chat/completions?"
    )
    assert error.param == "model"


def test_chat_model_on_embeddings() -> None:
    error = _error("gpt-4o", "embedding")
    assert error.status == 403
    assert error.message == "You are not allowed to generate embeddings from this model"
    assert (error.param, error.code) == (None, None)


@pytest.mark.parametrize("model", ["gpt-4o", "no-such-model"])
def test_moderation_models(model: str) -> None:
    error = _error(model, "moderation")
    assert error.status == 400
    assert error.message == (
        f"Invalid value for 'model' = {model}. Please check the OpenAI documentation and try again."
    )
    assert error.param == "model"
    assert resolve_model("omni-moderation-latest", "moderation").kind == "moderation"
