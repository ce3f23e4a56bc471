"""Audio: speech (real clips in mp3, opus, aac, flac, wav and pcm)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver.api.audio.speech import audio_speech

__all__ = ["AREA"]

AREA = Area(
    "audio",
    (
        Operation(
            "audio.speech.create",
            "POST",
            "/audio/speech",
            audio_speech,
            body="json",
            deployment=True,
            model=True,
        ),
    ),
)
