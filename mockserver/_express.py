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
from openai_kit.mockserver._headers import RequestIds, number_header, raw_response_headers
from openai_kit.mockserver._journal import RecordedRequest, Style
from openai_kit.mockserver._observe import ENTRY_SCOPE_KEY
from openai_kit.mockserver._operation import Operation
from openai_kit.mockserver._pipeline import JSON_HEADER
from openai_kit.mockserver.faults import FAULT_HEADER

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["Express", "express_answer"]

RawHeaders = list[tuple[bytes, bytes]]
#: The 200's raw headers, its body, and the body as the parts it was joined from: the
#: memo's two halves (the same objects for every answer to the same request) around
#: the ``created`` stamp.
Express = tuple[RawHeaders, bytes, tuple[bytes, bytes, bytes]]

_AUTHORIZATION: Final = b"authorization"
_FAULT: Final = FAULT_HEADER.encode("latin-1")
# request headers the answer echoes (the pipeline's ``raw_response_headers`` reads them)
_ECHOED: Final = {
    b"openai-organization": "openai-organization",
    b"openai-project": "openai-project",
}


def _read_headers(raw_headers: RawHeaders) -> tuple[str | None, dict[str, str]] | None:
    """The bearer key and the echoed headers of a request; None when it asks for a fault."""
    authorization: bytes | None = None
    echoed: dict[str, str] = {}
    for name, value in raw_headers:
        if name == _AUTHORIZATION:
            if authorization is None:
                authorization = value
        elif name == _FAULT:
            return None
        else:
            echo = _ECHOED.get(name)
            if echo is not None and echo not in echoed:
                echoed[echo] = value.decode("latin-1")
    key = bearer_credential(None if authorization is None else authorization.decode("latin-1"))
    return key, echoed


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
    key, echoed = read
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
    raw = raw_response_headers(
        ids,
        azure=False,
        model_headers=operation.model,
        processing_ms=int((time.perf_counter() - started) * 1000),
        tokens=max(1, len(body) // 4),
        request_headers=echoed,
        region=core.azure_region,
    )
    raw.append(number_header(b"content-length", len(content)))
    raw.append(JSON_HEADER)
    return raw, content, pieces
