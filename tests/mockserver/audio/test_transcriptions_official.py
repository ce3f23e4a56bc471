"""Transcriptions and translations through the official package: real uploads, every format."""

from __future__ import annotations

import re
from functools import cache

import openai
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.media.sound import encode, speak
from tests.mockserver.test_official_client import STYLES, Style, async_official, official

_SRT_BLOCK = re.compile(
    r"(\d+)\n(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})\n(.+)\n"
)


@cache
def clip(response_format: str, words: int = 20) -> bytes:
    return encode(speak("one two three four " * (words // 4), "alloy"), response_format)


def wav_seconds() -> float:
    return (len(clip("wav")) - 44) / 48_000


def parse_srt(text: str) -> list[tuple[int, float, float, str]]:
    """Cues of an SRT file; fails on anything that is not one."""
    blocks = text.strip("\n").split("\n\n")
    cues = []
    for block in blocks:
        match = _SRT_BLOCK.fullmatch(block + "\n")
        assert match, f"not an SRT cue: {block!r}"
        g = [int(x) if x.isdigit() else x for x in match.groups()]
        start = g[1] * 3600 + g[2] * 60 + g[3] + g[4] / 1000
        end = g[5] * 3600 + g[6] * 60 + g[7] + g[8] / 1000
        cues.append((g[0], start, end, str(g[9])))
    return cues


def test_verbose_json_timestamps_fit_the_real_audio(mock: MockServer) -> None:
    result = official(mock, "openai").audio.transcriptions.create(
        model="whisper-1",
        file=("talk.wav", clip("wav"), "audio/wav"),
        response_format="verbose_json",
        timestamp_granularities=["word", "segment"],
    )
    assert result.duration == pytest.approx(wav_seconds(), abs=0.01)
    assert result.words and result.segments
    assert all(0 <= w.start < w.end <= result.duration for w in result.words)
    assert all(0 <= s.start < s.end <= result.duration for s in result.segments)
    assert " ".join(w.word for w in result.words) == result.text
    assert result.usage is not None and result.usage.seconds >= result.duration


def test_srt_and_vtt_are_valid_and_agree(mock: MockServer) -> None:
    client = official(mock, "openai")
    upload = ("talk.wav", clip("wav"), "audio/wav")
    srt = client.audio.transcriptions.create(model="whisper-1", file=upload, response_format="srt")
    vtt = client.audio.transcriptions.create(model="whisper-1", file=upload, response_format="vtt")
    text = client.audio.transcriptions.create(
        model="whisper-1", file=upload, response_format="text"
    )
    cues = parse_srt(srt)
    assert [c[0] for c in cues] == list(range(1, len(cues) + 1))
    assert all(c[1] < c[2] <= wav_seconds() + 0.001 for c in cues)
    assert " ".join(c[3] for c in cues) == text.strip()
    assert vtt.startswith("WEBVTT\n\n") and vtt.count(" --> ") == len(cues)
    assert vtt.replace(".", ",").count(srt.split("\n")[1].split(" --> ")[0]) == 1


@pytest.mark.parametrize("response_format", ["mp3", "flac", "opus", "aac"])
def test_compressed_uploads_are_decoded(mock: MockServer, response_format: str) -> None:
    name = {"opus": "talk.ogg", "aac": "talk.m4a"}.get(response_format, f"talk.{response_format}")
    result = official(mock, "openai").audio.transcriptions.create(
        model="whisper-1", file=(name, clip(response_format)), response_format="verbose_json"
    )
    assert result.duration == pytest.approx(wav_seconds(), abs=0.1)


def test_json_diarized_and_same_upload_same_text(mock: MockServer) -> None:
    client = official(mock, "openai")
    upload = ("talk.wav", clip("wav"))
    first = client.audio.transcriptions.create(model="gpt-4o-transcribe", file=upload)
    again = client.audio.transcriptions.create(model="gpt-4o-transcribe", file=upload)
    assert first.text == again.text and first.usage is not None and first.usage.type == "tokens"
    other = client.audio.transcriptions.create(
        model="gpt-4o-transcribe", file=("b.wav", clip("wav", 8))
    )
    assert other.text != first.text
    diarized = client.audio.transcriptions.create(
        model="gpt-4o-transcribe-diarize", file=upload, response_format="diarized_json"
    )
    assert diarized.segments and {s.speaker for s in diarized.segments} <= {"A", "B"}
    assert diarized.segments[-1].end <= diarized.duration


def test_stream_sends_deltas_then_done_with_usage(mock: MockServer) -> None:
    events = list(
        official(mock, "openai").audio.transcriptions.create(
            model="gpt-4o-mini-transcribe", file=("talk.mp3", clip("mp3")), stream=True
        )
    )
    assert {e.type for e in events[:-1]} == {"transcript.text.delta"}
    done = events[-1]
    assert done.type == "transcript.text.done" and done.usage is not None
    assert "".join(e.delta for e in events[:-1] if e.type == "transcript.text.delta") == done.text


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"model": "gpt-4o-transcribe", "response_format": "srt"}, "response_format"),
        ({"model": "whisper-1", "response_format": "diarized_json"}, "response_format"),
        ({"model": "whisper-1", "stream": True}, "stream"),
        ({"model": "whisper-1", "timestamp_granularities": ["word"]}, "timestamp_granularities"),
        ({"model": "whisper-1", "file": ("notes.txt", b"hello")}, "file"),
        ({"model": "whisper-1", "file": ("broken.mp3", b"\x00" * 2048)}, "file"),
        ({"model": "tts-1"}, "model"),
    ],
)
def test_refusals(mock: MockServer, kwargs: dict[str, object], param: str) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        official(mock, "openai").audio.transcriptions.create(
            **{"file": ("talk.wav", clip("wav")), **kwargs}  # type: ignore[arg-type]
        )
    assert err.value.param == param


def test_translations(mock: MockServer) -> None:
    client = official(mock, "openai")
    verbose = client.audio.translations.create(
        model="whisper-1", file=("talk.flac", clip("flac")), response_format="verbose_json"
    )
    assert verbose.language == "english" and verbose.segments
    assert verbose.segments[-1].end <= verbose.duration
    assert client.audio.translations.create(model="whisper-1", file=("t.wav", clip("wav"))).text
    assert parse_srt(
        client.audio.translations.create(
            model="whisper-1", file=("t.wav", clip("wav")), response_format="srt"
        )
    )
    with pytest.raises(openai.BadRequestError):
        client.audio.translations.create(model="gpt-4o-transcribe", file=("t.wav", clip("wav")))


@pytest.mark.parametrize("style", STYLES)
def test_routes(mock: MockServer, style: Style) -> None:
    result = official(mock, style).audio.transcriptions.create(
        model="whisper-1", file=("talk.wav", clip("wav"))
    )
    assert result.text


@pytest.mark.asyncio
async def test_async(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    result = await client.audio.transcriptions.create(
        model="whisper-1", file=("talk.wav", clip("wav")), response_format="verbose_json"
    )
    assert result.duration == pytest.approx(wav_seconds(), abs=0.01)
    stream = await client.audio.transcriptions.create(
        model="gpt-4o-transcribe", file=("talk.wav", clip("wav")), stream=True
    )
    assert [e.type async for e in stream][-1] == "transcript.text.done"
    translated = await client.audio.translations.create(
        model="whisper-1", file=("t.wav", clip("wav"))
    )
    assert translated.text
    await client.close()
