"""Faults, scripts and the journal work on media operations as on any other."""

from __future__ import annotations

import openai
import pytest

from openai_kit.mockserver import MockServer, faults
from openai_kit.mockserver.media.sound import encode, speak
from tests.mockserver.test_official_client import official


def test_faults_and_scripts_reach_media_operations(mock: MockServer) -> None:
    client = official(mock, "openai")
    mock.faults.add(faults.server_error(), operation="audio.speech.create")
    with pytest.raises(openai.InternalServerError):
        client.audio.speech.create(model="tts-1", voice="alloy", input="Hi")
    mock.script("images.generate", error=429)
    with pytest.raises(openai.RateLimitError):
        client.images.generate(model="gpt-image-1", prompt="x")
    assert client.images.generate(model="gpt-image-1", prompt="x").data


def test_the_journal_keeps_upload_names_not_their_bytes(mock: MockServer) -> None:
    audio = encode(speak("word " * 400, "alloy"), "wav")
    assert len(audio) > 1_000_000
    official(mock, "openai").audio.transcriptions.create(
        model="whisper-1", file=("long.wav", audio), response_format="text"
    )
    entry = mock.requests.last
    assert entry.form == {"model": "whisper-1", "response_format": "text", "file": "long.wav"}
    assert entry.json is None
    assert len(repr(entry.to_json())) < 5_000
