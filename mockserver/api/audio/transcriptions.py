"""``POST /audio/transcriptions`` and ``/audio/translations``: the upload heard for real."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import BytesReply, Call, JSONReply, Reply, StreamReply
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._multipart import FormFile
from openai_kit.mockserver.api._forms import deployment_model, typed_form
from openai_kit.mockserver.api.audio import transcript as tx
from openai_kit.mockserver.api.audio.speech import SSE_DATA
from openai_kit.mockserver.media.listen import AUDIO_EXTENSIONS, audio_seconds

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["audio_transcriptions", "audio_translations"]

_WHISPER: Final = ("json", "text", "srt", "verbose_json", "vtt")
#: The response formats each model gives (the others are refused as the API refuses them).
_FORMATS: Final[Mapping[str, tuple[str, ...]]] = {
    "whisper-1": _WHISPER,
    "gpt-4o-transcribe": ("json", "text"),
    "gpt-4o-mini-transcribe": ("json", "text"),
    "gpt-4o-mini-transcribe-2025-12-15": ("json", "text"),
    "gpt-transcribe": ("json", "text"),
    "gpt-4o-transcribe-diarize": ("json", "text", "diarized_json"),
}
_TRANSCRIBE_PARAMETERS: Final = frozenset(
    {
        "file", "model", "language", "languages", "keywords", "prompt", "response_format",
        "temperature", "include", "timestamp_granularities", "stream", "chunking_strategy",
        "known_speaker_names", "known_speaker_references",
    }
)  # fmt: skip
_TRANSLATE_PARAMETERS: Final = frozenset(
    {"file", "model", "prompt", "response_format", "temperature"}
)
_LISTS: Final = (
    "include", "timestamp_granularities", "languages", "keywords", "known_speaker_names",
    "known_speaker_references",
)  # fmt: skip
_TEXT_TYPE: Final = "text/plain; charset=utf-8"


def _upload(body: Mapping[str, Any]) -> tuple[FormFile, float]:
    upload = body.get("file")
    if not isinstance(upload, FormFile):
        P.missing("file")
    extension = upload.filename.rpartition(".")[2].lower() if "." in upload.filename else ""
    if extension not in AUDIO_EXTENSIONS:
        raise MockAPIError(
            400,
            f"Invalid file format. Supported formats: {list(AUDIO_EXTENSIONS)}",
            param="file",
            code="invalid_value",
        )
    seconds = audio_seconds(upload.data)
    if seconds is None:
        raise MockAPIError(
            400,
            "Audio file might be corrupted or unsupported",
            param="file",
            code="invalid_value",
        )
    return upload, seconds


def _form(core: ServerCore, call: Call, known: frozenset[str]) -> dict[str, Any]:
    body = typed_form(call, numbers=("temperature",), flags=("stream",), lists=_LISTS)
    deployment_model(core, call, body)
    P.check_unknown_parameters(body, known)
    if body.get("model") is None:
        P.missing("model")
    P.check_number("temperature", body.get("temperature", 0), 0, 1)
    return body


def _formats(body: Mapping[str, Any], model: str, allowed: tuple[str, ...]) -> str:
    response_format = body.get("response_format") or "json"
    P.check_enum("response_format", response_format, (*_WHISPER, "diarized_json"))
    if response_format not in allowed:
        listed = " or ".join(f"'{f}'" for f in allowed)
        raise MockAPIError(
            400,
            f"response_format '{response_format}' is not compatible with model '{model}'. "
            f"Use {listed} instead.",
            param="response_format",
            code="unsupported_value",
        )
    return str(response_format)


def _usage(model: str, heard: tx.Heard) -> dict[str, Any]:
    if model == "whisper-1":
        return {"type": "duration", "seconds": math.ceil(heard.duration)}
    audio_tokens = max(1, round(heard.duration * 10))
    output = max(1, len(heard.text) // 4)
    return {
        "type": "tokens",
        "input_tokens": audio_tokens,
        "input_token_details": {"text_tokens": 0, "audio_tokens": audio_tokens},
        "output_tokens": output,
        "total_tokens": audio_tokens + output,
    }


def _render(model: str, fmt: str, heard: tx.Heard, body: Mapping[str, Any], task: str) -> Reply:
    if fmt == "text":
        return BytesReply((heard.text + "\n").encode(), _TEXT_TYPE)
    if fmt in ("srt", "vtt"):
        return BytesReply((tx.srt if fmt == "srt" else tx.vtt)(heard).encode(), _TEXT_TYPE)
    if fmt == "json":
        return JSONReply({"text": heard.text, "usage": _usage(model, heard)})
    if fmt == "diarized_json":
        return JSONReply(
            {
                "task": "transcribe",
                "duration": heard.duration,
                "text": heard.text,
                "segments": tx.diarized_segments(heard),
                "usage": _usage(model, heard),
            }
        )
    granularities = body.get("timestamp_granularities") or ["segment"]
    verbose: dict[str, Any] = {
        "task": task,
        "language": "english",
        "duration": heard.duration,
        "text": heard.text,
    }
    if "word" in granularities:
        verbose["words"] = tx.words_json(heard)
    if "segment" in granularities:
        verbose["segments"] = tx.segments_json(heard)
    verbose["usage"] = _usage(model, heard)
    return JSONReply(verbose)


def _stream(model: str, heard: tx.Heard, diarize: bool) -> Iterator[dict[str, Any]]:
    if diarize:
        yield from tx.diarized_segments(heard)
    for index, word in enumerate(heard.words):
        yield {"type": "transcript.text.delta", "delta": (" " if index else "") + word.word}
    yield {"type": "transcript.text.done", "text": heard.text, "usage": _usage(model, heard)}


def audio_transcriptions(core: ServerCore, call: Call) -> Reply:
    body = _form(core, call, _TRANSCRIBE_PARAMETERS)
    model = body["model"]
    P.check_string("model", model)
    if model not in _FORMATS:
        P.invalid_value("model", model, tuple(_FORMATS))
    fmt = _formats(body, model, _FORMATS[model])
    for granularity in body.get("timestamp_granularities") or ():
        P.check_enum("timestamp_granularities", granularity, ("word", "segment"))
    if body.get("timestamp_granularities") and fmt != "verbose_json":
        raise MockAPIError(
            400,
            "timestamp_granularities requires response_format=verbose_json",
            param="timestamp_granularities",
            code="invalid_value",
        )
    upload, seconds = _upload(body)
    heard = tx.hear(core.seed, upload.data, seconds, str(body.get("prompt", "")))
    if body.get("stream") is True:
        if model == "whisper-1":
            raise MockAPIError(
                400,
                "Streaming is not supported for the whisper-1 model.",
                param="stream",
                code="unsupported_value",
            )
        return StreamReply(_stream(model, heard, fmt == "diarized_json"), framing=SSE_DATA)
    return _render(model, fmt, heard, body, "transcribe")


def audio_translations(core: ServerCore, call: Call) -> Reply:
    body = _form(core, call, _TRANSLATE_PARAMETERS)
    model = body["model"]
    P.check_string("model", model)
    if model != "whisper-1":
        P.invalid_value("model", model, ("whisper-1",))
    fmt = _formats(body, model, _WHISPER)
    upload, seconds = _upload(body)
    heard = tx.hear(core.seed, upload.data, seconds, "translate:" + str(body.get("prompt", "")))
    if fmt == "json":
        return JSONReply({"text": heard.text})
    reply = _render(model, fmt, heard, body, "translate")
    if isinstance(reply, JSONReply):
        reply.body.pop("usage", None)
    return reply
