"""What one API call asks for, before the client turns it into HTTP."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from ._types import NOT_GIVEN, Headers, NotGiven, Omit

__all__ = ["FinalRequestOptions", "merge_headers"]


@dataclass(slots=True)
class FinalRequestOptions:
    """One call: method, path, query, headers, body and per-call overrides.

    ``parser`` replaces the default JSON-to-type parsing for endpoints that
    post-process the body (embeddings decoding base64, for one); it gets
    the raw body bytes and whether validation is strict.
    """

    method: str
    url: str
    params: Mapping[str, object] = field(default_factory=dict)
    headers: Headers = field(default_factory=dict)
    json_data: object | None = None
    files: list[tuple[str, Any]] | None = None
    data: Mapping[str, object] | None = None
    content: bytes | None = None
    extra_json: Mapping[str, object] | None = None
    timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    parser: Callable[[bytes, bool], Any] | None = None

    def with_params(self, params: Mapping[str, object]) -> FinalRequestOptions:
        """A copy whose query is this one's updated with ``params`` (the next page, say)."""
        return replace(self, params={**self.params, **params})


def merge_headers(*layers: Headers | None) -> dict[str, str]:
    """Later layers win, case-insensitively; an ``Omit`` value removes the header."""
    merged: dict[str, str] = {}
    names: dict[str, str] = {}
    for layer in layers:
        if not layer:
            continue
        for name, value in layer.items():
            lower = name.lower()
            previous = names.pop(lower, None)
            if previous is not None:
                merged.pop(previous, None)
            if isinstance(value, Omit):
                continue
            names[lower] = name
            merged[name] = value
    return merged
