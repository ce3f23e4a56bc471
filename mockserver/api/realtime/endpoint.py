"""The Realtime WebSocket endpoint: handshake checks, then one session's event loop.

Routes (``_app.socket_apps``): ``/v1/realtime?model=``, Azure classic
``/openai/realtime?api-version=&deployment=`` and Azure v1
``/openai/v1/realtime?model=<deployment>``. The handshake is refused the way
the service refuses it (an HTTP status with the API's error body, through the
ASGI ``websocket.http.response`` extension): a wrong key (401), an expired or
unknown client secret (401), a missing ``api-version`` or an unknown
deployment (404), an unknown or non-Realtime model, or a ``refuse`` fault.

Once accepted, client messages are read by a task of their own into a queue;
the loop sends the session's events in order and looks at the queue between
two events, so a ``response.cancel`` (or speech) cuts a response short.
Faults installed for the session drop the socket after N events, delay each
event, or send an ``error`` event after N events.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Iterator, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import parse_qsl

from openai_kit.mockserver._auth import check_azure, check_openai
from openai_kit.mockserver._errors import (
    AzureGatewayError,
    MockAPIError,
    deployment_not_found,
    standard_error,
)
from openai_kit.mockserver._journal import RecordedRequest, Style, journal_headers
from openai_kit.mockserver._strict_json import loads as strict_loads
from openai_kit.mockserver._transport import DROP_EXTENSION
from openai_kit.mockserver.api.realtime.faults import SessionFault
from openai_kit.mockserver.api.realtime.frames import Event, encode
from openai_kit.mockserver.api.realtime.handlers import DEFAULT_MODEL
from openai_kit.mockserver.api.realtime.journal import SessionEntry
from openai_kit.mockserver.api.realtime.protocol import RealtimeSession
from openai_kit.mockserver.api.realtime.responses import Output
from openai_kit.mockserver.api.realtime.store import RealtimeStore
from openai_kit.mockserver.generation.catalog import find_model

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["OPERATION", "RESPONSE_SCRIPTS", "serve_realtime"]

OPERATION: Final = "realtime.connect"
RESPONSE_SCRIPTS: Final = "realtime.response.create"
_SESSION_SECONDS: Final = 3600
# In a run of events, the client's messages are looked at from the 16th event on, after
# every event (a text response's events go out in one run, as the echo ceiling sends).
_LISTEN_EVERY: Final = 16
# How a run of events ended (``_Sender.send_until``).
_ENDED: Final = object()
_CUT: Final = object()
_DROPPED: Final = object()

Message = MutableMapping[str, Any]


def _refusal(err: MockAPIError, azure: bool) -> tuple[int, bytes]:
    return err.status, json.dumps(err.body_for(azure=azure)).encode()


def _model(core: ServerCore, style: Style, query: Mapping[str, str]) -> str:
    """The model the handshake asks for (an Azure deployment's model); raises the refusal."""
    if style == "azure":
        version = query.get("api-version")
        if not version:
            raise AzureGatewayError(404, "Resource not found")
        deployment = query.get("deployment", "")
        model = core.deployment_model(deployment) if deployment else None
        if model is None:
            raise deployment_not_found()
        return model
    name = query.get("model") or DEFAULT_MODEL
    if style == "azure_v1":
        model = core.deployment_model(name)
        if model is None:
            raise deployment_not_found()
        return model
    info = find_model(name)
    if info is None:
        raise MockAPIError(
            404,
            f"The model `{name}` does not exist or you do not have access to it.",
            code="model_not_found",
        )
    if "realtime" not in info.id:
        raise MockAPIError(
            400,
            f"Model '{name}' is not supported by the Realtime API.",
            param="model",
            code="invalid_model",
        )
    return name


def _authenticate(
    core: ServerCore, style: Style, headers: Mapping[str, str]
) -> dict[str, Any] | None:
    """Check the credential; the session preset of a client secret used as one."""
    store = core.state.get(RealtimeStore)
    preset: list[dict[str, Any]] = []

    def accepts(key: str) -> bool:
        if not store.accepts(key, core.accepts_key):
            return False
        session = store.secret_session(key) if key.startswith("ek_") else None
        if session is not None:
            preset.append(session)
        return True

    if style == "openai":
        check_openai(headers, accepts)
    else:
        check_azure(headers, accepts)
    return preset[0] if preset else None


def _script_taker(core: ServerCore, entry: RecordedRequest) -> Any:
    def take(request: Mapping[str, Any]) -> Output | None:
        if not core.scripts:
            return None
        probe = RecordedRequest(
            RESPONSE_SCRIPTS, "POST", entry.path, {}, {}, dict(request), style=entry.style
        )
        script = core.scripts.take(probe)
        if script is None:
            return None
        if script.error is not None:
            err = script.error
            return Output(error={"type": err.type, "code": err.code, "message": err.message})
        calls = [(c["name"], c["arguments"]) for c in script.tool_calls or []]
        text = script.content if script.content is not None or calls else json.dumps(script.body)
        return Output(text=text, calls=calls)

    return take


class _Sender:
    """Sends server events: journals them and applies the session's faults."""

    def __init__(
        self,
        send: Any,
        scope: Message,
        entry: SessionEntry,
        faults: list[SessionFault],
        session: RealtimeSession,
    ) -> None:
        self._send = send
        self._scope = scope
        self._entry = entry
        self._session = session
        self.count = 0
        self.delay = sum(f.seconds for f in faults if f.kind == "delay")
        self.drop_at = min((f.after for f in faults if f.kind == "drop"), default=None)
        self.errors = {f.after: f.error for f in faults if f.kind == "error"}
        self.dropped = False
        self._faulty = bool(faults)

    async def send(self, event: Event) -> bool:
        """Send one event (encoded once: the journal keeps the sent text); False once dropped."""
        if self._faulty and not await self._before():
            return False
        text = event if type(event) is str else encode(event)
        self._entry.record_sent(event, text)
        await self._send({"type": "websocket.send", "text": text})
        self.count += 1
        return await self._after() if self._faulty else True

    async def send_until(self, events: Iterator[Event], inbox: _Inbox) -> object:
        """Send ``events`` until they end (:data:`_ENDED`), the client sent something meanwhile
        (:data:`_CUT`: the rest waits) or the connection is dropped (:data:`_DROPPED`)."""
        faulty, send, record = self._faulty, self._send, self._entry.record_sent
        for sent, event in enumerate(events, 1):
            if faulty:
                if not await self.send(event):
                    return _DROPPED
            else:  # ``send`` without faults, written out: this runs for every event
                text = event if type(event) is str else encode(event)
                record(event, text)
                await send({"type": "websocket.send", "text": text})
            if not sent % _LISTEN_EVERY:
                await inbox.pause()
            if inbox.waiting():
                return _CUT
        return _ENDED

    async def _before(self) -> bool:
        if self.drop_at is not None and self.count >= self.drop_at:
            self._drop()
            return False
        if self.delay:
            await asyncio.sleep(self.delay)
        return True

    async def _after(self) -> bool:
        error = self.errors.pop(self.count, None)
        if error is not None:
            return await self.send(self._session.emit("error", error=dict(error)))
        if self.drop_at is not None and self.count >= self.drop_at:
            self._drop()
            return False
        return True

    def _drop(self) -> None:
        self.dropped = True
        drop = self._scope.get("extensions", {}).get(DROP_EXTENSION)
        if drop is not None:
            drop()


class _Inbox:
    """What the client sends: read directly while the session waits for it, and by a task
    of its own while a long run of events goes out (from its first pause on), so that a
    ``response.cancel`` or speech cuts the run short."""

    def __init__(self, receive: Any) -> None:
        self._receive = receive
        self._listener: asyncio.Future[Message] | None = None

    def waiting(self) -> bool:
        """Whether a message arrived that was not taken yet."""
        return self._listener is not None and self._listener.done()

    async def pause(self) -> None:
        """Between two events of a run: listen from now on, and let the listener run."""
        if self._listener is None:
            self._listener = asyncio.ensure_future(self._receive())
        await asyncio.sleep(0)

    async def take(self) -> Message:
        """The next message (waiting for it)."""
        listener, self._listener = self._listener, None
        message: Message = await (listener if listener is not None else self._receive())
        return message

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            await asyncio.gather(self._listener, return_exceptions=True)


async def _run(
    session: RealtimeSession, sender: _Sender, inbox: _Inbox, entry: SessionEntry
) -> bool:
    """The session's events, in order, and the client's messages as they come; True once the
    client disconnected, False once the connection was dropped."""
    pending: deque[Iterator[Event]] = deque([iter(session.opening())])
    while True:
        if not pending or inbox.waiting():
            message = await inbox.take()
            if message["type"] == "websocket.disconnect":
                return True
            data = message.get("text")
            event = _parsed(data if data is not None else message.get("bytes") or b"")
            entry.record("client", event)
            pending.extend(iter(events) for events in session.handle(event))
            continue
        sent = await sender.send_until(pending[0], inbox)
        if sent is _DROPPED:
            return False
        if sent is _ENDED:
            pending.popleft()


def _parsed(data: str | bytes) -> Any:
    """A client message's JSON, read as strictly as the API reads request bodies (a lone
    surrogate or ``NaN`` could not be sent back), else its text."""
    try:
        return strict_loads(data)
    except ValueError:
        return data if isinstance(data, str) else data.decode("utf-8", "replace")


def _admit(
    core: ServerCore, style: Style, query: Mapping[str, str], headers: Mapping[str, str]
) -> tuple[str, dict[str, Any] | None, list[SessionFault]]:
    """The handshake's model, client-secret preset and faults; raises the refusal."""
    model = _model(core, style, query)
    preset = _authenticate(core, style, headers)
    faults = core.state.get(RealtimeStore).faults.take(model)
    refuse = next((f for f in faults if f.kind == "refuse"), None)
    if refuse is not None:
        raise standard_error(refuse.status)
    return model, preset, faults


async def _refuse(send: Any, entry: SessionEntry, err: MockAPIError, style: Style) -> None:
    """Answer the handshake with the refusal's status and error body."""
    entry.status, body = _refusal(err, style != "openai")
    await send(
        {
            "type": "websocket.http.response.start",
            "status": entry.status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "websocket.http.response.body", "body": body})


def _open_session(
    core: ServerCore, model: str, preset: dict[str, Any] | None, entry: SessionEntry
) -> RealtimeSession:
    given = preset or {}
    return RealtimeSession(
        seed=core.seed,
        number=core.state.get(RealtimeStore).next_number(),
        model=str(given.get("model") or model),
        expires_at=int(core.clock.now()) + _SESSION_SECONDS,
        preset={k: v for k, v in given.items() if k not in ("id", "object", "expires_at", "type")},
        take_script=_script_taker(core, entry),
    )


async def _converse(
    receive: Any, send: Any, sender: _Sender, session: RealtimeSession, entry: SessionEntry
) -> None:
    """The accepted session: events sent, client messages taken as they come."""
    inbox = _Inbox(receive)
    try:
        if not await _run(session, sender, inbox, entry) and not sender.dropped:
            await send({"type": "websocket.close", "code": 1000})
    except OSError:
        pass  # the client went away
    finally:
        await inbox.close()


async def serve_realtime(
    core: ServerCore, style: Style, scope: Message, receive: Any, send: Any
) -> None:
    """One WebSocket connection to the Realtime endpoint."""
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    raw_headers = [(bytes(k), bytes(v)) for k, v in scope.get("headers", [])]
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw_headers}
    entry = SessionEntry(
        OPERATION,
        "GET",
        scope["path"],
        query,
        journal_headers(raw_headers),
        style=style,
        deployment=query.get("deployment"),
    )
    core.journal.append(entry)
    await receive()  # websocket.connect
    try:
        model, preset, faults = _admit(core, style, query, headers)
    except MockAPIError as err:
        await _refuse(send, entry, err, style)
        return
    entry.status = 101
    session = _open_session(core, model, preset, entry)
    await send({"type": "websocket.accept"})
    try:
        await _converse(receive, send, _Sender(send, scope, entry, faults, session), session, entry)
    finally:
        core.state.get(RealtimeStore).add_session(
            {
                "id": session.config["id"],
                "model": session.config["model"],
                "style": style,
                "events": entry.event_count,
            }
        )
