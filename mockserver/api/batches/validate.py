"""Checks of a batch: its create body (a 400 at once) and its input file (a failed batch).

The input file is JSON Lines, one request per line: ``{"custom_id", "method",
"url", "body"}``; custom ids unique, ``url`` the batch's endpoint, at most
50,000 requests and 200 MB. What is wrong with the file is listed as the
batch's ``errors.data`` (``code``, ``message``, ``param``, ``line``; lines
counted from 1) and the batch fails.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver.api.files.store import check_expiry

__all__ = [
    "MAX_EMBEDDING_INPUTS",
    "MAX_FILE_BYTES",
    "MAX_REQUESTS",
    "OPENAI_ENDPOINTS",
    "BatchRequest",
    "CreateBatch",
    "check_create",
    "read_input",
]

#: The endpoints a batch can run (the spec's list) and those the mock serves.
OPENAI_ENDPOINTS: Final = (
    "/v1/responses",
    "/v1/chat/completions",
    "/v1/embeddings",
    "/v1/completions",
    "/v1/moderations",
    "/v1/images/generations",
    "/v1/images/edits",
    "/v1/videos",
)
#: An input file holds at most 50,000 requests and 200 MB.
MAX_REQUESTS: Final = 50_000
MAX_FILE_BYTES: Final = 200 * 1024 * 1024
#: An embeddings batch holds at most 50,000 inputs across all its requests.
MAX_EMBEDDING_INPUTS: Final = 50_000
_CREATE_KEYS: Final = (
    "input_file_id",
    "endpoint",
    "completion_window",
    "metadata",
    "output_expires_after",
)
_LINE_KEYS: Final = ("custom_id", "method", "url", "body")


@dataclass(frozen=True)
class CreateBatch:
    input_file_id: str
    endpoint: str
    completion_window: str
    metadata: dict[str, str] | None
    output_expires_after: int | None


@dataclass(frozen=True)
class BatchRequest:
    """One line of an input file: ``line`` counts from 1."""

    line: int
    custom_id: str
    body: dict[str, Any]


def _endpoints(azure: bool) -> tuple[str, ...]:
    """Azure also takes the endpoints without ``/v1`` (``/chat/completions``)."""
    if not azure:
        return OPENAI_ENDPOINTS
    return OPENAI_ENDPOINTS + tuple(e.removeprefix("/v1") for e in OPENAI_ENDPOINTS)


def normal_endpoint(endpoint: str) -> str:
    """``endpoint`` with its ``/v1`` prefix (Azure may leave it out)."""
    return endpoint if endpoint.startswith("/v1/") else "/v1" + endpoint


def check_create(body: Mapping[str, Any], *, azure: bool) -> CreateBatch:
    P.check_unknown_parameters(body, _CREATE_KEYS)
    input_file_id = P.require(body, "input_file_id")
    P.check_string("input_file_id", input_file_id)
    endpoint = P.require(body, "endpoint")
    P.check_enum("endpoint", endpoint, _endpoints(azure))
    window = P.require(body, "completion_window")
    P.check_enum("completion_window", window, ("24h",))
    metadata = body.get("metadata")
    if metadata is not None:
        metadata = dict(P.check_object("metadata", metadata))
        for key, value in metadata.items():
            P.check_string(f"metadata.{key}", value, 512)
    return CreateBatch(
        input_file_id,
        endpoint,
        window,
        metadata,
        check_expiry("output_expires_after", body.get("output_expires_after")),
    )


def _error(code: str, message: str, param: str | None, line: int | None) -> dict[str, Any]:
    return {"code": code, "message": message, "param": param, "line": line}


def _check_line(
    number: int, text: bytes, endpoint: str, seen: set[str]
) -> BatchRequest | dict[str, Any]:
    """One input line as a request, or what is wrong with it."""
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        return _error(
            "invalid_json_line", "This line is not parseable as valid JSON.", None, number
        )
    for key in _LINE_KEYS:
        if parsed.get(key) is None:
            return _error(
                "missing_required_parameter", f"Missing required parameter: '{key}'.", key, number
            )
    unknown = [key for key in parsed if key not in _LINE_KEYS]
    if unknown:
        return _error(
            "unknown_parameter", f"Unknown parameter: '{unknown[0]}'.", unknown[0], number
        )
    custom_id, method, url, body = (parsed[k] for k in _LINE_KEYS)
    if not isinstance(custom_id, str):
        return _error("invalid_type", "custom_id must be a string.", "custom_id", number)
    if custom_id in seen:
        return _error(
            "duplicate_custom_id",
            "The custom_id for this request is a duplicate of another request. The custom_id "
            "parameter must be unique for each request in a batch.",
            "custom_id",
            number,
        )
    if method != "POST":
        return _error(
            "invalid_method",
            f"The method {method!r} is not supported; use 'POST'.",
            "method",
            number,
        )
    if not isinstance(url, str) or normal_endpoint(url) != endpoint:
        return _error(
            "invalid_url",
            f"The URL provided for this request does not match the batch endpoint {endpoint}.",
            "url",
            number,
        )
    if not isinstance(body, dict):
        return _error("invalid_type", "body must be a JSON object.", "body", number)
    seen.add(custom_id)
    return BatchRequest(number, custom_id, body)


def _embedding_inputs(requests: list[BatchRequest]) -> int:
    """How many inputs the requests embed (a list of strings or of token arrays: each one)."""
    total = 0
    for request in requests:
        given = request.body.get("input")
        many = isinstance(given, list) and not all(isinstance(x, int) for x in given)
        total += len(given) if many and isinstance(given, list) else 1
    return total


def read_input(data: bytes, endpoint: str) -> tuple[list[BatchRequest], list[dict[str, Any]]]:
    """The requests of an input file, and its errors (a batch with errors fails)."""
    if len(data) > MAX_FILE_BYTES:
        message = f"The input file is larger than the maximum of {MAX_FILE_BYTES} bytes."
        return [], [_error("file_too_large", message, None, None)]
    endpoint = normal_endpoint(endpoint)
    requests: list[BatchRequest] = []
    errors: list[dict[str, Any]] = []
    seen: set[str] = set()
    lines = data.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    for number, text in enumerate(lines, 1):
        checked = _check_line(number, text, endpoint, seen)
        if isinstance(checked, BatchRequest):
            requests.append(checked)
        else:
            errors.append(checked)
    if not lines:
        errors.append(
            _error(
                "empty_file",
                "The batch input file is empty. Please ensure that the batch contains at least "
                "one request.",
                None,
                None,
            )
        )
    elif len(lines) > MAX_REQUESTS:
        errors.append(
            _error(
                "too_many_requests",
                f"The batch input file contains {len(lines)} requests; a batch can hold at most "
                f"{MAX_REQUESTS}.",
                None,
                None,
            )
        )
    if endpoint == "/v1/embeddings" and _embedding_inputs(requests) > MAX_EMBEDDING_INPUTS:
        errors.append(
            _error(
                "too_many_inputs",
                f"An /v1/embeddings batch can hold at most {MAX_EMBEDDING_INPUTS} embedding "
                f"inputs across all its requests; this one has {_embedding_inputs(requests)}.",
                None,
                None,
            )
        )
    return requests, errors
