"""``client.audio.speech`` over the in-process mock, sync and async: bytes, files, streaming."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from openai_kit.mockserver import MockServer


@pytest.fixture
def mock() -> MockServer:
    return MockServer(seed=5, clock=lambda: 1_700_000_000)


def _frames(data: bytes) -> int:
    with wave.open(io.BytesIO(data)) as reader:
        return reader.getnframes()


def test_speech_bytes_file_and_streaming_view(mock: MockServer, tmp_path: Path) -> None:
    client = mock.client()
    clip = client.audio.speech.create(
        model="tts-1", voice="alloy", input="Hello world, again.", response_format="wav"
    )
    assert _frames(clip.content) > 24_000 // 2
    assert mock.requests.last.headers["accept"] == "application/octet-stream"
    clip.write_to_file(tmp_path / "a.wav")
    with client.audio.speech.with_streaming_response.create(
        model="tts-1", voice="alloy", input="Hello world, again.", response_format="wav"
    ) as response:
        response.stream_to_file(tmp_path / "b.wav", chunk_size=1024)
    assert (tmp_path / "a.wav").read_bytes() == (tmp_path / "b.wav").read_bytes()
    raw = client.audio.with_raw_response.speech.create(model="tts-1", voice="alloy", input="Hi")
    assert raw.headers["content-type"] == "audio/mpeg" and raw.parse().content[:3] == b"ID3"


def test_azure_speech_uses_the_deployment(mock: MockServer) -> None:
    mock.azure_client().audio.speech.create(model="tts-1", voice="alloy", input="Hi")
    assert mock.requests.last.path == "/openai/deployments/tts-1/audio/speech"


@pytest.mark.asyncio
async def test_async_speech(mock: MockServer, tmp_path: Path) -> None:
    client = mock.async_client()
    clip = await client.audio.speech.create(
        model="gpt-4o-mini-tts", voice="coral", input="Hello.", response_format="wav"
    )
    assert _frames(clip.content) > 0
    async with client.audio.speech.with_streaming_response.create(
        model="gpt-4o-mini-tts", voice="coral", input="Hello.", response_format="wav"
    ) as response:
        await response.stream_to_file(tmp_path / "c.wav")
    assert (tmp_path / "c.wav").read_bytes() == clip.content
    await client.close()
