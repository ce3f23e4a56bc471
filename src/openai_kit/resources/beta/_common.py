"""What every ``client.beta`` resource shares: the beta headers and the request options.

The Assistants API is served to requests carrying ``OpenAI-Beta: assistants=v2``,
ChatKit to ``OpenAI-Beta: chatkit_beta=v1``; a per-call ``extra_headers`` still wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Final

from pydantic import Field

from ..._options import FinalRequestOptions
from ..._resource import make_options
from ..._types import split_request_options
from ...types.beta.assistant_stream_event import AssistantStreamEvent
from ..responses._query import bracket_arrays

__all__ = [
    "ASSISTANTS_HEADERS",
    "CHATKIT_HEADERS",
    "AssistantEvent",
    "assistants_options",
    "chatkit_options",
]

ASSISTANTS_HEADERS: Final = {"OpenAI-Beta": "assistants=v2"}
CHATKIT_HEADERS: Final = {"OpenAI-Beta": "chatkit_beta=v1"}

#: The stream events, told apart by their ``event`` name (one lookup, no trial parses).
AssistantEvent = Annotated[AssistantStreamEvent, Field(discriminator="event")]


def _options(
    headers: Mapping[str, str],
    method: str,
    path: str,
    params: Mapping[str, Any],
    *,
    query_keys: tuple[str, ...] = (),
    body: bool,
) -> FinalRequestOptions:
    values, request_options = split_request_options(params)
    query = {k: values.pop(k) for k in query_keys if k in values}
    if not body:
        query, values = {**values, **query}, {}
    return make_options(
        method,
        path,
        body=values if body else None,
        query=bracket_arrays(query) if query else None,
        headers=dict(headers),
        **request_options,
    )


def assistants_options(
    method: str,
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    query_keys: tuple[str, ...] = (),
) -> FinalRequestOptions:
    """Options of an Assistants call: POST params go in the body (but ``query_keys``), GET and
    DELETE params in the query."""
    body = method == "post"
    return _options(
        ASSISTANTS_HEADERS, method, path, params or {}, query_keys=query_keys, body=body
    )


def chatkit_options(
    method: str, path: str, params: Mapping[str, Any] | None = None
) -> FinalRequestOptions:
    """Options of a ChatKit call (params in the body of a POST, else in the query)."""
    return _options(CHATKIT_HEADERS, method, path, params or {}, body=method == "post")
