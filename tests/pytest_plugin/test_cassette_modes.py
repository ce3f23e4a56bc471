"""Record modes, replay order, what ``close`` writes, and how a missing interaction fails.

The requests here go through a bare ``httpx.Client`` over the cassette's
transport; the "real" transport is an ``httpx.MockTransport`` that counts
what reaches it, so each test knows exactly what was sent for real.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from openai_kit.pytest_plugin._cassette import Cassette, RecordMode
from openai_kit.pytest_plugin._record_mode import RecordMode as PlainRecordMode

URL = "https://api.openai.com/v1/chat/completions"


class Server:
    """A stand-in for the real API: answers ``{"n": <call number>, "echo": <body>}``."""

    def __init__(self) -> None:
        self.calls: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        echo = json.loads(request.content) if request.content else None
        return httpx.Response(200, json={"n": len(self.calls), "echo": echo})

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)


def ask(cassette: Cassette, server: Server, body: object) -> dict[str, object]:
    with httpx.Client(transport=cassette.wrap_sync(server.transport())) as client:
        response = client.post(URL, json=body)
        result: dict[str, object] = response.json()
        return result


def record(path: Path, *bodies: object) -> None:
    cassette = Cassette.open(path, record_mode=RecordMode.ALL)
    server = Server()
    for body in bodies:
        ask(cassette, server, body)
    cassette.close()


# --------------------------------------------------------------------------------------------
# RecordMode
# --------------------------------------------------------------------------------------------


def test_record_mode_values_docs_and_parse() -> None:
    assert [m.value for m in RecordMode] == ["none", "once", "new_episodes", "all"]
    assert RecordMode is PlainRecordMode
    for mode in RecordMode:
        assert mode.doc and "\n" not in mode.doc
        assert RecordMode.parse(mode.value) is mode
        assert RecordMode.parse(mode) is mode
    assert RecordMode.parse(" New-Episodes ") is RecordMode.NEW_EPISODES
    assert RecordMode.ONCE == "once"


def test_record_mode_parse_lists_the_valid_modes() -> None:
    with pytest.raises(
        ValueError, match="'any' is not a cassette record mode; valid modes are"
    ) as info:
        RecordMode.parse("any")
    assert "'none', 'once', 'new_episodes', 'all'" in str(info.value)


def test_open_refuses_bad_modes_and_matchers(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="valid modes"):
        Cassette.open(tmp_path / "c.yaml", record_mode="sometimes")
    with pytest.raises(ValueError, match="unknown cassette matcher"):
        Cassette.open(tmp_path / "c.yaml", record_mode=RecordMode.NONE, match_on=["nope"])


# --------------------------------------------------------------------------------------------
# Modes
# --------------------------------------------------------------------------------------------


def test_once_records_a_new_file_then_replays_only(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "once.yaml"
    server = Server()
    cassette = Cassette.open(path, record_mode=RecordMode.ONCE)
    assert cassette.records and not cassette.file_exists
    assert ask(cassette, server, {"q": 1})["n"] == 1
    assert not path.exists()  # written on close
    cassette.close()
    assert path.is_file()

    again = Cassette.open(path, record_mode=RecordMode.ONCE)
    assert not again.records
    assert ask(again, server, {"q": 1}) == {"n": 1, "echo": {"q": 1}}
    assert len(server.calls) == 1
    with pytest.raises(pytest.fail.Exception, match="no recorded interaction matches"):
        ask(again, server, {"q": 2})
    again.close()
    assert len(Cassette.open(path, record_mode=RecordMode.NONE).interactions) == 1


def test_none_never_sends_and_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "none.yaml"
    record(path, {"q": 1})
    before = path.read_bytes()
    server = Server()
    cassette = Cassette.open(path, record_mode="none")
    assert ask(cassette, server, {"q": 1})["n"] == 1
    with pytest.raises(pytest.fail.Exception):
        ask(cassette, server, {"q": 2})
    cassette.close()
    assert server.calls == []
    assert path.read_bytes() == before


def test_none_with_a_missing_file_fails_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    cassette = Cassette.open(path, record_mode=RecordMode.NONE)
    with pytest.raises(pytest.fail.Exception) as info:
        ask(cassette, Server(), {"q": 1})
    message = str(info.value)
    assert f"{path} (the file does not exist)" in message
    assert "the cassette holds no interactions" in message
    cassette.close()
    assert not path.exists()


def test_new_episodes_replays_known_and_appends_unknown(tmp_path: Path) -> None:
    path = tmp_path / "episodes.yaml"
    record(path, {"q": 1})
    server = Server()
    cassette = Cassette.open(path, record_mode=RecordMode.NEW_EPISODES)
    assert ask(cassette, server, {"q": 1})["n"] == 1  # replayed
    assert ask(cassette, server, {"q": 2})["n"] == 1  # first real call
    assert ask(cassette, server, {"q": 1})["n"] == 2  # the recorded answer was used up
    assert len(cassette.played) == 1
    assert len(cassette.new) == 2
    cassette.close()
    stored = Cassette.open(path, record_mode=RecordMode.NONE).interactions
    assert [json.loads(x.request.body) for x in stored] == [{"q": 1}, {"q": 2}, {"q": 1}]


def test_all_sends_everything_and_rewrites(tmp_path: Path) -> None:
    path = tmp_path / "all.yaml"
    record(path, {"q": 1}, {"q": 2})
    server = Server()
    cassette = Cassette.open(path, record_mode=RecordMode.ALL)
    assert cassette.interactions == ()  # not even read
    assert ask(cassette, server, {"q": 1})["n"] == 1
    cassette.close()
    stored = Cassette.open(path, record_mode=RecordMode.NONE).interactions
    assert [json.loads(x.request.body) for x in stored] == [{"q": 1}]
    assert len(server.calls) == 1


def test_nothing_recorded_means_nothing_written(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    Cassette.open(path, record_mode=RecordMode.ALL).close()
    Cassette.open(path, record_mode=RecordMode.ONCE).close()
    assert not path.exists()


# --------------------------------------------------------------------------------------------
# Replay order and bookkeeping
# --------------------------------------------------------------------------------------------


def test_identical_requests_replay_in_recorded_order(tmp_path: Path) -> None:
    path = tmp_path / "repeat.yaml"
    record(path, {"q": 1}, {"q": 2}, {"q": 1}, {"q": 1})
    cassette = Cassette.open(path, record_mode=RecordMode.NONE)
    server = Server()
    assert [ask(cassette, server, {"q": 1})["n"] for _ in range(3)] == [1, 3, 4]
    assert ask(cassette, server, {"q": 2})["n"] == 2
    with pytest.raises(pytest.fail.Exception) as info:
        ask(cassette, server, {"q": 1})
    assert "matches, but already answered an earlier request (each answers once)" in str(info.value)
    assert [json.loads(x.response.body)["n"] for x in cassette.played] == [1, 3, 4, 2]


def test_new_interactions_keep_request_order_when_bodies_finish_out_of_order(
    tmp_path: Path,
) -> None:
    path = tmp_path / "order.yaml"
    cassette = Cassette.open(path, record_mode=RecordMode.ALL)
    server = Server()
    with httpx.Client(transport=cassette.wrap_sync(server.transport())) as client:
        first = client.send(client.build_request("POST", URL, json={"q": "first"}), stream=True)
        second = client.send(client.build_request("POST", URL, json={"q": "second"}), stream=True)
        second.read()
        first.read()
        first.close()
        second.close()
    assert [json.loads(x.request.body)["q"] for x in cassette.new] == ["first", "second"]
    cassette.close()


def test_context_manager_closes_and_close_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "ctx.yaml"
    with Cassette.open(path, record_mode=RecordMode.ALL) as cassette:
        ask(cassette, Server(), {"q": 1})
    assert path.is_file()
    written = path.read_bytes()
    cassette.close()
    assert path.read_bytes() == written
    with pytest.raises(RuntimeError, match="is closed"):
        ask(cassette, Server(), {"q": 2})
    assert "mode=all" in repr(cassette)


def test_closing_the_client_closes_the_real_transport(tmp_path: Path) -> None:
    closed: list[str] = []

    class Real(httpx.MockTransport):
        def close(self) -> None:
            closed.append("yes")

    cassette = Cassette.open(tmp_path / "c.yaml", record_mode=RecordMode.ALL)
    with httpx.Client(transport=cassette.wrap_sync(Real(Server().handler))):
        pass
    assert closed == ["yes"]


def test_custom_match_on_replays_across_bodies(tmp_path: Path) -> None:
    path = tmp_path / "loose.yaml"
    record(path, {"q": 1})
    cassette = Cassette.open(path, record_mode=RecordMode.NONE, match_on=("method", "path"))
    assert cassette.match_on == ("method", "path")
    assert ask(cassette, Server(), {"q": "anything"})["echo"] == {"q": 1}


# --------------------------------------------------------------------------------------------
# The failure message
# --------------------------------------------------------------------------------------------


def test_unmatched_message_names_request_file_and_closest_candidates(tmp_path: Path) -> None:
    path = tmp_path / "near.yaml"
    record(
        path,
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]},
        {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello"}], "n": 2},
        {"input": "embed me"},
    )
    cassette = Cassette.open(path, record_mode=RecordMode.NONE)
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}]}
    with (
        pytest.raises(pytest.fail.Exception) as info,
        httpx.Client(transport=cassette.wrap_sync(Server().transport())) as client,
    ):
        client.post(URL + "?api-key=0123456789abcdef&x=1", json=body)
    message = str(info.value)
    assert message.splitlines()[:2] == [
        "openai-kit cassette: no recorded interaction matches this request",
        f"  request:  POST {URL}?api-key=REDACTED&x=1",
    ]
    assert (
        '  body:     {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'
        in message
    )
    assert f"  cassette: {path} (3 interactions)" in message
    assert "  record mode: none (replay only;" in message
    assert "  matching on: method, path, query, body" in message
    assert "0123456789abcdef" not in message
    candidates = message.split("closest recorded requests:")[1]
    # The one-field difference ranks first; the unrelated embedding request last.
    assert candidates.index("#0 POST") < candidates.index("#1 POST") < candidates.index("#2 POST")
    assert '$.messages[0].content: recorded "Hi", this request "Hello"' in candidates
    assert "query: this request only x=1" in candidates
    assert "--openai-record-mode=new_episodes" in message


def test_unmatched_body_excerpt_is_short_and_scrubbed(tmp_path: Path) -> None:
    record(tmp_path / "c.yaml", {"q": 1})
    cassette = Cassette.open(tmp_path / "c.yaml", record_mode=RecordMode.NONE)
    secret = "sk-proj-" + "x" * 48
    with pytest.raises(pytest.fail.Exception) as info:
        ask(cassette, Server(), {"key": secret, "text": "word " * 500})
    body_line = next(line for line in str(info.value).splitlines() if line.startswith("  body:"))
    assert len(body_line) < 330
    assert secret not in str(info.value)


@pytest.mark.asyncio
async def test_concurrent_requests_are_stored_in_the_order_they_left(tmp_path: Path) -> None:
    import asyncio

    first_arrived, second_arrived = asyncio.Event(), asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        name = json.loads(request.content)["q"]
        if name == "first":
            first_arrived.set()
            await second_arrived.wait()  # answers only after the second one was answered
        else:
            second_arrived.set()
        return httpx.Response(200, json={"answer": name})

    cassette = Cassette.open(tmp_path / "c.yaml", record_mode=RecordMode.ALL)
    async with httpx.AsyncClient(
        transport=cassette.wrap_async(httpx.MockTransport(handler))
    ) as client:
        first = asyncio.ensure_future(client.post(URL, json={"q": "first"}))
        await first_arrived.wait()
        second = await client.post(URL, json={"q": "second"})
        assert second.json() == {"answer": "second"}
        assert (await first).json() == {"answer": "first"}
    assert [json.loads(x.request.body)["q"] for x in cassette.new] == ["first", "second"]
