"""Recording through the real transport and replaying, with openai-kit and the official client.

The "real" side is the mock server in process (``mock.transport()``), or an
``httpx.MockTransport`` where a test needs a body the mock does not send
(compressed, binary, cut mid-way).
"""

from __future__ import annotations

import gzip
import json
import sys
import types
import zlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import openai
import pytest

from openai_kit import APIConnectionError, AsyncOpenAI, OpenAI, _base_client
from openai_kit.mockserver import MockServer
from openai_kit.pytest_plugin._cassette import Cassette, RecordMode

BASE_URL = "https://api.openai.com/v1"
MODEL = "gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "Name three rivers."}]


def unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"replay reached the network: {request.url}")


@pytest.fixture
def mock() -> MockServer:
    return MockServer(seed=3, clock=lambda: 1_750_000_000.0)


def kit(cassette: Cassette, real: httpx.BaseTransport, **kwargs: object) -> OpenAI:
    transport = cassette.wrap_sync(real)
    return OpenAI(
        api_key="sk-test",
        base_url=BASE_URL,
        http_client=httpx.Client(transport=transport),
        **kwargs,
    )  # type: ignore[arg-type]


def conversation(client: OpenAI) -> tuple[object, ...]:
    completion = client.chat.completions.create(model=MODEL, messages=MESSAGES, temperature=0)
    stream = client.chat.completions.create(
        model=MODEL, messages=MESSAGES, stream=True, stream_options={"include_usage": True}
    )
    chunks = [chunk.model_dump() for chunk in stream]
    embedding = client.embeddings.create(model="text-embedding-3-small", input="rivers")
    return completion.model_dump(), chunks, embedding.model_dump()


# --------------------------------------------------------------------------------------------
# Round trips
# --------------------------------------------------------------------------------------------


def test_sync_round_trip_gives_the_same_objects(tmp_path: Path, mock: MockServer) -> None:
    path = tmp_path / "sync.yaml"
    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        recorded = conversation(kit(cassette, mock.transport()))
        assert len(cassette.new) == 3
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        replayed = conversation(kit(cassette, httpx.MockTransport(unreachable)))
        assert len(cassette.played) == 3
    assert replayed == recorded
    assert len(recorded[1]) > 5  # a real stream, usage chunk included  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_async_round_trip_gives_the_same_objects(tmp_path: Path, mock: MockServer) -> None:
    async def run(cassette: Cassette, real: httpx.AsyncBaseTransport) -> tuple[object, ...]:
        client = AsyncOpenAI(
            api_key="sk-test",
            base_url=BASE_URL,
            http_client=httpx.AsyncClient(transport=cassette.wrap_async(real)),
        )
        completion = await client.chat.completions.create(model=MODEL, messages=MESSAGES)
        stream = await client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
        chunks = [chunk.model_dump() async for chunk in stream]
        await client.close()
        return completion.model_dump(), chunks

    path = tmp_path / "async.yaml"
    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        recorded = await run(cassette, mock.async_transport())
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        replayed = await run(cassette, httpx.MockTransport(unreachable))
    assert replayed == recorded


def test_the_official_client_records_and_replays_too(tmp_path: Path, mock: MockServer) -> None:
    def run(cassette: Cassette, real: httpx.BaseTransport) -> tuple[object, ...]:
        client = openai.OpenAI(
            api_key="sk-test",
            base_url=BASE_URL,
            http_client=httpx.Client(transport=cassette.wrap_sync(real)),
        )
        completion = client.chat.completions.create(model=MODEL, messages=MESSAGES)  # type: ignore[arg-type]
        stream = client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)  # type: ignore[arg-type]
        return completion.model_dump(), [chunk.model_dump() for chunk in stream]

    path = tmp_path / "official.yaml"
    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        recorded = run(cassette, mock.transport())
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        assert run(cassette, httpx.MockTransport(unreachable)) == recorded


def test_retried_requests_replay_in_order(
    tmp_path: Path, mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_base_client.SyncAPIClient, "_sleep", staticmethod(lambda seconds: None))
    mock.script("chat.completions.create", error=500)
    path = tmp_path / "retry.yaml"
    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        first = kit(cassette, mock.transport(), max_retries=2).chat.completions.create(
            model=MODEL, messages=MESSAGES
        )
        assert [x.response.status for x in cassette.new] == [500, 200]
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        client = kit(cassette, httpx.MockTransport(unreachable), max_retries=2)
        again = client.chat.completions.create(model=MODEL, messages=MESSAGES)
        assert [x.response.status for x in cassette.played] == [500, 200]
    assert again == first


# --------------------------------------------------------------------------------------------
# A missing interaction fails the test: no retries, no APIConnectionError
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("package", ["openai_kit", "openai"])
def test_a_missing_interaction_fails_once_and_is_not_wrapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package: str
) -> None:
    cassette = Cassette.open(tmp_path / "none.yaml", record_mode=RecordMode.NONE)
    failures: list[str] = []
    original = cassette._fail_unmatched

    def counting(*args: object) -> None:
        failures.append("fail")
        original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(cassette, "_fail_unmatched", counting)
    http_client = httpx.Client(transport=cassette.wrap_sync(httpx.MockTransport(unreachable)))
    factory = OpenAI if package == "openai_kit" else openai.OpenAI
    client = factory(api_key="sk-test", base_url=BASE_URL, max_retries=3, http_client=http_client)
    with pytest.raises(pytest.fail.Exception) as info:
        client.chat.completions.create(model=MODEL, messages=MESSAGES)  # type: ignore[arg-type]
    assert not isinstance(info.value, APIConnectionError | openai.APIConnectionError)
    assert failures == ["fail"]
    assert "POST https://api.openai.com/v1/chat/completions" in str(info.value)


# --------------------------------------------------------------------------------------------
# Streams: replayed per event; recorded without buffering; whole or not at all
# --------------------------------------------------------------------------------------------


def test_replayed_sse_comes_one_event_per_chunk(tmp_path: Path, mock: MockServer) -> None:
    path = tmp_path / "sse.yaml"
    body = {"model": MODEL, "messages": MESSAGES, "stream": True}
    auth = {"authorization": "Bearer sk-test"}
    with (
        Cassette.open(path, record_mode=RecordMode.ONCE) as cassette,
        httpx.Client(transport=cassette.wrap_sync(mock.transport()), headers=auth) as client,
    ):
        recorded = client.post(f"{BASE_URL}/chat/completions", json=body).content
    with (
        Cassette.open(path, record_mode=RecordMode.NONE) as cassette,
        httpx.Client(transport=cassette.wrap_sync(httpx.MockTransport(unreachable))) as client,
        client.stream("POST", f"{BASE_URL}/chat/completions", json=body) as response,
    ):
        chunks = list(response.iter_raw())
    assert b"".join(chunks) == recorded
    assert len(chunks) == recorded.count(b"\n\n") > 3
    assert all(chunk.startswith(b"data: ") and chunk.endswith(b"\n\n") for chunk in chunks)
    assert chunks[-1] == b"data: [DONE]\n\n"


class Dripping(httpx.SyncByteStream):
    """A body that tells how far it has been read, and can break after a few chunks."""

    def __init__(self, chunks: list[bytes], *, break_after: int | None = None) -> None:
        self.chunks = chunks
        self.sent = 0
        self.closed = False
        self.break_after = break_after

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            if self.break_after is not None and self.sent == self.break_after:
                raise httpx.RemoteProtocolError("peer closed connection")
            self.sent += 1
            yield chunk

    def close(self) -> None:
        self.closed = True


EVENTS = [f'data: {{"n": {n}}}\n\n'.encode() for n in range(5)] + [b"data: [DONE]\n\n"]
SSE = {"content-type": "text/event-stream"}


def test_recording_passes_chunks_through_as_they_arrive(tmp_path: Path) -> None:
    body = Dripping(EVENTS)
    real = httpx.MockTransport(lambda request: httpx.Response(200, headers=SSE, stream=body))
    cassette = Cassette.open(tmp_path / "c.yaml", record_mode=RecordMode.ALL)
    with (
        httpx.Client(transport=cassette.wrap_sync(real)) as client,
        client.stream("GET", f"{BASE_URL}/events") as response,
    ):
        chunks = response.iter_raw()
        assert next(chunks) == EVENTS[0]
        assert body.sent == 1  # nothing read ahead
        assert cassette.new == ()  # not whole yet
        assert list(chunks) == EVENTS[1:]
    (interaction,) = cassette.new
    assert interaction.response.body == b"".join(EVENTS)
    assert body.closed


def test_a_response_closed_early_is_still_recorded_whole(tmp_path: Path) -> None:
    body = Dripping(EVENTS)
    real = httpx.MockTransport(lambda request: httpx.Response(200, headers=SSE, stream=body))
    cassette = Cassette.open(tmp_path / "c.yaml", record_mode=RecordMode.ALL)
    with (
        httpx.Client(transport=cassette.wrap_sync(real)) as client,
        client.stream("GET", f"{BASE_URL}/events") as response,
    ):
        for _chunk in response.iter_raw():
            break
    (interaction,) = cassette.new
    assert interaction.response.body == b"".join(EVENTS)


def test_a_body_that_fails_midway_is_not_recorded(tmp_path: Path) -> None:
    body = Dripping(EVENTS, break_after=2)
    real = httpx.MockTransport(lambda request: httpx.Response(200, headers=SSE, stream=body))
    cassette = Cassette.open(tmp_path / "c.yaml", record_mode=RecordMode.ALL)
    with (
        httpx.Client(transport=cassette.wrap_sync(real)) as client,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        client.get(f"{BASE_URL}/events")
    cassette.close()
    assert cassette.new == ()
    assert not (tmp_path / "c.yaml").exists()


class AsyncDripping(httpx.AsyncByteStream):
    def __init__(self, chunks: list[bytes], *, break_after: int | None = None) -> None:
        self.chunks = chunks
        self.sent = 0
        self.break_after = break_after

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            if self.break_after is not None and self.sent == self.break_after:
                raise httpx.ReadTimeout("timed out")
            self.sent += 1
            yield chunk


@pytest.mark.asyncio
@pytest.mark.parametrize("break_after", [None, 3])
async def test_async_tee_records_whole_bodies_only(tmp_path: Path, break_after: int | None) -> None:
    body = AsyncDripping(EVENTS, break_after=break_after)
    real = httpx.MockTransport(lambda request: httpx.Response(200, headers=SSE, stream=body))
    cassette = Cassette.open(tmp_path / "c.yaml", record_mode=RecordMode.ALL)
    async with (
        httpx.AsyncClient(transport=cassette.wrap_async(real)) as client,
        client.stream("GET", f"{BASE_URL}/events") as response,
    ):
        first = [chunk async for chunk in response.aiter_raw()][:1] if break_after is None else []
        if break_after is None:
            assert first == [EVENTS[0]]
        else:
            with pytest.raises(httpx.ReadTimeout):
                await response.aread()
    if break_after is None:
        assert [x.response.body for x in cassette.new] == [b"".join(EVENTS)]
    else:
        assert cassette.new == ()


@pytest.mark.asyncio
async def test_async_early_close_drains(tmp_path: Path) -> None:
    body = AsyncDripping(EVENTS)
    real = httpx.MockTransport(lambda request: httpx.Response(200, headers=SSE, stream=body))
    cassette = Cassette.open(tmp_path / "c.yaml", record_mode=RecordMode.ALL)
    async with (
        httpx.AsyncClient(transport=cassette.wrap_async(real)) as client,
        client.stream("GET", f"{BASE_URL}/events") as response,
    ):
        async for _chunk in response.aiter_raw():
            break
    assert [x.response.body for x in cassette.new] == [b"".join(EVENTS)]


# --------------------------------------------------------------------------------------------
# Compressed and binary bodies
# --------------------------------------------------------------------------------------------

JSON_BODY = json.dumps({"object": "list", "data": [{"id": "gpt-4o-mini"}]}).encode()


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.fixture
def fake_brotli(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in ``brotli`` module ("compression" = reversing the bytes)."""
    module = types.ModuleType("brotli")
    module.decompress = lambda data: data[::-1]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "brotli", module)


@pytest.mark.parametrize(
    ("coding", "encoded"),
    [
        ("gzip", gzip.compress(JSON_BODY)),
        ("deflate", zlib.compress(JSON_BODY)),
        ("deflate", _raw_deflate(JSON_BODY)),
        ("br", JSON_BODY[::-1]),
        ("identity", JSON_BODY),
    ],
    ids=["gzip", "deflate-zlib", "deflate-raw", "br", "identity"],
)
@pytest.mark.usefixtures("fake_brotli")
def test_compressed_bodies_are_stored_decoded(tmp_path: Path, coding: str, encoded: bytes) -> None:
    headers = {"content-type": "application/json", "content-encoding": coding}
    real = httpx.MockTransport(
        lambda request: httpx.Response(200, headers=headers, content=encoded)
    )
    path = tmp_path / "c.yaml"
    with Cassette.open(path, record_mode=RecordMode.ALL) as cassette:
        transport = cassette.wrap_sync(real)
        with httpx.Client(transport=transport) as client:
            if coding != "br":  # httpx itself has no brotli decoder here
                assert client.get(f"{BASE_URL}/models").json()["object"] == "list"
            else:
                client.get(f"{BASE_URL}/models").read()
    text = path.read_text()
    assert "content-encoding" not in text
    assert "content-length" not in text
    assert '"id": "gpt-4o-mini"' in text
    with (
        Cassette.open(path, record_mode=RecordMode.NONE) as cassette,
        httpx.Client(transport=cassette.wrap_sync(httpx.MockTransport(unreachable))) as client,
    ):
        assert json.loads(client.get(f"{BASE_URL}/models").content) == json.loads(JSON_BODY)


def test_a_coding_without_decoder_is_kept_as_sent(tmp_path: Path) -> None:
    headers = {"content-type": "application/json", "content-encoding": "compress"}
    real = httpx.MockTransport(
        lambda request: httpx.Response(200, headers=headers, content=b"\x1f\x9d?")
    )
    path = tmp_path / "c.yaml"
    with (
        Cassette.open(path, record_mode=RecordMode.ALL) as cassette,
        httpx.Client(transport=cassette.wrap_sync(real)) as client,
    ):
        client.get(f"{BASE_URL}/models")
        (interaction,) = cassette.new
    assert interaction.response.header("content-encoding") == "compress"
    assert interaction.response.body == b"\x1f\x9d?"
    assert "content-encoding:\n      - compress" in path.read_text()


def test_binary_bodies_round_trip_exactly(tmp_path: Path) -> None:
    audio = bytes(range(256)) * 8
    real = httpx.MockTransport(
        lambda request: httpx.Response(200, headers={"content-type": "audio/pcm"}, content=audio)
    )
    path = tmp_path / "c.yaml"
    with (
        Cassette.open(path, record_mode=RecordMode.ALL) as cassette,
        httpx.Client(transport=cassette.wrap_sync(real)) as client,
    ):
        client.post(f"{BASE_URL}/audio/speech", json={"input": "hi", "voice": "alloy"})
    assert "!!binary" in path.read_text()
    with (
        Cassette.open(path, record_mode=RecordMode.NONE) as cassette,
        httpx.Client(transport=cassette.wrap_sync(httpx.MockTransport(unreachable))) as client,
    ):
        response = client.post(f"{BASE_URL}/audio/speech", json={"voice": "alloy", "input": "hi"})
    assert response.content == audio
    assert response.headers["content-type"] == "audio/pcm"


def test_status_reason_and_repeated_headers_replay(tmp_path: Path) -> None:
    headers = [("x-a", "1"), ("X-A", "2"), ("content-type", "application/json")]
    real = httpx.MockTransport(
        lambda request: httpx.Response(
            418, headers=headers, content=b"{}", extensions={"reason_phrase": b"Short And Stout"}
        )
    )
    path = tmp_path / "c.yaml"
    with (
        Cassette.open(path, record_mode=RecordMode.ALL) as cassette,
        httpx.Client(transport=cassette.wrap_sync(real)) as client,
    ):
        client.get(f"{BASE_URL}/teapot")
    with (
        Cassette.open(path, record_mode=RecordMode.NONE) as cassette,
        httpx.Client(transport=cassette.wrap_sync(httpx.MockTransport(unreachable))) as client,
    ):
        response = client.get(f"{BASE_URL}/teapot")
    assert response.status_code == 418
    assert response.reason_phrase == "Short And Stout"
    assert response.headers.get_list("x-a") == ["1", "2"]
