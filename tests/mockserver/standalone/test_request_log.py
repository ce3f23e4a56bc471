"""The console request log: one line per API request, text or JSON, never a secret."""

from __future__ import annotations

import io
import json
import re

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._journal import RecordedRequest
from openai_kit.mockserver._observe import Record
from openai_kit.mockserver._request_log import (
    BUSY_LINES,
    RequestLogger,
    json_line,
    text_line,
    text_lines,
)
from tests.mockserver.standalone.cli import running

SECRET = "sk-live-secret-0123456789abcdef"
HEADERS = {"Authorization": f"Bearer {SECRET}"}
CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}


def _record(
    *,
    status: int | None = None,
    headers: tuple[tuple[bytes, bytes], ...] = (),
    entry: RecordedRequest | None = None,
) -> Record:
    """What the live server notes for a request answered with ``status`` and ``headers``
    (None: no answer started), journaled as ``entry``."""
    operation, fault, script = (
        (None, None, None)
        if entry is None
        else (
            entry.operation,
            entry.fault,
            entry.script,
        )
    )
    path = "/v1/chat/completions" if entry is None else entry.path
    method = "GET" if entry is None else entry.method
    kept = (b"data: {}\n\n", b"data: [DONE]\n\n")
    start, end = 1000.0, 1000.0031  # performance-counter times: 3.1 ms
    return (
        7,
        method,
        path,
        start,
        end,
        status,
        headers,
        kept,
        0,
        2 if headers and headers[-1][1].startswith(b"text/event-stream") else 0,  # events
        0 if entry is None else entry.serial,
        operation,
        fault,
        script,
        "mock",
        None,
    )


#: The wall clock's time minus the performance counter's: the record started at
#: 1,700,000,000.25 on the wall clock.
OFFSET = 1_699_999_000.25


def _limited() -> Record:
    entry = RecordedRequest("chat.completions.create", "POST", "/v1/chat/completions", {}, {})
    entry.fault = {"kind": "rate_limit", "limited": "requests", "rule": "flt_1"}
    entry.script = {"operation": "chat.completions.create", "kind": "reply"}
    return _record(status=429, headers=((b"content-type", b"application/json"),), entry=entry)


def test_text_line_has_every_field() -> None:
    line = text_line(_limited(), OFFSET)
    assert re.fullmatch(
        r"\d\d:\d\d:\d\d\.250 POST /v1/chat/completions chat.completions.create 429 3\.1ms"
        r" fault=rate_limit:requests script=reply",
        line,
    ), line


def test_json_line() -> None:
    assert json.loads(json_line(_limited(), OFFSET)) == {
        "time": "2023-11-14T22:13:20.250Z",
        "method": "POST",
        "path": "/v1/chat/completions",
        "operation": "chat.completions.create",
        "status": 429,
        "duration_ms": 3.1,
        "fault": "rate_limit:requests",
        "script": "reply",
        "events": 0,
        "source": "mock",
    }


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="log format must be one of text, json"):
        RequestLogger(io.StringIO(), "xml")


def test_a_hang_without_answer_logs_dashes() -> None:
    assert " GET /v1/chat/completions - --- " in text_line(_record(), OFFSET)


def test_a_stream_logs_its_events() -> None:
    headers = ((b"content-type", b"text/event-stream; charset=utf-8"),)
    assert text_line(_record(status=200, headers=headers), OFFSET).endswith(" 200 3.1ms events=2")


def test_a_batch_of_mixed_requests_gets_each_its_own_line() -> None:
    """The writer formats what repeats once per run of lines: runs that alternate keep
    their own method, path, operation and status."""
    limited, hang = _limited(), _record()
    ok = _record(status=200, headers=((b"content-type", b"application/json"),))
    batch = [limited, limited, hang, ok, ok, limited]
    assert text_lines(batch, OFFSET) == [text_line(record, OFFSET) for record in batch]
    assert [line.split(" ", 4)[1:4] for line in text_lines(batch, OFFSET)] == [
        ["POST", "/v1/chat/completions", "chat.completions.create"],
        ["POST", "/v1/chat/completions", "chat.completions.create"],
        ["GET", "/v1/chat/completions", "-"],
        ["GET", "/v1/chat/completions", "-"],
        ["GET", "/v1/chat/completions", "-"],
        ["POST", "/v1/chat/completions", "chat.completions.create"],
    ]
    assert [line.split(" ")[4] for line in text_lines(batch, OFFSET)] == [
        "429",
        "429",
        "---",
        "200",
        "200",
        "429",
    ]


def _timed(record: Record, start: float, duration: float) -> Record:
    return (*record[:3], start, start + duration, *record[5:])


def test_a_batch_keeps_each_lines_own_time_and_duration() -> None:
    """Lines that share the start of a line with the one before keep their own
    millisecond, second and duration, short and long."""
    ok = _record(status=200, headers=((b"content-type", b"application/json"),))
    starts = [1000.0, 1000.0002, 1000.0011, 1000.9996, 1001.0004, 1001.0004]
    durations = [0.00004, 0.09994, 0.09996, 0.1, 1.23456, 61.0]
    batch = [_timed(ok, a, d) for a, d in zip(starts, durations, strict=True)]
    lines = text_lines(batch, OFFSET)
    assert lines == [text_line(record, OFFSET) for record in batch]
    assert [line.rsplit(" ", 1)[1] for line in lines] == [
        "0.0ms",
        "99.9ms",
        "100.0ms",
        "100.0ms",
        "1234.6ms",
        "61000.0ms",
    ]
    assert [line.split(" ", 1)[0][-6:] for line in lines] == [
        "20.250",
        "20.250",
        "20.251",
        "21.249",
        "21.250",
        "21.250",
    ]


def test_lines_are_written_by_the_writer_and_on_close() -> None:
    out = io.StringIO()
    logger = RequestLogger(out, interval=3600)
    logger(_limited())
    logger(_record())
    assert out.getvalue() == ""  # the request only queued its record
    logger.close()
    lines = out.getvalue().splitlines()
    assert [line.split()[4] for line in lines] == ["429", "---"]


class _Wakes:
    """The writer's stop event, scripted: each wait queues the next batch of records (and
    notes how long the writer asked to wait); once there are none, the writer stops."""

    def __init__(self, logger: RequestLogger, batches: list[int]) -> None:
        self.logger = logger
        self.batches = batches
        self.asked: list[float] = []

    def wait(self, timeout: float) -> bool:
        self.asked.append(timeout)
        if not self.batches:
            return True
        self.logger._pending.extend(_record() for _ in range(self.batches.pop(0)))
        return False


def test_a_busy_server_has_its_lines_written_less_often() -> None:
    """After a batch of BUSY_LINES lines or more the writer waits its busy interval, and
    after a smaller one its usual interval again; every line is written."""
    out = io.StringIO()
    logger = RequestLogger(out, interval=0.05, busy_interval=0.25)
    batches = [3, BUSY_LINES, BUSY_LINES - 1, 500, 0, 1]
    wakes = _Wakes(logger, list(batches))
    logger._stopped = wakes  # type: ignore[assignment]
    logger._write_often()
    assert wakes.asked == [0.05, 0.05, 0.25, 0.05, 0.25, 0.05, 0.05]
    assert len(out.getvalue().splitlines()) == sum(batches)
    assert RequestLogger(out, interval=0.5, busy_interval=0.1).busy_interval == 0.5


@pytest.mark.slow
def test_cli_logs_each_request_without_secrets() -> None:
    with running("--api-key", SECRET) as cli:
        url = cli.url
        with httpx.Client(base_url=url, headers=HEADERS) as client:
            client.post("/v1/chat/completions", json={**CHAT, "stream": True})
            client.post(
                "/v1/chat/completions?api-key=" + SECRET,
                json=CHAT,
                headers={"x-mock-fault": "status=503"},
            )
            client.get("/v1/models")
            client.get("/_mock/requests")  # admin calls are not logged
        streamed = cli.wait_for(lambda line: " 200 " in line and "events=" in line)
        faulted = cli.wait_for(lambda line: " 503 " in line)
        listed = cli.wait_for(lambda line: "GET /v1/models models.list 200" in line)
    assert "POST /v1/chat/completions chat.completions.create 200" in streamed
    assert int(streamed.rsplit("events=", 1)[1]) > 3
    assert "fault=status" in faulted
    assert "events" not in listed
    assert SECRET not in cli.output
    assert "GET /_mock/requests" not in cli.output


@pytest.mark.slow
def test_cli_json_log_and_quiet() -> None:
    with running("--log-format", "json") as cli:
        httpx.post(f"{cli.url}/v1/chat/completions", json=CHAT, headers=HEADERS)
        line = cli.wait_for(lambda text: text.startswith("{"))
    record = json.loads(line)
    assert record["operation"] == "chat.completions.create"
    assert record["status"] == 200
    with running("--quiet") as quiet:
        httpx.post(f"{quiet.url}/v1/chat/completions", json=CHAT, headers=HEADERS)
        assert httpx.get(f"{quiet.url}/_mock/log").json()["size"] == 1
    assert "chat.completions.create" not in quiet.output


def test_live_server_observes_scripts_and_resets() -> None:
    mock = MockServer(seed=1)
    mock.script("chat.completions.create", content="scripted")
    with mock.live() as url:
        httpx.post(f"{url}/v1/chat/completions", json=CHAT, headers=HEADERS)
        log = httpx.get(f"{url}/_mock/log").json()
        assert log["data"][0]["script"] == {"operation": "chat.completions.create", "kind": "reply"}
        assert mock.requests[0].script == log["data"][0]["script"]
        httpx.post(f"{url}/_mock/reset")
        assert httpx.get(f"{url}/_mock/log").json() == {"data": [], "last": 1, "size": 0}
