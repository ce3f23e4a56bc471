"""The kinds of fault the mock injects: immutable values, built by :mod:`.faults`.

Each kind has a JSON form (``to_json``) that ``faults.from_json`` reads back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Final, Literal, dataclass_transform

RateLimitScope = Literal["key", "deployment"]


@dataclass_transform(frozen_default=True)
class Fault:
    """A fault to inject; build one with the functions of :mod:`.faults`.

    Each kind is a frozen dataclass declared with its name:
    ``class LatencyFault(Fault, kind="latency"): seconds: float``.
    """

    kind: ClassVar[str]
    __dataclass_fields__: ClassVar[dict[str, Any]]  # set on each kind by ``dataclass``

    def __init_subclass__(cls, *, kind: str, **options: Any) -> None:
        super().__init_subclass__(**options)
        cls.kind = kind
        dataclass(frozen=True)(cls)

    def to_json(self) -> dict[str, Any]:
        """The fault's JSON form (what :func:`from_json` reads back): its kind and fields."""
        return {"kind": self.kind, **{f.name: getattr(self, f.name) for f in fields(self)}}


class StatusFault(Fault, kind="status"):
    """Answer with an HTTP error status (the service's body unless ``body`` is given)."""

    status: int
    retry_after: float | None = None
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "status": self.status}
        if self.error is not None:
            data["error"] = self.error
        if self.retry_after is not None:
            data["retry_after"] = self.retry_after
        if self.body is not None:
            body = self.body
            data["body"] = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        if self.headers:
            data["headers"] = dict(self.headers)
        return data


class LatencyFault(Fault, kind="latency"):
    """Wait ``seconds`` before answering normally."""

    seconds: float


class HangFault(Fault, kind="hang"):
    """Accept the request and never answer (until the client gives up)."""


class DisconnectFault(Fault, kind="disconnect"):
    """Drop the connection before sending any response."""


class StreamCutFault(Fault, kind="stream_cut"):
    """Send ``after_events`` SSE events, then drop the connection (no ``[DONE]``)."""

    after_events: int


STREAM_ERROR_MESSAGE: Final = (
    "The server had an error while processing your request. Sorry about that!"
)


class StreamErrorFault(Fault, kind="stream_error"):
    """Send ``after_events`` SSE events, then the stream's error event (and end the stream)."""

    after_events: int
    code: str | None = "server_error"
    message: str = STREAM_ERROR_MESSAGE
    param: str | None = None


class MalformedFault(Fault, kind="malformed"):
    """Answer 200 with a body that is not valid JSON (a broken SSE line for streams)."""


class SlowStreamFault(Fault, kind="slow_stream"):
    """Wait ``seconds_per_event`` before each SSE event (before a JSON body)."""

    seconds_per_event: float


class RateLimitFault(Fault, kind="rate_limit"):
    """Token buckets: ``rpm`` requests and ``tpm`` tokens per minute, per key or deployment."""

    rpm: int | None = None
    tpm: int | None = None
    per: RateLimitScope = "key"


class OneOfFault(Fault, kind="one_of"):
    """One of ``faults`` per hit, drawn from the server's seed."""

    faults: tuple[Fault, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "faults": [f.to_json() for f in self.faults]}
