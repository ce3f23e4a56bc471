"""How the pipeline asks the fault book about a request and renders a fault's answer.

A request's facts (its journal entry, headers, parsed body, deployment model,
credential) go to :class:`~openai_kit.mockserver._faults_book.FaultBook`; a
status fault or a refused rate-limit bucket becomes the service's own error
answer (OpenAI's or Azure's body and headers, ``retry-after`` included).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from starlette.datastructures import Headers
from starlette.types import Scope

from openai_kit.mockserver import faults as F
from openai_kit.mockserver._call import BytesReply, Reply
from openai_kit.mockserver._errors import (
    MockAPIError,
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
from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._journal import RecordedRequest
from openai_kit.mockserver._operation import Operation
from openai_kit.mockserver._ratelimit import Verdict
from openai_kit.mockserver._render import ERROR_TYPE
from openai_kit.mockserver._sse import encode_json
from openai_kit.mockserver._strict_json import loads as strict_loads

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["as_reply", "consult", "credential", "error_context", "fault_reply", "limited_reply"]


def credential(headers: Mapping[str, str], *, azure: bool) -> str | None:
    """The API key or token a request carries (only ever hashed or masked)."""
    if azure:
        key = headers.get("api-key", "").strip()
        if key:
            return key
    scheme, _, credential = headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credential.strip() or None


def facts(
    core: ServerCore, op: Operation, entry: RecordedRequest, scope: Scope, body: bytes
) -> RequestFacts:
    parsed: Any = None
    if op.body == "json":
        try:
            parsed = strict_loads(body)
        except ValueError:
            parsed = None
    deployment = addressed_deployment(entry, parsed)
    headers = Headers(scope=scope)
    return RequestFacts(
        entry,
        headers,
        parsed,
        core.deployment_model(deployment) if deployment else None,
        credential(headers, azure=entry.style != "openai"),
    )


def consult(
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
    elif not book.may_match(op.name):
        return Decision()
    return book.decide(facts(core, op, entry, scope, body), header_fault)


def error_context(core: ServerCore, entry: RecordedRequest, scope: Scope) -> ErrorContext:
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
        api_key=credential(headers, azure=azure),
    )


def as_reply(rendered: RenderedError) -> BytesReply:
    return BytesReply(rendered.content, rendered.media_type, rendered.status, rendered.headers)


def limited_reply(ctx: ErrorContext, verdict: Verdict) -> BytesReply:
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
    return BytesReply(content, ERROR_TYPE, 429, headers)


def fault_reply(
    core: ServerCore, entry: RecordedRequest, scope: Scope, decision: Decision
) -> Reply | None:
    """The answer a rate limit or a status fault gives in place of the operation's."""
    fault = decision.fault
    if decision.limited is not None:
        return limited_reply(error_context(core, entry, scope), decision.limited)
    if isinstance(fault, F.StatusFault):
        ctx = error_context(core, entry, scope)
        return as_reply(
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
