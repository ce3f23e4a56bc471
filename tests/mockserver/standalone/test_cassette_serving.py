"""``openai-kit-mock --cassettes DIR``: recorded interactions answered to any client."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import openai
import pytest
from starlette.types import Message

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._cassette_server import CassetteApp, CassetteLibrary
from tests.mockserver.conftest import AUTH
from tests.mockserver.standalone.cli import running
from tests.mockserver.standalone.servers import PROJECT_CASSETTES, record_with_plugin, replaying

HAIKU = {
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": "Write a haiku about trams."}],
    "stream_options": {"include_usage": True},
    "stream": True,
}
CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Recorded?"}]}


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[Path, list[dict[str, object]], list[str]]:
    """A folder with one cassette the plugin recorded from a mock of seed 1."""
    source = MockServer(seed=1)
    client = record_with_plugin(tmp_path / "suite" / "chat.yaml", source)
    answers = [
        client.post("/v1/chat/completions", json=CHAT, headers=AUTH).json() for _ in range(2)
    ]
    stream = client.post("/v1/chat/completions", json={**CHAT, "stream": True}, headers=AUTH)
    events = [line for line in stream.text.split("\n\n") if line]
    client.close()
    return tmp_path, answers, events


def test_replays_recorded_answers_in_order_and_round_again(
    recorded: tuple[Path, list[dict[str, object]], list[str]],
) -> None:
    folder, answers, _events = recorded
    with replaying(folder) as url:
        got = [
            httpx.post(f"{url}/v1/chat/completions", json=CHAT, headers=AUTH).json()
            for _ in range(3)
        ]
        assert got == [answers[0], answers[1], answers[0]]
        httpx.post(f"{url}/_mock/reset")
        again = httpx.post(f"{url}/v1/chat/completions", json=CHAT, headers=AUTH).json()
        assert again == answers[0]
        log = httpx.get(f"{url}/_mock/log").json()["data"]
        assert {entry["source"] for entry in log} == {"cassette"}
        assert log[0]["operation"] == "chat.completions.create"


def test_streams_replay_event_for_event(
    recorded: tuple[Path, list[dict[str, object]], list[str]],
) -> None:
    folder, _answers, events = recorded
    with (
        replaying(folder) as url,
        httpx.stream(
            "POST", f"{url}/v1/chat/completions", json={**CHAT, "stream": True}, headers=AUTH
        ) as response,
    ):
        assert response.headers["content-type"].startswith("text/event-stream")
        body = response.read()
    assert body.decode().split("\n\n")[:-1] == events


def test_a_stream_is_sent_one_event_per_message(
    recorded: tuple[Path, list[dict[str, object]], list[str]],
) -> None:
    folder, _answers, events = recorded
    mock = MockServer()
    app = CassetteApp(CassetteLibrary(folder), mock.app, mock.requests, "error")
    body = json.dumps({**CHAT, "stream": True}).encode()
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/chat/completions",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json")],
    }
    asyncio.run(app(scope, receive, send))
    parts = [m["body"].decode() for m in sent if m["type"] == "http.response.body" and m["body"]]
    assert [p.removesuffix("\n\n") for p in parts] == events


def test_a_miss_names_the_nearest_recordings(
    recorded: tuple[Path, list[dict[str, object]], list[str]],
) -> None:
    folder, _answers, _events = recorded
    other = {**CHAT, "messages": [{"role": "user", "content": "Something new"}]}
    with replaying(folder) as url:
        missed = httpx.post(f"{url}/v1/chat/completions", json=other, headers=AUTH)
    assert missed.status_code == 404
    error = missed.json()["error"]
    assert error["code"] == "cassette_miss"
    message = error["message"]
    assert message.startswith("No recorded interaction matches POST /v1/chat/completions")
    assert "closest recorded requests" in message
    assert "suite/chat.yaml #0 POST" in message
    assert "Something new" in message or "messages" in message


def test_on_miss_generate_answers_from_the_mock(
    recorded: tuple[Path, list[dict[str, object]], list[str]],
) -> None:
    folder, answers, _events = recorded
    other = {**CHAT, "messages": [{"role": "user", "content": "Something new"}]}
    with replaying(folder, on_miss="generate") as url:
        generated = httpx.post(f"{url}/v1/chat/completions", json=other, headers=AUTH)
        assert generated.status_code == 200
        assert generated.json()["object"] == "chat.completion"
        replayed = httpx.post(f"{url}/v1/chat/completions", json=CHAT, headers=AUTH).json()
        assert replayed == answers[0]
        sources = [e["source"] for e in httpx.get(f"{url}/_mock/log").json()["data"]]
    assert sources == ["mock", "cassette"]


def test_the_official_client_replays_the_project_cassettes() -> None:
    with replaying(PROJECT_CASSETTES) as url:
        client = openai.OpenAI(
            api_key="sk-anything", base_url=f"{url}/v1", _strict_response_validation=True
        )
        stream = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": "Write a haiku about trams."}],
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = list(stream)
        client.close()
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert chunks[-1].usage is not None


@pytest.mark.slow
def test_cli_serves_cassettes_to_any_client() -> None:
    with running("--cassettes", str(PROJECT_CASSETTES), "--quiet") as cli:
        assert "Cassettes: " in cli.wait_for(lambda line: "Cassettes:" in line)
        response = httpx.post(f"{cli.url}/v1/chat/completions", json=HAIKU, headers=AUTH)
        assert response.status_code == 200
        assert response.text.rstrip().endswith("data: [DONE]")
        assert httpx.get(f"{cli.url}/_mock/health").json()["mode"] == "cassettes"


def test_cli_refuses_bad_cassette_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from openai_kit.mockserver.__main__ import main

    for argv, message in [
        (["--cassettes", str(tmp_path / "nope")], "is not a directory"),
        (["--on-miss", "generate"], "--on-miss needs --cassettes"),
        (["--record-to", str(tmp_path)], "--record-to and --upstream go together"),
        (["--record-to", str(tmp_path), "--upstream", "ftp://x"], "must be an http(s) URL"),
        (
            ["--cassettes", str(tmp_path), "--record-to", str(tmp_path), "--upstream", "http://x"],
            "cannot be used together",
        ),
    ]:
        with pytest.raises(SystemExit):
            main(argv)
        assert message in capsys.readouterr().err
