"""What a served request looked like from the outside: the request log and the dashboard's feed.

:class:`ObservedApp` wraps the mock's ASGI app on a live server. For every
API request (not the ``/_mock/`` admin paths) it notes the time, status,
duration, the number of server-sent events, and, unless capture is off, the
first bytes of the response; the pipeline leaves the request's journal entry
in the scope under :data:`ENTRY_SCOPE_KEY`, which gives the operation, the
fault and the script that applied. Each finished request becomes an
:class:`Observation` in a bounded :class:`ObservationLog` and is handed to
the sinks (the console request log).

The hot path only keeps references (the header list, the body chunks up to
the capture limit); decoding, redaction and parsing happen when somebody
reads an observation.
"""

from __future__ import annotations

import itertools
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from openai_kit.mockserver._journal import RecordedRequest

__all__ = [
    "CAPTURE_LIMIT",
    "ENTRY_SCOPE_KEY",
    "LOG_SIZE",
    "Observation",
    "ObservationLog",
    "ObservedApp",
]

#: Where the pipeline leaves a request's journal entry in its ASGI scope.
ENTRY_SCOPE_KEY: Final = "openai_kit.mock.entry"
#: Where a layer that answered instead of the mock (cassettes, the proxy) says so.
SOURCE_SCOPE_KEY: Final = "openai_kit.mock.source"
#: Bytes of each response body kept for the dashboard.
CAPTURE_LIMIT: Final = 16 * 1024
#: Observations kept (the oldest go first).
LOG_SIZE: Final = 500

_EVENT_STREAM: Final = b"text/event-stream"
_CONTENT_TYPE: Final = b"content-type"

RawHeaders = Sequence[tuple[bytes, bytes]]


class Observation:
    """One finished API request as a client saw it."""

    __slots__ = (
        "_captured",
        "_entry",
        "duration",
        "events",
        "fault",
        "method",
        "operation",
        "path",
        "response_headers",
        "script",
        "seq",
        "size",
        "source",
        "started",
        "status",
        "truncated",
    )

    def __init__(self, method: str, path: str, started: float) -> None:
        self.seq = 0
        self.method = method
        self.path = path
        self.started = started  # wall-clock time (seconds since the epoch)
        self.status: int | None = None  # None: no answer started (a hang, a dropped connection)
        self.duration = 0.0
        self.events = 0  # server-sent events sent (0 for a non-streaming answer)
        self.size = 0  # body bytes sent
        self._entry: weakref.ref[RecordedRequest] | None = None
        self.operation: str | None = None
        self.fault: dict[str, Any] | None = None
        self.script: dict[str, Any] | None = None
        self.source = "mock"  # or "cassette", "proxy"
        self.response_headers: RawHeaders = ()
        self._captured: list[bytes] = []
        self.truncated = False

    @property
    def entry(self) -> RecordedRequest | None:
        """The request's journal entry while the journal keeps it (it bounds its memory)."""
        return None if self._entry is None else self._entry()

    @entry.setter
    def entry(self, entry: RecordedRequest | None) -> None:
        self._entry = None if entry is None else weakref.ref(entry)
        if entry is not None:
            self.operation, self.fault, self.script = entry.operation, entry.fault, entry.script

    @property
    def model(self) -> str | None:
        entry = self.entry
        return None if entry is None else entry.model

    @property
    def body(self) -> bytes:
        """The captured start of the response body (all of it unless :attr:`truncated`)."""
        return b"".join(self._captured)

    def is_stream(self) -> bool:
        return any(
            name == _CONTENT_TYPE and value.startswith(_EVENT_STREAM)
            for name, value in self.response_headers
        )


class ObservationLog:
    """The last ``size`` observations, numbered from 1 in arrival order; thread-safe."""

    def __init__(self, size: int = LOG_SIZE) -> None:
        self._items: deque[Observation] = deque(maxlen=size)
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self.last = 0  # the newest number given (clearing keeps it: numbers never repeat)

    def add(self, observation: Observation) -> None:
        with self._lock:
            observation.seq = self.last = next(self._numbers)
            self._items.append(observation)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def after(self, seq: int = 0) -> list[Observation]:
        """Observations numbered above ``seq``, oldest first."""
        with self._lock:
            items = list(self._items)
        return [o for o in items if o.seq > seq]

    def get(self, seq: int) -> Observation | None:
        with self._lock:
            for observation in reversed(self._items):
                if observation.seq == seq:
                    return observation
        return None

    def __len__(self) -> int:
        return len(self._items)


Sink = Callable[[Observation], None]


class ObservedApp:
    """``app`` with every API request noted in ``log`` and passed to ``sinks``.

    ``capture`` bytes of each response body are kept (0: none). ``POST
    /_mock/reset`` and ``DELETE /_mock/requests`` empty the log as they
    empty the journal.
    """

    def __init__(
        self,
        app: ASGIApp,
        log: ObservationLog,
        sinks: Iterable[Sink] = (),
        *,
        capture: int = CAPTURE_LIMIT,
    ) -> None:
        self.app = app
        self.log = log
        self.sinks = tuple(sinks)
        self.capture = capture

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/_mock/"):
            if (path, scope["method"]) in _FORGETTING:
                self.log.clear()
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        observation = Observation(scope["method"], path, time.time())
        room = self.capture
        stream = False

        async def observed(message: Message) -> None:
            nonlocal room, stream
            kind = message["type"]
            if kind == "http.response.body":
                chunk: bytes = message.get("body", b"")
                if chunk:
                    observation.size += len(chunk)
                    if stream:
                        observation.events += chunk.count(b"\n\n") + chunk.count(b"\r\n\r\n")
                    if room > 0:
                        kept = chunk if len(chunk) <= room else chunk[:room]
                        observation._captured.append(kept)
                        room -= len(kept)
                        observation.truncated = len(kept) < len(chunk)
                    elif self.capture:
                        observation.truncated = True
            elif kind == "http.response.start":
                observation.status = message["status"]
                headers = observation.response_headers = message.get("headers", ())
                for name, value in headers:
                    if name == _CONTENT_TYPE:
                        stream = value.startswith(_EVENT_STREAM)
                        break
            await send(message)

        try:
            await self.app(scope, receive, observed)
        finally:
            observation.duration = time.perf_counter() - started
            observation.entry = scope.get(ENTRY_SCOPE_KEY)
            observation.source = scope.get(SOURCE_SCOPE_KEY, "mock")
            self.log.add(observation)
            for sink in self.sinks:
                sink(observation)


_FORGETTING: Final = frozenset({("/_mock/reset", "POST"), ("/_mock/requests", "DELETE")})
