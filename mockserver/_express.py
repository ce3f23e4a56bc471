"""The express lane: a repeated OpenAI request answered from bytes made once.

A load test, or a test suite, sends the same chat completion again and
again. The first time the pipeline (:func:`openai_kit.mockserver._pipeline.answer`)
validates, plans and encodes the answer, and the operation's memo (its
``express`` declaration; chat's is ``api/chat/plan_cache.py``) keeps it split
around ``created``. When the very same bytes come
back to an OpenAI route and nothing could make the pipeline answer otherwise,
this lane gives the same answer without the pipeline's general steps: no
header dicts, no body parsing (the journal parses the body when a test reads
it), no reply objects.

"Nothing could answer otherwise" means: no query string, no configured
latency, no installed fault or rate limit and no ``x-mock-fault`` header, no
pending script, and a ``Bearer`` key the server accepts. Anything else
returns None and the pipeline answers: 401s, faults, scripts and Azure routes
are its business. The answer (status, headers in order, body) and the
journal entry are the pipeline's own; ``tests/mockserver/test_fastpath_equivalence.py``
compares them message by message.
"""

from __future__ import annotations

import functools
import time
from typing import TYPE_CHECKING, Final

from starlette.types import Scope

from openai_kit.mockserver._auth import bearer_credential
from openai_kit.mockserver._headers import (
    EXPOSE_HEADER,
    REQUEST_ID_HEADER,
    RequestIds,
    headers_after_id,
    number_header,
)
from openai_kit.mockserver._journal import RecordedRequest, Style
from openai_kit.mockserver._observe import ENTRY_SCOPE_KEY
from openai_kit.mockserver._operation import Operation
from openai_kit.mockserver._pipeline import JSON_HEADER
from openai_kit.mockserver.faults import FAULT_HEADER

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["Express", "express_answer"]

RawHeaders = list[tuple[bytes, bytes]]
#: Header pairs an answer shares with the answers like it.
SharedHeaders = tuple[tuple[bytes, bytes], ...]
#: The 200's raw headers, its body, the body as the parts it was joined from (the
#: memo's two halves, the same objects for every answer to the same request, around the
#: ``created`` stamp), and the headers again as their two parts: the ``x-request-id``
#: value, the one thing in them of this answer's own, and the pairs after it, which
#: answers alike share (the live server's log keeps these two, no copy each).
Express = tuple[RawHeaders, bytes, tuple[bytes, bytes, bytes], bytes, SharedHeaders]

_AUTHORIZATION: Final = b"authorization"
_FAULT: Final = FAULT_HEADER.encode("latin-1")
_ORGANIZATION: Final = b"openai-organization"
_PROJECT: Final = b"openai-project"


def _read_headers(raw_headers: RawHeaders) -> tuple[str | None, str, str] | None:
    """The bearer key of a request and the organization and project it names (the answer
    echoes them; empty: none); None when it asks for a fault."""
    authorization: bytes | None = None
    organization: bytes | None = None
    project: bytes | None = None
    for name, value in raw_headers:
        if name == _AUTHORIZATION:
            if authorization is None:
                authorization = value
        elif name == _FAULT:
            return None
        elif name == _ORGANIZATION:
            if organization is None:
                organization = value
        elif name == _PROJECT and project is None:
            project = value
    key = bearer_credential(None if authorization is None else authorization.decode("latin-1"))
    return key, _text(organization), _text(project)


def _text(value: bytes | None) -> str:
    return "" if value is None else value.decode("latin-1")


@functools.lru_cache(maxsize=512)
def _after_id(
    processing_ms: int, tokens: int, length: int, organization: str, project: str
) -> SharedHeaders:
    """The 200's headers after ``x-request-id``, built once for all the answers that
    share them (the pipeline's, in its order: ``raw_response_headers``, then the body's)."""
    echoed = {"openai-organization": organization, "openai-project": project}
    return (
        *headers_after_id(processing_ms, tokens, echoed),
        EXPOSE_HEADER,
        number_header(b"content-length", length),
        JSON_HEADER,
    )


@functools.lru_cache(maxsize=256)
def _stamped(parts: tuple[bytes, bytes], created: int) -> tuple[bytes, bytes, bytes]:
    """A memo's two halves around ``created``, made once per memo and second: the answers
    of one second share them (and the live server's log, which keeps them, no copy each)."""
    return parts[0], str(created).encode(), parts[1]


def express_answer(
    core: ServerCore,
    style: Style,
    operation: Operation,
    scope: Scope,
    body: bytes,
    started: float,
) -> Express | None:
    """The 200's headers and body for ``body`` sent to ``operation`` (journaled), or None.

    None when the pipeline must answer: see the module's docstring.
    """
    lookup = operation.express
    if (
        lookup is None
        or style != "openai"
        or scope["query_string"]
        or core.latency
        or len(core.faults)
        or len(core.scripts)
    ):
        return None
    raw_headers: RawHeaders = scope["headers"]
    read = _read_headers(raw_headers)
    if read is None:
        return None
    key, organization, project = read
    if not key or not core.accepts_key(key):
        return None
    parts = lookup(core.seed, core.custom_models, body)
    if parts is None:
        return None
    ids = RequestIds(core.seed, core.next_index())
    entry = RecordedRequest.from_asgi(
        operation.name,
        "POST",
        scope["path"],
        {},
        raw_headers,
        style="openai",
        deployment=None,
        request_id=ids.openai,
        json_body=body,
        status=200,
    )
    core.journal.append(entry)
    scope[ENTRY_SCOPE_KEY] = entry
    pieces = _stamped(parts, int(core.clock.now()))
    content = b"".join(pieces)
    processing_ms = int((time.perf_counter() - started) * 1000)
    after = _after_id(processing_ms, max(1, len(body) // 4), len(content), organization, project)
    request_id = ids.openai.encode("latin-1")
    return [(REQUEST_ID_HEADER, request_id), *after], content, pieces, request_id, after
