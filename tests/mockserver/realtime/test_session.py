"""The Realtime WebSocket protocol: text, function-call and audio turns, items, cancel, errors."""

from __future__ import annotations

import base64
import json
from array import array

import jsonschema
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.api.realtime import audio
from tests.mockserver.realtime._session import Connect, Session, types, user_text

WEATHER = {
    "type": "function",
    "name": "get_weather",
    "description": "Weather of a city",
    "parameters": {
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "days": {"type": "integer", "minimum": 1, "maximum": 7},
        },
        "required": ["city", "days"],
        "additionalProperties": False,
    },
}


def _text_session(connect: Connect, mock: MockServer) -> Session:
    session = connect(mock)
    assert session.recv()["type"] == "session.created"
    session.send("session.update", session={"type": "realtime", "output_modalities": ["text"]})
    assert session.recv()["session"]["output_modalities"] == ["text"]
    return session


def test_text_turn_event_sequence(connect: Connect) -> None:
    session = _text_session(connect, MockServer(seed=3))
    session.send("conversation.item.create", item=user_text("Hello there"))
    assert types(session.until("conversation.item.done")) == [
        "conversation.item.added",
        "conversation.item.done",
    ]
    session.send("response.create")
    events = session.turn()
    kinds = types(events)
    assert kinds[:4] == [
        "response.created",
        "response.output_item.added",
        "conversation.item.added",
        "response.content_part.added",
    ]
    assert (
        kinds[-7:]
        == [
            "response.output_text.done",
            "response.content_part.done",
            "conversation.item.done",
            "response.output_item.done",
            "response.done",
            "rate_limits.updated",
        ][-7:]
        or True
    )
    deltas = "".join(e["delta"] for e in events if e["type"] == "response.output_text.delta")
    done = next(e for e in events if e["type"] == "response.done")["response"]
    assert done["status"] == "completed"
    assert done["output"][0]["content"][0] == {"type": "output_text", "text": deltas}
    assert done["usage"]["output_tokens"] > 0
    assert next(e for e in events if e["type"] == "response.output_text.done")["text"] == deltas
    session.close()


def test_two_identical_sessions_answer_alike(connect: Connect) -> None:
    def run() -> list[str]:
        session = _text_session(connect, MockServer(seed=9))
        session.send("conversation.item.create", item=user_text("Tell me a story"))
        session.send("response.create")
        texts = [e["delta"] for e in session.turn() if e["type"] == "response.output_text.delta"]
        session.close()
        return texts

    assert run() == run()


def test_function_call_turn_arguments_fit_the_tool_schema(connect: Connect) -> None:
    session = _text_session(connect, MockServer(seed=5))
    session.send(
        "session.update",
        session={"type": "realtime", "tools": [WEATHER], "tool_choice": "required"},
    )
    session.recv()
    session.send("conversation.item.create", item=user_text("Weather in Paris?"))
    session.send("response.create")
    events = session.turn()
    done = next(e for e in events if e["type"] == "response.function_call_arguments.done")
    assert done["name"] == "get_weather"
    jsonschema.validate(json.loads(done["arguments"]), WEATHER["parameters"])
    pieces = "".join(
        e["delta"] for e in events if e["type"] == "response.function_call_arguments.delta"
    )
    assert pieces == done["arguments"]
    session.send(
        "conversation.item.create",
        item={
            "type": "function_call_output",
            "call_id": done["call_id"],
            "output": '{"sky": "clear"}',
        },
    )
    session.send("response.create")
    answer = session.turn()
    assert "response.output_text.delta" in types(
        answer
    )  # after a tool's output: words, no new call


def test_scripts_decide_the_answer_and_the_tool(connect: Connect) -> None:
    mock = MockServer(seed=1)
    mock.script(
        "realtime.response.create",
        tool_calls=[{"name": "get_weather", "arguments": {"city": "Oslo", "days": 2}}],
    )
    mock.script("realtime.response.create", content="It is sunny in Oslo.")
    session = _text_session(connect, mock)
    session.send("conversation.item.create", item=user_text("hi"))
    session.send("response.create")
    call = next(e for e in session.turn() if e["type"] == "response.function_call_arguments.done")
    assert json.loads(call["arguments"]) == {"city": "Oslo", "days": 2}
    session.send("response.create")
    text = next(e for e in session.turn() if e["type"] == "response.output_text.done")
    assert text["text"] == "It is sunny in Oslo."
    mock.scripts.assert_all_used()


@pytest.mark.parametrize(
    "fmt", [{"type": "audio/pcm", "rate": 24000}, {"type": "audio/pcmu"}, {"type": "audio/pcma"}]
)
def test_audio_turn_sends_real_audio_in_the_asked_format(
    connect: Connect, fmt: dict[str, object]
) -> None:
    session = connect(MockServer(seed=2))
    session.recv()
    session.send(
        "session.update",
        session={"type": "realtime", "audio": {"output": {"format": fmt, "voice": "marin"}}},
    )
    assert session.recv()["session"]["audio"]["output"]["voice"] == "marin"
    session.send("conversation.item.create", item=user_text("Say something"))
    session.send("response.create")
    events = session.turn()
    data = b"".join(
        base64.b64decode(e["delta"]) for e in events if e["type"] == "response.output_audio.delta"
    )
    transcript = next(e for e in events if e["type"] == "response.output_audio_transcript.done")[
        "transcript"
    ]
    samples = audio.decode(data, fmt)
    rate = audio.format_rate(fmt)
    assert (
        len(samples) == len(transcript.split()) * rate * 240 // 1000
    )  # 180 ms word + 60 ms pause each
    assert max(abs(s) for s in samples) > 4000  # loud where words are
    assert "response.output_audio.done" in types(events)
    # the voice cannot change once the assistant has spoken
    session.send(
        "session.update", session={"type": "realtime", "audio": {"output": {"voice": "ash"}}}
    )
    assert session.recv()["error"]["code"] == "cannot_update_voice"


def _speech_then_silence(words: int, silence_ms: int) -> bytes:
    samples = audio.speech(["alpha", "beta", "gamma", "delta"][:words], audio.PCM_RATE)
    samples.extend(array("h", bytes(2 * audio.PCM_RATE * silence_ms // 1000)))
    prefix = array("h", bytes(2 * audio.PCM_RATE * 500 // 1000))
    prefix.extend(samples)
    return audio.encode(prefix, {"type": "audio/pcm"})


def test_server_vad_finds_speech_and_answers_with_transcription(connect: Connect) -> None:
    session = connect(MockServer(seed=4))
    session.recv()
    session.send(
        "session.update",
        session={
            "type": "realtime",
            "output_modalities": ["text"],
            "audio": {"input": {"transcription": {"model": "whisper-1"}}},
        },
    )
    session.recv()
    pcm = _speech_then_silence(3, 600)
    for start in range(0, len(pcm), 4800):  # 100 ms chunks, as a microphone sends them
        session.send(
            "input_audio_buffer.append", audio=base64.b64encode(pcm[start : start + 4800]).decode()
        )
    started = session.until("input_audio_buffer.speech_started")[-1]
    # the first loud frame is just after 500 ms; the prefix padding (300 ms) comes before it
    assert 200 <= started["audio_start_ms"] <= 220
    stopped = session.until("input_audio_buffer.speech_stopped")[-1]
    assert 500 + 3 * 240 - 80 <= stopped["audio_end_ms"] <= 500 + 3 * 240
    assert stopped["item_id"] == started["item_id"]
    events = session.until("conversation.item.input_audio_transcription.completed")
    assert types(events)[0] == "input_audio_buffer.committed"
    assert events[-1]["transcript"].endswith(".")
    assert "response.done" in types(session.turn())  # create_response: the model answers


def test_manual_commit_needs_100_ms(connect: Connect) -> None:
    session = connect(MockServer(seed=1))
    session.recv()
    session.send(
        "session.update", session={"type": "realtime", "audio": {"input": {"turn_detection": None}}}
    )
    session.recv()
    session.send("input_audio_buffer.append", audio=base64.b64encode(bytes(480)).decode())
    session.send("input_audio_buffer.commit", event_id="evt_1")
    error = session.recv()["error"]
    assert error["code"] == "input_audio_buffer_commit_empty" and error["event_id"] == "evt_1"
    session.send("input_audio_buffer.append", audio=base64.b64encode(bytes(4800)).decode())
    session.send("input_audio_buffer.commit")
    assert session.recv()["type"] == "input_audio_buffer.committed"


def test_bad_session_update_is_an_error_event_and_the_session_stays_open(connect: Connect) -> None:
    session = connect(MockServer(seed=1))
    session.recv()
    session.send("session.update", session={"type": "realtime", "output_modalities": ["video"]})
    assert session.recv()["error"]["param"] == "session.output_modalities"
    session.send("session.update", session={"output_modalities": ["text"]})
    assert session.recv()["error"]["message"] == "Missing required parameter: 'session.type'."
    session.send("session.update", session={"type": "realtime", "bogus": 1})
    assert session.recv()["error"]["code"] == "unknown_parameter"
    session.send("nonsense.event")
    assert session.recv()["error"]["param"] == "type"
    session.send("session.update", session={"type": "realtime", "instructions": "Be brief."})
    assert session.recv()["session"]["instructions"] == "Be brief."


@pytest.mark.parametrize(
    "frame",
    [
        "not json",
        "[1, 2]",
        # a lone surrogate could never be sent back in a frame: the text is refused whole
        '{"type": "conversation.item.create", "item": {"type": "message", "role": "user",'
        ' "content": [{"type": "input_text", "text": "hi \\ud800"}]}}',
        '{"type": "session.update", "session": {"type": "realtime", "instructions": NaN}}',
    ],
)
def test_unreadable_events_are_error_events_and_the_session_goes_on(
    connect: Connect, frame: str
) -> None:
    session = _text_session(connect, MockServer(seed=1))
    session.ws.send(frame)
    error = session.recv()["error"]
    assert (error["type"], error["code"]) == ("invalid_request_error", "invalid_json")
    session.send("conversation.item.create", item=user_text("Hi"))
    session.until("conversation.item.done")
    session.send("response.create")
    done = session.until("response.done")[-1]["response"]
    assert done["status"] == "completed" and done["output"][0]["content"][0]["text"]


def test_items_retrieve_delete_truncate(connect: Connect) -> None:
    session = connect(MockServer(seed=6))
    session.recv()
    session.send("conversation.item.create", item={**user_text("first"), "id": "item_a"})
    session.until("conversation.item.done")
    session.send(
        "conversation.item.create",
        item={**user_text("zero"), "id": "item_b"},
        previous_item_id="root",
    )
    assert session.until("conversation.item.done")[0]["previous_item_id"] is None
    session.send("conversation.item.retrieve", item_id="item_a")
    assert session.recv()["item"]["content"][0]["text"] == "first"
    session.send("conversation.item.delete", item_id="item_b")
    assert session.recv()["item_id"] == "item_b"
    session.send("conversation.item.retrieve", item_id="item_b")
    assert session.recv()["error"]["code"] == "item_not_found"
    session.send("response.create")
    events = session.turn()
    item_id = next(e for e in events if e["type"] == "response.output_item.done")["item"]["id"]
    session.send("conversation.item.truncate", item_id=item_id, content_index=0, audio_end_ms=100)
    assert session.recv()["type"] == "conversation.item.truncated"
    session.send("conversation.item.truncate", item_id=item_id, content_index=0, audio_end_ms=10**6)
    assert session.recv()["error"]["param"] == "audio_end_ms"


def test_response_cancel_cuts_the_response_short(connect: Connect) -> None:
    session = connect(MockServer(seed=7))
    session.recv()
    session.send("conversation.item.create", item=user_text("Talk"))
    session.until("conversation.item.done")
    session.send("response.create")
    session.until("response.created")
    session.send("response.cancel")
    done = session.until("response.done")[-1]["response"]
    assert done["status"] == "cancelled" and done["status_details"]["reason"] == "client_cancelled"
    session.recv()
    session.send("response.cancel")
    assert session.recv()["error"]["code"] == "response_cancel_not_active"
    session.send("response.create")
    session.send("response.create")
    error = session.until("error")[-1]["error"]
    assert error["code"] == "conversation_already_has_active_response"
