"""A project records Realtime sessions against a live mock, then replays them with no server.

Once with openai-kit's client fixtures, once with the official package's (whose
sessions open their own ``websockets`` sockets).
"""

from __future__ import annotations

# Loaded here, so each inline inner run reuses them instead of importing them again
# (pytester drops what an inline run imported; openai alone takes a second or two).
import openai.resources.realtime.realtime  # noqa: F401
import pytest
import websockets.asyncio.client
import websockets.sync.client  # noqa: F401

import openai_kit.pytest_plugin._realtime_websockets  # noqa: F401
from openai_kit.mockserver import MockServer
from tests.downstream.realtime_project import realtime_tests
from tests.pytest_plugin.conftest import Inner

KEY = "sk-recording-key-000000000000"

# Replays run with every socket refused: the sessions must come from the files alone.
NO_SOCKETS = """
import socket

import pytest


@pytest.fixture(autouse=True)
def no_sockets(monkeypatch):
    def refuse(sock, address):
        raise AssertionError(f"a socket was opened to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
"""


@pytest.mark.parametrize(
    "fixtures",
    [
        ("openai_client", "async_openai_client"),
        ("official_openai_client", "async_official_openai_client"),
    ],
    ids=["openai-kit", "official"],
)
def test_sessions_record_against_a_live_mock_and_replay_with_no_server(
    pytester: pytest.Pytester,
    inner: Inner,
    monkeypatch: pytest.MonkeyPatch,
    fixtures: tuple[str, str],
) -> None:
    run = inner(ini="openai_block_network = true")
    mock = MockServer(seed=4, api_keys=[KEY])
    pytester.makepyfile(test_sessions=realtime_tests(*fixtures))
    with mock.live() as url:
        monkeypatch.setenv("OPENAI_BASE_URL", f"{url}/v1")
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        recorded = run()
        recorded.assert_outcomes(passed=2)
        assert [entry.operation for entry in mock.requests] == ["realtime.connect"] * 2
        # pytest-recording's --record-mode names the mode too: rewrite records anew.
        run("--record-mode=rewrite").assert_outcomes(passed=2)
        assert len(mock.requests) == 4
    recorded.stdout.fnmatch_lines_random(
        [
            "recorded 1 interaction to cassettes/*/test_realtime_turns.yaml*",
            "recorded 1 interaction to cassettes/*/test_async_realtime_turn*.yaml*",
        ]
    )
    (path,) = pytester.path.glob("cassettes/test_sessions/test_realtime_turns.yaml")
    text = path.read_text()
    assert "websocket:" in text and "response.output_audio.delta" in text
    assert "response.function_call_arguments.done" in text
    assert KEY not in text
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.delenv("OPENAI_API_KEY")

    # The server is gone and no socket may open: CI replays only, and the sessions still run.
    pytester.makeconftest(NO_SOCKETS)
    monkeypatch.setenv("CI", "1")
    run().assert_outcomes(passed=2)

    # A client that now says something else fails, naming the first differing event.
    pytester.makepyfile(test_sessions=realtime_tests(*fixtures, text="Please lookup the weather"))
    changed = run("--record-mode=none")
    changed.assert_outcomes(failed=2)
    output = changed.stdout.str()
    assert (
        "the client's Realtime event #2 differs from the recording:"
        " sent conversation.item.create, recorded conversation.item.create"
    ) in output
    assert "the client's Realtime event #1 differs from the recording" in output  # the async one
    assert '$.item.content[0].text: recorded "Please lookup the news"' in output
