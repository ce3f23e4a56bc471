"""What a served request looked like from the outside: the request log and the dashboard's feed.

:class:`ObservedApp` is the live server's outermost ASGI app. For every API
request (not the ``/_mock`` admin paths, which go to :meth:`ObservedApp.admin`)
it notes the times, the response's start message, the body size, the number
of server-sent events and the first ``capture`` bytes of the body; the
pipeline leaves the request's journal entry in the scope under
:data:`ENTRY_SCOPE_KEY`, which gives the operation, the fault and the script
that applied. Each finished request becomes a :data:`Record` in a bounded
:class:`ObservationLog` and is handed to the sinks (the console request log).

The hot path keeps references only: one tuple per request, the response's
start message and body chunks as they were sent. Decoding, redaction,
parsing and formatting happen when somebody reads an :class:`Observation`
(the admin API) or off the event loop (the request log's writer thread).
The mock's app hands its answers over (:func:`notes_answers`): an answer it
sends whole (the express lane's) is left in the scope's
:data:`ANSWER_SCOPE_KEY` slot and goes out through the server's own ``send``,
so a repeated request costs no wrapped ``send``.
"""

from __future__ import annotations

import itertools
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from openai_kit.mockserver._journal import RecordedRequest

__all__ = [
    "ANSWER_SCOPE_KEY",
    "CAPTURE_LIMIT",
    "ENTRY_SCOPE_KEY",
    "LOG_SIZE",
    "Observation",
    "ObservationLog",
    "ObservedApp",
    "Record",
    "Sink",
    "Watcher",
    "events_of",
    "is_stream",
    "note_whole",
    "notes_answers",
    "watched",
    "watcher_of",
]

#: Where the pipeline leaves a request's journal entry in its ASGI scope.
ENTRY_SCOPE_KEY: Final = "openai_kit.mock.entry"
#: Where a layer that answered instead of the mock (cassettes, the proxy) says so.
SOURCE_SCOPE_KEY: Final = "openai_kit.mock.source"
#: The slot an :class:`ObservedApp` offers the app it serves for the request's answer: the
#: layer puts the capture (an int) there, the app the answer it sent whole, ``(start message,
#: body)`` (:func:`note_whole`), or the :class:`Watcher` it sent it through (:func:`watched`).
ANSWER_SCOPE_KEY: Final = "openai_kit.mock.answer"
#: Bytes of each response body kept for the dashboard.
CAPTURE_LIMIT: Final = 16 * 1024
#: Observations kept (the oldest go first).
LOG_SIZE: Final = 500

_EVENT_STREAM: Final = b"text/event-stream"
_CONTENT_TYPE: Final = b"content-type"
_BODY: Final = "http.response.body"
_START: Final = "http.response.start"

RawHeaders = Sequence[tuple[bytes, bytes]]

#: One finished request as the hot path notes it: ``(seq, method, path, wall-clock start,
#: duration, status or None (no answer started), response headers, captured body chunks,
#: body bytes past them, a stream's events in those bytes, the journal entry (weakly) or
#: None, operation, fault, script, source)``. :meth:`Observation.of` reads it;
#: :func:`events_of` counts its events. Its parts are tuples, numbers and strings: records
#: the log keeps are soon left alone by the garbage collector (a list or a dict in each
#: would have it walk every kept record again and again).
Record = tuple[
    int,
    str,
    str,
    float,
    float,
    "int | None",
    "tuple[tuple[bytes, bytes], ...]",
    "tuple[bytes, ...]",
    int,
    int,
    "weakref.ref[RecordedRequest] | None",
    "str | None",
    "dict[str, Any] | None",
    "dict[str, Any] | None",
    str,
]
Sink = Callable[[Record], None]


def is_stream(headers: RawHeaders) -> bool:
    """Whether response ``headers`` announce server-sent events."""
    if headers:  # the frameworks put the content type last: most answers need one look
        name, value = headers[-1]
        if name == _CONTENT_TYPE:
            return value.startswith(_EVENT_STREAM)
    for name, value in reversed(headers):
        if name == _CONTENT_TYPE:
            return value.startswith(_EVENT_STREAM)
    return False


def _blank_lines(chunk: bytes, start: int = 0) -> int:
    return chunk.count(b"\n\n", start) + chunk.count(b"\r\n\r\n", start)


def events_of(record: Record) -> int:
    """The server-sent events a request's answer carried (0 unless it was a stream).

    Counted here, off the hot path, in the captured bytes, plus the events the
    hot path counted past them."""
    headers, kept, beyond = record[6], record[7], record[9]
    if not is_stream(headers):
        return 0
    return sum(map(_blank_lines, kept)) + beyond


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
        self._captured: Sequence[bytes] = ()
        self.truncated = False

    @classmethod
    def of(cls, record: Record) -> Observation:
        """The observation a hot-path :data:`Record` notes."""
        (
            seq,
            method,
            path,
            started,
            duration,
            status,
            headers,
            kept,
            past,
            _,
            entry,
            op,
            fault,
            script,
            source,
        ) = record
        o = cls(method, path, started)
        o.seq, o.duration, o._captured, o._entry = seq, duration, kept, entry
        o.size = sum(map(len, kept)) + past
        o.operation, o.fault, o.script, o.source = op, fault, script, source
        o.status, o.response_headers = status, headers
        o.truncated = past > 0
        o.events = events_of(record)
        return o

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
        return is_stream(self.response_headers)


class ObservationLog:
    """The last ``size`` requests' records, numbered from 1 in arrival order.

    Appending and copying a deque are each one step under the interpreter
    lock, so readers on other threads see whole records without a lock.
    """

    def __init__(self, size: int = LOG_SIZE) -> None:
        self.records: deque[Record] = deque(maxlen=size)
        self.numbers = itertools.count(1)
        self.last = 0  # the newest number given (clearing keeps it: numbers never repeat)

    def clear(self) -> None:
        self.records.clear()

    def after(self, seq: int = 0) -> list[Observation]:
        """Observations numbered above ``seq``, oldest first."""
        return [Observation.of(r) for r in list(self.records) if r[0] > seq]

    def get(self, seq: int) -> Observation | None:
        for record in reversed(list(self.records)):
            if record[0] == seq:
                return Observation.of(record)
        return None

    def __len__(self) -> int:
        return len(self.records)


class Watcher:
    """Notes what one request's answer sends through :attr:`send` (then passes it on)."""

    __slots__ = ("beyond", "head", "kept", "past", "room", "sink")

    def __init__(self, capture: int, send: Send) -> None:
        self.sink = send
        self.head: Message | None = None
        self.kept: list[bytes] = []
        self.past = 0  # body bytes past the capture
        self.beyond = 0  # a stream's events in them
        self.room = capture

    async def send(self, message: Message) -> None:
        self.note(message)
        await self.sink(message)

    def note(self, message: Message) -> None:
        """Note ``message`` as :meth:`send` does, for a sender that sends it itself (the
        mock's streams note each chunk this way: no coroutine more per chunk)."""
        if message["type"] == _BODY:
            chunk: bytes = message.get("body", b"")
            length = len(chunk)
            room = self.room
            if length <= room:
                self.kept.append(chunk)
                self.room = room - length
            else:
                self.past += length - room
                if room > 0:
                    self.kept.append(chunk[:room])
                head = self.head
                if head is not None and is_stream(head.get("headers", ())):
                    self.beyond += _blank_lines(chunk, room)
                self.room = 0
        elif message["type"] == _START:
            self.head = message


def watched(scope: Scope, send: Send) -> Send:
    """``send`` for an app that :func:`notes_answers` to send an answer through piece by piece.

    Under an :class:`ObservedApp`, what goes through it is noted for the
    request's record; elsewhere (or noted already) it is ``send`` itself."""
    watcher = watcher_of(scope, send)
    return send if watcher is None else watcher.send


def watcher_of(scope: Scope, send: Send) -> Watcher | None:
    """The :class:`Watcher` :func:`watched` would send through, for an app that notes its
    messages itself (:meth:`Watcher.note`) and sends them with ``send``; None when the
    request is not observed."""
    capture = scope.get(ANSWER_SCOPE_KEY)
    if type(capture) is not int:
        return None
    watcher = Watcher(capture, send)
    scope[ANSWER_SCOPE_KEY] = watcher
    return watcher


def note_whole(scope: Scope, start: Message, body: bytes) -> None:
    """Leave an answer sent whole (``start``, then one message with all of ``body``)
    where an :class:`ObservedApp` reads it: an app that gives an answer so (the
    mock's express lane) sends it with no wrapped ``send``, closure or coroutine more."""
    if type(scope.get(ANSWER_SCOPE_KEY)) is int:
        scope[ANSWER_SCOPE_KEY] = (start, body)


def notes_answers(app: object) -> bool:
    """Whether ``app`` sends its answers through :func:`watched`, or whole after
    :func:`note_whole`, when its scope offers the :data:`ANSWER_SCOPE_KEY` slot."""
    return getattr(app, "notes_answers", False) is True


#: What the :data:`ANSWER_SCOPE_KEY` slot holds after the call.
Noted = tuple[Message, bytes] | Watcher | int | None


class ObservedApp:
    """``serve`` with every API request noted in ``log`` and passed to ``sinks``.

    ``capture`` bytes of each response body are kept (0: none). Paths under
    ``/_mock`` go to :meth:`admin` (here: straight to ``serve``; ``POST
    /_mock/reset`` and ``DELETE /_mock/requests`` empty the log as they empty
    the journal); other scopes than HTTP go to ``serve`` unobserved.

    When ``serve`` :func:`notes_answers` (the mock's app), the layer passes
    ``send`` on as it is and offers the :data:`ANSWER_SCOPE_KEY` slot: an answer
    given whole is left there, any other is sent through a :class:`Watcher` put
    there. Otherwise the layer sends through a :class:`Watcher` itself.
    """

    def __init__(
        self,
        serve: ASGIApp,
        log: ObservationLog,
        sinks: Iterable[Sink] = (),
        *,
        capture: int = CAPTURE_LIMIT,
    ) -> None:
        self.serve = serve
        self.log = log
        self.sinks = tuple(sinks)
        self.capture = capture
        self.hands_over = notes_answers(serve)
        self.wall_offset = 0.0
        self.sync_wall_clock()

    def sync_wall_clock(self) -> None:
        """Read the wall clock again: requests' wall-clock starts come from the
        performance counter (one clock read per request less), set to the wall
        clock at start, on every admin request and every 4096th API request."""
        self.wall_offset = time.time() - time.perf_counter()

    async def admin(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["path"], scope["method"]) in _FORGETTING:
            self.log.clear()
        self.sync_wall_clock()
        await self.serve(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.serve(scope, receive, send)
            return
        if scope["path"].startswith("/_mock"):
            await self.admin(scope, receive, send)
            return
        started = time.perf_counter()
        if self.hands_over:
            scope[ANSWER_SCOPE_KEY] = self.capture
            try:
                await self.serve(scope, receive, send)
            finally:
                self._note(scope, started, scope.get(ANSWER_SCOPE_KEY))
            return
        watcher = Watcher(self.capture, send)
        try:
            await self.serve(scope, receive, watcher.send)
        finally:
            self._note(scope, started, watcher)

    def _note(self, scope: Scope, started: float, noted: Noted) -> None:
        """Log the finished request's record and hand it to the sinks."""
        duration = time.perf_counter() - started
        head: Message | None
        kept: tuple[bytes, ...]
        if type(noted) is tuple:
            head, body = noted
            capture = self.capture
            if len(body) <= capture:
                kept, past, beyond = (body,), 0, 0
            else:
                kept, past = ((body[:capture],) if capture else ()), len(body) - capture
                beyond = _blank_lines(body, capture) if is_stream(head["headers"]) else 0
        elif isinstance(noted, Watcher):
            head, kept, past, beyond = noted.head, tuple(noted.kept), noted.past, noted.beyond
        else:  # the app failed before it started an answer
            head, kept, past, beyond = None, (), 0, 0
        entry: RecordedRequest | None = scope.get(ENTRY_SCOPE_KEY)
        if entry is None:
            ref = operation = fault = script = None
        else:
            ref, operation, fault, script = (
                weakref.ref(entry),
                entry.operation,
                entry.fault,
                entry.script,
            )
        if head is None:
            status, headers = None, ()
        else:
            status, headers = head["status"], tuple(head.get("headers", ()))
        log = self.log
        log.last = seq = next(log.numbers)
        if not seq & _RESYNC_EVERY:
            self.sync_wall_clock()
        record: Record = (
            seq,
            scope["method"],
            scope["path"],
            self.wall_offset + started,
            duration,
            status,
            headers,
            kept,
            past,
            beyond,
            ref,
            operation,
            fault,
            script,
            scope.get(SOURCE_SCOPE_KEY, "mock"),
        )
        log.records.append(record)
        for sink in self.sinks:
            sink(record)


#: Requests between two readings of the wall clock, less one (a mask: every 4096th).
_RESYNC_EVERY: Final = 4095
_FORGETTING: Final = frozenset({("/_mock/reset", "POST"), ("/_mock/requests", "DELETE")})
