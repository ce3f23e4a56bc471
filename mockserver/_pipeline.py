"""What happens to every API request, whatever its operation.

Journal it, consult the installed faults (``_faults_book``), check
``api-version`` (Azure classic routes), authenticate, parse the body,
resolve the Azure deployment, wait the configured latency, apply a scripted
response or call the operation's handler, and answer with the service's
headers. A fault may answer in its place (a status, a rate-limit 429, a hang,
a dropped connection) or shape its answer (latency, a cut, malformed or slow
body). Bad input ends as the service's 4xx; anything unexpected as a logged
500 with an OpenAI-shaped ``server_error`` body.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import time
from collections.abc import AsyncIterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from starlette.datastructures import Headers, QueryParams
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope

from openai_kit.mockserver import faults as F
from openai_kit.mockserver._auth import check_azure, check_openai
from openai_kit.mockserver._call import BytesReply, Call, JSONReply, Reply, StreamReply
from openai_kit.mockserver._errors import (
    AzureGatewayError,
    MockAPIError,
    deployment_not_found,
    standard_error,
)
from openai_kit.mockserver._faults_apply import (
    disconnect_response,
    hang_response,
    pause,
    shape_reply,
)
from openai_kit.mockserver._faults_bodies import (
    ErrorContext,
    RenderedError,
    rate_limit_body,
    render_error,
)
from openai_kit.mockserver._faults_book import (
    Decision,
    FaultBook,
    RequestFacts,
    addressed_deployment,
)
from openai_kit.mockserver._headers import RequestIds, raw_response_headers
from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._journal import RecordedRequest, Style, read_headers
from openai_kit.mockserver._multipart import FormFile, parse_form
from openai_kit.mockserver._observe import ENTRY_SCOPE_KEY
from openai_kit.mockserver._operation import Operation
from openai_kit.mockserver._ratelimit import Verdict
from openai_kit.mockserver._scripts import Script
from openai_kit.mockserver._sse import DATA, encode_json

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["JSON_HEADER", "answer", "answer_inline", "serve", "style_of_path"]

logger = logging.getLogger("openai_kit.mockserver")

RawHeaders = list[tuple[bytes, bytes]]

NOT_JSON = (
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using "
    "your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not "
    "valid JSON. If you have trouble figuring out how to fix this, please contact us through our "
    "help center at help.openai.com.)"
)
_API_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}(-preview)?")
_JSON_TYPE = "application/json"
_ERROR_TYPE = "application/json; charset=utf-8"


def style_of_path(path: str) -> Style:
    if path.startswith("/openai/v1/") or path == "/openai/v1":
        return "azure_v1"
    if path.startswith("/openai/") or path == "/openai":
        return "azure"
    return "openai"


_JSON_KINDS = {
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
}


def _parse_json(body: bytes) -> dict[str, Any]:
    """The request body as a JSON object; a 400 for anything else."""
    try:
        parsed = json.loads(body)
    except ValueError:
        raise MockAPIError(400, NOT_JSON) from None
    if not isinstance(parsed, dict):
        kind = "null" if parsed is None else _JSON_KINDS.get(type(parsed), "a value")
        raise MockAPIError(
            400,
            f"Invalid type for request body: expected an object, but got {kind} instead.",
            code="invalid_type",
        )
    return parsed


def _resolve_deployment(core: ServerCore, op: Operation, call: Call) -> Any:
    """The body the handler sees: ``model`` replaced by the deployment's model."""
    if not op.deployment:
        return call.json
    body = call.json
    if call.style == "azure":
        name: object = call.path_params.get("deployment", "")
    elif isinstance(body, dict):
        name = body.get("model")
        if not isinstance(name, str):
            return body
    else:
        return body
    model = core.deployment_model(str(name))
    if model is None:
        raise deployment_not_found()
    return {**body, "model": model} if isinstance(body, dict) else body


def _error_reply(
    err: MockAPIError, *, azure: bool, headers: Mapping[str, str] | None = None
) -> JSONReply:
    return JSONReply(err.body_for(azure=azure), err.status, {**err.headers, **(headers or {})})


def _script_reply(script: Script, *, azure: bool) -> Reply | None:
    """The whole reply of a body/chunks/error script; None for content scripts."""
    if script.error is not None:
        return _error_reply(script.error, azure=azure, headers=script.headers)
    if script.chunks is not None:
        return StreamReply(script.chunks, headers=dict(script.headers))
    if script.kind == "body":
        return JSONReply(script.body, script.status, dict(script.headers))
    return None


async def _answer(core: ServerCore, op: Operation, call: Call) -> Reply:
    if call.style == "azure":
        version = call.query.get("api-version")
        if not version:
            raise AzureGatewayError(404, "Resource not found")
        if not _API_VERSION.fullmatch(version):
            raise AzureGatewayError(400, "API version not supported", code="BadRequest")
    if call.style == "openai":
        check_openai(call.headers, core.accepts_key)
    else:
        check_azure(call.headers, core.accepts_key)
    _prepare(core, op, call)
    if core.latency:
        await asyncio.sleep(core.latency)
    return _run(core, op, call)


def _prepare(core: ServerCore, op: Operation, call: Call) -> None:
    """Parse the body and resolve the Azure deployment."""
    if op.body == "json":
        call.json = call.entry.json = _parse_json(call.body)
    elif op.body == "multipart":
        call.form = parse_form(call.headers.get("content-type", ""), call.body)
        call.entry.form = {
            k: v.filename if isinstance(v, FormFile) else v for k, v in call.form.items()
        }
    if call.azure:
        call.json = _resolve_deployment(core, op, call)


def _run(core: ServerCore, op: Operation, call: Call) -> Reply:
    """A scripted answer, or the operation's handler's."""
    script = core.scripts.take(call.entry)
    if script is not None:
        call.entry.script = {"operation": script.operation, "kind": script.kind}
        whole = _script_reply(script, azure=call.azure)
        if whole is not None:
            return whole
        call.script = script
    return op.handler(core, call)


async def _stream_body(reply: StreamReply) -> AsyncIterator[bytes]:
    """The bytes of a stream, as its framing puts them."""
    framing = reply.framing
    assert framing is not None, "the pipeline sets every stream's framing"
    for chunk in framing.frame(reply.events, encoded=reply.encoded):
        yield chunk


class _RawResponse(Response):
    """A whole answer whose ASGI headers were built as bytes already."""

    def __init__(self, content: bytes, status: int, raw_headers: RawHeaders) -> None:
        self.status_code = status
        self.background = None
        self.body = content
        self.raw_headers = raw_headers


class _RawStreamingResponse(StreamingResponse):
    """A streamed answer whose ASGI headers were built as bytes already."""

    def __init__(self, content: AsyncIterator[bytes], status: int, raw_headers: RawHeaders) -> None:
        self.body_iterator = content
        self.status_code = status
        self.background = None
        self.raw_headers = raw_headers


def _content_type(media_type: str) -> tuple[bytes, bytes]:
    """The ``content-type`` header Starlette's ``Response`` adds for ``media_type``."""
    if media_type.startswith("text/") and "charset=" not in media_type.lower():
        media_type += "; charset=utf-8"
    return b"content-type", media_type.encode("latin-1")


JSON_HEADER: Final = _content_type(_JSON_TYPE)
_ERROR_HEADER = _content_type(_ERROR_TYPE)
_SSE_HEADER = _content_type("text/event-stream")


def _sized(raw: RawHeaders, content: bytes, status: int, content_type: tuple[bytes, bytes]) -> None:
    """Add what Starlette's ``Response`` adds: ``content-length`` (when a body is allowed), the type."""
    if not (status < 200 or status in (204, 304)):
        raw.append((b"content-length", str(len(content)).encode("latin-1")))
    raw.append(content_type)


def _render_raw(reply: Reply, raw: RawHeaders) -> Response:
    """:func:`_render` for a reply that adds no headers of its own: ``raw`` are all of them.

    Gives the very status, headers (names, values, order) and body that
    ``_render`` gives with the same headers as a dict, without encoding them again.
    """
    if isinstance(reply, JSONReply):
        content = encode_json(reply.body)
        _sized(raw, content, reply.status, _ERROR_HEADER if reply.status >= 400 else JSON_HEADER)
        return _RawResponse(content, reply.status, raw)
    if isinstance(reply, StreamReply):
        raw.append(_SSE_HEADER)
        return _RawStreamingResponse(_stream_body(reply), reply.status, raw)
    _sized(raw, reply.content, reply.status, _content_type(reply.media_type))
    return _RawResponse(reply.content, reply.status, raw)


def _render(reply: Reply, headers: dict[str, str]) -> Response:
    if isinstance(reply, JSONReply):
        content = encode_json(reply.body)
        media_type = _ERROR_TYPE if reply.status >= 400 else _JSON_TYPE
        return Response(content, reply.status, headers, media_type)
    if isinstance(reply, StreamReply):
        return StreamingResponse(_stream_body(reply), reply.status, headers, "text/event-stream")
    return Response(reply.content, reply.status, headers, reply.media_type)


def _credential(headers: Mapping[str, str], *, azure: bool) -> str | None:
    """The API key or token a request carries (only ever hashed or masked)."""
    if azure:
        key = headers.get("api-key", "").strip()
        if key:
            return key
    scheme, _, credential = headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credential.strip() or None


def _facts(
    core: ServerCore, op: Operation, entry: RecordedRequest, scope: Scope, body: bytes
) -> RequestFacts:
    parsed: Any = None
    if op.body == "json":
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            entry.json = parsed
    deployment = addressed_deployment(entry, parsed)
    headers = Headers(scope=scope)
    return RequestFacts(
        entry,
        headers,
        parsed,
        core.deployment_model(deployment) if deployment else None,
        _credential(headers, azure=entry.style != "openai"),
    )


def _consult(
    core: ServerCore,
    book: FaultBook,
    op: Operation,
    entry: RecordedRequest,
    scope: Scope,
    body: bytes,
    headers: Mapping[str, str],
) -> Decision:
    """Ask the fault book about this request; a bad ``x-mock-fault`` header is a 400."""
    spec = headers.get(F.FAULT_HEADER)
    header_fault: F.Fault | None = None
    if spec is not None:
        try:
            header_fault = F.parse_spec(spec)
            if isinstance(header_fault, F.RateLimitFault):
                raise ValueError(
                    "a rate_limit cannot be a one-off fault; install it with the admin API"
                )
        except (TypeError, ValueError) as exc:
            raise MockAPIError(
                400,
                f"Invalid {F.FAULT_HEADER} header: {exc}",
                param=F.FAULT_HEADER,
                code="invalid_fault",
            ) from None
    elif len(book) == 0:
        return Decision()
    return book.decide(_facts(core, op, entry, scope, body), header_fault)


def _error_context(core: ServerCore, entry: RecordedRequest, scope: Scope) -> ErrorContext:
    azure = entry.style != "openai"
    headers = Headers(scope=scope)
    organization = headers.get("openai-organization") or "org-" + alnum_id(
        core.seed, "organization", 0
    )
    return ErrorContext(
        azure=azure,
        operation=entry.operation,
        model=entry.model,
        api_version=entry.query.get("api-version"),
        request_id=entry.request_id,
        organization=organization,
        api_key=_credential(headers, azure=azure),
    )


def _as_reply(rendered: RenderedError) -> BytesReply:
    return BytesReply(rendered.content, rendered.media_type, rendered.status, rendered.headers)


def _limited_reply(ctx: ErrorContext, verdict: Verdict) -> BytesReply:
    """The service's 429 for a request a rate-limit bucket refused."""
    assert verdict.dimension is not None
    body = rate_limit_body(
        ctx,
        dimension=verdict.dimension,
        limit=verdict.limit,
        used=verdict.used,
        requested=verdict.requested,
        wait=verdict.wait,
    )
    headers = dict(verdict.headers)
    if verdict.wait is not None:
        headers["retry-after"] = str(max(1, math.ceil(verdict.wait)))
        if ctx.azure:
            headers["retry-after-ms"] = str(max(1, math.ceil(verdict.wait * 1000)))
    content = encode_json(body)
    return BytesReply(content, _ERROR_TYPE, 429, headers)


def _fault_reply(
    core: ServerCore, entry: RecordedRequest, scope: Scope, decision: Decision
) -> Reply | None:
    """The answer a rate limit or a status fault gives in place of the operation's."""
    fault = decision.fault
    if decision.limited is not None:
        return _limited_reply(_error_context(core, entry, scope), decision.limited)
    if isinstance(fault, F.StatusFault):
        ctx = _error_context(core, entry, scope)
        return _as_reply(
            render_error(
                fault.status,
                ctx,
                error=fault.error,
                body=fault.body,
                retry_after=fault.retry_after,
                headers=dict(fault.headers),
            )
        )
    return None


async def _respond(
    core: ServerCore,
    op: Operation | None,
    entry: RecordedRequest,
    scope: Scope,
    receive: Receive,
    path_params: Mapping[str, str],
    body: bytes,
    decision: Decision,
    index: int,
    headers: Mapping[str, str],
    query: Mapping[str, str],
) -> Reply:
    """The reply to a request once faults are known (a fault may replace it)."""
    fault = decision.fault
    replaced = _fault_reply(core, entry, scope, decision)
    if replaced is not None:
        return replaced
    if op is None:
        if entry.style != "openai":
            raise AzureGatewayError(404, "Resource not found")
        raise MockAPIError(404, f"Invalid URL ({entry.method} {entry.path})")
    if isinstance(fault, F.LatencyFault):
        await pause(fault.seconds, receive)
    call = Call(
        operation=op.name,
        style=entry.style,
        method=entry.method,
        path_params=dict(path_params),
        query=query,
        headers=headers,
        body=body,
        entry=entry,
        index=index,
    )
    return await _answer(core, op, call)


_NO_QUERY: Mapping[str, str] = MappingProxyType({})
_SHAPING = (F.StreamCutFault, F.MalformedFault, F.SlowStreamFault)


async def serve(
    core: ServerCore,
    style: Style,
    operations: Mapping[str, Operation],
    request: Request,
) -> Response:
    """Answer one API request (``operations`` maps HTTP methods of its path)."""
    started = time.perf_counter()
    body = await request.body()
    return await answer(
        core, style, operations, request.scope, request.receive, body, request.path_params, started
    )


async def answer(
    core: ServerCore,
    style: Style,
    operations: Mapping[str, Operation],
    scope: Scope,
    receive: Receive,
    body: bytes,
    path_params: Mapping[str, str],
    started: float,
) -> Response:
    """The response to one API request whose whole body was read (from ``started`` on).

    :func:`serve` calls it for Starlette's router; the raw-ASGI fast path
    (``_fastpath``) calls it straight from ``receive``: the same answer either way.
    """
    index = core.next_index()
    ids = RequestIds(core.seed, index)
    azure = style != "openai"
    method: str = scope["method"]
    op = operations.get(method)
    path: str = scope["path"]
    # the query string is parsed and the headers decoded once here (no query string, no parsing)
    query_string: bytes = scope["query_string"]
    query: Mapping[str, str] = QueryParams(query_string) if query_string else _NO_QUERY
    raw_headers: list[tuple[bytes, bytes]] = scope["headers"]
    headers = read_headers(raw_headers)
    entry = RecordedRequest.from_asgi(
        op.name if op is not None else None,
        method,
        path,
        dict(query),
        raw_headers,
        style=style,
        deployment=path_params.get("deployment"),
        request_id=ids.request_id(azure=azure),
    )
    core.journal.append(entry)
    scope[ENTRY_SCOPE_KEY] = entry
    decision = Decision()
    try:
        if op is not None:
            decision = _consult(core, core.faults, op, entry, scope, body, headers)
            entry.fault = decision.record
        if isinstance(decision.fault, F.HangFault):
            return hang_response()
        if isinstance(decision.fault, F.DisconnectFault):
            return disconnect_response()
        reply = await _respond(
            core, op, entry, scope, receive, path_params, body, decision, index, headers, query
        )
    except MockAPIError as err:
        reply = _error_reply(err, azure=azure)
    except Exception:
        logger.exception("the mock's handler for %s %s failed", method, path)
        reply = _error_reply(standard_error(500), azure=azure)
    entry.status = reply.status
    if isinstance(reply, StreamReply) and reply.framing is None:
        reply.framing = op.stream if op is not None else DATA
    raw = raw_response_headers(
        ids,
        azure=azure,
        model_headers=op is not None and op.model,
        processing_ms=int((time.perf_counter() - started) * 1000),
        tokens=max(1, len(body) // 4),
        request_headers=headers,
        region=core.azure_region,
    )
    fault = decision.fault
    if isinstance(fault, _SHAPING) or (
        isinstance(fault, F.StreamErrorFault) and isinstance(reply, StreamReply)
    ):
        return shape_reply(reply, _merged(raw, decision, reply), fault)
    if decision.headers or reply.headers:
        return _render(reply, _merged(raw, decision, reply))
    return _render_raw(reply, raw)


def _merged(raw: RawHeaders, decision: Decision, reply: Reply) -> dict[str, str]:
    """The service's headers, then the rate limits', then the reply's own, as one dict."""
    headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in raw}
    headers.update(decision.headers)
    headers.update(reply.headers)
    return headers


def answer_inline(
    core: ServerCore,
    op: Operation,
    entry: RecordedRequest,
    body: bytes,
    raw_headers: RawHeaders,
    index: int,
) -> Reply | None:
    """The reply to a request the server makes of itself (a batch's line), without HTTP.

    Past the gateway (the request that carried it had its api-version and
    credentials checked) it meets what a direct call meets: the installed
    faults and the ``x-mock-fault`` header in ``raw_headers``, scripts, then
    the operation's handler. A hang holds it back (None: ask again later); a
    dropped connection ends as a 500; latency is not waited. ``index`` is the
    call's number (``core.next_index()``), as a direct call gets one.
    """
    scope: Scope = {"type": "http", "headers": raw_headers}
    headers = read_headers(raw_headers)
    azure = entry.style != "openai"
    try:
        decision = _consult(core, core.faults, op, entry, scope, body, headers)
        entry.fault = decision.record
        if isinstance(decision.fault, F.HangFault):
            return None
        if isinstance(decision.fault, F.DisconnectFault):
            raise standard_error(500)
        reply = _fault_reply(core, entry, scope, decision)
        if reply is None:
            call = Call(
                operation=op.name,
                style=entry.style,
                method=entry.method,
                path_params={},
                query=_NO_QUERY,
                headers=headers,
                body=body,
                entry=entry,
                index=index,
            )
            _prepare(core, op, call)
            reply = _run(core, op, call)
    except MockAPIError as err:
        reply = _error_reply(err, azure=azure)
    except Exception:
        logger.exception("the mock's handler for %s %s failed", entry.method, entry.path)
        reply = _error_reply(standard_error(500), azure=azure)
    entry.status = reply.status
    return reply
