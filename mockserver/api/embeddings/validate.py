"""``POST /v1/embeddings`` request validation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.generation.catalog import DIMENSIONS, CustomModels, find_model
from openai_kit.mockserver.generation.tokens import count_tokens

__all__ = ["EMBEDDING_PARAMETERS", "MAX_INPUTS", "validate_embedding_request"]

EMBEDDING_PARAMETERS: Final = frozenset({"input", "model", "encoding_format", "dimensions", "user"})
MAX_INPUTS: Final = 2048
MAX_INPUT_TOKENS: Final = 8192
MAX_REQUEST_TOKENS: Final = 300_000
_INVALID_INPUT: Final = (
    "'$.input' is invalid. Please check the API reference: "
    "https://platform.openai.com/docs/api-reference."
)


def _tokens(item: str | list[int]) -> int:
    if isinstance(item, list):
        return len(item)
    # A token spans at least one character: short texts cannot be over the limit.
    return len(item) if len(item) <= MAX_INPUT_TOKENS else count_tokens(item)


def _items(value: Any) -> tuple[list[str | list[int]], bool]:
    """The inputs as a list, and whether the request sent a list."""
    form = P.check_text_or_tokens("input", value)
    if form == "text":
        return [value], False
    if form == "texts":
        return list(value), True
    if form == "tokens":
        return [[int(v) for v in value]], False
    return [[int(t) for t in v] for v in value], True


def _check_input(value: Any) -> None:
    items, listed = _items(value)
    if len(items) > MAX_INPUTS:
        P.too_long_array("input", MAX_INPUTS, len(items))
    total = 0
    for index, item in enumerate(items):
        if not item:
            P.invalid_request(_INVALID_INPUT)
        tokens = _tokens(item)
        if tokens > MAX_INPUT_TOKENS:
            if listed:
                P.invalid_request(
                    f"Invalid 'input[{index}]': maximum input length is {MAX_INPUT_TOKENS} tokens.",
                    f"input[{index}]",
                    "invalid_value",
                )
            P.invalid_request(
                f"Invalid 'input': maximum context length is {MAX_INPUT_TOKENS} tokens."
            )
        total += tokens
    if total > MAX_REQUEST_TOKENS:
        raise MockAPIError(
            400,
            f"Requested {total} tokens, max {MAX_REQUEST_TOKENS} tokens per request",
            type="max_tokens_per_request",
            code="max_tokens_per_request",
        )


def validate_embedding_request(
    body: Mapping[str, Any], *, custom: CustomModels | None = None
) -> None:
    """Raise the real API's 400 for the first problem in an embeddings request.

    On Azure the pipeline has put the deployment's model in ``model`` already;
    ``custom``: the server's own models, whose dimensions are checked too.
    """
    P.require_model(body)
    if body.get("input") is None:
        P.missing("input")
    P.check_unknown_keys(body, EMBEDDING_PARAMETERS)
    _check_input(body["input"])
    if body.get("encoding_format") is not None:
        P.check_enum("encoding_format", body["encoding_format"], ("float", "base64"))
    dimensions = body.get("dimensions")
    if dimensions is not None:
        P.check_integer("dimensions", dimensions, 1)
    if body.get("user") is not None:
        P.check_string("user", body["user"])
    model = body.get("model")
    info = find_model(model, custom=custom) if isinstance(model, str) else None
    if dimensions is not None and info is not None and info.kind == "embedding":
        if not info.has(DIMENSIONS):
            P.invalid_request("This model does not support specifying dimensions.")
        P.check_integer("dimensions", dimensions, 1, info.embedding_dims)
