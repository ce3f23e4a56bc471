"""Typed Realtime events: one class per event of the spec, recv returns them, unknown types parse."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
import yaml

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.api.realtime import RealtimeStore
from openai_kit.resources.realtime.connection import UnknownServerEvent, parse_server_event
from openai_kit.types.realtime.realtime_client_event import RealtimeClientEvent
from openai_kit.types.realtime.realtime_server_event import RealtimeServerEvent
from openai_kit.types.realtime.response_audio_delta_event import ResponseAudioDeltaEvent
from openai_kit.types.realtime.response_done_event import ResponseDoneEvent
from openai_kit.types.realtime.response_text_delta_event import ResponseTextDeltaEvent
from openai_kit.types.realtime.session_created_event import SessionCreatedEvent

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "openai" / "openapi.yaml"


def _types_of(union: object) -> set[str]:
    (members, *_) = typing.get_args(union)
    return {
        literal
        for member in typing.get_args(members)
        for literal in typing.get_args(member.model_fields["type"].annotation)
    }


def _spec_types(name: str) -> set[str]:
    with SPEC.open("rb") as handle:
        schemas = yaml.load(handle, Loader=yaml.CSafeLoader)["components"]["schemas"]
    found = set()
    for member in schemas[name]["anyOf"]:
        schema = schemas[member["$ref"].rsplit("/", 1)[1]]
        found.update(v for v in schema["properties"]["type"]["enum"] if v is not None)
    return found


@pytest.mark.skipif(
    not SPEC.is_file(), reason="the OpenAPI spec in ../shared is not beside the clone"
)
def test_every_realtime_event_of_the_spec_has_a_class() -> None:
    server, client = _types_of(RealtimeServerEvent), _types_of(RealtimeClientEvent)
    assert server == _spec_types("RealtimeServerEvent")
    assert client == _spec_types("RealtimeClientEvent")
    assert len(server) == 46 and len(client) == 11


def test_recv_returns_the_typed_events() -> None:
    mock = MockServer(seed=2)
    with mock.client().realtime.connect(model="gpt-realtime") as conn:
        assert isinstance(conn.recv(), SessionCreatedEvent)
        conn.response.create(response={"output_modalities": ["audio"]})
        kinds: set[type] = set()
        for event in conn:
            kinds.add(type(event))
            if isinstance(event, ResponseDoneEvent):
                assert event.response.status == "completed"
                assert event.response.usage is not None and event.response.usage.total_tokens
                break
    assert ResponseAudioDeltaEvent in kinds
    assert UnknownServerEvent not in kinds


def test_text_deltas_are_typed_and_unknown_types_parse_leniently() -> None:
    delta = parse_server_event(
        {
            "type": "response.output_text.delta",
            "event_id": "event_1",
            "response_id": "resp_1",
            "item_id": "item_1",
            "output_index": 0,
            "content_index": 0,
            "delta": "Hi",
        }
    )
    assert isinstance(delta, ResponseTextDeltaEvent) and delta.delta == "Hi"
    unknown = parse_server_event({"type": "response.future_thing", "event_id": "e", "x": {"y": 1}})
    assert isinstance(unknown, UnknownServerEvent)
    assert unknown.type == "response.future_thing" and unknown.x == {"y": 1}  # type: ignore[attr-defined]
    # a known type with a field that does not fit still parses, keeping what came
    odd = parse_server_event({"type": "response.output_text.delta", "delta": 5})
    assert isinstance(odd, ResponseTextDeltaEvent) and odd.delta == 5  # type: ignore[comparison-overlap]


def test_client_events_validate_as_their_classes() -> None:
    import pydantic

    adapter = pydantic.TypeAdapter(RealtimeClientEvent)
    event = adapter.validate_json(
        json.dumps(
            {
                "type": "conversation.item.create",
                "item": {
                    "type": "message",
                    "role": "user",
                    "content": [{"type": "input_text", "text": "Hi"}],
                },
            }
        )
    )
    assert type(event).__name__ == "ConversationItemCreateEvent"
    assert type(event.item).__name__ == "RealtimeConversationItemUserMessage"  # type: ignore[union-attr]


def test_calls_accept_takes_the_typed_session_and_request_options() -> None:
    mock = MockServer(seed=3)
    ringing = mock.realtime.incoming_call()
    client = mock.client()
    client.realtime.calls.accept(
        ringing,
        type="realtime",
        model="gpt-realtime",
        instructions="Answer in French.",
        output_modalities=["audio"],
        extra_headers={"X-Trace": "1"},
        timeout=5,
    )
    entry = mock.requests.last
    assert entry.json == {
        "type": "realtime",
        "model": "gpt-realtime",
        "instructions": "Answer in French.",
        "output_modalities": ["audio"],
    }
    assert entry.headers["x-trace"] == "1"
    session = mock.state.get(RealtimeStore).call(ringing)["session"]
    assert session["instructions"] == "Answer in French."
