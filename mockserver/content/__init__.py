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
from openai_kit.mockserver.content._responses_items import (
    IdFactory,
    count_input_tokens,
    item_text,
    items_text,
    normalize_items,
)
from openai_kit.mockserver.content._responses_plan import (
    OutputPlan,
    ResponsePlan,
    plan_response,
    plan_scripted_response,
)
from openai_kit.mockserver.content._responses_render import (
    TERMINAL,
    ResponseMeta,
    render_response,
    response_events,
)
from openai_kit.mockserver.content._responses_validate import (
    check_for_model,
    check_json_mention,
    check_metadata,
    check_nonempty_input,
    resolve_responses_model,
    validate_input_tokens_request,
    validate_responses_request,
)
from openai_kit.mockserver.content._responses_validate_items import check_items_array
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
    "TERMINAL",
    "GenContext",
    "IdFactory",
    "ModelInfo",
    "ModelKind",
    "OutputPlan",
    "ResponseMeta",
    "ResponsePlan",
    "canonical_json",
    "chat_chunks_from_script",
    "chat_completion",
    "chat_completion_chunks",
    "chat_completion_from_script",
    "check_for_model",
    "check_items_array",
    "check_json_mention",
    "check_metadata",
    "check_nonempty_input",
    "completion",
    "completion_chunks",
    "count_chat_prompt_tokens",
    "count_input_tokens",
    "count_tokens",
    "derive_seed",
    "embed_text",
    "embeddings",
    "find_model",
    "item_text",
    "items_text",
    "json_from_schema",
    "moderation",
    "normalize_items",
    "plan_response",
    "plan_scripted_response",
    "render_response",
    "resolve_model",
    "resolve_responses_model",
    "response_events",
    "tokenize",
    "validate_chat_request",
    "validate_completion_request",
    "validate_embedding_request",
    "validate_input_tokens_request",
    "validate_moderation_request",
    "validate_responses_request",
]
