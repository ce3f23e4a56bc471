"""The kinds of fault the mock injects: immutable values, built by :mod:`.faults`.

Each kind has a JSON form (``to_json``) that ``faults.from_json`` reads back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Final, Literal

RateLimitScope = Literal["key", "deployment"]


@dataclass(frozen=True)
class Fault:
    """A fault to inject; build one with the functions of this module."""

    kind: ClassVar[str]

    def to_json(self) -> dict[str, Any]:
        """The fault's JSON form (what :func:`from_json` reads back): its kind and fields."""
        return {"kind": self.kind, **{f.name: getattr(self, f.name) for f in fields(self)}}


@dataclass(frozen=True, eq=True)
class StatusFault(Fault):
    """Answer with an HTTP error status (the service's body unless ``body`` is given)."""

    kind: ClassVar[str] = "status"
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


@dataclass(frozen=True)
class LatencyFault(Fault):
    """Wait ``seconds`` before answering normally."""

    kind: ClassVar[str] = "latency"
    seconds: float


@dataclass(frozen=True)
class HangFault(Fault):
    """Accept the request and never answer (until the client gives up)."""

    kind: ClassVar[str] = "hang"


@dataclass(frozen=True)
class DisconnectFault(Fault):
    """Drop the connection before sending any response."""

    kind: ClassVar[str] = "disconnect"


@dataclass(frozen=True)
class StreamCutFault(Fault):
    """Send ``after_events`` SSE events, then drop the connection (no ``[DONE]``)."""

    kind: ClassVar[str] = "stream_cut"
    after_events: int


STREAM_ERROR_MESSAGE: Final = (
    "The server had an error while processing your request. Sorry about that!"
)


@dataclass(frozen=True)
class StreamErrorFault(Fault):
    """Send ``after_events`` SSE events, then the stream's error event (and end the stream)."""

    kind: ClassVar[str] = "stream_error"
    after_events: int
    code: str | None = "server_error"
    message: str = STREAM_ERROR_MESSAGE
    param: str | None = None


@dataclass(frozen=True)
class MalformedFault(Fault):
    """Answer 200 with a body that is not valid JSON (a broken SSE line for streams)."""

    kind: ClassVar[str] = "malformed"


@dataclass(frozen=True)
class SlowStreamFault(Fault):
    """Wait ``seconds_per_event`` before each SSE event (before a JSON body)."""

    kind: ClassVar[str] = "slow_stream"
    seconds_per_event: float


@dataclass(frozen=True)
class RateLimitFault(Fault):
    """Token buckets: ``rpm`` requests and ``tpm`` tokens per minute, per key or deployment."""

    kind: ClassVar[str] = "rate_limit"
    rpm: int | None = None
    tpm: int | None = None
    per: RateLimitScope = "key"


@dataclass(frozen=True)
class OneOfFault(Fault):
    """One of ``faults`` per hit, drawn from the server's seed."""

    kind: ClassVar[str] = "one_of"
    faults: tuple[Fault, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "faults": [f.to_json() for f in self.faults]}
