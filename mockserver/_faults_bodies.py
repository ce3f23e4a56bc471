"""The error answers each service really sends, for a status fault.

A status fault with no ``body`` of its own answers with the body and headers
the addressed service sends for that status: api.openai.com's
``{"error": {message, type, param, code}}`` (Cloudflare's JSON for 502/504),
or, on Azure routes, Azure's gateway shape ``{"error": {code, message}}``
where Azure's gateway answers and OpenAI's shape where Azure passes the
model's error through. Named errors (``"insufficient_quota"``,
``"content_filter"``, ...) pick one of several bodies a status can have.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from openai_kit.mockserver._auth import mask_key
from openai_kit.mockserver._errors import DEPLOYMENT_NOT_FOUND, standard_error
from openai_kit.mockserver._headers import REQUEST_LIMIT

__all__ = [
    "DEFAULT_ERROR",
    "PRESET_STATUS",
    "ErrorContext",
    "RenderedError",
    "azure_operation_id",
    "duration_text",
    "rate_limit_body",
    "render_error",
    "retry_after_headers",
]

# Named errors and the status each is sent with.
PRESET_STATUS: Final[dict[str, int]] = {
    "content_filter": 400,
    "invalid_api_key": 401,
    "permission_denied": 403,
    "model_not_found": 404,
    "request_timeout": 408,
    "rate_limit_exceeded": 429,
    "insufficient_quota": 429,
    "server_error": 500,
    "bad_gateway": 502,
    "overloaded": 503,
    "gateway_timeout": 504,
}
# What a bare status means when no error is named.
DEFAULT_ERROR: Final[dict[int, str]] = {
    401: "invalid_api_key",
    403: "permission_denied",
    404: "model_not_found",
    408: "request_timeout",
    429: "rate_limit_exceeded",
    500: "server_error",
    502: "bad_gateway",
    503: "overloaded",
    504: "gateway_timeout",
}
# Azure answers a 429 with a wait even when the fault names none.
AZURE_DEFAULT_RETRY_AFTER: Final = 1.0

_RATE_LIMIT_DOCS = "Visit https://platform.openai.com/account/rate-limits to learn more."
_QUOTA = (
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, read the docs: "
    "https://platform.openai.com/docs/guides/error-codes/api-errors."
)
_OPENAI_500 = "The server had an error while processing your request. Sorry about that!"
_AZURE_500 = (
    "The server had an error processing your request. Sorry about that! You can retry your "
    "request, or contact us through an Azure support request at: "
    "https://go.microsoft.com/fwlink/?linkid=2213926 if you keep seeing this error. "
    "(Please include the request ID {request_id} in your email.)"
)
_OVERLOADED = "The server is overloaded or not ready yet."
_AZURE_503 = "The service is temporarily unable to process your request. Please try again later."
_AZURE_FORBIDDEN = "Access denied due to Virtual Network/Firewall rules."
_AZURE_BAD_KEY = (
    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a "
    "valid key for an active subscription and use a correct regional API endpoint for your resource."
)
_NO_KEY = (
    "You didn't provide an API key. You need to provide your API key in an Authorization header "
    "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank "
    "username) if you're accessing the API from your browser and are prompted for a username and "
    "password. You can obtain an API key from https://platform.openai.com/account/api-keys."
)
_AZURE_FILTERED = (
    "The response was filtered due to the prompt triggering Azure OpenAI's content management "
    "policy. Please modify your prompt and retry. To learn more about our content filtering "
    "policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766"
)
_OPENAI_FLAGGED = (
    "Invalid prompt: your prompt was flagged as potentially violating our usage policy. Please "
    "try again with a different prompt: "
    "https://platform.openai.com/docs/guides/reasoning#advice-on-prompting"
)
_SAFE: Final = {"filtered": False, "severity": "safe"}


@dataclass(frozen=True)
class ErrorContext:
    """What an error body may quote about the request it answers."""

    azure: bool
    operation: str | None
    model: str | None
    api_version: str | None
    request_id: str
    organization: str
    api_key: str | None = None


@dataclass(frozen=True)
class RenderedError:
    """A status, body bytes, content type and headers, ready to send."""

    status: int
    content: bytes
    media_type: str
    headers: dict[str, str]


def duration_text(seconds: float) -> str:
    """A wait as OpenAI writes it: ``120ms``, ``1.5s``, ``20s``, ``1m30s``."""
    if seconds < 1:
        return f"{max(1, math.ceil(seconds * 1000))}ms"
    if seconds < 60:
        return f"{round(seconds, 3):g}s"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}m{round(rest, 3):g}s"


def _seconds_text(seconds: float) -> str:
    """A ``retry-after`` value: whole seconds as an integer, else a decimal."""
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"


def retry_after_headers(seconds: float, *, azure: bool) -> dict[str, str]:
    """``retry-after`` (and on Azure ``retry-after-ms``) asking for ``seconds``."""
    headers = {"retry-after": _seconds_text(seconds)}
    if azure:
        headers["retry-after-ms"] = str(math.ceil(seconds * 1000))
    return headers


def azure_operation_id(operation: str | None) -> str:
    """Azure's name of an operation: ``chat.completions.create`` → ``ChatCompletions_Create``."""
    if not operation:
        return "Unknown"
    *resource, verb = operation.split(".")
    return "".join(part.capitalize() for part in resource) + "_" + verb.capitalize()


def _openai(message: str, type_: str | None, code: str | None, param: str | None = None) -> Any:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def _azure(code: str, message: str) -> Any:
    return {"error": {"code": code, "message": message}}


def _wait_seconds(retry_after: float | None, *, azure: bool) -> float | None:
    if retry_after is not None:
        return retry_after
    return AZURE_DEFAULT_RETRY_AFTER if azure else None


def rate_limit_body(
    ctx: ErrorContext,
    *,
    dimension: Literal["requests", "tokens"],
    limit: int,
    used: int,
    requested: int,
    wait: float | None,
) -> Any:
    """The 429 of a limit reached: ``dimension`` per minute, ``used`` of ``limit``.

    ``wait`` None with ``requested > limit`` is OpenAI's "Request too large".
    """
    if ctx.azure:
        seconds = max(1, math.ceil(wait if wait is not None else 60))
        unit = "second" if seconds == 1 else "seconds"
        what = "call" if dimension == "requests" else "token"
        message = (
            f"Requests to the {azure_operation_id(ctx.operation)} Operation under Azure OpenAI "
            f"API version {ctx.api_version or 'v1'} have exceeded {what} rate limit of your "
            f"current OpenAI S0 pricing tier. Please retry after {seconds} {unit}. Please go "
            "here: https://aka.ms/oai/quotaincrease if you would like to further increase the "
            "default rate limit."
        )
        return _azure("429", message)
    subject = ctx.model or "requests"
    per = "requests per min (RPM)" if dimension == "requests" else "tokens per min (TPM)"
    where = f"{subject} in organization {ctx.organization} on {per}"
    if wait is None and requested > limit:
        message = (
            f"Request too large for {where}: Limit {limit}, Requested {requested}. The input or "
            f"output tokens must be reduced in order to run successfully. {_RATE_LIMIT_DOCS}"
        )
    else:
        again = duration_text(wait if wait is not None else 1.0)
        message = (
            f"Rate limit reached for {where}: Limit {limit}, Used {used}, Requested {requested}. "
            f"Please try again in {again}. {_RATE_LIMIT_DOCS}"
        )
    return _openai(message, dimension, "rate_limit_exceeded")


def _rate_limited(ctx: ErrorContext, retry_after: float | None) -> tuple[Any, float | None]:
    wait = _wait_seconds(retry_after, azure=ctx.azure)
    body = rate_limit_body(
        ctx,
        dimension="requests",
        limit=REQUEST_LIMIT,
        used=REQUEST_LIMIT,
        requested=1,
        wait=wait if wait is not None else 1.0,
    )
    return body, wait


def _content_filter_result() -> dict[str, Any]:
    return {
        "hate": dict(_SAFE),
        "jailbreak": {"filtered": False, "detected": False},
        "self_harm": dict(_SAFE),
        "sexual": {"filtered": True, "severity": "medium"},
        "violence": dict(_SAFE),
    }


def _content_filter_body(ctx: ErrorContext) -> Any:
    if not ctx.azure:
        return _openai(_OPENAI_FLAGGED, "invalid_request_error", "invalid_prompt")
    body = _openai(_AZURE_FILTERED, None, "content_filter", "prompt")
    body["error"]["status"] = 400
    body["error"]["innererror"] = {
        "code": "ResponsibleAIPolicyViolation",
        "content_filter_result": _content_filter_result(),
    }
    return body


def _invalid_api_key_body(ctx: ErrorContext) -> Any:
    if ctx.azure:
        return _azure("401", _AZURE_BAD_KEY)
    if not ctx.api_key:
        return _openai(_NO_KEY, "invalid_request_error", None)
    message = (
        f"Incorrect API key provided: {mask_key(ctx.api_key)}. You can find your API key at "
        "https://platform.openai.com/account/api-keys."
    )
    return _openai(message, "invalid_request_error", "invalid_api_key")


def _permission_denied_body(ctx: ErrorContext) -> Any:
    if ctx.azure:
        return _azure("403", _AZURE_FORBIDDEN)
    return {
        "error": {
            "code": "unsupported_country_region_territory",
            "message": "Country, region, or territory not supported",
            "param": None,
            "type": "request_forbidden",
        }
    }


def _model_not_found_body(ctx: ErrorContext) -> Any:
    if ctx.azure:
        return _azure("DeploymentNotFound", DEPLOYMENT_NOT_FOUND)
    message = (
        f"The model `{ctx.model or 'unknown'}` does not exist or you do not have access to it."
    )
    return _openai(message, "invalid_request_error", "model_not_found")


def _timeout_body(ctx: ErrorContext) -> Any:
    if ctx.azure:
        return _azure("Timeout", "The operation was timeout.")
    return _openai("Request timed out.", "server_error", None)


def _server_error_body(ctx: ErrorContext) -> Any:
    if ctx.azure:
        return _openai(_AZURE_500.format(request_id=ctx.request_id), "server_error", None)
    return _openai(_OPENAI_500, "server_error", None)


def _cloudflare(code: int, message: str, kind: str) -> Any:
    return {"error": {"code": code, "message": message, "param": None, "type": kind}}


def _bad_gateway_body(ctx: ErrorContext) -> Any:
    if ctx.azure:
        return _azure("BadGateway", "Bad gateway.")
    return _cloudflare(502, "Bad gateway.", "cf_bad_gateway")


def _overloaded_body(ctx: ErrorContext) -> Any:
    if ctx.azure:
        return _azure("ServiceUnavailable", _AZURE_503)
    return _openai(_OVERLOADED, "server_error", None)


def _gateway_timeout_body(ctx: ErrorContext) -> Any:
    if ctx.azure:
        return _azure("Timeout", "The operation was timeout.")
    return _cloudflare(504, "Gateway timeout.", "cf_gateway_timeout")


_PRESET_BODIES: Final[dict[str, Callable[[ErrorContext], Any]]] = {
    "content_filter": _content_filter_body,
    "invalid_api_key": _invalid_api_key_body,
    "permission_denied": _permission_denied_body,
    "model_not_found": _model_not_found_body,
    "request_timeout": _timeout_body,
    "insufficient_quota": lambda ctx: _openai(_QUOTA, "insufficient_quota", "insufficient_quota"),
    "server_error": _server_error_body,
    "bad_gateway": _bad_gateway_body,
    "overloaded": _overloaded_body,
    "gateway_timeout": _gateway_timeout_body,
}


def _preset_body(name: str, ctx: ErrorContext) -> Any:
    """The body of a named error other than the 429s."""
    make = _PRESET_BODIES.get(name)
    if make is None:
        raise ValueError(f"no body for error {name!r}")
    return make(ctx)


def _generic_body(status: int, ctx: ErrorContext) -> Any:
    err = standard_error(status)
    return err.body_for(azure=ctx.azure)


def _encode(body: Any) -> tuple[bytes, str]:
    if isinstance(body, bytes):
        return body, "text/plain; charset=utf-8"
    if isinstance(body, str):
        return body.encode(), "text/plain; charset=utf-8"
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return text.encode(), "application/json; charset=utf-8"


def render_error(
    status: int,
    ctx: ErrorContext,
    *,
    error: str | None = None,
    body: Any = None,
    retry_after: float | None = None,
    headers: Mapping[str, str] | None = None,
) -> RenderedError:
    """The answer of a status fault on the addressed service.

    ``body`` (when not None) is sent as given: ``bytes``/``str`` verbatim as
    text, anything else as JSON. Otherwise the named ``error`` (or the
    status's usual one) picks the service's body. ``retry_after`` adds
    ``retry-after`` (and ``retry-after-ms`` on Azure); ``headers`` come last.
    """
    name = error if error is not None else DEFAULT_ERROR.get(status)
    out: dict[str, str] = {}
    wait = retry_after
    if body is None:
        if name == "rate_limit_exceeded":
            body, wait = _rate_limited(ctx, retry_after)
            out["x-ratelimit-remaining-requests"] = "0"
            out["x-ratelimit-reset-requests"] = duration_text(wait if wait is not None else 1.0)
        elif name is not None:
            body = _preset_body(name, ctx)
        else:
            body = _generic_body(status, ctx)
    if wait is not None:
        out.update(retry_after_headers(wait, azure=ctx.azure))
    content, media_type = _encode(body)
    if headers:
        out.update(headers)
        for key in [k for k in out if k.lower() == "content-type"]:
            media_type = out.pop(key)
    return RenderedError(status, content, media_type, out)
