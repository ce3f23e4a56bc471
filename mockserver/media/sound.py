"""Speech-like audio: tones whose pitch follows the text, encoded in every speech format.

The clip is 24 kHz, 16-bit, mono (what the API documents for ``pcm``). Each
word is a tone (pitch from the voice and the word's letters) as long as the
word, words are separated by short pauses, and ``speed`` scales every length.
Tones are one period repeated as bytes, so a minute of audio costs little.
"""

from __future__ import annotations

import io
import math
import wave
import zlib
from array import array
from functools import lru_cache
from typing import Final

__all__ = ["MEDIA_TYPES", "RATE", "encode", "speak"]

RATE: Final = 24_000
_CHAR_SECONDS: Final = 0.065
_PAUSE_SECONDS: Final = 0.09
MEDIA_TYPES: Final = {
    "mp3": "audio/mpeg",
    "opus": "audio/ogg",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "pcm": "audio/pcm",
}
# (container, codec, options) PyAV writes each compressed format with: the fastest settings
_CODECS: Final = {
    "mp3": ("mp3", "libmp3lame", {"compression_level": "9"}),
    "opus": ("ogg", "libopus", {"compression_level": "0"}),
    "aac": ("adts", "aac", {"aac_coder": "fast"}),
    "flac": ("flac", "flac", {"compression_level": "0"}),
}


@lru_cache(maxsize=512)
def _period(hertz: int) -> bytes:
    """One period of a soft two-partial tone at about ``hertz``, as int16 little-endian."""
    length = max(2, round(RATE / hertz))
    samples = array(
        "h",
        (
            int(
                7000 * math.sin(2 * math.pi * i / length)
                + 2500 * math.sin(4 * math.pi * i / length)
            )
            for i in range(length)
        ),
    )
    return samples.tobytes()


def _tone(hertz: int, seconds: float) -> bytes:
    period = _period(hertz)
    count = int(seconds * RATE) * 2
    return (period * (count // len(period) + 1))[:count]


def speak(text: str, voice: str, speed: float = 1.0) -> bytes:
    """The clip of ``text`` in ``voice`` as raw PCM (24 kHz, 16-bit LE, mono)."""
    base = 110 + zlib.crc32(voice.encode()) % 120
    silence = bytes(int(_PAUSE_SECONDS / speed * RATE) * 2)
    parts = [silence]
    for word in text.split() or [text]:
        pitch = base + zlib.crc32(word.lower().encode()) % 160
        parts.append(_tone(pitch, max(1, len(word)) * _CHAR_SECONDS / speed))
        parts.append(silence)
    return b"".join(parts)


def _wav(pcm: bytes) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(pcm)
    return out.getvalue()


def _compressed(pcm: bytes, container: str, codec: str, options: dict[str, str]) -> bytes:
    import av

    out = io.BytesIO()
    with av.open(out, "w", format=container) as output:
        stream = output.add_stream(codec, rate=RATE, layout="mono", options=options)
        assert isinstance(stream, av.AudioStream)
        step = RATE  # one second of samples per frame; the encoder splits as it needs
        for start in range(0, len(pcm), step * 2):
            chunk = pcm[start : start + step * 2]
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(chunk) // 2)
            frame.planes[0].update(chunk)
            frame.sample_rate = RATE
            output.mux(stream.encode(frame))
        output.mux(stream.encode(None))
    return out.getvalue()


def encode(pcm: bytes, response_format: str) -> bytes:
    """``pcm`` in ``response_format``: mp3, opus (Ogg), aac (ADTS), flac, wav or raw pcm."""
    if response_format == "pcm":
        return pcm
    if response_format == "wav":
        return _wav(pcm)
    container, codec, options = _CODECS[response_format]
    return _compressed(pcm, container, codec, dict(options))
