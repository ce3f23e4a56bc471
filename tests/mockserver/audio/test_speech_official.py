"""Speech through the official package: clips every decoder opens, the API's rules and errors."""

from __future__ import annotations

import base64
import io
import json
import wave
from pathlib import Path

import av
import openai
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.test_official_client import STYLES, Style, async_official, official

TEXT = "The quick brown fox jumped over the lazy dog. " * 4


def seconds(data: bytes) -> float:
    with av.open(io.BytesIO(data)) as container:
        frames = list(container.decode(audio=0))
    return sum(f.samples for f in frames) / frames[0].sample_rate


@pytest.mark.parametrize(
    ("response_format", "codec"),
    [("mp3", "mp3"), ("opus", "opus"), ("aac", "aac"), ("flac", "flac"), ("wav", "pcm_s16le")],
)
def test_every_format_decodes(mock: MockServer, response_format: str, codec: str) -> None:
    clip = official(mock, "openai").audio.speech.create(
        model="gpt-4o-mini-tts",
        voice="alloy",
        input=TEXT,
        response_format=response_format,  # type: ignore[arg-type]
    )
    with av.open(io.BytesIO(clip.content)) as container:
        stream = container.streams.audio[0]
        assert stream.codec_context.name.startswith(codec.split("_")[0])
        assert stream.rate == (48_000 if codec == "opus" else 24_000)  # Opus decodes at 48 kHz
    assert 8 < seconds(clip.content) < 16


def test_pcm_is_raw_24khz_16bit_mono_and_matches_wav(mock: MockServer) -> None:
    client = official(mock, "openai")
    pcm = client.audio.speech.create(model="tts-1", voice="echo", input=TEXT, response_format="pcm")
    wav = client.audio.speech.create(model="tts-1", voice="echo", input=TEXT, response_format="wav")
    with wave.open(io.BytesIO(wav.content)) as reader:
        assert (reader.getframerate(), reader.getsampwidth(), reader.getnchannels()) == (
            24_000,
            2,
            1,
        )
        assert reader.readframes(reader.getnframes()) == pcm.content


def test_duration_grows_with_text_and_honours_speed(mock: MockServer) -> None:
    client = official(mock, "openai")

    def length(text: str, speed: float = 1.0) -> float:
        clip = client.audio.speech.create(
            model="tts-1", voice="alloy", input=text, response_format="pcm", speed=speed
        )
        return len(clip.content) / 48_000

    short, long = length("Hello there."), length(TEXT)
    assert long > 4 * short
    assert length(TEXT, 2.0) == pytest.approx(long / 2, rel=0.05)
    same = [
        client.audio.speech.create(model="tts-1", voice="alloy", input="x").content for _ in "ab"
    ]
    assert same[0] == same[1]


def test_sse_deltas_join_into_the_clip_then_done_with_usage(mock: MockServer) -> None:
    client = official(mock, "openai")
    plain = client.audio.speech.create(model="gpt-4o-mini-tts", voice="coral", input=TEXT)
    sse = client.audio.speech.create(
        model="gpt-4o-mini-tts", voice="coral", input=TEXT, stream_format="sse"
    )
    events = [json.loads(line[6:]) for line in sse.text.splitlines() if line.startswith("data: ")]
    assert {e["type"] for e in events[:-1]} == {"speech.audio.delta"}
    assert events[-1]["type"] == "speech.audio.done" and events[-1]["usage"]["total_tokens"] > 0
    assert b"".join(base64.b64decode(e["audio"]) for e in events[:-1]) == plain.content


def test_streaming_response_writes_the_clip_to_a_file(mock: MockServer, tmp_path: Path) -> None:
    client = official(mock, "openai")
    target = tmp_path / "speech.flac"
    with client.audio.speech.with_streaming_response.create(
        model="tts-1-hd", voice="nova", input=TEXT, response_format="flac"
    ) as response:
        assert response.headers["content-type"] == "audio/flac"
        response.stream_to_file(target)
    assert seconds(target.read_bytes()) > 8


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"model": "tts-1", "instructions": "Speak calmly."}, "instructions"),
        ({"model": "tts-1", "stream_format": "sse"}, "stream_format"),
        ({"model": "tts-1", "voice": "marin"}, "voice"),
        ({"model": "gpt-4o-mini-tts", "speed": 5}, "speed"),
        ({"model": "gpt-4o-mini-tts", "response_format": "ogg"}, "response_format"),
        ({"model": "gpt-4o-mini-tts", "input": "x" * 4097}, "input"),
        ({"model": "whisper-1"}, "model"),
    ],
)
def test_refusals(mock: MockServer, kwargs: dict[str, object], param: str) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        official(mock, "openai").audio.speech.create(**{"voice": "alloy", "input": "x", **kwargs})  # type: ignore[arg-type]
    assert err.value.param == param


@pytest.mark.parametrize("style", STYLES)
def test_azure_and_openai_routes(mock: MockServer, style: Style) -> None:
    clip = official(mock, style).audio.speech.create(model="tts-1", voice="alloy", input="Hi.")
    assert seconds(clip.content) > 0.2


@pytest.mark.asyncio
async def test_async_speech(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    clip = await client.audio.speech.create(
        model="gpt-4o-mini-tts", voice="ash", input=TEXT, response_format="opus"
    )
    assert seconds(clip.content) > 8
    async with client.audio.speech.with_streaming_response.create(
        model="gpt-4o-mini-tts", voice="ash", input=TEXT, response_format="wav"
    ) as response:
        data = b"".join([chunk async for chunk in response.iter_bytes()])
    with wave.open(io.BytesIO(data)) as reader:
        assert reader.getnframes() > 24_000 * 8
    await client.close()
