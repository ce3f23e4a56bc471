"""A seed-0 session's server frames, pinned byte for byte, and the journal that keeps them.

The frames were recorded once (``pinned_seed0.jsonl``, one frame a line; audio
deltas as the SHA-256 of their frame). Any change to what the mock sends for
the same seed, in content, order, ids or JSON spacing, fails here.
"""

from __future__ import annotations

import base64
import hashlib
import json
from array import array
from pathlib import Path
from typing import Any

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.api.realtime import audio
from openai_kit.mockserver.api.realtime.journal import summarised
from tests.mockserver.realtime._session import OFFICIAL, Session, user_text

PINNED = Path(__file__).with_name("pinned_seed0.jsonl")
NOW = 1_767_225_600.0  # 2026-01-01, the session's clock
WEATHER = {
    "type": "function",
    "name": "get_weather",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}, "days": {"type": "integer", "minimum": 1}},
        "required": ["city", "days"],
    },
}


def _pinned_form(frame: str) -> str:
    if json.loads(frame)["type"] == "response.output_audio.delta":
        return "sha256:" + hashlib.sha256(frame.encode()).hexdigest()
    return frame


class _Frames:
    """Lockstep: send one client event, read the server's frames through the last expected."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.frames: list[str] = []

    def read_until(self, last: str) -> list[dict[str, Any]]:
        events = []
        while True:
            frame = str(self.session.ws.recv(timeout=10))
            event = json.loads(frame)
            OFFICIAL.validate_python(event)
            self.frames.append(frame)
            events.append(event)
            if event["type"] == last:
                return events

    def exchange(self, last: str, event_type: str, **fields: Any) -> list[dict[str, Any]]:
        self.session.send(event_type, **fields)
        return self.read_until(last)


def _speech() -> bytes:
    samples = array("h", bytes(2 * audio.PCM_RATE // 2))  # 500 ms of silence
    samples.extend(audio.speech(["alpha", "beta"], audio.PCM_RATE))
    samples.extend(array("h", bytes(2 * audio.PCM_RATE * 600 // 1000)))
    return audio.encode(samples, {"type": "audio/pcm"})


def _conversation(run: _Frames) -> None:
    """Text turns, a function call and its output, a retrieve, a bad event, an audio turn."""
    run.read_until("session.created")
    text = {"type": "realtime", "output_modalities": ["text"], "instructions": "Be kind."}
    run.exchange("session.updated", "session.update", session={**text, "tools": [WEATHER]})
    added = run.exchange("conversation.item.done", "conversation.item.create", item=user_text("Hi"))
    run.exchange("rate_limits.updated", "response.create")
    ask = user_text("get weather for Paris")
    run.exchange("conversation.item.done", "conversation.item.create", item=ask)
    call = run.exchange("rate_limits.updated", "response.create")
    call_id = next(e for e in call if e["type"] == "response.done")["response"]["output"][0]
    output = {"type": "function_call_output", "call_id": call_id["call_id"], "output": "sunny"}
    run.exchange("conversation.item.done", "conversation.item.create", item=output)
    run.exchange(
        "rate_limits.updated",
        "response.create",
        response={"instructions": "Be brief.", "metadata": {"turn": "3"}, "max_output_tokens": 64},
    )
    first = added[0]["item"]["id"]
    run.exchange("conversation.item.retrieved", "conversation.item.retrieve", item_id=first)
    run.exchange("error", "conversation.item.retrieve", item_id="item_missing")
    run.exchange("error", "session.update", session={"type": "realtime", "voice": 7})
    voice = {"type": "realtime", "audio": {"output": {"voice": "marin"}}}
    run.exchange("session.updated", "session.update", session=voice)
    run.exchange(
        "rate_limits.updated", "response.create", response={"output_modalities": ["audio"]}
    )
    hearing = {"input": {"transcription": {"model": "whisper-1"}}}
    run.exchange("session.updated", "session.update", session={**text, "audio": hearing})
    pcm = _speech()
    for start in range(0, len(pcm), 4800):
        run.session.send(
            "input_audio_buffer.append", audio=base64.b64encode(pcm[start : start + 4800]).decode()
        )
    run.read_until("rate_limits.updated")


def test_a_seed_0_session_sends_the_pinned_frames() -> None:
    mock = MockServer(seed=0, clock=lambda: NOW)
    run = _Frames(Session(mock))
    _conversation(run)
    run.session.close()
    got = [_pinned_form(frame) for frame in run.frames]
    assert got == PINNED.read_text().splitlines()
    # the journal keeps every server event as sent, audio summarised
    entry = mock.requests.last
    server = [e["event"] for e in entry.to_json()["events"] if e["from"] == "server"]
    assert server == [summarised(json.loads(frame)) for frame in run.frames]
