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
import logging
import re
import time
from collections.abc import Mapping
from functools import partial
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope

from openai_kit.mockserver import faults as F
from openai_kit.mockserver._auth import check_azure, check_openai
from openai_kit.mockserver._call import Call, JSONReply, Reply, StreamReply
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
from openai_kit.mockserver._faults_book import (
    Decision,
)
from openai_kit.mockserver._headers import RequestIds, raw_response_headers
from openai_kit.mockserver._journal import RecordedRequest, Style, read_headers
from openai_kit.mockserver._multipart import FormFile, parse_form
from openai_kit.mockserver._observe import ENTRY_SCOPE_KEY
from openai_kit.mockserver._operation import Operation
from openai_kit.mockserver._pipeline_faults import (
    consult,
    fault_reply,
)
from openai_kit.mockserver._render import JSON_HEADER, RawHeaders, render, render_raw
from openai_kit.mockserver._scripts import Script
from openai_kit.mockserver._sse import DATA
from openai_kit.mockserver._strict_json import loads as strict_loads

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "JSON_HEADER",
    "answer",
    "answer_inline",
    "body_too_large",
    "read_body",
    "serve",
    "style_of_path",
]

logger = logging.getLogger("openai_kit.mockserver")

NOT_JSON = (
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using "
    "your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not "
    "valid JSON. If you have trouble figuring out how to fix this, please contact us through our "
    "help center at help.openai.com.)"
)
_API_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}(-preview)?")


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
        parsed = strict_loads(body)
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
    accepts = core.accepts_key if op.accepts is None else partial(op.accepts, core)
    if call.style == "openai":
        check_openai(call.headers, accepts)
    else:
        check_azure(call.headers, accepts)
    _prepare(core, op, call)
    if core.latency:
        await asyncio.sleep(core.latency)
    return _run(core, op, call)


def _prepare(core: ServerCore, op: Operation, call: Call) -> None:
    """Parse the body and resolve the Azure deployment."""
    if op.body == "json":
        call.json = _parse_json(call.body)
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
    replaced = fault_reply(core, entry, scope, decision)
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


def body_too_large(size: int, limit: int) -> MockAPIError:
    """The 413 for a request body over the server's limit."""
    return MockAPIError(
        413,
        f"Request body too large: {size} bytes or more were sent, and at most {limit} bytes "
        "are accepted.",
        code="request_too_large",
    )


async def read_body(request: Request, limit: int | None) -> bytes | MockAPIError:
    """The whole body, or the 413 once more than ``limit`` bytes (None: no limit) arrived."""
    if limit is None:
        return await request.body()
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return body_too_large(int(declared), limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return body_too_large(size, limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def serve(
    core: ServerCore,
    style: Style,
    operations: Mapping[str, Operation],
    request: Request,
) -> Response:
    """Answer one API request (``operations`` maps HTTP methods of its path)."""
    started = time.perf_counter()
    body = await read_body(request, core.max_body_bytes)
    return await answer(
        core, style, operations, request.scope, request.receive, body, request.path_params, started
    )


def _entry(
    core: ServerCore,
    style: Style,
    op: Operation | None,
    scope: Scope,
    body: bytes,
    path_params: Mapping[str, str],
    request_id: str,
    query: Mapping[str, str],
) -> RecordedRequest:
    """The request's journal entry (its JSON body parsed when first read), journaled."""
    entry = RecordedRequest.from_asgi(
        op.name if op is not None else None,
        scope["method"],
        scope["path"],
        dict(query),
        scope["headers"],
        style=style,
        deployment=path_params.get("deployment"),
        request_id=request_id,
        json_body=body if op is not None and op.body == "json" and body else None,
    )
    core.journal.append(entry)
    return entry


async def answer(
    core: ServerCore,
    style: Style,
    operations: Mapping[str, Operation],
    scope: Scope,
    receive: Receive,
    body: bytes | MockAPIError,
    path_params: Mapping[str, str],
    started: float,
) -> Response:
    """The response to one API request whose whole body was read (from ``started`` on).

    :func:`serve` calls it for Starlette's router; the raw-ASGI fast path
    (``_fastpath``) calls it straight from ``receive``: the same answer either
    way. ``body`` is the 413 to answer when the body was over the limit.
    """
    index = core.next_index()
    ids = RequestIds(core.seed, index)
    azure = style != "openai"
    op = operations.get(scope["method"])
    # the query string is parsed and the headers decoded once here (no query string, no parsing)
    query_string: bytes = scope["query_string"]
    query: Mapping[str, str] = QueryParams(query_string) if query_string else _NO_QUERY
    headers = read_headers(scope["headers"])
    refused = body if isinstance(body, MockAPIError) else None
    body = b"" if isinstance(body, MockAPIError) else body
    entry = _entry(core, style, op, scope, body, path_params, ids.request_id(azure=azure), query)
    scope[ENTRY_SCOPE_KEY] = entry
    decision = Decision()
    try:
        if refused is not None:
            raise refused
        if op is not None:
            decision = consult(core, core.faults, op, entry, scope, body, headers)
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
        logger.exception("the mock's handler for %s %s failed", scope["method"], scope["path"])
        reply = _error_reply(standard_error(500), azure=azure)
    entry.status = reply.status
    return _finish(core, op, reply, decision, ids, azure, started, len(body), headers)


def _finish(
    core: ServerCore,
    op: Operation | None,
    reply: Reply,
    decision: Decision,
    ids: RequestIds,
    azure: bool,
    started: float,
    size: int,
    headers: Mapping[str, str],
) -> Response:
    """The reply as a response, with the service's headers (and a shaping fault applied)."""
    if isinstance(reply, StreamReply) and reply.framing is None:
        reply.framing = op.stream if op is not None else DATA
    raw = raw_response_headers(
        ids,
        azure=azure,
        model_headers=op is not None and op.model,
        processing_ms=int((time.perf_counter() - started) * 1000),
        tokens=max(1, size // 4),
        request_headers=headers,
        region=core.azure_region,
    )
    fault = decision.fault
    if isinstance(fault, _SHAPING) or (
        isinstance(fault, F.StreamErrorFault) and isinstance(reply, StreamReply)
    ):
        return shape_reply(reply, _merged(raw, decision, reply), fault)
    if decision.headers or reply.headers:
        return render(reply, _merged(raw, decision, reply))
    return render_raw(reply, raw)


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
        decision = consult(core, core.faults, op, entry, scope, body, headers)
        entry.fault = decision.record
        if isinstance(decision.fault, F.HangFault):
            return None
        if isinstance(decision.fault, F.DisconnectFault):
            raise standard_error(500)
        reply = fault_reply(core, entry, scope, decision)
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
