"""Realtime (WebSocket) sessions in cassettes: recorded through the real socket, replayed with none.

The cassette transports offer ``connect_websocket(url, headers, timeout)``, the
method openai-kit's ``client.realtime.connect()`` looks for on its HTTP
client's transport (the mock's in-process transports have it too), so a
session opened through a cassette-wired client comes here; so does one the
``websockets`` package opens while a cassette is active (the official
``openai`` package's, see ``_realtime_websockets``):

- the handshake is matched like a request (the cassette's matchers on ``GET
  <url>``); a matched session is replayed with no server: the recorded server
  events come back in order, each once the client has sent the client events
  recorded before it. Every client event sent is compared with the recorded
  one at its position, the way bodies are matched (``body``: JSON as data,
  without ``event_id`` and the volatile fields; ``json_body`` every field;
  ``raw_body`` the bytes); the first that differs fails the test, naming it.
- otherwise, when the record mode records, the session goes through the real
  transport's own ``connect_websocket`` (the mock in process) or the
  ``websockets`` package (a live server, the real API), and each frame either
  end sends is kept, scrubbed, in order; the session is stored once closed.
  A refused handshake is recorded as its HTTP answer and replayed as one.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Any, NoReturn

import httpx

from openai_kit.mockserver._wsclient import WebSocketClosed as ReplayClosed
from openai_kit.mockserver._wsclient import WebSocketRefused as RecordedRefusal
from openai_kit.pytest_plugin._matchers import (
    VOLATILE_FIELDS,
    RequestView,
    json_differences,
)
from openai_kit.pytest_plugin._model import (
    Interaction,
    RecordedRequest,
    RecordedResponse,
    RecordedSession,
    WebSocketFrame,
)
from openai_kit.pytest_plugin._realtime_websockets import ORIGINAL
from openai_kit.pytest_plugin._scrub import scrub_bytes, scrub_interaction, scrub_url

if TYPE_CHECKING:
    from openai_kit.pytest_plugin._cassette import Cassette

__all__ = ["connect_async", "connect_sync"]

_WAIT = 10.0  # seconds a replayed recv waits for the client events it depends on
_SHOWN = 3
_EXCERPT = 200


# --------------------------------------------------------------------------------------------
# Comparing client events
# --------------------------------------------------------------------------------------------


def _parsed(data: str | bytes) -> Any:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def _comparable(data: str | bytes, names: tuple[str, ...]) -> Any:
    """What of a client event counts under the cassette's body matcher."""
    raw = scrub_bytes(data.encode() if isinstance(data, str) else data)  # as recorded
    parsed = _parsed(raw)
    if "raw_body" in names or not isinstance(parsed, dict):
        return raw
    if "json_body" in names:
        return parsed
    if "body" in names:
        return {k: v for k, v in parsed.items() if k != "event_id" and k not in VOLATILE_FIELDS}
    return parsed.get("type")


def _type(data: str | bytes) -> str:
    parsed = _parsed(data)
    kind = parsed.get("type") if isinstance(parsed, dict) else None
    return str(kind) if kind is not None else f"a {len(data)}-byte non-JSON frame"


def _excerpt(data: str | bytes) -> str:
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


# --------------------------------------------------------------------------------------------
# Replay
# --------------------------------------------------------------------------------------------


class _Replay:
    """The state of one replayed session, shared by the sync and async sockets."""

    def __init__(self, cassette: Cassette, interaction: Interaction, session: RecordedSession):
        self._cassette = cassette
        self._uri = interaction.request.uri
        self._close = session.close
        self._client: list[str | bytes] = []
        self._server: list[tuple[int, str | bytes]] = []  # (client events before it, data)
        for frame in session.frames:
            if frame.sender == "client":
                self._client.append(frame.data)
            else:
                self._server.append((len(self._client), frame.data))
        self._names = cassette.match_on
        self.sent = 0
        self._received = 0
        self.closed: ReplayClosed | None = None

    def _fail(self, headline: str, lines: list[str]) -> NoReturn:
        import pytest

        cassette = self._cassette
        message = [
            f"openai-kit cassette: {headline}",
            f"  session:  GET {scrub_url(self._uri)}",
            f"  cassette: {cassette.path} (record mode {cassette.record_mode.value})",
            *lines,
            "To record the session again, run pytest with --openai-record-mode=all"
            " (or delete the cassette file).",
        ]
        pytest.fail("\n".join(message), pytrace=False)

    def check_send(self, data: str | bytes) -> None:
        if self.closed is not None:
            raise self.closed
        number = self.sent + 1
        if self.sent >= len(self._client):
            self._fail(
                f"the client's Realtime event #{number} ({_type(data)}) is not in the recording",
                [
                    f"  sent:     {_excerpt(data)}",
                    f"  the recording holds {len(self._client)} client events",
                ],
            )
        recorded = self._client[self.sent]
        a, b = _comparable(recorded, self._names), _comparable(data, self._names)
        if a != b:
            if isinstance(a, dict) and isinstance(b, dict):
                found = list(islice(json_differences(a, b), _SHOWN + 1))
            else:
                found = [f"recorded {_excerpt(recorded)}"]
            self._fail(
                f"the client's Realtime event #{number} differs from the recording:"
                f" sent {_type(data)}, recorded {_type(recorded)}",
                [
                    f"  sent:     {_excerpt(data)}",
                    f"  matching on: {', '.join(self._names)}",
                    *(f"  {line}" for line in found[:_SHOWN]),
                ],
            )
        self.sent = number

    def ready(self) -> bool:
        """Whether ``take`` answers now: the next server event is due, or the session ended."""
        if self.closed is not None or self._received >= len(self._server):
            return True
        return self._server[self._received][0] <= self.sent

    def take(self) -> str | bytes:
        """The next server event (call when ``ready``); raises at the end of the session."""
        if self.closed is not None:
            raise self.closed
        if self._received >= len(self._server):
            if self._close is not None:
                self.closed = ReplayClosed(*self._close)
                raise self.closed
            self._fail(
                "the client waits for a Realtime server event the recording does not hold",
                [f"  the recording ends after {self._received} server events (the client closed)"],
            )
        self._received += 1
        return self._server[self._received - 1][1]

    def close(self, code: int, reason: str) -> None:
        if self.closed is None:
            self.closed = ReplayClosed(code, reason)

    def fail_waiting(self) -> NoReturn:
        after, _data = self._server[self._received]
        missing = self._client[after - 1]
        self._fail(
            "the client waits for a Realtime server event recorded after a client event"
            " it has not sent",
            [
                f"  server event #{self._received + 1} came after client event #{after}"
                f" ({_type(missing)}); the client has sent {self.sent}",
            ],
        )


class SyncReplaySocket:
    """A replayed session for threads: ``send``, ``recv``, ``close`` like the other carriers."""

    def __init__(self, replay: _Replay, timeout: float | None) -> None:
        self._replay = replay
        self._timeout = _WAIT if timeout is None else timeout
        self._changed = threading.Condition()

    def send(self, data: str | bytes) -> None:
        with self._changed:
            self._replay.check_send(data)
            self._changed.notify_all()

    def recv(self, timeout: float | None = None) -> str | bytes:
        with self._changed:
            if not self._changed.wait_for(self._replay.ready, self._timeout):
                self._replay.fail_waiting()
            return self._replay.take()

    def close(self, code: int = 1000, reason: str = "") -> None:
        with self._changed:
            self._replay.close(code, reason)
            self._changed.notify_all()


class AsyncReplaySocket:
    """A replayed session for asyncio."""

    def __init__(self, replay: _Replay, timeout: float | None) -> None:
        self._replay = replay
        self._timeout = _WAIT if timeout is None else timeout
        self._changed = asyncio.Event()

    async def send(self, data: str | bytes) -> None:
        self._replay.check_send(data)
        self._changed.set()

    async def recv(self, timeout: float | None = None) -> str | bytes:
        try:
            async with asyncio.timeout(self._timeout):
                while not self._replay.ready():
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            self._replay.fail_waiting()
        return self._replay.take()

    async def close(self, code: int = 1000, reason: str = "") -> None:
        self._replay.close(code, reason)
        self._changed.set()


def _replay(cassette: Cassette, interaction: Interaction) -> _Replay:
    session = interaction.websocket
    if session is None:  # the recorded handshake was refused
        response = interaction.response
        raise RecordedRefusal(response.status, list(response.headers), response.body)
    return _Replay(cassette, interaction, session)


# --------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------


class _Recorder:
    """The frames of one real session as they go by; stored once, when it ends."""

    def __init__(self, cassette: Cassette, slot: int, request: RecordedRequest) -> None:
        self._cassette = cassette
        self._slot = slot
        self._request = request
        self.response = RecordedResponse(101, "Switching Protocols", (), b"")
        self._frames: list[WebSocketFrame] = []
        self._lock = threading.Lock()
        self._done = False

    def add(self, frame: WebSocketFrame) -> None:
        with self._lock:
            self._frames.append(frame)

    def refused(self, exc: BaseException) -> bool:
        """Store a refused handshake as its HTTP answer; False when ``exc`` is no refusal."""
        from openai_kit.resources.realtime._socket import refusal_parts

        parts = refusal_parts(exc)
        if parts is None:
            return False
        status, headers, body = parts
        reason = httpx.codes.get_reason_phrase(status)
        self.response = RecordedResponse(status, reason, tuple(headers), body)
        self._store(None)
        return True

    def finish(self, close: tuple[int, str] | None) -> None:
        with self._lock:
            session = RecordedSession(tuple(self._frames), close)
        self._store(session)

    def _store(self, session: RecordedSession | None) -> None:
        with self._lock:
            if self._done:
                return
            self._done = True
        interaction = Interaction(self._request, self.response, session)
        self._cassette._fill_slot(self._slot, scrub_interaction(interaction))


def _closed_types() -> tuple[type[BaseException], ...]:
    # Imported when a session is recorded: the SDK's Realtime package loads all its event types
    # (a third of a second), which a replay never needs.
    from openai_kit.resources.realtime._socket import closed_types

    return closed_types()


def _close_code(exc: BaseException) -> tuple[int, str]:
    if hasattr(exc, "rcvd") and exc.rcvd is None:  # websockets': no close frame, a cut
        return 1006, ""  # (said here: its deprecated ``code`` would warn)
    from openai_kit.resources.realtime._socket import closed_of

    closed = closed_of(exc)
    return closed.code, closed.reason


class SyncRecordingSocket:
    """The real socket, each frame kept as it goes by."""

    def __init__(self, raw: Any, recorder: _Recorder) -> None:
        self._raw = raw
        self._recorder = recorder
        self._closed = _closed_types()

    def send(self, data: str | bytes) -> None:
        self._recorder.add(WebSocketFrame("client", data))  # before a reply can arrive
        try:
            self._raw.send(data)
        except self._closed as exc:
            self._recorder.finish(_close_code(exc))
            raise

    def recv(self, timeout: float | None = None) -> str | bytes:
        try:
            data: str | bytes = self._raw.recv() if timeout is None else self._raw.recv(timeout)
        except self._closed as exc:
            self._recorder.finish(_close_code(exc))
            raise
        self._recorder.add(WebSocketFrame("server", data))
        return data

    def close(self, code: int = 1000, reason: str = "") -> None:
        try:
            self._raw.close(code, reason)
        finally:
            self._recorder.finish(None)


class AsyncRecordingSocket:
    """The async twin of :class:`SyncRecordingSocket`."""

    def __init__(self, raw: Any, recorder: _Recorder) -> None:
        self._raw = raw
        self._recorder = recorder
        self._closed = _closed_types()

    async def send(self, data: str | bytes) -> None:
        self._recorder.add(WebSocketFrame("client", data))
        try:
            await self._raw.send(data)
        except self._closed as exc:
            self._recorder.finish(_close_code(exc))
            raise

    async def recv(self, timeout: float | None = None) -> str | bytes:
        try:
            received = self._raw.recv() if timeout is None else self._raw.recv(timeout)
            data: str | bytes = await received
        except self._closed as exc:
            self._recorder.finish(_close_code(exc))
            raise
        self._recorder.add(WebSocketFrame("server", data))
        return data

    async def close(self, code: int = 1000, reason: str = "") -> None:
        try:
            await self._raw.close(code, reason)
        finally:
            self._recorder.finish(None)


# --------------------------------------------------------------------------------------------
# Opening a session
# --------------------------------------------------------------------------------------------


def _handshake(
    cassette: Cassette, url: str, headers: Mapping[str, str]
) -> tuple[httpx.Request, Interaction | None]:
    request = httpx.Request("GET", url, headers=dict(headers))
    pairs = tuple(request.headers.multi_items())
    return request, cassette._play(RequestView.build("GET", url, pairs, b""), request)


def _recorder(cassette: Cassette, request: httpx.Request) -> _Recorder:
    slot = cassette._reserve_slot()  # sessions keep their place among the requests
    recorded = RecordedRequest("GET", str(request.url), tuple(request.headers.multi_items()), b"")
    return _Recorder(cassette, slot, recorded)


def _opened(recorder: _Recorder, raw: Any) -> Any:
    response = getattr(raw, "response", None)  # the websockets package keeps the handshake's
    if response is not None and hasattr(response, "headers"):
        headers = tuple(response.headers.raw_items())
        recorder.response = RecordedResponse(101, "Switching Protocols", headers, b"")
    return raw


def _unpatched(connect: Any) -> Any:
    return getattr(connect, ORIGINAL, connect)


def _websockets_options(headers: Mapping[str, str], timeout: float | None) -> dict[str, Any]:
    extra = dict(headers)
    user_agent = extra.pop("User-Agent", None) or extra.pop("user-agent", None)
    return {
        "additional_headers": extra,
        "user_agent_header": user_agent,
        "open_timeout": timeout,
    }


@contextmanager
def _connecting(cassette: Cassette, recorder: _Recorder, request: httpx.Request) -> Iterator[None]:
    """Around opening the real socket: a refusal is recorded (and raised), a silent target
    fails the test naming it."""
    try:
        yield
    except Exception as exc:
        if not recorder.refused(exc) and isinstance(exc, OSError):
            cassette._fail_unreachable(request, exc)
        raise


def connect_sync(
    cassette: Cassette, real: Any, url: str, headers: Mapping[str, str], timeout: float | None
) -> SyncReplaySocket | SyncRecordingSocket:
    """A session of ``cassette``: replayed, or recorded through ``real``."""
    request, interaction = _handshake(cassette, url, headers)
    if interaction is not None:
        return SyncReplaySocket(_replay(cassette, interaction), timeout)
    recorder = _recorder(cassette, request)
    connect = getattr(real, "connect_websocket", None)
    with _connecting(cassette, recorder, request):
        if connect is not None:
            raw = connect(url, dict(headers), timeout)
        else:
            from websockets.sync.client import connect as ws_connect

            raw = _unpatched(ws_connect)(url, **_websockets_options(headers, timeout))
    return SyncRecordingSocket(_opened(recorder, raw), recorder)


async def connect_async(
    cassette: Cassette, real: Any, url: str, headers: Mapping[str, str], timeout: float | None
) -> AsyncReplaySocket | AsyncRecordingSocket:
    """The async twin of :func:`connect_sync`."""
    request, interaction = _handshake(cassette, url, headers)
    if interaction is not None:
        return AsyncReplaySocket(_replay(cassette, interaction), timeout)
    recorder = _recorder(cassette, request)
    connect = getattr(real, "connect_websocket", None)
    with _connecting(cassette, recorder, request):
        if connect is not None:
            raw = await connect(url, dict(headers), timeout)
        else:
            from websockets.asyncio.client import connect as ws_connect

            raw = await _unpatched(ws_connect)(url, **_websockets_options(headers, timeout))
    return AsyncRecordingSocket(_opened(recorder, raw), recorder)
