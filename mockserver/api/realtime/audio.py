"""Realtime audio: the formats, speech-like synthesis, G.711 codecs and server VAD.

Formats are the GA ``audio.*.format`` objects: ``{"type": "audio/pcm", "rate": 24000}``
(16-bit little-endian mono PCM at 24 kHz), ``{"type": "audio/pcmu"}`` (G.711
µ-law) and ``{"type": "audio/pcma"}`` (G.711 A-law), both 8 kHz.

Synthesised speech is one tone burst per word (its pitch drawn from the word)
with short pauses between words, so the audio is real, deterministic, loud
where words are and silent between them. :class:`VoiceActivity` finds speech
in appended audio the way server VAD does: 10 ms frames whose level passes the
threshold start speech; ``silence_duration_ms`` of quiet ends it.
"""

from __future__ import annotations

import functools
import math
import operator
import sys
import zlib
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

__all__ = [
    "PCM_RATE",
    "VoiceActivity",
    "bytes_per_sample",
    "decode",
    "duration_ms",
    "encode",
    "format_rate",
    "speech",
    "summarise",
]

PCM_RATE: Final = 24_000
G711_RATE: Final = 8_000
_WORD_MS: Final = 180
_PAUSE_MS: Final = 60
_AMPLITUDE: Final = 9_000
_FRAME_MS: Final = 10


def format_rate(fmt: Mapping[str, Any]) -> int:
    return PCM_RATE if fmt.get("type", "audio/pcm") == "audio/pcm" else G711_RATE


def bytes_per_sample(fmt: Mapping[str, Any]) -> int:
    return 2 if fmt.get("type", "audio/pcm") == "audio/pcm" else 1


def duration_ms(size: int, fmt: Mapping[str, Any]) -> int:
    """How long ``size`` bytes of the format play, in ms."""
    return size * 1000 // (format_rate(fmt) * bytes_per_sample(fmt))


def _to_le(samples: array[int]) -> bytes:
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    return samples.tobytes()


def _from_le(data: bytes) -> array[int]:
    samples = array("h")
    samples.frombytes(data[: len(data) - len(data) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


_PITCHES: Final = 160  # a word's pitch: 140 Hz plus its CRC modulo this


@functools.lru_cache(maxsize=8)
def _envelope(size: int) -> list[float]:
    """The amplitude of a word's tone burst at each sample: a sine arch."""
    return [_AMPLITUDE * math.sin(math.pi * i / size) for i in range(size)]


@functools.lru_cache(maxsize=2 * _PITCHES)
def _tone(pitch: int, rate: int) -> array[int]:
    """A tone burst at ``pitch`` Hz under the envelope, then a pause: one word's samples.

    Each sample is ``int(envelope * sin(step * i))``, worked out by C loops (``map``);
    words share their pitch's tone, so a server synthesises each pitch once.
    """
    size = rate * _WORD_MS // 1000
    step = 2.0 * math.pi * float(pitch) / rate
    waves = map(math.sin, map(step.__mul__, range(size)))
    samples = array("h", map(int, map(operator.mul, _envelope(size), waves)))
    samples.extend(array("h", bytes(2 * (rate * _PAUSE_MS // 1000))))
    return samples


def _word(word: str, rate: int) -> array[int]:
    """One word: a tone burst (pitch from the word) under a sine envelope, then a pause."""
    return _tone(140 + zlib.crc32(word.encode()) % _PITCHES, rate)


def speech(words: list[str], rate: int) -> array[int]:
    """Linear 16-bit samples at ``rate``: a tone burst per word, a pause after each."""
    samples = array("h")
    for word in words:
        samples.extend(_word(word, rate))
    return samples


# -- G.711 -------------------------------------------------------------------------------

_MULAW_BIAS: Final = 0x84
_CLIP: Final = 32635


def _mulaw(sample: int) -> int:
    sign = 0x80 if sample < 0 else 0
    magnitude = min(abs(sample), _CLIP) + _MULAW_BIAS
    exponent = max(0, magnitude.bit_length() - 8)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


def _mulaw_decode(byte: int) -> int:
    byte = ~byte & 0xFF
    exponent = (byte >> 4) & 0x07
    magnitude = ((((byte & 0x0F) << 3) + _MULAW_BIAS) << exponent) - _MULAW_BIAS
    return -magnitude if byte & 0x80 else magnitude


def _alaw(sample: int) -> int:
    sign = 0x80 if sample >= 0 else 0
    magnitude = min(abs(sample), 32767) >> 3
    if magnitude < 32:
        code = magnitude >> 1
    else:
        exponent = magnitude.bit_length() - 5
        code = (exponent << 4) | ((magnitude >> exponent) & 0x0F)
    return (sign | code) ^ 0x55


def _alaw_decode(byte: int) -> int:
    byte ^= 0x55
    exponent = (byte >> 4) & 0x07
    mantissa = byte & 0x0F
    magnitude = (
        (mantissa << 4) + 8 if exponent == 0 else ((mantissa << 4) + 0x108) << (exponent - 1)
    )
    return magnitude if byte & 0x80 else -magnitude


_MULAW_TABLE: Final = [_mulaw_decode(b) for b in range(256)]
_ALAW_TABLE: Final = [_alaw_decode(b) for b in range(256)]


def encode(samples: array[int], fmt: Mapping[str, Any]) -> bytes:
    """Samples (at the format's rate) as the format's bytes."""
    kind = fmt.get("type", "audio/pcm")
    if kind == "audio/pcmu":
        return bytes(_mulaw(s) for s in samples)
    if kind == "audio/pcma":
        return bytes(_alaw(s) for s in samples)
    return _to_le(samples)


def decode(data: bytes, fmt: Mapping[str, Any]) -> array[int]:
    """The format's bytes as linear 16-bit samples."""
    kind = fmt.get("type", "audio/pcm")
    if kind == "audio/pcmu":
        return array("h", [_MULAW_TABLE[b] for b in data])
    if kind == "audio/pcma":
        return array("h", [_ALAW_TABLE[b] for b in data])
    return _from_le(data)


def summarise(audio_b64: str) -> str:
    """How the journal and cassettes' logs show audio: its size, never the data twice."""
    return f"<audio {len(audio_b64) * 3 // 4} bytes>"


# -- server VAD ----------------------------------------------------------------------------


@dataclass
class Turn:
    """One stretch of speech found in the buffer, in ms from the buffer's start."""

    start_ms: int
    end_ms: int | None = None


class VoiceActivity:
    """Server VAD over the input buffer as it grows: where speech starts and stops.

    ``threshold`` (0..1) scales the frame level counted as speech (0.5: about
    -32 dBFS); ``silence_ms`` of quiet frames end a turn; ``prefix_ms`` is
    added before the first loud frame in ``audio_start_ms``.
    """

    def __init__(self, rate: int, threshold: float, prefix_ms: int, silence_ms: int) -> None:
        self.rate = rate
        self.level = 32768.0 * 0.05 * threshold
        self.prefix_ms = prefix_ms
        self.silence_ms = silence_ms
        self._pending = array("h")
        self._frames = 0
        self._quiet_since: int | None = None
        self.turn: Turn | None = None

    def feed(self, samples: array[int]) -> list[tuple[str, int]]:
        """Events for the new audio: ``("started", audio_start_ms)`` / ``("stopped", audio_end_ms)``."""
        self._pending.extend(samples)
        size = self.rate * _FRAME_MS // 1000
        events: list[tuple[str, int]] = []
        while len(self._pending) >= size:
            frame = self._pending[:size]
            del self._pending[:size]
            loud = math.sqrt(sum(s * s for s in frame) / size) >= self.level
            now_ms = self._frames * _FRAME_MS
            self._frames += 1
            events.extend(self._step(loud, now_ms))
        return events

    def _step(self, loud: bool, now_ms: int) -> list[tuple[str, int]]:
        if self.turn is None:
            if not loud:
                return []
            self.turn = Turn(max(0, now_ms - self.prefix_ms))
            self._quiet_since = None
            return [("started", self.turn.start_ms)]
        if loud:
            self._quiet_since = None
            return []
        if self._quiet_since is None:
            self._quiet_since = now_ms
        if now_ms + _FRAME_MS - self._quiet_since < self.silence_ms:
            return []
        end = self._quiet_since
        self.turn = None
        self._quiet_since = None
        return [("stopped", end)]

    def reset(self) -> None:
        self._pending = array("h")
        self.turn = None
        self._quiet_since = None
