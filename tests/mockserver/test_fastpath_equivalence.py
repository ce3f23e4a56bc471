"""The raw-ASGI fast path answers exactly as Starlette's stack does.

Two servers, same seed, same clock and the same setup, get the same requests:
one through ``mock.app`` (the fast path for the model operations' POSTs), one
through Starlette's own ``__call__`` (middleware, router, ``Request``). Every
ASGI message sent back (status, headers in order, body chunks) and every
journal entry must be equal; the fast path must have answered the hot
requests itself and handed the rest to Starlette.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.types import Message, Receive, Scope, Send

from openai_kit.mockserver import MockServer, _express, _fastpath, _pipeline, faults
from openai_kit.mockserver.api.chat.plan_cache import chat_plans
from tests.mockserver.conftest import API_VERSION, KEY, NOW

CHAT = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Name a river."},
    ],
    "temperature": 0.2,
}
BEARER = [("authorization", f"Bearer {KEY}")]
AZURE_KEY = [("api-key", KEY)]
DEPLOYED = "/openai/deployments/gpt-4o-mini/chat/completions"


@dataclass
class Req:
    path: str
    body: bytes | list[bytes] = b""
    headers: list[tuple[str, str]] = field(default_factory=lambda: list(BEARER))
    method: str = "POST"
    query: str = ""
    disconnect: bool = False  # the client leaves after the body's chunks
    fast: bool = True  # whether the fast path answers it itself


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


def _chat(**extra: Any) -> bytes:
    return _json({**CHAT, **extra})


def _scope(req: Req) -> Scope:
    headers = [(b"host", b"mock.test"), (b"content-type", b"application/json")]
    headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in req.headers]
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": req.method,
        "scheme": "http",
        "path": req.path,
        "raw_path": req.path.encode(),
        "query_string": req.query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("mock.test", 80),
        "state": {},
    }


async def _run(app: Callable[[Scope, Receive, Send], Any], req: Req) -> list[Message]:
    chunks = req.body if isinstance(req.body, list) else [req.body]
    incoming: list[Message] = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    if req.disconnect:
        incoming[-1]["more_body"] = True
        incoming.append({"type": "http.disconnect"})
    never = asyncio.Event()

    async def receive() -> Message:
        if incoming:
            return incoming.pop(0)
        await never.wait()  # the client stays until the answer is complete
        raise AssertionError("unreachable")

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    try:
        await app(_scope(req), receive, send)
    except Exception as exc:  # the same exception must come out of both ways in
        sent.append({"type": "exception", "name": type(exc).__name__})
    return sent


def _server() -> MockServer:
    return MockServer(seed=7, api_keys=[KEY], clock=lambda: NOW)


REQUESTS: list[Req] = [
    Req("/v1/chat/completions", _chat()),
    Req("/v1/chat/completions", _chat()),  # a plan memo hit
    Req("/v1/chat/completions", _chat(n=2, max_tokens=5, logprobs=True, top_logprobs=2)),
    Req("/v1/chat/completions", _chat(stream=True, stream_options={"include_usage": True})),
    Req("/v1/chat/completions", [_chat()[:10], _chat()[10:]]),  # body in two chunks
    Req("/v1/chat/completions", _chat(), query="x=1&y=2"),
    Req(
        "/v1/chat/completions",
        _chat(),
        headers=[*BEARER, ("openai-organization", "org-x"), ("openai-project", "proj-y")],
    ),
    Req("/v1/chat/completions", _chat(), headers=[]),
    Req("/v1/chat/completions", _chat(), headers=[("authorization", "Bearer sk-wrong-1234567890")]),
    Req("/v1/chat/completions", b"{not json"),
    Req("/v1/chat/completions", b"[1, 2]"),
    Req("/v1/chat/completions", _json({"model": "gpt-4o-mini"})),
    Req("/v1/chat/completions", _chat(model="no-such-model")),
    Req("/v1/chat/completions", _chat(temperature="hot")),
    Req("/v1/chat/completions", _chat(), headers=[*BEARER, ("x-mock-fault", "status=503")]),
    Req("/v1/chat/completions", _chat(), headers=[*BEARER, ("x-mock-fault", "nonsense")]),
    Req(
        "/v1/chat/completions", _chat(stream=True), headers=[*BEARER, ("x-mock-fault", "malformed")]
    ),
    Req("/v1/completions", _json({"model": "gpt-3.5-turbo-instruct", "prompt": "Say hi"})),
    Req(
        "/v1/embeddings", _json({"model": "text-embedding-3-small", "input": "hi", "dimensions": 4})
    ),
    Req("/v1/moderations", _json({"input": "hello"})),
    Req(DEPLOYED, _chat(), headers=AZURE_KEY, query=f"api-version={API_VERSION}"),
    Req(
        DEPLOYED,
        _chat(stream=True),
        headers=[*AZURE_KEY, ("x-ms-client-request-id", "cid-1")],
        query=f"api-version={API_VERSION}",
    ),
    Req(DEPLOYED, _chat(), headers=AZURE_KEY),
    Req(DEPLOYED, _chat(), headers=AZURE_KEY, query="api-version=latest"),
    Req(DEPLOYED, _chat(), headers=[], query=f"api-version={API_VERSION}"),
    Req(DEPLOYED, _chat(), headers=BEARER, query=f"api-version={API_VERSION}"),
    Req(
        "/openai/deployments/nope/chat/completions",
        _chat(),
        headers=AZURE_KEY,
        query=f"api-version={API_VERSION}",
    ),
    Req("/openai/v1/chat/completions", _chat(), headers=AZURE_KEY),
    Req("/openai/v1/chat/completions", _chat(model="nope"), headers=AZURE_KEY),
    Req(
        "/openai/deployments/text-embedding-3-small/embeddings",
        _json({"input": ["a", "b"]}),
        headers=AZURE_KEY,
        query=f"api-version={API_VERSION}",
    ),
    # Starlette's way: other methods and paths, an empty deployment, a client gone mid-body
    Req("/v1/chat/completions", method="GET", fast=False),
    Req("/v1/chat/completions/", _chat(), fast=False),
    Req("/v1/models", method="GET", fast=False),
    Req("/openai/deployments//chat/completions", _chat(), headers=AZURE_KEY, fast=False),
    Req("/v1/nowhere", _chat(), fast=False),
    Req("/v1/chat/completions", [_chat()[:10]], disconnect=True, fast=False),
]


def _setup(mock: MockServer) -> None:
    mock.script("chat.completions.create", content="scripted answer", contains="scripted")
    mock.script("chat.completions.create", error=429, contains="refuse")
    mock.script("embeddings.create", body={"object": "list", "data": []}, status=200, times=None)


SCRIPTED: list[Req] = [
    Req("/v1/chat/completions", _chat(messages=[{"role": "user", "content": "scripted"}])),
    Req("/v1/chat/completions", _chat(messages=[{"role": "user", "content": "refuse"}])),
    Req("/v1/embeddings", _json({"model": "text-embedding-3-small", "input": "x"})),
]


@pytest.fixture(autouse=True)
def _fixed_processing_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """``openai-processing-ms`` measured as 0 on both sides."""
    clock = SimpleNamespace(perf_counter=lambda: 0.0)
    monkeypatch.setattr(_pipeline, "time", clock)
    monkeypatch.setattr(_fastpath, "time", clock)
    monkeypatch.setattr(_express, "time", clock)


async def _compare(
    requests: list[Req], setup: Callable[[MockServer], None] = lambda m: None
) -> None:
    fast_mock, slow_mock = _server(), _server()
    setup(fast_mock)
    setup(slow_mock)
    fast_app = fast_mock.app
    stack = fast_app.build_middleware_stack()
    through_starlette: list[str] = []

    async def counted(scope: Scope, receive: Receive, send: Send) -> None:
        through_starlette.append(scope["path"])
        await stack(scope, receive, send)

    fast_app.middleware_stack = counted

    async def slow_app(scope: Scope, receive: Receive, send: Send) -> None:
        await Starlette.__call__(slow_mock.app, scope, receive, send)

    for req in requests:
        before = len(through_starlette)
        got = await _run(fast_app, req)
        want = await _run(slow_app, req)
        assert got == want, req
        assert (len(through_starlette) == before) is req.fast, req
    assert fast_mock.requests.to_json() == slow_mock.requests.to_json()
    assert len(fast_mock.requests) == len([r for r in requests if not r.disconnect])


@pytest.mark.asyncio
async def test_fast_path_answers_as_starlette_does() -> None:
    await _compare(REQUESTS)


@pytest.mark.asyncio
async def test_scripts_are_taken_alike() -> None:
    await _compare(SCRIPTED, _setup)


@pytest.mark.asyncio
async def test_installed_faults_and_rate_limits_apply_alike() -> None:
    def setup(mock: MockServer) -> None:
        mock.faults.add(faults.rate_limit(rpm=2), operation="chat.completions.create")
        mock.faults.add(faults.server_error(), operation="embeddings.create")

    chat = Req("/v1/chat/completions", _chat())
    embed = Req("/v1/embeddings", _json({"model": "text-embedding-3-small", "input": "x"}))
    await _compare([chat, chat, chat, embed, chat], setup)


@pytest.mark.asyncio
async def test_a_route_or_middleware_added_later_turns_the_fast_path_off() -> None:
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    mock = _server()

    async def shadow(request: Any) -> PlainTextResponse:
        return PlainTextResponse("shadowed")

    mock.app.router.routes.insert(0, Route("/v1/chat/completions", shadow, methods=["POST"]))
    sent = await _run(mock.app, Req("/v1/chat/completions", _chat()))
    assert sent[1]["body"] == b"shadowed"
    assert len(mock.requests) == 0

    class Tagging:
        def __init__(self, app: Callable[[Scope, Receive, Send], Any]) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            async def tagged(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = [*message["headers"], (b"x-tag", b"1")]
                await send(message)

            await self.app(scope, receive, tagged)

    debugged = _server()
    debugged.app.debug = True
    sent = await _run(debugged.app, Req("/v1/nowhere/../chat", _chat()))
    assert sent[0]["status"] == 404
    handled = _server()
    handled.app.add_exception_handler(500, lambda request, exc: PlainTextResponse("handled"))
    assert handled.app._target(_scope(Req("/v1/chat/completions"))) is None
    assert debugged.app._target(_scope(Req("/v1/chat/completions"))) is None
    assert _server().app._target(_scope(Req("/v1/chat/completions"))) is not None

    wrapped = _server()
    wrapped.app.add_middleware(Tagging)
    sent = await _run(wrapped.app, Req("/v1/chat/completions", _chat()))
    assert sent[0]["status"] == 200
    assert sent[0]["headers"][-1] == (b"x-tag", b"1")


@pytest.mark.asyncio
async def test_an_exception_before_the_answer_is_starlettes_plain_500(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(_pipeline, "raw_response_headers", broken)
    monkeypatch.setattr(_express, "_after_id", broken)  # a memo hit's way
    req = Req("/v1/chat/completions", _chat())
    got = await _run(_server().app, req)
    slow = _server()
    want = await _run(lambda s, r, w: Starlette.__call__(slow.app, s, r, w), req)
    assert got == want
    assert got[0]["status"] == 500
    assert got[-1] == {"type": "exception", "name": "RuntimeError"}


def _count_express(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the express lane answered, one entry per request the fast path took."""
    answered: list[bool] = []
    express = _fastpath.express_answer

    def counting(*args: Any) -> Any:
        result = express(*args)
        answered.append(result is not None)
        return result

    monkeypatch.setattr(_fastpath, "express_answer", counting)
    return answered


@pytest.mark.asyncio
async def test_the_express_lane_answers_repeats_as_the_pipeline_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A repeated OpenAI chat request skips the pipeline only when nothing could change its answer."""
    chat_plans.clear()
    answered = _count_express(monkeypatch)
    chat = Req("/v1/chat/completions", _chat(max_tokens=7))
    echoed = [("openai-organization", "org-a"), ("openai-project", "proj-b")]
    cases = [
        (chat, False),  # first time: the pipeline plans and keeps the answer
        (chat, True),
        (Req(chat.path, chat.body, headers=[*BEARER, *echoed, ("openai-organization", "x")]), True),
        (
            Req(chat.path, chat.body, headers=[("authorization", "Bearer sk-wrong-key-123456")]),
            False,
        ),
        (Req(chat.path, chat.body, headers=[("authorization", "Basic abc")]), False),
        (Req(chat.path, chat.body, headers=[]), False),
        (Req(chat.path, chat.body, headers=[*BEARER, ("x-mock-fault", "status=500")]), False),
        (Req(chat.path, chat.body, query="a=1"), False),
        (Req("/openai/v1/chat/completions", chat.body, headers=AZURE_KEY), False),
        (Req(chat.path, _chat(max_tokens=7, stream=True)), False),
        (chat, True),
    ]
    await _compare([req for req, _ in cases])
    assert answered == [want for _, want in cases]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "setup",
    [
        lambda m: m.script("embeddings.create", body={"object": "list", "data": []}),
        lambda m: m.faults.add(faults.server_error(), operation="embeddings.create"),
        lambda m: setattr(m._core, "latency", 0.001),
    ],
    ids=["a pending script", "an installed fault", "latency"],
)
async def test_the_express_lane_steps_aside_for(
    setup: Callable[[MockServer], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    answered = _count_express(monkeypatch)
    chat = Req("/v1/chat/completions", _chat(max_tokens=9))
    await _compare([chat, chat, chat], setup)
    assert answered == [False, False, False]


def test_a_journal_entry_from_the_express_lane_reads_like_any_other() -> None:
    mock = _server()
    with mock.client() as client:
        for _ in range(3):
            client.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
            )
    first, _, last = mock.requests
    assert (
        last.json
        == first.json
        == {
            "model": "gpt-4o-mini",
            "messages": [{"role": "user", "content": "hi"}],
        }
    )
    assert last.json is not first.json
    assert last.headers["authorization"] == "Bearer <redacted>"
    assert last.headers.keys() == first.headers.keys()
    assert KEY not in repr(last)
    assert len({e.request_id for e in mock.requests}) == 3


# -- the in-process transports try the express lane before starting the app -----------------


def _post(transport: httpx.BaseTransport, body: bytes, **headers: str) -> httpx.Response:
    with httpx.Client(transport=transport, base_url="http://mock.test") as client:
        response = client.post(
            "/v1/chat/completions",
            content=body,
            headers={
                "authorization": f"Bearer {KEY}",
                "content-type": "application/json",
                **headers,
            },
        )
        response.read()
        return response


def test_the_sync_transport_answers_a_repeat_without_the_app_as_the_app_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_express, "time", SimpleNamespace(perf_counter=lambda: 0.0))
    monkeypatch.setattr(_pipeline, "time", SimpleNamespace(perf_counter=lambda: 0.0))
    body = _chat(max_tokens=11)
    _post(_server().transport(), body)  # the memo knows the answer now
    quick, slow = _server(), _server()
    quick_transport = quick.transport()
    slow_transport = _fastpath_off(slow)
    started_app: list[bool] = []
    loop_thread = quick_transport._loop_thread

    def spied() -> Any:
        started_app.append(True)
        return loop_thread()

    monkeypatch.setattr(quick_transport, "_loop_thread", spied)
    for headers in ({}, {"openai-organization": "org-q"}):
        got = _post(quick_transport, body, **headers)
        want = _post(slow_transport, body, **headers)
        assert (got.status_code, got.headers.raw, got.content) == (
            want.status_code,
            want.headers.raw,
            want.content,
        )
    assert started_app == []  # the app never ran: no loop thread was needed
    assert quick.requests.to_json() == slow.requests.to_json()
    _post(quick_transport, body, **{"x-mock-fault": "status=503"})  # not express: the app runs
    assert started_app == [True]
    assert quick.requests.last.status == 503


@pytest.mark.asyncio
async def test_the_async_transport_takes_the_express_lane_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from openai_kit.mockserver import _transport

    runs: list[object] = []
    app_run = _transport._AppRun

    def counted(*args: Any) -> Any:
        runs.append(args)
        return app_run(*args)

    monkeypatch.setattr(_transport, "_AppRun", counted)
    body = _chat(max_tokens=12)
    _post(_server().transport(), body)
    mock = _server()
    transport = mock.async_transport()
    async with httpx.AsyncClient(transport=transport, base_url="http://mock.test") as client:
        response = await client.post(
            "/v1/chat/completions",
            content=body,
            headers={"authorization": f"Bearer {KEY}", "content-type": "application/json"},
        )
    assert response.status_code == 200
    assert response.json()["object"] == "chat.completion"
    assert mock.requests.last.json == json.loads(body)
    assert len(runs) == 1  # only the sync warm-up request ran the app


def test_no_shortcut_once_the_app_is_replaced_or_wrapped() -> None:
    from starlette.middleware import Middleware
    from starlette.middleware.gzip import GZipMiddleware

    replaced = _server()
    original = replaced.app
    replaced.app = GZipMiddleware(original)  # type: ignore[assignment]
    assert replaced._shortcut() is None
    wrapped = _server()
    wrapped.app.user_middleware.insert(0, Middleware(GZipMiddleware))
    body = _chat(max_tokens=13)
    _post(_server().transport(), body)
    assert wrapped.app.answer_now(_scope(Req("/v1/chat/completions", body)), body) is None


def _fastpath_off(mock: MockServer) -> httpx.BaseTransport:
    """A transport into ``mock`` that runs its app every time (no shortcut)."""
    from openai_kit.mockserver import MockTransport

    return MockTransport(mock.app)
