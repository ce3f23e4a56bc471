"""``POST /audio/speech``: the rules of the real API and a real clip in the asked format."""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import BytesReply, Call, Reply, StreamReply
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._sse import Framing
from openai_kit.mockserver.api._forms import required_text
from openai_kit.mockserver.media import sound

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["RAW", "SSE_DATA", "audio_speech", "unsupported"]

#: The plain audio stream: the clip's bytes as they are, sent in chunks.
RAW: Final = Framing("raw", named=False, end=b"")
#: Audio events: ``data: {json}`` lines and no terminator.
SSE_DATA: Final = Framing("data-events", named=False, end=b"")

MODELS: Final = ("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "gpt-4o-mini-tts-2025-12-15")
_CLASSIC: Final = ("tts-1", "tts-1-hd")
VOICES: Final = (
    "alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer",
    "verse", "marin", "cedar",
)  # fmt: skip
_CLASSIC_VOICES: Final = (
    "alloy", "ash", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer",
)  # fmt: skip
_PARAMETERS: Final = frozenset(
    {"model", "input", "instructions", "voice", "response_format", "speed", "stream_format"}
)
_MAX_INPUT: Final = 4096
_CHUNK: Final = 8192


def unsupported(param: str) -> MockAPIError:
    return MockAPIError(
        400,
        f"Unsupported parameter: '{param}' is not supported with this model.",
        param=param,
        code="unsupported_parameter",
    )


def _voice(value: Any, model: str) -> str:
    if isinstance(value, Mapping):
        voice_id = value.get("id")
        P.check_string("voice.id", voice_id)
        return str(voice_id)
    P.check_string("voice", value)
    allowed = _CLASSIC_VOICES if model in _CLASSIC else VOICES
    if value not in allowed:
        P.invalid_value("voice", value, allowed)
    return str(value)


@lru_cache(maxsize=32)
def _clip(text: str, voice: str, speed: float, response_format: str) -> bytes:
    """The encoded clip; the latest few are kept, as the same request gives the same bytes."""
    return sound.encode(sound.speak(text, voice, speed), response_format)


def _events(clip: bytes, text: str) -> Iterator[dict[str, Any]]:
    for start in range(0, len(clip), _CHUNK):
        chunk = clip[start : start + _CHUNK]
        yield {"type": "speech.audio.delta", "audio": base64.b64encode(chunk).decode()}
    input_tokens = max(1, len(text) // 4)
    output_tokens = max(1, len(clip) // 400)
    usage = {
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "total_tokens": input_tokens + output_tokens,
    }
    yield {"type": "speech.audio.done", "usage": usage}


def audio_speech(core: ServerCore, call: Call) -> Reply:
    body: Mapping[str, Any] = call.json
    P.check_unknown_parameters(body, _PARAMETERS)
    model = P.require(body, "model")
    P.check_string("model", model)
    if model not in MODELS:
        P.invalid_value("model", model, MODELS)
    text = required_text(body, "input", _MAX_INPUT)
    voice = _voice(P.require(body, "voice"), model)
    if body.get("instructions") is not None:
        P.check_string("instructions", body["instructions"], _MAX_INPUT)
        if model in _CLASSIC:
            raise unsupported("instructions")
    response_format = body.get("response_format", "mp3")
    P.check_enum("response_format", response_format, tuple(sound.MEDIA_TYPES))
    speed = body.get("speed", 1)
    P.check_number("speed", speed, 0.25, 4)
    stream_format = body.get("stream_format", "audio")
    P.check_enum("stream_format", stream_format, ("sse", "audio"))
    if stream_format == "sse" and model in _CLASSIC:
        raise unsupported("stream_format")
    clip = _clip(text, voice, float(speed), response_format)
    if stream_format == "sse":
        return StreamReply(_events(clip, text), framing=SSE_DATA)
    media_type = sound.MEDIA_TYPES[response_format]
    if len(clip) <= _CHUNK:
        return BytesReply(clip, media_type)
    chunks = (clip[i : i + _CHUNK] for i in range(0, len(clip), _CHUNK))
    return StreamReply(chunks, headers={"content-type": media_type}, encoded=True, framing=RAW)
