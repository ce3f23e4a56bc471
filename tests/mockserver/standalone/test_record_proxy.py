"""``--record-to DIR --upstream URL``: any client's traffic forwarded, recorded, replayable.

The upstream is a second mock server on loopback: nothing leaves the machine.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import openai
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.pytest_plugin._cassette import Cassette
from tests.mockserver.standalone.cli import running
from tests.mockserver.standalone.servers import proxying, replaying

SECRET = "sk-proj-0123456789abcdefghijklmnop"
MESSAGES = [{"role": "user", "content": "Through the proxy"}]


def _client(url: str) -> openai.OpenAI:
    return openai.OpenAI(api_key=SECRET, base_url=f"{url}/v1", _strict_response_validation=True)


def test_proxy_forwards_with_the_clients_key_and_records(tmp_path: Path) -> None:
    upstream = MockServer(seed=5, api_keys=[SECRET])
    with upstream.live() as upstream_url, proxying(upstream_url, tmp_path) as (url, recorder):
        client = _client(url)
        answer = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
        stream = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
        streamed = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(api_key="sk-wrong-key-000000000000", base_url=f"{url}/v1").models.list()
        log = httpx.get(f"{url}/_mock/log").json()["data"]
        client.close()
    assert answer.choices[0].message.content
    assert streamed
    assert [e.headers["authorization"] for e in upstream.requests] == ["Bearer <redacted>"] * 3
    assert [(e["source"], e["status"]) for e in log] == [
        ("proxy", 200),
        ("proxy", 200),
        ("proxy", 401),
    ]
    assert log[1]["events"] > 3
    assert len(recorder) == 3
    text = recorder.path.read_text()
    assert SECRET not in text
    assert "Through the proxy" in text


def test_recordings_replay_in_the_plugin_and_the_server(tmp_path: Path) -> None:
    upstream = MockServer(seed=6)
    with upstream.live() as upstream_url, proxying(upstream_url, tmp_path) as (url, recorder):
        client = _client(url)
        first = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
        client.close()
    cassette = Cassette.open(recorder.path, record_mode="none")
    replay = openai.OpenAI(
        api_key="sk-other",
        base_url="http://anywhere.invalid/v1",
        http_client=httpx.Client(transport=cassette.wrap_sync(httpx.HTTPTransport())),
    )
    assert replay.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES) == first
    replay.close()
    with replaying(tmp_path) as served:
        again = _client(served).chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert again == first


def test_an_unreachable_upstream_is_a_502(tmp_path: Path) -> None:
    with proxying("http://127.0.0.1:9", tmp_path) as (url, recorder):
        response = httpx.post(
            f"{url}/v1/chat/completions", json={}, headers={"Authorization": "Bearer k"}
        )
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "upstream_unreachable"
    assert len(recorder) == 0


@pytest.mark.slow
def test_cli_records_through_the_proxy(tmp_path: Path) -> None:
    upstream = MockServer(seed=7)
    with (
        upstream.live() as upstream_url,
        running("--record-to", str(tmp_path), "--upstream", upstream_url) as cli,
    ):
        cli.wait_for(lambda line: "Recording:" in line)
        response = httpx.get(f"{cli.url}/v1/models", headers={"Authorization": f"Bearer {SECRET}"})
        assert response.status_code == 200
        cli.wait_for(lambda line: "GET /v1/models models.list 200" in line)
    files = list(tmp_path.glob("recorded-*.yaml"))
    assert len(files) == 1
    assert SECRET not in files[0].read_text()
