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
headers and body chunks as they were sent, and a stream's event count. A
stream that can make its events again (the mock's chat streams, from their
plan) is kept as that (:class:`Remade`) and its chunks are let go as they are
sent: the body is made again when somebody reads it.
Decoding, redaction, parsing and formatting happen when somebody reads an
:class:`Observation` (the admin API) or off the event loop (the request
log's writer thread). The mock's app takes part (:func:`notes_answers`): a
server runs it with the layer as its observer (:attr:`ObservedApp.entry_point`),
so no function of the layer's runs before it; an answer it sends whole (the
express lane's) goes out through the server's own ``send`` and is noted
after, and its streams count an event a chunk instead of searching them.
"""

from __future__ import annotations

import types
from collections.abc import Awaitable, Callable, Iterable, Sequence
from itertools import islice
from time import perf_counter
from typing import TYPE_CHECKING, Final, Protocol, cast

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openai_kit.mockserver._observation import (
    LOG_SIZE,
    EntryFinder,
    Observation,
    ObservationLog,
    RawHeaders,
    Record,
    Remakes,
    Sink,
    events_of,
    headers_of,
    is_stream,
)

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
    "Remade",
    "Sink",
    "Watcher",
    "events_of",
    "headers_of",
    "is_stream",
    "notes_answers",
    "observes",
    "observing_call",
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

_BODY: Final = "http.response.body"
_START: Final = "http.response.start"
#: Where the admin API and the dashboard live: not observed.
_ADMIN: Final = "/_mock"


class _TakesPart(Protocol):
    """An ASGI app that :func:`notes_answers`: it takes its observer as a fourth argument."""

    def __call__(
        self, scope: Scope, receive: Receive, send: Send, observer: ObservedApp | None = None
    ) -> Awaitable[None]: ...


class Watcher:
    """Notes what one request's answer sends through :attr:`send` (then passes it on)."""

    __slots__ = ("events", "head", "kept", "made", "past", "room", "sink", "stream")

    def __init__(self, capture: int, send: Send) -> None:
        self.sink = send
        self.head: Message | None = None
        self.kept: list[bytes] = []
        self.past = 0  # body bytes past the capture
        self.room = capture
        self.stream = False  # the answer announced server-sent events
        self.events = 0  # the events it sent
        self.made: Remade | None = None  # the body as what makes it again (note_made)

    async def send(self, message: Message) -> None:
        self.note(message)
        await self.sink(message)

    def note(self, message: Message) -> None:
        """Note ``message`` as :meth:`send` does, for a sender that sends it itself.

        A stream's events are counted as its chunks go by (the blank lines in each)."""
        if message["type"] == _BODY:
            chunk: bytes = message.get("body", b"")
            if not chunk:  # the empty end of a body: nothing to keep or count
                return
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
        (no call per event). A body that is no event stream (raw audio) counts no events.
        Chunks the capture holds are kept joined, while they are still in the cache: the
        log holds one object for them, freed long after, not one per event."""
        room = self.room
        size = sum(map(len, chunks))
        if size <= room:
            if chunks:
                self.kept.append(chunks[0] if len(chunks) == 1 else b"".join(chunks))
            self.room = room - size
        else:  # the capture is full: the last chunk or two are cut or left out
            for chunk in chunks:
                self._keep(chunk)
        self.past += past
        if self.stream:
            self.events += events

    def note_made(self, make: Callable[[], Iterable[bytes]], sent: int) -> None:
        """Note the body of a stream that can make its chunks again: ``make()`` gives them,
        the same each time, and the first ``sent`` went out (an event each). The record
        keeps a :class:`Remade`, no bytes: a stream's chunks are let go as it sends them,
        and the capture is cut when somebody reads the record."""
        self.made = Remade(make, sent, self.room)
        if self.stream:
            self.events += sent

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


class Remade:
    """A stream's body as its record keeps it (:meth:`Watcher.note_made`): what makes its
    chunks again, how many went out, the capture they had."""

    __slots__ = ("make", "room", "sent")

    def __init__(self, make: Callable[[], Iterable[bytes]], sent: int, room: int) -> None:
        self.make = make
        self.sent = sent
        self.room = room

    def captured(self) -> tuple[tuple[bytes, ...], int]:
        """The captured chunks and the bytes past them, as a watcher would have kept them."""
        watcher = Watcher(self.room, _nowhere)
        watcher.note_events(list(islice(self.make(), self.sent)), 0, 0)
        return tuple(watcher.kept), watcher.past


async def _nowhere(message: Message) -> None:
    """A ``send`` for a watcher that only cuts a capture."""


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
        self._numbers = log.numbers
        self._keep = log.records.append
        # one sink is called as it is (the request log's queue: no Python call per request)
        self._sink: Sink = self.sinks[0] if len(self.sinks) == 1 else self._to_sinks
        # the app that takes part, called with this layer as its ``observer``
        self._part = cast(_TakesPart, serve) if notes_answers(serve) else None

    @property
    def entry_point(self) -> ASGIApp:
        """The ASGI app a server should run: this layer, or, for an app that
        :func:`notes_answers`, that app's own call with this layer for its ``observer``
        (:func:`observing_call`: no Python function runs before the app's)."""
        if self._part is None:
            return self
        return observing_call(self._part, self)

    async def admin(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["path"], scope["method"]) in _FORGETTING:
            self.log.clear()
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
        started = perf_counter()
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
        self,
        scope: Scope,
        started: float,
        status: int,
        request_id: bytes,
        headers: RawHeaders,
        body: bytes,
        pieces: tuple[bytes, ...] | None = None,
    ) -> None:
        """Note a journaled request answered whole, and not as an event stream: ``status``
        and the headers ``x-request-id: request_id`` then ``headers`` started it, one
        message sent all of ``body`` (the mock's express lane: no ``send`` wrapped).
        ``headers`` and ``pieces`` (``body`` as the parts it was joined from) are mostly
        shared with other answers: the record keeps them (``pieces`` instead of ``body``
        within the capture) and the request id, so only that is new memory.

        The hot path of a server under load: one record built, nothing derived (that is
        for whoever reads it)."""
        end = perf_counter()
        capture = self.capture
        kept: tuple[bytes, ...]
        if len(body) <= capture:
            kept, past = pieces or (body,), 0
        else:
            kept, past = ((body[:capture],) if capture else ()), len(body) - capture
        entry: RecordedRequest = scope[ENTRY_SCOPE_KEY]  # its method and path are the scope's
        record: Record = (
            next(self._numbers),
            entry.method,
            entry.path,
            started,
            end,
            status,
            headers,
            kept,
            past,
            0,
            entry.serial,
            entry.operation,
            entry.fault,
            entry.script,
            scope.get(SOURCE_SCOPE_KEY, "mock"),
            request_id,
        )
        self._keep(record)
        self._sink(record)

    def _watched(self, scope: Scope, started: float, watcher: Watcher | None) -> None:
        if watcher is None or watcher.head is None:  # the app failed before it started an answer
            self._record(scope, started, None, (), (), 0, 0)
            return
        head = watcher.head
        headers = tuple(head.get("headers", ()))  # a framework's own list may change
        made = watcher.made
        kept: tuple[bytes, ...] | Remakes = tuple(watcher.kept) if made is None else made
        self._record(scope, started, head["status"], headers, kept, watcher.past, watcher.events)

    def _record(
        self,
        scope: Scope,
        started: float,
        status: int | None,
        headers: RawHeaders,
        kept: tuple[bytes, ...] | Remakes,
        past: int,
        events: int,
    ) -> None:
        """Log the finished request's record and hand it to the sinks."""
        end = perf_counter()
        entry: RecordedRequest | None = scope.get(ENTRY_SCOPE_KEY)
        record: Record = (
            next(self._numbers),
            scope["method"],
            scope["path"],
            started,
            end,
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
            None,
        )
        self._keep(record)
        self._sink(record)

    def _to_sinks(self, record: Record) -> None:
        for sink in self.sinks:
            sink(record)


def observing_call(app: _TakesPart, observer: ObservedApp) -> ASGIApp:
    """``app``'s own call with ``observer`` for its default ``observer``: a bound method of
    a function made of the very code of ``type(app).__call__``, so a server calling it
    runs no function before the app's, and passes no keyword either (a
    :func:`functools.partial` with one copies a dict for every call)."""
    call = type(app).__call__
    code = call.__code__
    if code.co_varnames[code.co_argcount - 1] != "observer" or not call.__defaults__:
        raise TypeError(f"{call.__qualname__} takes no observer as its last argument")
    own = types.FunctionType(
        code, call.__globals__, call.__name__, (*call.__defaults__[:-1], observer), call.__closure__
    )
    own.__kwdefaults__ = call.__kwdefaults__
    own.__qualname__ = call.__qualname__
    return cast(ASGIApp, types.MethodType(own, app))


_FORGETTING: Final = frozenset({("/_mock/reset", "POST"), ("/_mock/requests", "DELETE")})
