"""Request checks of the vector stores API, with the real API's limits and sentences."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver.api.vector_stores.filters import check_filter

__all__ = [
    "check_attributes",
    "check_batch_body",
    "check_create_body",
    "check_file_body",
    "check_search_body",
    "check_update_body",
    "chunking",
]

_MAX_STORE_FILES: Final = 500
_MAX_BATCH_FILES: Final = 2000
_MAX_ATTRIBUTES: Final = 16


def chunking(param: str, value: Any) -> tuple[int, int] | None:
    """``(max_chunk_size_tokens, chunk_overlap_tokens)`` of a static strategy, None for auto."""
    strategy = P.check_object(param, value)
    kind = P.member(param, strategy, "type")
    P.check_enum(f"{param}.type", kind, ("auto", "static"))
    if kind == "auto":
        P.check_nested_keys(param, strategy, ("type",))
        return None
    P.check_nested_keys(param, strategy, ("type", "static"))
    where = f"{param}.static"
    static = P.check_object(where, P.member(param, strategy, "static"))
    P.check_nested_keys(where, static, ("max_chunk_size_tokens", "chunk_overlap_tokens"))
    size = P.member(where, static, "max_chunk_size_tokens")
    P.check_integer(f"{where}.max_chunk_size_tokens", size, 100, 4096)
    overlap = P.member(where, static, "chunk_overlap_tokens")
    P.check_integer(f"{where}.chunk_overlap_tokens", overlap, 0)
    if overlap > size // 2:
        P.invalid_request(
            f"Invalid '{where}.chunk_overlap_tokens': the overlap must not exceed half of "
            f"max_chunk_size_tokens ({size // 2}), but got {overlap} instead.",
            f"{where}.chunk_overlap_tokens",
            "invalid_value",
        )
    return int(size), int(overlap)


def check_attributes(param: str, value: Any) -> None:
    if value is None:
        return
    attributes = P.check_object(param, value)
    if len(attributes) > _MAX_ATTRIBUTES:
        P.invalid_request(
            f"Invalid '{param}': too many properties. Expected an object with at most "
            f"{_MAX_ATTRIBUTES} properties, but got an object with {len(attributes)} "
            "properties instead.",
            param,
            "object_above_max_properties",
        )
    for key, entry in attributes.items():
        if len(key) > 64:
            P.invalid_request(
                f"Invalid '{param}': attribute key '{key[:64]}...' is longer than 64 characters.",
                param,
                "invalid_value",
            )
        if isinstance(entry, str):
            P.check_string(f"{param}.{key}", entry, 512)
        elif not isinstance(entry, (int, float)):
            P.invalid_type(f"{param}.{key}", "a string, a number or a boolean", entry)


def _check_expiry(value: Any) -> None:
    if value is None:
        return
    expiry = P.check_object("expires_after", value)
    P.check_nested_keys("expires_after", expiry, ("anchor", "days"))
    P.check_enum(
        "expires_after.anchor", P.member("expires_after", expiry, "anchor"), ("last_active_at",)
    )
    P.check_integer("expires_after.days", P.member("expires_after", expiry, "days"), 1, 365)


def _check_ids(param: str, value: Any, maximum: int, *, allow_empty: bool) -> None:
    if not isinstance(value, list):
        P.invalid_type(param, "an array", value)
    if not value and not allow_empty:
        P.empty_array(param)
    if len(value) > maximum:
        P.too_long_array(param, maximum, len(value))
    for position, entry in enumerate(value):
        P.check_string(f"{param}[{position}]", entry)


def check_create_body(body: Mapping[str, Any]) -> tuple[int, int] | None:
    known = ("file_ids", "name", "description", "expires_after", "chunking_strategy", "metadata")
    P.check_unknown_keys(body, known)
    if body.get("file_ids") is not None:
        _check_ids("file_ids", body["file_ids"], _MAX_STORE_FILES, allow_empty=True)
    for key in ("name", "description"):
        if body.get(key) is not None:
            P.check_string(key, body[key])
    _check_expiry(body.get("expires_after"))
    if body.get("metadata") is not None:
        P.check_metadata(body["metadata"])
    if body.get("chunking_strategy") is None:
        return None
    return chunking("chunking_strategy", body["chunking_strategy"])


def check_update_body(body: Mapping[str, Any]) -> None:
    P.check_unknown_keys(body, ("name", "expires_after", "metadata"))
    if body.get("name") is not None:
        P.check_string("name", body["name"])
    _check_expiry(body.get("expires_after"))
    if body.get("metadata") is not None:
        P.check_metadata(body["metadata"])


def check_file_body(param: str, body: Any) -> tuple[int, int] | None:
    """A file to add (``file_id``, ``chunking_strategy``, ``attributes``); its static chunking."""
    where = param or "body"
    obj = P.check_object(where, body)
    prefix = f"{param}." if param else ""
    if param:
        P.check_nested_keys(param, obj, ("file_id", "chunking_strategy", "attributes"))
    else:
        P.check_unknown_keys(obj, ("file_id", "chunking_strategy", "attributes"))
    file_id = obj.get("file_id")
    if file_id is None:
        P.missing(prefix + "file_id")
    P.check_string(prefix + "file_id", file_id)
    check_attributes(prefix + "attributes", obj.get("attributes"))
    if obj.get("chunking_strategy") is None:
        return None
    return chunking(prefix + "chunking_strategy", obj["chunking_strategy"])


def check_batch_body(body: Mapping[str, Any]) -> None:
    P.check_unknown_keys(body, ("file_ids", "files", "chunking_strategy", "attributes"))
    ids, files = body.get("file_ids"), body.get("files")
    if ids is None and files is None:
        P.missing("file_ids")
    if ids is not None and files is not None:
        P.invalid_request(
            "Only one of 'file_ids' or 'files' may be provided.", "files", "invalid_value"
        )
    if ids is not None:
        _check_ids("file_ids", ids, _MAX_BATCH_FILES, allow_empty=False)
    else:
        if not isinstance(files, list):
            P.invalid_type("files", "an array", files)
        if not files:
            P.empty_array("files")
        if len(files) > _MAX_BATCH_FILES:
            P.too_long_array("files", _MAX_BATCH_FILES, len(files))
        for position, entry in enumerate(files):
            check_file_body(f"files[{position}]", entry)
    check_attributes("attributes", body.get("attributes"))
    if body.get("chunking_strategy") is not None:
        chunking("chunking_strategy", body["chunking_strategy"])


def check_search_body(body: Mapping[str, Any]) -> None:
    known = ("query", "rewrite_query", "max_num_results", "filters", "ranking_options")
    P.check_unknown_keys(body, known)
    query = body.get("query")
    if query is None:
        P.missing("query")
    if isinstance(query, list):
        if not query:
            P.empty_array("query")
        for position, entry in enumerate(query):
            P.check_string(f"query[{position}]", entry)
    elif not isinstance(query, str):
        P.invalid_type("query", "a string or an array of strings", query)
    if body.get("rewrite_query") is not None:
        P.check_boolean("rewrite_query", body["rewrite_query"])
    if body.get("max_num_results") is not None:
        P.check_integer("max_num_results", body["max_num_results"], 1, 50)
    if body.get("filters") is not None:
        check_filter("filters", body["filters"])
    options = body.get("ranking_options")
    if options is not None:
        options = P.check_object("ranking_options", options)
        P.check_nested_keys("ranking_options", options, ("ranker", "score_threshold"))
        if options.get("ranker") is not None:
            P.check_enum(
                "ranking_options.ranker", options["ranker"], ("none", "auto", "default-2024-11-15")
            )
        if options.get("score_threshold") is not None:
            P.check_number("ranking_options.score_threshold", options["score_threshold"], 0, 1)
