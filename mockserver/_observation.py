"""The reading side of the live server's observations: what the request log and the
dashboard read of each API request a client made.

The hot path (:mod:`openai_kit.mockserver._observe`) notes a finished request as one
:data:`Record`, a tuple of references, into an :class:`ObservationLog`. Reading one
makes an :class:`Observation`: decoding, redaction and parsing happen only then.
"""

from __future__ import annotations

import copy
import itertools
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol

from openai_kit.mockserver._headers import REQUEST_ID_HEADER

if TYPE_CHECKING:
    from openai_kit.mockserver._journal import RecordedRequest

__all__ = [
    "LOG_SIZE",
    "EntryFinder",
    "Observation",
    "ObservationLog",
    "RawHeaders",
    "Record",
    "Remakes",
    "Sink",
    "events_of",
    "headers_of",
    "is_stream",
    "wall_offset",
]

#: Observations kept (the oldest go first).
LOG_SIZE: Final = 500

_EVENT_STREAM: Final = b"text/event-stream"
_CONTENT_TYPE: Final = b"content-type"

RawHeaders = Sequence[tuple[bytes, bytes]]


class Remakes(Protocol):
    """A response body a record keeps as the way to make it again (the mock's own streams:
    :class:`~openai_kit.mockserver._observe.Remade`), not as its bytes."""

    def captured(self) -> tuple[tuple[bytes, ...], int]:
        """The body's captured chunks and its bytes past them, as they were sent."""
        ...


#: One finished request as the hot path notes it: ``(seq, method, path, start, end (both
#: performance-counter times: add :func:`wall_offset` for the wall clock's), status or None
#: (no answer started), response headers, captured body chunks,
#: body bytes past them, a stream's events (0 for any other answer), the journal entry's
#: :attr:`~openai_kit.mockserver._journal.RecordedRequest.serial` (0: none), operation,
#: fault, script, source, request id)``. The request id is None, or the value of an
#: ``x-request-id`` header sent before the headers kept (the express lane's: its other
#: headers are shared by the answers like it): :func:`headers_of` gives them all. The
#: captured chunks may instead be a :class:`Remakes` that makes them again (their bytes
#: past are then 0: it says how many there were).
#: :meth:`Observation.of` reads a record.
#: A record refers to what the answer was made of rather than copying it: the headers
#: as they were sent, the body as the chunks it was sent in (or the parts it was built
#: from, which the app shares between answers). What a record makes new for each request
#: is memory the last :data:`LOG_SIZE` requests hold and the garbage collector walks, so
#: there is little of it, and no weak reference, list or dict.
Record = tuple[
    int,
    str,
    str,
    float,
    float,
    "int | None",
    RawHeaders,
    "tuple[bytes, ...] | Remakes",
    int,
    int,
    int,
    "str | None",
    "dict[str, Any] | None",
    "dict[str, Any] | None",
    str,
    "bytes | None",
]
Sink = Callable[[Record], None]


#: Finds a journal entry by its serial (``RequestJournal.find``).
EntryFinder = Callable[[int], "RecordedRequest | None"]


def wall_offset() -> float:
    """What to add to a performance-counter time for the wall clock's (seconds since the
    epoch). Records note the performance counter (one clock read per request, no sum);
    readers convert with the offset of the moment they read."""
    return time.time() - time.perf_counter()


def is_stream(headers: RawHeaders) -> bool:
    """Whether response ``headers`` announce server-sent events."""
    for name, value in reversed(headers):  # the frameworks put the content type last
        if name == _CONTENT_TYPE:
            return value.startswith(_EVENT_STREAM)
    return False


def headers_of(record: Record) -> RawHeaders:
    """The response headers a request's answer started with."""
    request_id, headers = record[15], record[6]
    return headers if request_id is None else ((REQUEST_ID_HEADER, request_id), *headers)


def events_of(record: Record) -> int:
    """The server-sent events a request's answer carried (0 unless it was a stream)."""
    return record[9]


class Observation:
    """One finished API request as a client saw it."""

    __slots__ = (
        "_kept",
        "_past",
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
        "source",
        "started",
        "status",
    )

    def __init__(self, method: str, path: str, started: float) -> None:
        self.seq = 0
        self.method = method
        self.path = path
        self.started = started  # wall-clock time (seconds since the epoch)
        self.status: int | None = None  # None: no answer started (a hang, a dropped connection)
        self.duration = 0.0
        self.events = 0  # server-sent events sent (0 for a non-streaming answer)
        self.entry: RecordedRequest | None = None  # the request as the journal keeps it
        self.operation: str | None = None
        self.fault: dict[str, Any] | None = None
        self.script: dict[str, Any] | None = None
        self.source = "mock"  # or "cassette", "proxy"
        self.response_headers: RawHeaders = ()
        self._kept: tuple[bytes, ...] | Remakes = ()  # the captured chunks, or what makes them
        self._past = 0  # body bytes past them

    @classmethod
    def of(
        cls, record: Record, find: EntryFinder | None = None, offset: float = 0.0
    ) -> Observation:
        """The observation a hot-path :data:`Record` notes, its times on the wall clock by
        ``offset`` (:func:`wall_offset`); its :attr:`entry` comes from ``find`` (the
        journal's), while the journal keeps it."""
        (
            seq,
            method,
            path,
            start,
            end,
            status,
            _,  # the headers: headers_of reads them with the request id
            kept,
            past,
            events,
            serial,
            op,
            fault,
            script,
            source,
            _,
        ) = record
        o = cls(method, path, offset + start)
        o.seq, o.duration, o._kept, o._past = seq, end - start, kept, past
        if serial and find is not None:
            o.entry = find(serial)
        o.operation, o.fault, o.script, o.source = op, fault, script, source
        o.status = status
        o.response_headers = headers_of(record)
        o.events = events
        return o

    @property
    def model(self) -> str | None:
        entry = self.entry
        return None if entry is None else entry.model

    def _captured(self) -> tuple[tuple[bytes, ...], int]:
        """The captured chunks and the bytes past them (a body kept as what makes it again
        is made here, once, when it is first read: a list of observations makes none)."""
        kept = self._kept
        if not isinstance(kept, tuple):
            kept, self._past = kept.captured()
            self._kept = kept
        return kept, self._past

    @property
    def body(self) -> bytes:
        """The captured start of the response body (all of it unless :attr:`truncated`)."""
        return b"".join(self._captured()[0])

    @property
    def size(self) -> int:
        """The response body's bytes sent."""
        kept, past = self._captured()
        return sum(map(len, kept)) + past

    @property
    def truncated(self) -> bool:
        """Whether the body sent was longer than the capture kept."""
        return self._captured()[1] > 0

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

    @property
    def last(self) -> int:
        """The newest number given (clearing keeps it: numbers never repeat)."""
        return next(copy.copy(self.numbers)) - 1

    def clear(self) -> None:
        self.records.clear()

    def after(self, seq: int = 0) -> list[Observation]:
        """Observations numbered above ``seq``, oldest first."""
        find, offset = self.find, wall_offset()
        return [Observation.of(r, find, offset) for r in list(self.records) if r[0] > seq]

    def get(self, seq: int) -> Observation | None:
        for record in reversed(list(self.records)):
            if record[0] == seq:
                return Observation.of(record, self.find, wall_offset())
        return None

    def __len__(self) -> int:
        return len(self.records)
