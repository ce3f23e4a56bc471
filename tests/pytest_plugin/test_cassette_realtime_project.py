"""A project records Realtime sessions against a live mock, then replays them with no server."""

from __future__ import annotations

import pytest

from openai_kit.mockserver import MockServer
from tests.pytest_plugin.conftest import RunInner

SESSIONS = """
import pytest

TEXT = "Hi"
ITEM = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": TEXT}]}


def turn(events, kinds):
    for event in events:
        kinds.append(event.type)
        if event.type == "response.done":
            return event


@pytest.mark.openai_cassette
def test_voice_turn(openai_client):
    kinds = []
    with openai_client.realtime.connect(model="gpt-realtime") as conn:
        conn.session.update(session={"type": "realtime", "output_modalities": ["audio"]})
        conn.conversation.item.create(item=ITEM)
        conn.response.create()
        done = turn(conn, kinds)
    assert kinds[0] == "session.created"
    assert "response.output_audio.delta" in kinds
    assert done.response.status == "completed"


@pytest.mark.anyio
@pytest.mark.openai_cassette
async def test_async_text_turn(async_openai_client):
    kinds = []
    async with async_openai_client.realtime.connect(model="gpt-realtime") as conn:
        await conn.conversation.item.create(item=ITEM)
        await conn.response.create(response={"output_modalities": ["text"]})
        async for event in conn:
            kinds.append(event.type)
            if event.type == "response.done":
                break
    assert "response.output_text.delta" in kinds
"""


def test_sessions_record_against_a_live_mock_and_replay_with_no_server(
    pytester: pytest.Pytester, run: RunInner, monkeypatch: pytest.MonkeyPatch
) -> None:
    mock = MockServer(seed=4, api_keys=["sk-recording-key-000000000000"])
    pytester.makepyfile(SESSIONS)
    with mock.live() as url:
        monkeypatch.setenv("OPENAI_BASE_URL", f"{url}/v1")
        monkeypatch.setenv("OPENAI_API_KEY", "sk-recording-key-000000000000")
        recorded = run()
    recorded.assert_outcomes(passed=2)
    recorded.stdout.fnmatch_lines(["recorded 1 interaction to cassettes/*/test_voice_turn.yaml*"])
    (path,) = pytester.path.glob("cassettes/*/test_voice_turn.yaml")
    text = path.read_text()
    assert "websocket:" in text and "response.output_audio.delta" in text
    assert "sk-recording-key" not in text
    assert [entry.operation for entry in mock.requests] == ["realtime.connect"] * 2

    # The server is gone: CI replays only, and the sessions still run.
    monkeypatch.setenv("CI", "1")
    run().assert_outcomes(passed=2)

    # A client that now says something else fails, naming the first differing event.
    pytester.makepyfile(SESSIONS.replace('TEXT = "Hi"', 'TEXT = "Bye"'))
    changed = run()
    changed.assert_outcomes(failed=2)
    output = changed.stdout.str()
    assert (
        "the client's Realtime event #2 differs from the recording:"
        " sent conversation.item.create, recorded conversation.item.create"
    ) in output
    assert '$.item.content[0].text: recorded "Hi", this request "Bye"' in output
