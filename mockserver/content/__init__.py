"""Deterministic content for the mock server: generators and request validators.

Everything here is pure Python and depends only on ``(seed, request body)``:
the same request gets the same answer in every process. Route handlers
validate a body with ``validate_*_request`` (which raise
:class:`~openai_kit.mockserver._errors.MockAPIError` with the real API's
message, ``param`` and ``code``) and then build the response with the
matching generator. Generators resolve the model and raise its 404 (or the
endpoint's wrong-model error) themselves.
"""

from __future__ import annotations

from openai_kit.mockserver.content._catalog import (
    AZURE_ALIASES,
    MODELS,
    ModelInfo,
    ModelKind,
    find_model,
    resolve_model,
)
from openai_kit.mockserver.content._chat import (
    chat_chunks_from_script,
    chat_completion,
    chat_completion_chunks,
    chat_completion_from_script,
)
from openai_kit.mockserver.content._completions import completion, completion_chunks
from openai_kit.mockserver.content._context import GenContext
from openai_kit.mockserver.content._embeddings import embed_text, embeddings
from openai_kit.mockserver.content._moderations import moderation
from openai_kit.mockserver.content._rng import canonical_json, derive_seed
from openai_kit.mockserver.content._schema_gen import json_from_schema
from openai_kit.mockserver.content._tokens import (
    count_chat_prompt_tokens,
    count_tokens,
    tokenize,
)
from openai_kit.mockserver.content._validate_chat import validate_chat_request
from openai_kit.mockserver.content._validate_completions import validate_completion_request
from openai_kit.mockserver.content._validate_embeddings import validate_embedding_request
from openai_kit.mockserver.content._validate_moderations import validate_moderation_request

__all__ = [
    "AZURE_ALIASES",
    "MODELS",
    "GenContext",
    "ModelInfo",
    "ModelKind",
    "canonical_json",
    "chat_chunks_from_script",
    "chat_completion",
    "chat_completion_chunks",
    "chat_completion_from_script",
    "completion",
    "completion_chunks",
    "count_chat_prompt_tokens",
    "count_tokens",
    "derive_seed",
    "embed_text",
    "embeddings",
    "find_model",
    "json_from_schema",
    "moderation",
    "resolve_model",
    "tokenize",
    "validate_chat_request",
    "validate_completion_request",
    "validate_embedding_request",
    "validate_moderation_request",
]
