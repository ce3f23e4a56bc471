"""A stream that can make its events again is noted as that, not as its bytes.

The mock's chat streams come from a plan: the observation layer keeps what
renders them again and the number of chunks sent, and lets each chunk go as it
is sent. Whoever reads the record gets the body the client received, byte for
byte; a list of observations makes none of them.
"""

from __future__ import annotations

import asyncio
import gc
import json
import types
from collections import deque
from typing import Any

import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._observation_json import detail_json, parse_events, summary_json
from openai_kit.mockserver._observe import (
    Observation,
    ObservationLog,
    ObservedApp,
    Record,
    Remade,
    events_of,
)
from openai_kit.mockserver._sse import DONE
from tests.mockserver.standalone.test_observe_handover import Client
from tests.mockserver.test_fastpath_equivalence import (
    API_VERSION,
    AZURE_KEY,
    DEPLOYED,
    Req,
    _scope,
)

ASK = [{"role": "user", "content": "Name three rivers and say why each matters."}]
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "lookup",
            "parameters": {"type": "object", "properties": {"q": {"type": "string"}}},
        },
    }
]

STREAMS: dict[str, dict[str, Any]] = {
    "plain": {},
    "usage": {"stream_options": {"include_usage": True}},
    "no obfuscation": {"stream_options": {"include_obfuscation": False}},
    "two choices": {"n": 2, "max_completion_tokens": 40},
    "logprobs": {"logprobs": True, "top_logprobs": 2},
    "tool call": {"tools": TOOLS, "tool_choice": "required"},
}


def _body(**extra: Any) -> bytes:
    return json.dumps({"model": "gpt-4o-mini", "messages": ASK, "stream": True, **extra}).encode()


def _call(app: Any, client: Client, req: Req) -> None:
    asyncio.run(app(_scope(req), client.receive, client.send))


def _streamed(mock: MockServer, req: Req, capture: int = 1 << 20) -> tuple[Record, bytes]:
    """The record of ``req`` answered by ``mock`` under an observer, and the body sent."""
    log = ObservationLog()
    app = ObservedApp(mock.app, log, capture=capture)
    client = Client(req.body if isinstance(req.body, bytes) else b"".join(req.body))
    _call(app, client, req)
    return log.records[-1], client.body_sent


@pytest.mark.parametrize("extra", STREAMS.values(), ids=list(STREAMS))
def test_a_chat_stream_is_made_again_byte_for_byte(extra: dict[str, Any]) -> None:
    mock = MockServer(seed=11)
    record, sent = _streamed(mock, Req("/v1/chat/completions", _body(**extra)))
    assert isinstance(record[7], Remade) and record[5] == 200
    mock.clock.advance(3600)  # what it says was fixed when it was sent
    seen = Observation.of(record)
    assert seen.body == sent and seen.size == len(sent) and not seen.truncated
    assert events_of(record) == sent.count(b"\n\n") == len(parse_events(sent.decode()))


def test_an_azure_stream_and_a_scripted_one_are_made_again() -> None:
    mock = MockServer(seed=11)
    azure = Req(DEPLOYED, _body(), headers=AZURE_KEY, query=f"api-version={API_VERSION}")
    record, sent = _streamed(mock, azure)
    assert b"prompt_filter_results" in sent  # Azure's prelude, made again too
    assert isinstance(record[7], Remade) and Observation.of(record).body == sent
    mock.script("chat.completions.create", content="Just this.")
    record, sent = _streamed(mock, Req("/v1/chat/completions", _body()))
    assert b"Just" in sent
    assert isinstance(record[7], Remade) and Observation.of(record).body == sent


def _reachable(root: object) -> list[object]:
    """What ``root`` refers to, and so on, short of functions, classes and modules."""
    stop = (types.FunctionType, types.ModuleType, types.BuiltinFunctionType, type)
    seen: dict[int, object] = {}
    todo = deque([root])
    while todo:
        item = todo.popleft()
        if id(item) in seen or isinstance(item, stop):
            continue
        seen[id(item)] = item
        todo.extend(gc.get_referents(item))
    return list(seen.values())


def test_the_record_holds_none_of_the_streams_bytes() -> None:
    mock = MockServer(seed=11)
    log = ObservationLog()
    app = ObservedApp(mock.app, log)
    client = Client(_body())
    _call(app, client, Req("/v1/chat/completions", client.body))
    *chunks, done = [m["body"] for m in client.sent[1:-1]]
    assert len(chunks) > 10 and done == DONE
    held = _reachable(log.records[-1])
    assert not any(part is chunk for part in held for chunk in chunks)
    assert any(part is done for part in held)  # the framing's end, which such streams share
    # no other bytes but the headers' (the longest is the request id)
    assert not any(isinstance(part, bytes) and len(part) > 40 for part in held)
    assert Observation.of(log.records[-1]).body == b"".join([*chunks, done])


def test_a_stream_that_cannot_be_made_again_keeps_its_bytes() -> None:
    body = json.dumps({"model": "gpt-3.5-turbo-instruct", "prompt": "Say hi", "stream": True})
    record, sent = _streamed(MockServer(seed=11), Req("/v1/completions", body.encode()))
    assert record[5] == 200 and isinstance(record[7], tuple)
    assert record[7] == (sent,)  # the chunks joined
    assert Observation.of(record).body == sent


def test_listing_makes_no_body_again_and_a_detail_makes_it_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[Remade] = []
    captured = Remade.captured

    def counted(self: Remade) -> tuple[tuple[bytes, ...], int]:
        made.append(self)
        return captured(self)

    monkeypatch.setattr(Remade, "captured", counted)
    mock = MockServer(seed=11)
    log = ObservationLog()
    app = ObservedApp(mock.app, log)
    bodies = []
    for _ in range(3):
        client = Client(_body())
        _call(app, client, Req("/v1/chat/completions", client.body))
        bodies.append(client.body_sent)
    listed = [summary_json(o) for o in log.after()]
    assert [row["events"] for row in listed] == [body.count(b"\n\n") for body in bodies]
    assert made == []
    seen = log.get(2)
    assert seen is not None
    detail = detail_json(seen)
    assert len(made) == 1
    assert detail["response"]["text"] == bodies[1].decode()
    assert detail["response"]["size"] == len(bodies[1]) and not detail["response"]["truncated"]
    assert seen.body == bodies[1] and len(made) == 1  # made once, then kept by the reader
