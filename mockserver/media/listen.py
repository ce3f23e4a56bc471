"""Reading uploaded audio for real: how long it lasts, or None when it is no audio."""

from __future__ import annotations

import io
import wave
from typing import Final

__all__ = ["AUDIO_EXTENSIONS", "audio_seconds"]

#: The file types the transcription endpoints take, by extension.
AUDIO_EXTENSIONS: Final = (
    "flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm",
)  # fmt: skip


def _wav_seconds(data: bytes) -> float | None:
    try:
        with wave.open(io.BytesIO(data)) as reader:
            rate = reader.getframerate()
            return reader.getnframes() / rate if rate else None
    except (wave.Error, EOFError):
        return None


def audio_seconds(data: bytes) -> float | None:
    """The decoded length of ``data`` in seconds; None when no decoder reads audio from it."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        seconds = _wav_seconds(data)
        if seconds is not None:
            return seconds
    import av

    try:
        with av.open(io.BytesIO(data), "r") as container:
            if not container.streams.audio:
                return None
            samples = 0
            rate = 0
            for frame in container.decode(audio=0):
                samples += frame.samples
                rate = frame.sample_rate
    except (av.FFmpegError, ValueError, EOFError):
        return None
    return samples / rate if rate else None
