"""Faults the mock server can inject: build them here, install them with ``mock.faults.add``.

Each builder returns an immutable fault::

    from openai_kit.mockserver import MockServer, faults

    mock = MockServer()
    mock.faults.add([faults.status(429), faults.status(429), None], operation="chat.completions.create")
    mock.faults.add(faults.hang(), model="gpt-4o", times=1)
    mock.faults.add(faults.rate_limit(rpm=3, per="deployment"))

Kinds:

- ``status(code, retry_after=None, body=None, headers=None, *, error=None)``:
  an HTTP error with the body and headers the addressed service really
  sends (OpenAI or Azure). ``error`` names one of several bodies a status
  can have (see :data:`ERRORS`); the named helpers below pick one.
- ``latency(seconds)``: wait, then answer normally.
- ``hang()``: never answer; the client's own read timeout ends the call.
- ``disconnect()``: drop the connection before any response.
- ``stream_cut(after_events)``: send that many SSE events, then drop the
  connection (no ``[DONE]``, no end of the chunked body). A JSON answer is
  cut halfway through its body.
- ``stream_error(after_events, code="server_error", message=..., param=None)``:
  send that many SSE events, then the error a failing stream sends: on
  Responses streams an ``error`` event then ``response.failed``, on chat
  and completions streams ``data: {"error": {...}}``. A JSON answer is sent as is.
- ``malformed()``: a 200 whose JSON body does not parse, or a stream with a
  broken ``data:`` line.
- ``slow_stream(seconds_per_event)``: wait that long before every SSE event
  (before the body of a JSON answer).
- ``rate_limit(rpm=None, tpm=None, per="key")``: token buckets of requests
  and tokens per minute, per API key or per deployment (model).
- ``one_of(*faults)``: one of the faults, drawn from the server's seed.

Every fault has a JSON form (``fault.to_json()``, :func:`from_json`) used by
the admin API (``POST /_mock/faults``), the CLI (``--fault``) and the
per-request header ``x-mock-fault`` (:func:`parse_spec`, e.g.
``status=503``, ``status=429; retry_after=2``, ``hang``, ``stream_cut=3``).
Nonsense is refused at once: ``TypeError`` for a wrong type, ``ValueError``
for a wrong value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Protocol

from openai_kit.mockserver._definitions import (
    MAX_WAIT,
    check_integer,
    check_json,
    check_seconds,
    sendable_headers,
)
from openai_kit.mockserver._faults_bodies import PRESET_STATUS
from openai_kit.mockserver._faults_kinds import (
    STREAM_ERROR_MESSAGE,
    DisconnectFault,
    Fault,
    HangFault,
    LatencyFault,
    MalformedFault,
    OneOfFault,
    RateLimitFault,
    RateLimitScope,
    SlowStreamFault,
    StatusFault,
    StreamCutFault,
    StreamErrorFault,
)
from openai_kit.mockserver._strict_json import loads as strict_loads

__all__ = [
    "ERRORS",
    "FAULT_HEADER",
    "KINDS",
    "DisconnectFault",
    "Fault",
    "HangFault",
    "LatencyFault",
    "MalformedFault",
    "OneOfFault",
    "RateLimitFault",
    "SlowStreamFault",
    "StatusFault",
    "StreamCutFault",
    "StreamErrorFault",
    "bad_gateway",
    "content_filter",
    "disconnect",
    "from_json",
    "gateway_timeout",
    "hang",
    "insufficient_quota",
    "invalid_api_key",
    "latency",
    "malformed",
    "model_not_found",
    "one_of",
    "parse_spec",
    "permission_denied",
    "quota_exceeded",
    "rate_limit",
    "rate_limited",
    "sequence_from_json",
    "server_error",
    "service_unavailable",
    "slow_stream",
    "status",
    "stream_cut",
    "stream_error",
]

#: The request header that asks for a one-off fault (value: :func:`parse_spec`).
FAULT_HEADER: Final = "x-mock-fault"
#: Named error bodies and the status each goes with.
ERRORS: Final[Mapping[str, int]] = dict(PRESET_STATUS)

# -- builders ------------------------------------------------------------------------


def status(
    code: int,
    retry_after: float | None = None,
    body: Any = None,
    headers: Mapping[str, str] | None = None,
    *,
    error: str | None = None,
) -> StatusFault:
    """An HTTP error ``code`` (400-599) with the addressed service's body and headers.

    ``retry_after`` (seconds) adds ``retry-after`` (and ``retry-after-ms`` on
    Azure routes). ``body`` replaces the service's body: ``str``/``bytes`` are
    sent as text, anything else as JSON. ``headers`` are added last.
    ``error`` names the body when a status has several (:data:`ERRORS`):
    ``status(429)`` is ``rate_limit_exceeded``, ``status(429,
    error="insufficient_quota")`` the quota error.
    """
    code = check_integer("status", code, minimum=0, maximum=999)
    if not 400 <= code <= 599:
        raise ValueError(
            f"a status fault needs an error status (400-599), got {code}; "
            "script a successful answer with mock.script(...)"
        )
    wait = (
        None if retry_after is None else check_seconds("retry_after", retry_after, maximum=MAX_WAIT)
    )
    if error is not None:
        if not isinstance(error, str):
            raise TypeError("error must be the name of an error body")
        expected = ERRORS.get(error)
        if expected is None:
            raise ValueError(f"unknown error {error!r}; known: {', '.join(sorted(ERRORS))}")
        if expected != code:
            raise ValueError(f"error {error!r} is sent with status {expected}, not {code}")
    if isinstance(body, str):
        check_json("body", body)
    elif body is not None and not isinstance(body, bytes):
        try:
            check_json("body", body)
        except ValueError as exc:
            raise TypeError(f"body must be str, bytes or JSON-serialisable: {exc}") from None
    return StatusFault(code, wait, body, sendable_headers(headers), error)


class RetryablePreset(Protocol):
    """A named error fault that may carry ``Retry-After`` (:func:`rate_limited`...)."""

    def __call__(
        self, retry_after: float | None = None, headers: Mapping[str, str] | None = None
    ) -> StatusFault: ...


class Preset(Protocol):
    """A named error fault (:func:`invalid_api_key`...)."""

    def __call__(self, headers: Mapping[str, str] | None = None) -> StatusFault: ...


def _retryable(name: str, error: str, doc: str) -> RetryablePreset:
    def build(
        retry_after: float | None = None, headers: Mapping[str, str] | None = None
    ) -> StatusFault:
        return status(ERRORS[error], retry_after, headers=headers, error=error)

    build.__name__ = build.__qualname__ = name
    build.__doc__ = doc
    return build


def _final(name: str, error: str, doc: str) -> Preset:
    retryable = _retryable(name, error, doc)

    def build(headers: Mapping[str, str] | None = None) -> StatusFault:
        return retryable(None, headers)

    build.__name__ = build.__qualname__ = name
    build.__doc__ = doc
    return build


# The named errors of the real services (bodies in ``_faults_bodies``): name, error, what.
rate_limited = _retryable(
    "rate_limited",
    "rate_limit_exceeded",
    "429 ``rate_limit_exceeded`` (Azure: its ``call rate limit`` 429 with ``retry-after-ms``).",
)
quota_exceeded = _retryable(
    "quota_exceeded",
    "insufficient_quota",
    "429 ``insufficient_quota``: out of credit; retrying does not help.",
)
insufficient_quota = quota_exceeded
server_error = _retryable("server_error", "server_error", "500 ``server_error``.")
bad_gateway = _retryable(
    "bad_gateway", "bad_gateway", "502 (OpenAI: Cloudflare's ``cf_bad_gateway`` JSON)."
)
service_unavailable = _retryable(
    "service_unavailable", "overloaded", "503 overloaded (Azure: ``ServiceUnavailable``)."
)
gateway_timeout = _retryable(
    "gateway_timeout",
    "gateway_timeout",
    "504 (OpenAI: ``cf_gateway_timeout``; Azure: ``Timeout``).",
)
invalid_api_key = _final(
    "invalid_api_key",
    "invalid_api_key",
    "401: the key was refused (OpenAI quotes it masked; Azure's gateway body).",
)
permission_denied = _final(
    "permission_denied",
    "permission_denied",
    "403 (OpenAI: ``unsupported_country_region_territory``; Azure: firewall rules).",
)
model_not_found = _final(
    "model_not_found",
    "model_not_found",
    "404: OpenAI's ``model_not_found`` naming the model; Azure's ``DeploymentNotFound``.",
)
content_filter = _final(
    "content_filter",
    "content_filter",
    "400: Azure's content filter (``innererror`` ``ResponsibleAIPolicyViolation``, "
    "``content_filter_result``); on OpenAI routes its flagged-prompt ``invalid_prompt``.",
)


def latency(seconds: float) -> LatencyFault:
    """Wait ``seconds`` before answering normally."""
    return LatencyFault(check_seconds("seconds", seconds))


def hang() -> HangFault:
    """Send nothing at all: the client's own read timeout ends the call."""
    return HangFault()


def disconnect() -> DisconnectFault:
    """Close the connection before any response (clients see a dropped connection)."""
    return DisconnectFault()


def stream_cut(after_events: int) -> StreamCutFault:
    """Send ``after_events`` SSE events, then close the connection mid-body."""
    return StreamCutFault(check_integer("after_events", after_events, minimum=0))


def stream_error(
    after_events: int,
    code: str | None = "server_error",
    message: str = STREAM_ERROR_MESSAGE,
    param: str | None = None,
) -> StreamErrorFault:
    """Send ``after_events`` SSE events, then fail the stream with an error event.

    Responses streams get ``event: error`` (``{"type": "error", "code",
    "message", "param", "sequence_number"}``) then ``response.failed`` (the
    response so far, ``status: "failed"``; its ``error.code`` is ``code`` when
    that is one the API uses for failed responses, else ``server_error``);
    chat and completions streams get ``data: {"error": {...}}``. Either way
    the stream ends there (no ``[DONE]``). Non-streaming answers are not affected.
    """
    count = check_integer("after_events", after_events, minimum=0)
    if code is not None and not isinstance(code, str):
        raise TypeError(f"code must be a string or None, not {type(code).__name__}")
    if code == "":
        raise ValueError("code must not be empty (None for no code)")
    if not isinstance(message, str):
        raise TypeError(f"message must be a string, not {type(message).__name__}")
    if not message:
        raise ValueError("message must not be empty")
    if param is not None and not isinstance(param, str):
        raise TypeError(f"param must be a string or None, not {type(param).__name__}")
    return StreamErrorFault(count, code, message, param)


def malformed() -> MalformedFault:
    """A 200 whose body is not valid JSON (streams: a broken ``data:`` line)."""
    return MalformedFault()


def slow_stream(seconds_per_event: float) -> SlowStreamFault:
    """Wait ``seconds_per_event`` before every SSE event."""
    return SlowStreamFault(check_seconds("seconds_per_event", seconds_per_event))


def rate_limit(
    rpm: int | None = None, tpm: int | None = None, per: RateLimitScope = "key"
) -> RateLimitFault:
    """Requests (``rpm``) and tokens (``tpm``) per minute, per API ``key`` or ``deployment``.

    Buckets start full and refill continuously on ``mock.faults.clock``.
    Every matching response carries ``x-ratelimit-*`` headers counting down;
    an empty bucket answers the service's 429 with ``retry-after`` (and
    ``retry-after-ms`` on Azure). ``per="deployment"`` keys the buckets by
    the Azure deployment, or by the model on OpenAI routes.
    """
    if rpm is None and tpm is None:
        raise ValueError("rate_limit needs rpm, tpm or both")
    limits = [
        None if v is None else check_integer(n, v, minimum=1)
        for n, v in (("rpm", rpm), ("tpm", tpm))
    ]
    if per not in ("key", "deployment"):
        raise ValueError(f"per must be 'key' or 'deployment', got {per!r}")
    return RateLimitFault(limits[0], limits[1], per)


def one_of(*choices: Fault) -> OneOfFault:
    """Each hit injects one of ``choices``, drawn from the server's seed."""
    if not choices:
        raise ValueError("one_of needs at least one fault")
    for choice in choices:
        if not isinstance(choice, Fault):
            raise TypeError(f"one_of takes faults, not {type(choice).__name__}")
        if isinstance(choice, RateLimitFault | OneOfFault):
            raise ValueError(f"one_of cannot hold a {choice.kind} fault")
    return OneOfFault(tuple(choices))


# -- JSON and header forms ------------------------------------------------------------

KINDS: Final[Mapping[str, tuple[str, ...]]] = {
    "status": ("status", "retry_after", "body", "headers", "error"),
    "latency": ("seconds",),
    "hang": (),
    "disconnect": (),
    "stream_cut": ("after_events",),
    "stream_error": ("after_events", "code", "message", "param"),
    "malformed": (),
    "slow_stream": ("seconds_per_event",),
    "rate_limit": ("rpm", "tpm", "per"),
    "one_of": ("faults",),
}
# The argument a header spec may give right after the kind (``status=503``).
_PRIMARY: Final = {
    "status": "status",
    "latency": "seconds",
    "stream_cut": "after_events",
    "stream_error": "after_events",
    "slow_stream": "seconds_per_event",
}


def _build(kind: str, args: dict[str, Any]) -> Fault:
    if kind == "status":
        if "status" not in args:
            raise ValueError("a status fault needs 'status'")
        return status(
            args["status"],
            args.get("retry_after"),
            args.get("body"),
            args.get("headers"),
            error=args.get("error"),
        )
    if kind == "one_of":
        items = args.get("faults")
        if not isinstance(items, list):
            raise ValueError("a one_of fault needs 'faults', a list of faults")
        return one_of(*(from_json(item) for item in items))
    if kind == "rate_limit":
        return rate_limit(args.get("rpm"), args.get("tpm"), args.get("per", "key"))
    if kind == "stream_error":
        if "after_events" not in args:
            raise ValueError("a stream_error fault needs 'after_events'")
        return stream_error(
            args["after_events"],
            args.get("code", "server_error"),
            args.get("message", STREAM_ERROR_MESSAGE),
            args.get("param"),
        )
    simple = {"hang": hang, "disconnect": disconnect, "malformed": malformed}
    if kind in simple:
        return simple[kind]()
    name = KINDS[kind][0]
    if name not in args:
        raise ValueError(f"a {kind} fault needs {name!r}")
    builders = {"latency": latency, "stream_cut": stream_cut, "slow_stream": slow_stream}
    return builders[kind](args[name])


def _kind(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("a fault needs a 'kind' (a string)")
    if value not in KINDS:
        raise ValueError(f"unknown fault kind {value!r}; known: {', '.join(KINDS)}")
    return value


def from_json(data: object) -> Fault:
    """A fault from its JSON form.

    ``{"kind": "status", "status": 429, "retry_after": 2}``; a bare status
    code (``503``) or a spec string (``"hang"``, ``"status=503"``) too.
    """
    if isinstance(data, Fault):
        return data
    if isinstance(data, int) and not isinstance(data, bool):
        return status(data)
    if isinstance(data, str):
        return parse_spec(data)
    if not isinstance(data, Mapping):
        raise ValueError("a fault is an object with a 'kind', a status code or a spec string")
    kind = _kind(data.get("kind"))
    args = {k: v for k, v in data.items() if k != "kind"}
    unknown = sorted(set(args) - set(KINDS[kind]))
    if unknown:
        allowed = ", ".join(KINDS[kind]) or "none"
        raise ValueError(
            f"unknown field(s) for a {kind} fault: {', '.join(unknown)} (allowed: {allowed})"
        )
    return _build(kind, args)


def sequence_from_json(data: object) -> Fault | list[Fault | None]:
    """A fault, or a list of faults and nulls (a sequence), from JSON."""
    if isinstance(data, list):
        if not data:
            raise ValueError("a fault sequence needs at least one item")
        return [None if item is None else from_json(item) for item in data]
    return from_json(data)


def _scalar(text: str) -> Any:
    text = text.strip()
    try:
        return strict_loads(text)
    except ValueError:
        return text


def parse_spec(spec: str) -> Fault:
    """A fault from its short text form (the ``x-mock-fault`` header, the CLI).

    ``kind[=value][; name=value ...]``: ``status=503``, ``status=429;
    retry_after=2``, ``status=429; error=insufficient_quota``, ``hang``,
    ``disconnect``, ``latency=0.5``, ``stream_cut=3``, ``stream_error=2;
    code=server_error``, ``malformed``,
    ``slow_stream=0.1``. A value starting with ``{`` is the JSON form.
    """
    if not isinstance(spec, str):
        raise TypeError("a fault spec is a string")
    text = spec.strip()
    if text.startswith("{"):
        try:
            parsed = strict_loads(text)
        except ValueError:
            raise ValueError(f"fault spec is not valid JSON: {spec!r}") from None
        return from_json(parsed)
    head, *rest = [part.strip() for part in text.split(";")]
    kind_text, has_value, value = head.partition("=")
    kind = _kind(kind_text.strip())
    data: dict[str, Any] = {"kind": kind}
    if has_value:
        primary = _PRIMARY.get(kind)
        if primary is None:
            raise ValueError(f"a {kind} fault takes no value after '=' in {spec!r}")
        data[primary] = _scalar(value)
    for part in rest:
        if not part:
            continue
        name, eq, raw = part.partition("=")
        if not eq:
            raise ValueError(f"expected name=value, got {part!r} in {spec!r}")
        data[name.strip()] = _scalar(raw)
    return from_json(data)
