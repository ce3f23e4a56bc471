"""The command line checks its options before it starts, and serves what they ask."""

from __future__ import annotations

import signal
import socket
import sys

import httpx
import pytest

from openai_kit._version import __version__
from openai_kit.mockserver.__main__ import main, parser
from tests.mockserver.conftest import AUTH, AZURE_AUTH
from tests.mockserver.standalone.cli import running

CHAT = {"messages": [{"role": "user", "content": "Hi"}]}


def _error_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    return capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parser().parse_args(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"openai-kit-mock {__version__}"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "70000"], "70000 is not a port: use 1 to 65535, or 0 for a free one"),
        (["--port", "-1"], "-1 is not a port"),
        (["--port", "http"], "'http' is not a port number"),
        (["--seed", "-3"], "-3 is out of range: use 0 to 9223372036854775807"),
        (["--seed", str(2**63)], "out of range"),
        (["--log-level", "loud"], "invalid choice: 'loud'"),
        (["--deployment", "prod"], "expected NAME=MODEL, got 'prod'"),
        (["--deployment", "prod=nope-model"], "deployments name models the mock does not know"),
        (["--model", "=gpt-4o"], "expected NAME or NAME=BASE"),
        (["--model", "mine=no-such-base"], "'no-such-base' is not a model of the mock's catalogue"),
        (["--model", "gpt-4o=gpt-4o-mini"], "'gpt-4o' is a model of the catalogue already"),
        (["--log-format", "xml"], "invalid choice: 'xml'"),
        (["--admin-token", " "], "--admin-token must not be empty"),
    ],
)
def test_bad_options_stop_before_start(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert message in _error_of(argv, capsys)


def test_a_busy_port_gets_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["--port", str(port), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err
    assert "--port 0" in err
    assert "in use" in err


def test_deployments_and_models_parse() -> None:
    args = parser().parse_args(
        ["--deployment", "prod=gpt-4o", "--deployment", "cheap = gpt-4o-mini", "--model", "m1"]
    )
    assert args.deployments == [("prod", "gpt-4o"), ("cheap", "gpt-4o-mini")]
    assert args.models == [("m1", "gpt-4o-mini")]


@pytest.mark.slow
def test_cli_serves_deployments_custom_models_and_health() -> None:
    flags = [
        "--deployment",
        "prod=gpt-4o",
        "--model",
        "house-llm",
        "--model",
        "emb=text-embedding-3-small",
    ]
    with running(*flags, "--quiet") as cli:
        url = cli.url
        health = httpx.get(f"{url}/_mock/health").json()
        assert health["status"] == "ok"
        assert health["version"] == __version__
        chat = httpx.post(
            f"{url}/v1/chat/completions", json={**CHAT, "model": "house-llm"}, headers=AUTH
        )
        assert chat.status_code == 200, chat.text
        assert chat.json()["model"] == "house-llm"
        listed = [m["id"] for m in httpx.get(f"{url}/v1/models", headers=AUTH).json()["data"]]
        assert {"house-llm", "emb"} <= set(listed)
        vectors = httpx.post(
            f"{url}/v1/embeddings", json={"model": "emb", "input": "x"}, headers=AUTH
        )
        assert len(vectors.json()["data"][0]["embedding"]) == 1536
        azure = f"{url}/openai/deployments/{{}}/chat/completions?api-version=2024-10-21"
        deployed = httpx.post(azure.format("prod"), json=CHAT, headers=AZURE_AUTH)
        assert deployed.status_code == 200
        assert deployed.json()["model"].startswith("gpt-4o")
        missing = httpx.post(azure.format("gpt-4o-mini"), json=CHAT, headers=AZURE_AUTH)
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "DeploymentNotFound"
        assert cli.output.count("\n") < 8  # --quiet: start-up lines only


@pytest.mark.slow
def test_dev_script_stops_its_server_when_stopped() -> None:
    argv = [sys.executable, "scripts/dev.py", "mock", "--port", "0", "--quiet"]
    with running(argv=argv) as cli:
        url = cli.url
        assert httpx.get(f"{url}/_mock/health").status_code == 200
        cli.process.send_signal(signal.SIGTERM)
        cli.process.wait(15)
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/_mock/health", timeout=2)
