"""Audio: speech (real clips in every format), transcriptions and translations of real uploads."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver.api.audio.speech import audio_speech
from openai_kit.mockserver.api.audio.transcriptions import (
    audio_transcriptions,
    audio_translations,
)

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
        Operation(
            "audio.transcriptions.create",
            "POST",
            "/audio/transcriptions",
            audio_transcriptions,
            body="multipart",
            deployment=True,
            model=True,
        ),
        Operation(
            "audio.translations.create",
            "POST",
            "/audio/translations",
            audio_translations,
            body="multipart",
            deployment=True,
            model=True,
        ),
    ),
)
