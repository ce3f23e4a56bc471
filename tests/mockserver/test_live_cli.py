"""Live mode (uvicorn in a thread) and the command line."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import openai
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.__main__ import main, parser, startup_message
from tests.mockserver.conftest import AUTH, AZURE_AUTH

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}], "stream": True}


def refused(url: str) -> bool:
    try:
        httpx.get(url, timeout=1)
    except httpx.ConnectError:
        return True
    return False


def test_live_serves_on_loopback_and_stops(mock: MockServer) -> None:
    with mock.live() as url:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        response = httpx.get(f"{url}/v1/models", headers=AUTH)
        assert response.status_code == 200
        azure = httpx.get(f"{url}/openai/v1/models", headers=AZURE_AUTH)
        assert azure.status_code == 200
    assert refused(f"{url}/v1/models")
    assert [e.style for e in mock.requests] == ["openai", "azure_v1"]


def test_live_streams_events(mock: MockServer) -> None:
    with mock.live() as url, httpx.Client(base_url=url) as client:
        with client.stream("POST", "/v1/chat/completions", json=CHAT, headers=AUTH) as response:
            assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
            lines = [line for line in response.iter_lines() if line]
        assert lines[-1] == "data: [DONE]"
        assert len(lines) > 2


def test_official_clients_against_the_live_server(mock: MockServer) -> None:
    with mock.live() as url:
        plain = openai.OpenAI(api_key="k", base_url=f"{url}/v1", _strict_response_validation=True)
        stream = plain.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}], stream=True
        )
        assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        azure = openai.AzureOpenAI(api_key="k", azure_endpoint=url, api_version="2024-10-21")
        assert azure.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}]
        ).choices
        plain.close()
        azure.close()
    assert [e.style for e in mock.requests] == ["openai", "azure"]


def test_live_can_run_twice(mock: MockServer) -> None:
    for _ in range(2):
        with mock.live() as url:
            assert httpx.get(f"{url}/_mock/requests").status_code == 200


def test_startup_message_tells_how_to_connect() -> None:
    text = startup_message("http://127.0.0.1:8000", keys_restricted=False)
    assert "listening on http://127.0.0.1:8000" in text
    assert "OPENAI_BASE_URL=http://127.0.0.1:8000/v1" in text
    assert "AZURE_OPENAI_ENDPOINT=http://127.0.0.1:8000" in text
    restricted = startup_message("http://h:1", keys_restricted=True)
    assert "sk-mock" not in restricted


def test_cli_defaults() -> None:
    args = parser().parse_args([])
    assert (args.host, args.port, args.seed, args.api_keys, args.latency) == (
        "127.0.0.1",
        8000,
        0,
        None,
        0.0,
    )
    args = parser().parse_args(["--api-key", "a", "--api-key", "b", "--seed", "7"])
    assert (args.api_keys, args.seed) == (["a", "b"], 7)


def test_cli_reports_a_busy_port(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["--port", str(port)]) == 1
    assert "cannot listen" in capsys.readouterr().err


def test_cli_http_choice(capsys: pytest.CaptureFixture[str]) -> None:
    assert parser().parse_args([]).http == "h11"
    assert parser().parse_args(["--http", "httptools"]).http == "httptools"
    with pytest.raises(SystemExit):
        parser().parse_args(["--http", "h2"])
    assert "invalid choice" in capsys.readouterr().err


def test_live_over_httptools_answers_like_h11() -> None:
    pytest.importorskip("httptools")
    answers = []
    for http in ("h11", "httptools"):
        mock = MockServer(seed=3)
        with mock.live(http=http) as url:
            response = httpx.post(
                f"{url}/v1/chat/completions",
                json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]},
                headers=AUTH,
            )
        assert response.status_code == 200
        answers.append((response.json()["choices"], response.headers["x-request-id"]))
    assert answers[0] == answers[1]


def test_live_rejects_an_unknown_http_implementation() -> None:
    with (
        pytest.raises(ValueError, match="http must be one of h11, httptools"),
        MockServer().live(http="h2"),
    ):
        pass


def test_cli_rejects_negative_latency() -> None:
    with pytest.raises(SystemExit):
        main(["--latency", "-1"])


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "openai_kit.mockserver"],
        [str(Path(sys.executable).parent / "openai-kit-mock")],
    ],
    ids=["module", "console-script"],
)
@pytest.mark.parametrize("http", ["h11", "httptools"])
def test_cli_serves_until_interrupted(command: list[str], http: str) -> None:
    if http == "httptools":
        pytest.importorskip("httptools")
    flags = ["--port", "0", "--api-key", "secret-key-1", "--log-level", "warning", "--http", http]
    process = subprocess.Popen(
        [*command, *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", first)
        assert match, first
        url = match.group(1)
        ok = httpx.get(f"{url}/v1/models", headers={"Authorization": "Bearer secret-key-1"})
        assert ok.status_code == 200
        assert httpx.get(f"{url}/v1/models", headers=AUTH).status_code == 401
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "secret-key-1" not in first + out + err
