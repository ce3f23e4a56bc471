"""``client.audio.transcriptions`` / ``translations`` over the mock, sync and async.

Uploads from a path, bytes, a file object and a ``(name, bytes, type)`` tuple;
the result type follows ``response_format``; ``stream=True`` yields typed events.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.media.sound import encode, speak
from openai_kit.types.audio import (
    Transcription,
    TranscriptionTextDoneEvent,
    TranscriptionVerbose,
    TranslationVerbose,
)

WAV = encode(speak("one two three four five six", "alloy"), "wav")


@pytest.fixture
def mock() -> MockServer:
    return MockServer(seed=9, clock=lambda: 1_700_000_000)


def test_every_way_of_passing_the_file(mock: MockServer, tmp_path: Path) -> None:
    client = mock.client()
    path = tmp_path / "talk.wav"
    path.write_bytes(WAV)
    texts = set()
    with path.open("rb") as handle:
        for file in (path, handle, ("talk.wav", WAV, "audio/wav")):
            result = client.audio.transcriptions.create(model="whisper-1", file=file)  # type: ignore[arg-type]
            assert isinstance(result, Transcription)
            texts.add(result.text)
    assert len(texts) == 1
    assert mock.requests.last.form == {"model": "whisper-1", "file": "talk.wav"}


def test_result_types_follow_the_response_format(mock: MockServer) -> None:
    client = mock.client()
    upload = ("talk.wav", WAV, "audio/wav")
    verbose = client.audio.transcriptions.create(
        model="whisper-1",
        file=upload,
        response_format="verbose_json",
        timestamp_granularities=["word"],
    )
    assert isinstance(verbose, TranscriptionVerbose) and verbose.words and verbose.segments is None
    assert mock.requests.last.form is not None
    srt = client.audio.transcriptions.create(model="whisper-1", file=upload, response_format="srt")
    assert isinstance(srt, str) and srt.startswith("1\n00:00:00,000 --> ")
    translated = client.audio.translations.create(
        model="whisper-1", file=upload, response_format="verbose_json"
    )
    assert isinstance(translated, TranslationVerbose) and translated.duration > 0
    assert isinstance(
        client.audio.translations.create(model="whisper-1", file=upload, response_format="vtt"), str
    )


def test_stream_and_azure(mock: MockServer) -> None:
    events = list(
        mock.client().audio.transcriptions.create(
            model="gpt-4o-transcribe", file=("t.wav", WAV), stream=True
        )
    )
    assert isinstance(events[-1], TranscriptionTextDoneEvent)
    mock.azure_client().audio.transcriptions.create(model="whisper-1", file=("t.wav", WAV))
    assert mock.requests.last.path == "/openai/deployments/whisper-1/audio/transcriptions"


@pytest.mark.asyncio
async def test_async(mock: MockServer) -> None:
    client = mock.async_client()
    text = await client.audio.transcriptions.create(
        model="whisper-1", file=("t.wav", WAV), response_format="text"
    )
    assert isinstance(text, str) and text.endswith("\n")
    stream = await client.audio.transcriptions.create(
        model="gpt-4o-mini-transcribe", file=("t.wav", WAV), stream=True
    )
    assert [e.type async for e in stream][-1] == "transcript.text.done"
    await client.close()
