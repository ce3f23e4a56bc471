"""The mock server benchmarks run end to end at tiny sizes, so they cannot rot.

Nothing here looks at a time: the load generator must frame answers and
count events correctly, drive the mock for a bounded number of requests and
report what came back; the ceiling apps must serve the mock's own bytes; the
runner must print its tables.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from benchmarks._mock_payloads import (
    AUTH_HEADER,
    CHAT_PATH,
    Answers,
    capture_answers,
    request_body,
    split_events,
)
from benchmarks._mock_report import BEGIN, END, write_section
from benchmarks._mock_serve import ceiling_app, raw_replies
from benchmarks.loadgen import (
    LoadResult,
    LoadSpec,
    ProtocolError,
    ResponseParser,
    build_request,
    percentile,
    run_load,
)
from benchmarks.mock_server import main
from openai_kit.mockserver import MockServer, MockTransport


@pytest.fixture(scope="module")
def answers() -> Answers:
    return capture_answers()


@pytest.fixture
def live_mock() -> Iterator[tuple[MockServer, int]]:
    mock = MockServer(seed=0)
    with mock.live() as url:
        yield mock, int(url.rsplit(":", 1)[1])


def _feed_in_two(wire: bytes, split: int, *, count_events: bool) -> tuple[int, int, ResponseParser]:
    parser = ResponseParser(count_events=count_events)
    first = parser.feed(wire[:split])
    second = parser.feed(wire[split:])
    return first[0] + second[0], first[1] + second[1], parser


def test_parser_frames_both_answers_at_every_split(answers: Answers) -> None:
    plain, streamed = raw_replies(answers)
    wire = plain + streamed
    for split in range(len(wire) + 1):
        responses, events, parser = _feed_in_two(wire, split, count_events=True)
        assert (responses, events) == (2, answers.data_events), split
        assert parser.status == 200
        assert parser.stream_complete


def test_parser_byte_by_byte_with_extensions_trailers_and_a_cut_stream() -> None:
    events = [b'data: {"n":1}\n\n', b": keep-alive\n\n", b'data: {"n":2}\n\n']
    body = b"".join(events)
    wire = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + b"%x;ext=1\r\n%s\r\n" % (7, body[:7])
        + b"%x\r\n%s\r\n" % (len(body) - 7, body[7:])
        + b"0\r\nx-trailer: 1\r\n\r\n"
        + b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"
    )
    parser = ResponseParser(count_events=True)
    totals = [0, 0]
    for byte in wire:
        done, seen = parser.feed(bytes([byte]))
        totals[0] += done
        totals[1] += seen
    assert totals == [2, 2]  # the comment is no data event; no [DONE]: not complete
    assert parser.status == 404
    assert not parser.stream_complete


def test_parser_rejects_what_it_cannot_frame() -> None:
    with pytest.raises(ProtocolError):
        ResponseParser(count_events=False).feed(b"HTTP/1.1 200 OK\r\nserver: x\r\n\r\n")
    with pytest.raises(ProtocolError):
        ResponseParser(count_events=False).feed(b"garbage\r\n\r\n")


def test_request_and_percentiles() -> None:
    wire = build_request("127.0.0.1", 8000, "/v1/x", b"{}", [("Authorization", "Bearer k")])
    assert wire.startswith(b"POST /v1/x HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n")
    assert b"\r\nContent-Length: 2\r\nAuthorization: Bearer k\r\n\r\n{}" in wire
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.99), percentile([], 0.5)) == (
        50.0,
        99.0,
        0.0,
    )
    result = LoadResult(connections=2, loop="asyncio", seconds=2.0, requests=10, events=40)
    assert LoadResult.from_json(result.to_json()) == result
    assert (result.rps, result.eps) == (5.0, 20.0)


def test_ceiling_app_serves_the_mocks_own_bytes(answers: Answers) -> None:
    headers = {AUTH_HEADER[0]: AUTH_HEADER[1]}
    with httpx.Client(transport=MockTransport(ceiling_app(answers)), base_url="http://c") as client:
        plain = client.post(CHAT_PATH, content=request_body(stream=False), headers=headers)
        streamed = client.post(CHAT_PATH, content=request_body(stream=True), headers=headers)
    assert plain.content == answers.json_body
    assert streamed.content == answers.sse_body
    assert len(split_events(streamed.content)) == answers.data_events + 1


def test_the_headers_ceiling_sends_the_mocks_headers_in_order(answers: Answers) -> None:
    names = [name for name, _ in answers.json_headers]
    assert names[:2] == ["x-request-id", "openai-processing-ms"]
    app = ceiling_app(answers, headers=True)
    with httpx.Client(transport=MockTransport(app), base_url="http://c") as client:
        plain = client.post(CHAT_PATH, content=request_body(stream=False))
    sent = plain.headers.multi_items()
    assert sent[:-2] == list(answers.json_headers)
    assert [name for name, _ in sent[-2:]] == ["content-length", "content-type"]
    assert plain.content == answers.json_body


def _spec(port: int, *, stream: bool, max_requests: int) -> LoadSpec:
    body = request_body(stream=stream)
    return LoadSpec(
        host="127.0.0.1",
        port=port,
        request=build_request("127.0.0.1", port, CHAT_PATH, body, [AUTH_HEADER]),
        connections=4,
        warmup=0.0,
        duration=30.0,  # a bound only: the run ends at max_requests
        stream=stream,
        max_requests=max_requests,
    )


def test_loadgen_drives_the_mock_for_a_bounded_number_of_requests(
    live_mock: tuple[MockServer, int],
) -> None:
    mock, port = live_mock
    result = asyncio.run(run_load(_spec(port, stream=False, max_requests=12)))
    assert result.total_requests >= 12
    assert result.requests >= 12
    assert result.statuses == {"200": result.requests}
    assert result.errors == 0
    assert 0 < result.p50_ms <= result.p99_ms <= result.max_ms
    assert len(mock.requests) >= 12
    assert {entry.operation for entry in mock.requests} == {"chat.completions.create"}


def test_loadgen_counts_the_mocks_stream_events(
    live_mock: tuple[MockServer, int], answers: Answers
) -> None:
    _, port = live_mock
    result = asyncio.run(run_load(_spec(port, stream=True, max_requests=6)))
    assert result.requests >= 6
    assert result.errors == 0
    assert result.events >= result.requests * answers.data_events


def test_write_replaces_only_its_section(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Benchmarks\n\nintro\n")
    write_section(readme, "first run\n")
    write_section(readme, "second run\n")
    text = readme.read_text()
    assert text.startswith("# Benchmarks\n\nintro\n")
    assert (text.count(BEGIN), text.count(END)) == (1, 1)
    assert "second run" in text
    assert "first run" not in text


@pytest.mark.slow
def test_runner_prints_every_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "bench.md"
    assert main(["--tiny", "--profile", "--write", str(target)]) == 0
    assert BEGIN in target.read_text()
    printed = capsys.readouterr().out
    assert "| h11 + asyncio | chat completions/s |" in printed
    assert "| h11 + asyncio | stream events/s |" in printed
    assert "ceiling sends the mock's headers too" in printed
    assert "≥ 80%" in printed
    assert "≥ 50%" in printed
    assert "raw-socket server" in printed
    assert "`MockServer.live()` as shipped" in printed
    assert "| chat completion, sync |" in printed
    assert "| ASGI app alone, chat completion" in printed
    assert "mockserver functions by cumulative time" in printed
    assert "| h11 + asyncio | chat completion |" in printed  # the standalone comparison
    assert "mockserver/" in printed


def test_app_cpu_benchmark_runs_and_prints(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import mock_app_cpu

    figures = asyncio.run(mock_app_cpu.measure(calls=5, rounds=2))
    assert len(figures) == 2
    assert all(figure > 0 for figure in figures)
    assert mock_app_cpu.main(["--calls", "5", "--rounds", "1"]) == 0
    assert "µs CPU per call" in capsys.readouterr().out
