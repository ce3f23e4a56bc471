"""The text heard in an upload, laid out in every transcription output format.

The words are drawn from a seed of the audio bytes, about two and a half
per second of the real (decoded) length; segments group them and every
timestamp lies within the audio.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Final

from openai_kit.mockserver.generation.rng import derive_seed, rng_for
from openai_kit.mockserver.generation.text import words

__all__ = ["Heard", "diarized_segments", "hear", "segments_json", "srt", "vtt", "words_json"]

_WORDS_PER_SECOND: Final = 2.5
_SEGMENT_WORDS: Final = 12


@dataclass(frozen=True)
class Word:
    """A heard word and when it is said (seconds from the start)."""

    word: str
    start: float
    end: float


@dataclass(frozen=True)
class Segment:
    """A run of words the transcript shows as one segment."""

    start: float
    end: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.word for w in self.words)


@dataclass(frozen=True)
class Heard:
    """What an upload says: its segments over ``duration`` seconds."""

    duration: float
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]


def hear(seed: int, data: bytes, duration: float, prompt: str = "") -> Heard:
    """The transcript of ``data`` (``duration`` seconds long), the same for the same upload."""
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    rng = rng_for(derive_seed(seed, "transcript", digest, prompt))
    count = max(1, round(duration * _WORDS_PER_SECOND))
    drawn = words(rng, count)
    drawn[0] = drawn[0][:1].upper() + drawn[0][1:]
    drawn[-1] += "."
    step = duration / count
    timed = [
        Word(w, round(i * step, 3), round(min(duration, (i + 0.9) * step), 3))
        for i, w in enumerate(drawn)
    ]
    segments = tuple(
        Segment(group[0].start, group[-1].end, tuple(group))
        for group in (timed[i : i + _SEGMENT_WORDS] for i in range(0, len(timed), _SEGMENT_WORDS))
    )
    return Heard(round(duration, 3), segments)


def _stamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def srt(heard: Heard) -> str:
    blocks = [
        f"{i}\n{_stamp(s.start, ',')} --> {_stamp(s.end, ',')}\n{s.text}\n"
        for i, s in enumerate(heard.segments, 1)
    ]
    return "\n".join(blocks) + "\n"


def vtt(heard: Heard) -> str:
    blocks = [
        f"{_stamp(s.start, '.')} --> {_stamp(s.end, '.')}\n{s.text}\n" for s in heard.segments
    ]
    return "WEBVTT\n\n" + "\n".join(blocks) + "\n"


def segments_json(heard: Heard) -> list[dict[str, Any]]:
    """``verbose_json`` segments (whisper's fields)."""
    out = []
    for index, segment in enumerate(heard.segments):
        out.append(
            {
                "id": index,
                "seek": int(segment.start * 100),
                "start": segment.start,
                "end": segment.end,
                "text": " " + segment.text,
                "tokens": [50364 + (hash_word(w.word) % 20000) for w in segment.words],
                "temperature": 0.0,
                "avg_logprob": -0.25,
                "compression_ratio": 1.3,
                "no_speech_prob": 0.01,
            }
        )
    return out


def hash_word(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")


def words_json(heard: Heard) -> list[dict[str, Any]]:
    return [{"word": w.word, "start": w.start, "end": w.end} for w in heard.words]


def diarized_segments(heard: Heard) -> list[dict[str, Any]]:
    return [
        {
            "type": "transcript.text.segment",
            "id": f"seg_{index}",
            "start": segment.start,
            "end": segment.end,
            "text": segment.text,
            "speaker": "AB"[index % 2],
        }
        for index, segment in enumerate(heard.segments)
    ]
