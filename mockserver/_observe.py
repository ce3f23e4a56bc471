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
headers and body chunks as they were sent, and a stream's event count.
Decoding, redaction, parsing and formatting happen when somebody reads an
:class:`Observation` (the admin API) or off the event loop (the request
log's writer thread). The mock's app takes part (:func:`notes_answers`): a
server runs it with the layer as its observer (:attr:`ObservedApp.entry_point`),
so no function of the layer's runs before it; an answer it sends whole (the
express lane's) goes out through the server's own ``send`` and is noted
after, and its streams count an event a chunk instead of searching them.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol, cast

from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from openai_kit.mockserver._journal import RecordedRequest

__all__ = [
    "ANSWER_SCOPE_KEY",
    "CAPTURE_LIMIT",
    "ENTRY_SCOPE_KEY",
    "LOG_SIZE",
    "EntryFinder",
    "Observation",
    "ObservationLog",
    "ObservedApp",
    "Record",
    "Sink",
    "Watcher",
    "events_of",
    "is_stream",
    "notes_answers",
    "observes",
    "watched",
    "watcher_of",
]

#: Where the pipeline leaves a request's journal entry in its ASGI scope.
ENTRY_SCOPE_KEY: Final = "openai_kit.mock.entry"
#: Where a layer that answered instead of the mock (cassettes, the proxy) says so.
SOURCE_SCOPE_KEY: Final = "openai_kit.mock.source"
#: Where an app that takes part puts the :class:`Watcher` it sends the request's answer
#: through (:func:`watched`, :func:`watcher_of`), for the observer to read.
ANSWER_SCOPE_KEY: Final = "openai_kit.mock.answer"
#: Bytes of each response body kept for the dashboard.
CAPTURE_LIMIT: Final = 16 * 1024
#: Observations kept (the oldest go first).
LOG_SIZE: Final = 500

_EVENT_STREAM: Final = b"text/event-stream"
_CONTENT_TYPE: Final = b"content-type"
_BODY: Final = "http.response.body"
_START: Final = "http.response.start"
#: Where the admin API and the dashboard live: not observed.
_ADMIN: Final = "/_mock"

RawHeaders = Sequence[tuple[bytes, bytes]]

#: One finished request as the hot path notes it: ``(seq, method, path, wall-clock start,
#: duration, status or None (no answer started), response headers, captured body chunks,
#: body bytes past them, a stream's events (0 for any other answer), the journal entry's
#: :attr:`~openai_kit.mockserver._journal.RecordedRequest.serial` (0: none), operation,
#: fault, script, source)``. :meth:`Observation.of` reads it.
#: Its parts are tuples, numbers and strings: the garbage collector leaves a record alone
#: from the first collection it sees it in (a list, a dict or a weak reference in each
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
    int,
    "str | None",
    "dict[str, Any] | None",
    "dict[str, Any] | None",
    str,
]
Sink = Callable[[Record], None]


class _TakesPart(Protocol):
    """An ASGI app that :func:`notes_answers`: it takes its observer as a fourth argument."""

    def __call__(
        self, scope: Scope, receive: Receive, send: Send, observer: ObservedApp | None = None
    ) -> Awaitable[None]: ...


#: Finds a journal entry by its serial (``RequestJournal.find``).
EntryFinder = Callable[[int], "RecordedRequest | None"]


def is_stream(headers: RawHeaders) -> bool:
    """Whether response ``headers`` announce server-sent events."""
    for name, value in reversed(headers):  # the frameworks put the content type last
        if name == _CONTENT_TYPE:
            return value.startswith(_EVENT_STREAM)
    return False


def events_of(record: Record) -> int:
    """The server-sent events a request's answer carried (0 unless it was a stream)."""
    return record[9]


class Observation:
    """One finished API request as a client saw it."""

    __slots__ = (
        "_captured",
        "duration",
        "entry",
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
        self.entry: RecordedRequest | None = None  # the request as the journal keeps it
        self.operation: str | None = None
        self.fault: dict[str, Any] | None = None
        self.script: dict[str, Any] | None = None
        self.source = "mock"  # or "cassette", "proxy"
        self.response_headers: RawHeaders = ()
        self._captured: Sequence[bytes] = ()
        self.truncated = False

    @classmethod
    def of(cls, record: Record, find: EntryFinder | None = None) -> Observation:
        """The observation a hot-path :data:`Record` notes; its :attr:`entry` comes from
        ``find`` (the journal's), while the journal keeps it."""
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
            events,
            serial,
            op,
            fault,
            script,
            source,
        ) = record
        o = cls(method, path, started)
        o.seq, o.duration, o._captured = seq, duration, kept
        if serial and find is not None:
            o.entry = find(serial)
        o.size = sum(map(len, kept)) + past
        o.operation, o.fault, o.script, o.source = op, fault, script, source
        o.status, o.response_headers = status, headers
        o.truncated = past > 0
        o.events = events
        return o

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

    ``find`` looks up a record's journal entry for its observation (None: no journal).
    Appending and copying a deque are each one step under the interpreter
    lock, so readers on other threads see whole records without a lock.
    """

    def __init__(self, size: int = LOG_SIZE, find: EntryFinder | None = None) -> None:
        self.find = find
        self.records: deque[Record] = deque(maxlen=size)
        self.numbers = itertools.count(1)
        self.last = 0  # the newest number given (clearing keeps it: numbers never repeat)

    def clear(self) -> None:
        self.records.clear()

    def after(self, seq: int = 0) -> list[Observation]:
        """Observations numbered above ``seq``, oldest first."""
        find = self.find
        return [Observation.of(r, find) for r in list(self.records) if r[0] > seq]

    def get(self, seq: int) -> Observation | None:
        for record in reversed(list(self.records)):
            if record[0] == seq:
                return Observation.of(record, self.find)
        return None

    def __len__(self) -> int:
        return len(self.records)


class Watcher:
    """Notes what one request's answer sends through :attr:`send` (then passes it on)."""

    __slots__ = ("events", "head", "kept", "past", "room", "sink", "stream")

    def __init__(self, capture: int, send: Send) -> None:
        self.sink = send
        self.head: Message | None = None
        self.kept: list[bytes] = []
        self.past = 0  # body bytes past the capture
        self.room = capture
        self.stream = False  # the answer announced server-sent events
        self.events = 0  # the events it sent

    async def send(self, message: Message) -> None:
        self.note(message)
        await self.sink(message)

    def note(self, message: Message) -> None:
        """Note ``message`` as :meth:`send` does, for a sender that sends it itself.

        A stream's events are counted as its chunks go by (the blank lines in each)."""
        if message["type"] == _BODY:
            chunk: bytes = message.get("body", b"")
            self._keep(chunk)
            if self.stream:
                self.events += chunk.count(b"\n\n") + chunk.count(b"\r\n\r\n")
        elif message["type"] == _START:
            self.head = message
            self.stream = is_stream(message.get("headers", ()))

    def note_events(self, chunks: Sequence[bytes], past: int, events: int) -> None:
        """Note the body of a stream after the fact: ``chunks`` were sent first (enough of
        them to fill the capture), ``past`` bytes more after them, ``events`` events in all.
        The mock's own streams send an event a chunk and note them this way when they end
        (no call per event). A body that is no event stream (raw audio) counts no events."""
        room = self.room
        size = sum(map(len, chunks))
        if size <= room:
            self.kept += chunks
            self.room = room - size
        else:  # the capture is full: the last chunk or two are cut or left out
            for chunk in chunks:
                self._keep(chunk)
        self.past += past
        if self.stream:
            self.events += events

    def _keep(self, chunk: bytes) -> None:
        """Keep ``chunk``, or what of it fits in the capture, and count the bytes past it."""
        length = len(chunk)
        room = self.room
        if length <= room:
            self.kept.append(chunk)
            self.room = room - length
        else:
            self.past += length - room
            if room > 0:
                self.kept.append(chunk[:room])
            self.room = 0


def observes(scope: Scope) -> bool:
    """Whether an :class:`ObservedApp` notes the request of ``scope``: HTTP, not under
    ``/_mock`` (the admin API and the dashboard)."""
    return scope["type"] == "http" and not scope["path"].startswith(_ADMIN)


def watched(observer: ObservedApp | None, scope: Scope, send: Send) -> Send:
    """``send`` for an app that :func:`notes_answers` to send an answer through piece by
    piece: with an ``observer``, what goes through it is noted for the request's record;
    without one (or noted already) it is ``send`` itself."""
    watcher = watcher_of(observer, scope, send)
    return send if watcher is None else watcher.send


def watcher_of(observer: ObservedApp | None, scope: Scope, send: Send) -> Watcher | None:
    """The :class:`Watcher` :func:`watched` would send through, for an app that notes its
    messages itself (:meth:`Watcher.note`) and sends them with ``send``; None without an
    ``observer`` (or when the request has its watcher already)."""
    if observer is None or ANSWER_SCOPE_KEY in scope:
        return None
    watcher = Watcher(observer.capture, send)
    scope[ANSWER_SCOPE_KEY] = watcher
    return watcher


def notes_answers(app: object) -> bool:
    """Whether ``app`` takes part in its observation (the mock's app does). Such an app
    takes an :class:`ObservedApp` as a fourth argument (``observer``, by position or
    name), and with one:

    - hands what :func:`observes` leaves alone to :meth:`ObservedApp.unobserved`;
    - sends its answers through :func:`watched` (or notes them with :meth:`Watcher.note`)
      and calls the observer's :meth:`~ObservedApp.finish` when the request is over, or
      :meth:`~ObservedApp.finish_whole` for an answer it sent whole.
    """
    return getattr(app, "notes_answers", False) is True


class ObservedApp:
    """``serve`` with every API request noted in ``log`` and passed to ``sinks``.

    ``capture`` bytes of each response body are kept (0: none). What
    :func:`observes` leaves alone goes to :meth:`unobserved`: paths under
    ``/_mock`` to :meth:`admin` (here: straight to ``serve``; ``POST
    /_mock/reset`` and ``DELETE /_mock/requests`` empty the log as they empty
    the journal), other scopes than HTTP to ``serve``.

    When ``serve`` :func:`notes_answers` (the mock's app), the layer is its
    observer and runs none of its own code before it: a server runs
    :attr:`entry_point`, ``serve`` told of this layer, and calling the layer
    hands ``serve``'s own awaitable back. ``serve`` sends back what the layer
    does not observe and calls :meth:`finish` or :meth:`finish_whole`. Otherwise
    the layer sends through a :class:`Watcher` itself.
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
        # the app that takes part, called with this layer as its ``observer``
        self._part = cast(_TakesPart, serve) if notes_answers(serve) else None
        self.wall_offset = 0.0
        self.sync_wall_clock()

    @property
    def entry_point(self) -> ASGIApp:
        """The ASGI app a server should run: this layer, or, for an app that
        :func:`notes_answers`, that app's own call with this layer for its ``observer``
        (a :func:`functools.partial`: no Python function runs before the app's)."""
        if self._part is None:
            return self
        return functools.partial(self._part.__call__, observer=self)

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

    def unobserved(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """Serve a request :func:`observes` leaves alone: the admin paths through
        :meth:`admin`, other scopes than HTTP with ``serve`` itself."""
        if scope["type"] == "http":
            return self.admin(scope, receive, send)
        return self.serve(scope, receive, send)

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # no coroutine function: for the mock's app the awaitable is the app's own, so its
        # requests run through no coroutine more (uvicorn is told ``interface="asgi3"``)
        if self._part is not None:
            return self._part(scope, receive, send, self)
        if not observes(scope):
            return self.unobserved(scope, receive, send)
        return self._watching(scope, receive, send)

    async def _watching(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        watcher = Watcher(self.capture, send)
        try:
            await self.serve(scope, receive, watcher.send)
        finally:
            self._watched(scope, started, watcher)

    def finish(self, scope: Scope, started: float) -> None:
        """Note the request an app that :func:`notes_answers` is done with, answered
        through the :class:`Watcher` under :data:`ANSWER_SCOPE_KEY` or not at all (it
        failed before it started an answer); ``started`` is its performance-counter start."""
        self._watched(scope, started, scope.get(ANSWER_SCOPE_KEY))

    def finish_whole(
        self, scope: Scope, started: float, status: int, headers: RawHeaders, body: bytes
    ) -> None:
        """Note a request answered whole, and not as an event stream: ``status`` and
        ``headers`` started it, one message sent all of ``body`` (the mock's express
        lane: no ``send`` wrapped)."""
        capture = self.capture
        kept: tuple[bytes, ...]
        if len(body) <= capture:
            kept, past = (body,), 0
        else:
            kept, past = ((body[:capture],) if capture else ()), len(body) - capture
        self._record(scope, started, status, tuple(headers), kept, past, 0)

    def _watched(self, scope: Scope, started: float, watcher: Watcher | None) -> None:
        if watcher is None or watcher.head is None:  # the app failed before it started an answer
            self._record(scope, started, None, (), (), 0, 0)
            return
        head = watcher.head
        headers = tuple(head.get("headers", ()))
        kept = tuple(watcher.kept)
        self._record(scope, started, head["status"], headers, kept, watcher.past, watcher.events)

    def _record(
        self,
        scope: Scope,
        started: float,
        status: int | None,
        headers: tuple[tuple[bytes, bytes], ...],
        kept: tuple[bytes, ...],
        past: int,
        events: int,
    ) -> None:
        """Log the finished request's record and hand it to the sinks."""
        duration = time.perf_counter() - started
        entry: RecordedRequest | None = scope.get(ENTRY_SCOPE_KEY)
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
            events,
            0 if entry is None else entry.serial,
            None if entry is None else entry.operation,
            None if entry is None else entry.fault,
            None if entry is None else entry.script,
            scope.get(SOURCE_SCOPE_KEY, "mock"),
        )
        log.records.append(record)
        for sink in self.sinks:
            sink(record)


#: Requests between two readings of the wall clock, less one (a mask: every 4096th).
_RESYNC_EVERY: Final = 4095
_FORGETTING: Final = frozenset({("/_mock/reset", "POST"), ("/_mock/requests", "DELETE")})
