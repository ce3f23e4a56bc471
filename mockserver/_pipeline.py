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
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from openai_kit.mockserver import faults as F
from openai_kit.mockserver._auth import check_azure, check_openai
from openai_kit.mockserver._call import BytesReply, Call, JSONReply, Reply, StreamReply
from openai_kit.mockserver._errors import AzureGatewayError, MockAPIError, standard_error
from openai_kit.mockserver._faults_apply import (
    DONE,
    disconnect_response,
    encode_event,
    encode_json,
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
    JournalEntry,
    RequestFacts,
    addressed_deployment,
    faults_of,
)
from openai_kit.mockserver._headers import RequestIds, response_headers
from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._journal import Style, redact_headers
from openai_kit.mockserver._multipart import FormFile, parse_form
from openai_kit.mockserver._ratelimit import Verdict
from openai_kit.mockserver._scripts import Script

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["Handler", "Operation", "serve", "style_of_path"]

logger = logging.getLogger("openai_kit.mockserver")

Handler = Callable[["ServerCore", Call], Reply]

NOT_JSON = (
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using "
    "your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not "
    "valid JSON. If you have trouble figuring out how to fix this, please contact us through our "
    "help center at help.openai.com.)"
)
DEPLOYMENT_NOT_FOUND = (
    "The API deployment for this resource does not exist. If you created the deployment within the "
    "last 5 minutes, please wait a moment and try again."
)
_API_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}(-preview)?")
_JSON_TYPE = "application/json"
_ERROR_TYPE = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Operation:
    """One API operation: its SDK name, HTTP method, path below the API root, handler.

    ``body`` says how the request body is parsed; ``deployment`` puts the
    Azure classic route under ``/deployments/{deployment}``; ``azure`` says
    whether Azure serves it at all.
    """

    name: str
    method: str
    path: str
    handler: Handler
    body: Literal["json", "multipart", "none"] = "none"
    deployment: bool = False
    azure: bool = True


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
        raise AzureGatewayError(404, DEPLOYMENT_NOT_FOUND, code="DeploymentNotFound")
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
    if op.body == "json":
        call.json = call.entry.json = _parse_json(call.body)
    elif op.body == "multipart":
        call.form = parse_form(call.headers.get("content-type", ""), call.body)
        call.entry.form = {
            k: v.filename if isinstance(v, FormFile) else v for k, v in call.form.items()
        }
    if call.azure:
        call.json = _resolve_deployment(core, op, call)
    if core.latency:
        await asyncio.sleep(core.latency)
    script = core.scripts.take(call.entry)
    if script is not None:
        whole = _script_reply(script, azure=call.azure)
        if whole is not None:
            return whole
        call.script = script
    return op.handler(core, call)


async def _events(events: Iterable[Any]) -> AsyncIterator[bytes]:
    for event in events:
        yield encode_event(event)
    yield DONE


def _render(reply: Reply, headers: dict[str, str]) -> Response:
    if isinstance(reply, JSONReply):
        content = encode_json(reply.body)
        media_type = _ERROR_TYPE if reply.status >= 400 else _JSON_TYPE
        return Response(content, reply.status, headers, media_type)
    if isinstance(reply, StreamReply):
        return StreamingResponse(_events(reply.events), reply.status, headers, "text/event-stream")
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
    core: ServerCore, op: Operation, entry: JournalEntry, request: Request, body: bytes
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
    return RequestFacts(
        entry,
        request.headers,
        parsed,
        core.deployment_model(deployment) if deployment else None,
        _credential(request.headers, azure=entry.style != "openai"),
    )


def _consult(
    core: ServerCore,
    book: FaultBook,
    op: Operation,
    entry: JournalEntry,
    request: Request,
    body: bytes,
) -> Decision:
    """Ask the fault book about this request; a bad ``x-mock-fault`` header is a 400."""
    spec = request.headers.get(F.FAULT_HEADER)
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
    return book.decide(_facts(core, op, entry, request, body), header_fault)


def _error_context(core: ServerCore, entry: JournalEntry, request: Request) -> ErrorContext:
    azure = entry.style != "openai"
    organization = request.headers.get("openai-organization") or "org-" + alnum_id(
        core.seed, "organization", 0
    )
    return ErrorContext(
        azure=azure,
        operation=entry.operation,
        model=entry.model,
        api_version=entry.query.get("api-version"),
        request_id=entry.request_id,
        organization=organization,
        api_key=_credential(request.headers, azure=azure),
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


async def _respond(
    core: ServerCore,
    op: Operation | None,
    entry: JournalEntry,
    request: Request,
    body: bytes,
    decision: Decision,
    index: int,
) -> Reply:
    """The reply to a request once faults are known (a fault may replace it)."""
    fault = decision.fault
    if decision.limited is not None:
        return _limited_reply(_error_context(core, entry, request), decision.limited)
    if isinstance(fault, F.StatusFault):
        ctx = _error_context(core, entry, request)
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
    if op is None:
        if entry.style != "openai":
            raise AzureGatewayError(404, "Resource not found")
        raise MockAPIError(404, f"Invalid URL ({request.method} {entry.path})")
    if isinstance(fault, F.LatencyFault):
        await pause(fault.seconds, request.receive)
    call = Call(
        operation=op.name,
        style=entry.style,
        method=request.method,
        path_params=dict(request.path_params),
        query=request.query_params,
        headers=request.headers,
        body=body,
        entry=entry,
        index=index,
    )
    return await _answer(core, op, call)


async def serve(
    core: ServerCore,
    style: Style,
    operations: Mapping[str, Operation],
    request: Request,
) -> Response:
    """Answer one API request (``operations`` maps HTTP methods of its path)."""
    started = time.perf_counter()
    index = core.next_index()
    ids = RequestIds(core.seed, index)
    azure = style != "openai"
    op = operations.get(request.method)
    body = await request.body()
    path: str = request.scope["path"]
    entry = JournalEntry(
        operation=op.name if op is not None else None,
        method=request.method,
        path=path,
        query=dict(request.query_params),
        headers=redact_headers(request.headers.items()),
        style=style,
        deployment=request.path_params.get("deployment"),
        request_id=ids.request_id(azure=azure),
    )
    core.journal.append(entry)
    decision = Decision()
    try:
        book = faults_of(core)
        if book is not None and op is not None:
            decision = _consult(core, book, op, entry, request, body)
            entry.fault = decision.record
        if isinstance(decision.fault, F.HangFault):
            return hang_response()
        if isinstance(decision.fault, F.DisconnectFault):
            return disconnect_response()
        reply = await _respond(core, op, entry, request, body, decision, index)
    except MockAPIError as err:
        reply = _error_reply(err, azure=azure)
    except Exception:
        logger.exception("the mock's handler for %s %s failed", request.method, path)
        reply = _error_reply(standard_error(500), azure=azure)
    entry.status = reply.status
    headers = response_headers(
        ids,
        azure=azure,
        operation=entry.operation,
        processing_ms=int((time.perf_counter() - started) * 1000),
        tokens=max(1, len(body) // 4),
        request_headers=request.headers,
        region=core.azure_region,
    )
    headers.update(decision.headers)
    headers.update(reply.headers)
    fault = decision.fault
    if isinstance(fault, F.StreamCutFault | F.MalformedFault | F.SlowStreamFault):
        return shape_reply(reply, headers, fault)
    return _render(reply, headers)
