"""The observation layer and the mock's app hand answers over without a wrapped ``send``.

The mock's app runs with the layer as its observer. An answer the express
lane gives whole is sent through the server's own ``send`` and noted after;
any other answer goes through a watcher the app puts in the slot (the
mock's streams note their chunks themselves); an app that does not take
part is watched by the layer itself. Each way, the request's record holds
what the client got.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import sys
import time
import types
from collections.abc import Awaitable
from typing import Any

import pytest
from starlette.types import Message, Receive, Scope, Send

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._observe import (
    ANSWER_SCOPE_KEY,
    Observation,
    ObservationLog,
    ObservedApp,
    Record,
    Remade,
    Watcher,
    events_of,
    headers_of,
    notes_answers,
    observing_call,
    watched,
)
from tests.mockserver.test_fastpath_equivalence import Req, _scope

CHAT = json.dumps(
    {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Name a river."}]}
).encode()
STREAM = json.dumps(
    {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "Name a river."}],
        "stream": True,
    }
).encode()


class Client:
    """One request's ``receive`` and a ``send`` that keeps what the server sent."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.sent: list[Message] = []
        self.asked = False
        self.done: asyncio.Event | None = None

    async def receive(self) -> Message:
        if not self.asked:
            self.asked = True
            return {"type": "http.request", "body": self.body, "more_body": False}
        self.done = self.done or asyncio.Event()
        await self.done.wait()  # a streaming answer listens for the client leaving
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        self.sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            self.done = self.done or asyncio.Event()
            self.done.set()

    def note_callers(self) -> list[str]:
        """From now on, the name of the function that calls :meth:`send`, each time."""
        callers: list[str] = []
        keep = self.send

        async def send(message: Message) -> None:
            callers.append(sys._getframe(1).f_code.co_name)
            await keep(message)

        self.send = send  # type: ignore[method-assign]
        return callers

    def call(self, app: Any) -> Scope:
        """``app``'s answer to this client's chat completion request; the request's scope."""
        scope = _scope(Req("/v1/chat/completions"))
        asyncio.run(app(scope, self.receive, self.send))
        return scope

    @property
    def body_sent(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.sent if m["type"] == "http.response.body")


def _drive(answer: Awaitable[None]) -> None:
    """Run an app's answer to its end (an ASGI app returns an awaitable, not always a coroutine)."""

    async def main() -> None:
        await answer

    asyncio.run(main())


def _last(log: ObservationLog) -> Record:
    return log.records[-1]


def _failed_call(serve: Any, client: Client, error: type[Exception], **options: Any) -> Record:
    """The record of ``client``'s request to ``serve`` (observed), whose answer ends in
    ``error``."""
    log = ObservationLog()
    with contextlib.suppress(error):
        client.call(ObservedApp(serve, log, **options))
    return _last(log)


def test_the_mock_app_hands_its_answers_over() -> None:
    mock = MockServer(seed=3)
    assert notes_answers(mock.app)
    observed = ObservedApp(mock.app, ObservationLog())
    assert observed.entry_point is not observed  # the app itself, told of its observer
    assert not notes_answers(object())


def test_an_express_answer_is_noted_whole_and_sent_unwrapped() -> None:
    mock = MockServer(seed=3)
    log = ObservationLog()
    app = ObservedApp(mock.app, log)
    first = Client(CHAT)
    scope = first.call(app)
    assert isinstance(scope[ANSWER_SCOPE_KEY], Watcher)  # the pipeline's answer, watched
    again = Client(CHAT)
    callers = again.note_callers()
    scope = again.call(app)
    assert ANSWER_SCOPE_KEY not in scope  # the express lane's answer: no watcher
    assert callers == ["__call__", "__call__"]  # the app's own sends, not Watcher.send
    for client, record in zip((first, again), log.records, strict=True):
        start = client.sent[0]  # the start message sent, as the record keeps it
        assert (record[5], headers_of(record)) == (start["status"], tuple(start["headers"]))
        assert b"".join(record[7]) == client.body_sent and record[8] == 0
        assert record[11] == "chat.completions.create"
        assert record[1:3] == ("POST", "/v1/chat/completions")
    assert [r[0] for r in log.records] == [1, 2] and log.last == 2
    assert len(mock.requests) == 2
    # the express answer is kept as the memo's halves (shared by every such answer)
    # around its own ``created``, not as a copy of the body
    head, created, tail = log.records[1][7]
    assert created == str(int(mock.clock.now())).encode()
    assert len(head) + len(created) + len(tail) == len(again.body_sent)
    third = Client(CHAT)
    third.call(app)
    assert log.records[2][7][0] is head and log.records[2][7][2] is tail
    # the headers after the request id are shared too: a record's own is the id alone
    assert log.records[2][6] is log.records[1][6]
    assert log.records[2][15] != log.records[1][15]
    assert log.records[0][15] is None  # the pipeline's answer: its headers are kept whole


def test_a_whole_answer_past_the_capture_is_cut() -> None:
    mock = MockServer(seed=3)
    log = ObservationLog()
    app = ObservedApp(mock.app, log, capture=40)
    Client(CHAT).call(app)
    client = Client(CHAT)
    client.call(app)
    record = _last(log)
    assert record[7] == (client.body_sent[:40],)
    assert record[8] == len(client.body_sent) - 40
    assert events_of(record) == 0
    request_id, *after = client.sent[0]["headers"]
    assert record[15] == request_id[1] and record[6] == tuple(after)
    assert headers_of(record) == tuple(client.sent[0]["headers"])
    assert record[11] == "chat.completions.create"
    nothing = ObservedApp(MockServer(seed=3).app, ObservationLog(), capture=0)
    Client(CHAT).call(nothing)
    client = Client(CHAT)
    client.call(nothing)
    assert _last(nothing.log)[7] == () and _last(nothing.log)[8] == len(client.body_sent)


def test_a_stream_is_watched_and_its_events_counted() -> None:
    log = ObservationLog()
    app = ObservedApp(MockServer(seed=3).app, log, capture=64)
    client = Client(STREAM)
    client.call(app)
    record = _last(log)
    sent_events = client.body_sent.count(b"\n\n")
    assert sent_events > 3
    assert events_of(record) == sent_events
    seen = Observation.of(record)
    assert seen.body == client.body_sent[:64]
    assert seen.truncated and seen.size == len(client.body_sent)


def test_the_mocks_own_stream_notes_its_chunks_and_sends_them_unwrapped() -> None:
    """Each chunk goes to the server's own ``send`` (no coroutine more per chunk), and the
    record gives the very body the client received (made again: it holds none of it)."""
    log = ObservationLog()
    app = ObservedApp(MockServer(seed=3).app, log)
    client = Client(STREAM)
    callers = client.note_callers()
    scope = client.call(app)
    assert isinstance(scope[ANSWER_SCOPE_KEY], Watcher)
    assert set(callers) == {"stream_response"}  # not Watcher.send
    record = _last(log)
    assert record[5:7] == (client.sent[0]["status"], tuple(client.sent[0]["headers"]))
    assert isinstance(record[7], Remade) and record[8] == 0
    assert Observation.of(record).body == client.body_sent
    assert events_of(record) == client.body_sent.count(b"\n\n") > 3


class _Leaving(Client):
    """A client whose connection breaks at the fourth event of a stream."""

    async def send(self, message: Message) -> None:
        if len(self.sent) == 4:  # the start and three events went out
            raise OSError("the client went away")
        await super().send(message)


def test_a_stream_cut_short_notes_what_it_sent() -> None:
    """The mock's stream notes its chunks when it ends, however it ends: a send that fails
    mid-stream leaves a record of the events up to it (the failing one counts: it was
    on its way)."""
    for capture in (16 * 1024, 40):
        client = _Leaving(STREAM)
        record = _failed_call(MockServer(seed=3).app, client, OSError, capture=capture)
        assert record[5] == 200 and events_of(record) == 4
        sent = client.body_sent
        assert sent.count(b"\n\n") == 3
        seen = Observation.of(record)
        kept = seen.body
        assert kept.startswith(sent[:capture]) and len(kept) <= capture
        assert seen.size > len(sent)  # the fourth event, on its way, counts
        assert seen.size - len(kept) == (0 if capture > seen.size else seen.size - capture)


async def _plain(scope: Scope, receive: Receive, send: Send) -> None:
    """An app that knows nothing of the slot, answering with a mock inside (as cassettes do)."""
    await INNER.app(scope, receive, send)


INNER = MockServer(seed=3)


def test_an_app_that_does_not_hand_over_is_watched_by_the_layer() -> None:
    log = ObservationLog()
    app = ObservedApp(_plain, log)
    assert app.entry_point is app  # the layer itself watches
    for _ in range(2):  # the second is the inner mock's express answer
        client = Client(CHAT)
        scope = client.call(app)
        assert ANSWER_SCOPE_KEY not in scope
        record = _last(log)
        assert record[5:7] == (client.sent[0]["status"], tuple(client.sent[0]["headers"]))
        assert b"".join(record[7]) == client.body_sent  # noted once, not twice


def test_outside_a_layer_nothing_is_noted() -> None:
    scope: Scope = {}
    send = Client(b"").send
    assert watched(None, scope, send) is send
    assert scope == {}
    observer = ObservedApp(_plain, ObservationLog(), capture=10)
    assert watched(observer, scope, send) is not send
    watcher = scope[ANSWER_SCOPE_KEY]
    assert isinstance(watcher, Watcher) and watcher.room == 10
    assert watched(observer, scope, send) is send  # already watched: no second watcher
    assert scope[ANSWER_SCOPE_KEY] is watcher


class _Failing:
    """An app that fails before it starts an answer, telling the layer as the mock does."""

    notes_answers = True

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send, observer: ObservedApp | None = None
    ) -> None:
        started = time.perf_counter()
        try:
            raise RuntimeError("broken")
        finally:
            assert observer is not None
            observer.finish(scope, started)


async def _failing(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("broken")


def test_a_failing_app_leaves_a_record_without_an_answer() -> None:
    for failing in (_Failing(), _failing):  # taking part or watched by the layer
        record = _failed_call(failing, Client(CHAT), RuntimeError)
        assert record[5:8] == (None, (), ()) and record[9:11] == (0, 0)


def test_a_mock_that_fails_inside_still_leaves_its_record() -> None:
    mock = MockServer(seed=3)
    log = ObservationLog()
    app = ObservedApp(mock.app, log)

    async def broken_receive() -> Message:
        raise RuntimeError("the connection broke")

    scope = _scope(Req("/v1/chat/completions"))
    try:
        _drive(app(scope, broken_receive, Client(CHAT).send))
    except RuntimeError:
        pass
    record = _last(log)
    assert record[1:3] == ("POST", "/v1/chat/completions") and record[5] is None


def test_a_stream_that_is_no_event_stream_counts_no_events() -> None:
    """The mock's streamed raw audio goes chunk by chunk like its event streams."""
    log = ObservationLog()
    app = ObservedApp(MockServer(seed=3).app, log)
    body = {"model": "gpt-4o-mini-tts", "input": "word " * 800, "voice": "alloy"}
    client = Client(json.dumps(body).encode())
    scope = _scope(Req("/v1/audio/speech"))
    _drive(app(scope, client.receive, client.send))
    record = _last(log)
    assert record[5] == 200 and len(client.sent) > 3  # streamed in chunks
    assert dict(record[6])[b"content-type"] == b"audio/mpeg"
    assert events_of(record) == 0


def test_kept_records_hold_the_answer_and_no_request_state() -> None:
    """A record holds numbers, strings and the answer's own parts (its headers, its body's
    chunks): no journal entry (it names it by its serial), no scope, no app, so the log
    keeps alive nothing the journal or the server would let go."""
    mock = MockServer(seed=3)
    log = ObservationLog()
    app = ObservedApp(mock.app, log)
    for _ in range(3):  # the pipeline's answer, then the express lane's
        Client(CHAT).call(app)
    assert len(log.records) == 3
    allowed = (int, float, str, bytes, tuple, type(None))
    for record in log.records:
        assert all(isinstance(part, allowed) for part in gc.get_referents(record))
        assert all(isinstance(part, tuple) for part in record[6])  # the header pairs
        assert all(isinstance(chunk, bytes) for chunk in record[7])
        assert mock._core.journal.find(record[10]) is not None
    for _ in range(3):  # the headers' pairs, the headers, the record
        gc.collect()
    # tuples of numbers, strings and bytes: the collector stops walking them
    assert not any(gc.is_tracked(record) for record in log.records)


def test_the_layer_adds_no_coroutine_to_the_mocks_requests() -> None:
    """For the mock's app the layer hands back the app's own awaitable, the app told of its
    observer (uvicorn is told the app speaks ASGI 3, since the layer's ``__call__`` is no
    coroutine function)."""
    mock = MockServer(seed=4)
    app = ObservedApp(mock.app, ObservationLog())
    client = Client(CHAT)
    scope = _scope(Req("/v1/chat/completions"))
    awaitable = app(scope, client.receive, client.send)
    assert getattr(awaitable, "cr_code", None) is type(mock.app).__call__.__code__
    assert awaitable.cr_frame.f_locals["observer"] is app  # type: ignore[attr-defined]
    _drive(awaitable)
    assert len(app.log) == 1
    plain = ObservedApp(_plain, ObservationLog())
    client = Client(CHAT)
    awaitable = plain(_scope(Req("/v1/chat/completions")), client.receive, client.send)
    assert getattr(awaitable, "cr_code", None) is ObservedApp._watching.__code__
    _drive(awaitable)
    assert len(plain.log) == 1


def test_a_server_runs_the_mock_app_itself_with_its_observer() -> None:
    """No function of the layer's runs before the mock's app: the entry point is the app's
    own call, the layer for its observer. The app hands back what the layer does not
    observe: the admin paths (to the layer's admin) and other scopes than HTTP."""
    mock = MockServer(seed=4)
    app = ObservedApp(mock.app, ObservationLog())
    entry = app.entry_point
    assert isinstance(entry, types.MethodType) and entry.__self__ is mock.app
    assert entry.__func__.__code__ is type(mock.app).__call__.__code__  # the app's own code
    assert entry.__func__.__defaults__ == (app,)  # with the layer for its ``observer``
    assert type(mock.app).__call__.__defaults__ == (None,)  # the app's own is left alone
    client = Client(CHAT)
    asyncio.run(entry(_scope(Req("/v1/chat/completions")), client.receive, client.send))
    assert client.sent[0]["status"] == 200 and len(app.log) == 1
    admin = Client(b"")
    scope = _scope(Req("/_mock/requests", method="GET"))
    asyncio.run(entry(scope, admin.receive, admin.send))
    assert admin.sent[0]["status"] == 200 and len(app.log) == 1  # answered, not observed
    reset = _scope(Req("/_mock/reset"))
    asyncio.run(entry(reset, Client(b"").receive, Client(b"").send))
    assert len(app.log) == 0 and len(mock.requests) == 0  # the layer's admin saw it
    plain = ObservedApp(_plain, ObservationLog())
    assert plain.entry_point is plain


def test_an_app_without_an_observer_argument_has_no_observing_call() -> None:
    class Plain:
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            return None

    with pytest.raises(TypeError, match="takes no observer"):
        observing_call(Plain(), ObservedApp(_plain, ObservationLog()))  # type: ignore[arg-type]
