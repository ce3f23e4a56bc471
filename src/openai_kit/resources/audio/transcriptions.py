"""``client.audio.transcriptions``: the text of an audio file, in any output format.

The result follows ``response_format``: :class:`Transcription` (``json``),
:class:`TranscriptionVerbose` (``verbose_json``), :class:`TranscriptionDiarized`
(``diarized_json``), or the body as ``str`` (``text``, ``srt``, ``vtt``).
``stream=True`` (GPT transcribe models) yields ``transcript.text.*`` events.
"""

from __future__ import annotations

from typing import Any, Literal, overload

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._resource import AsyncAPIResource, SyncAPIResource
from ..._streaming import AsyncStream, Stream
from ..._types import RequestOptions
from ...types.audio.transcription import Transcription
from ...types.audio.transcription_create_params import TranscriptionCreateParamsBase
from ...types.audio.transcription_diarized import TranscriptionDiarized
from ...types.audio.transcription_stream_event import TranscriptionStreamEvent
from ...types.audio.transcription_verbose import TranscriptionVerbose
from .._multipart import multipart_options, stream_flag

__all__ = ["AsyncTranscriptions", "TranscriptionResult", "Transcriptions"]

TranscriptionResult = Transcription | TranscriptionVerbose | TranscriptionDiarized | str
_RESULTS: dict[str, Any] = {
    "json": Transcription,
    "verbose_json": TranscriptionVerbose,
    "diarized_json": TranscriptionDiarized,
}


class TranscriptionCreateKwargs(TranscriptionCreateParamsBase, RequestOptions, total=False):
    """The keyword arguments of ``audio.transcriptions.create`` (except ``stream``)."""


def _result_type(params: Any) -> Any:
    """What a transcription or translation with these params parses into."""
    return _RESULTS.get(params.get("response_format") or "json", str)


def _options(
    stream: bool | None, params: TranscriptionCreateKwargs
) -> tuple[bool, FinalRequestOptions]:
    body: dict[str, Any] = dict(params)
    streaming = stream_flag(body, stream)
    return streaming, multipart_options("/audio/transcriptions", body, ("file",))


class Transcriptions(SyncAPIResource):
    @overload
    def create(
        self, *, stream: Literal[False] | None = None, **params: Unpack[TranscriptionCreateKwargs]
    ) -> TranscriptionResult: ...
    @overload
    def create(
        self, *, stream: Literal[True], **params: Unpack[TranscriptionCreateKwargs]
    ) -> Stream[TranscriptionStreamEvent]: ...
    @overload
    def create(
        self, *, stream: bool, **params: Unpack[TranscriptionCreateKwargs]
    ) -> TranscriptionResult | Stream[TranscriptionStreamEvent]: ...
    def create(
        self, *, stream: bool | None = None, **params: Unpack[TranscriptionCreateKwargs]
    ) -> TranscriptionResult | Stream[TranscriptionStreamEvent]:
        """Transcribe ``file`` (a path, bytes, a file object or a ``(name, bytes, type)`` tuple)."""
        streaming, options = _options(stream, params)
        return self._call(  # type: ignore[no-any-return]
            _result_type(params),
            options,
            stream=streaming,
            stream_cls=Stream[TranscriptionStreamEvent],
        )


class AsyncTranscriptions(AsyncAPIResource):
    @overload
    async def create(
        self, *, stream: Literal[False] | None = None, **params: Unpack[TranscriptionCreateKwargs]
    ) -> TranscriptionResult: ...
    @overload
    async def create(
        self, *, stream: Literal[True], **params: Unpack[TranscriptionCreateKwargs]
    ) -> AsyncStream[TranscriptionStreamEvent]: ...
    @overload
    async def create(
        self, *, stream: bool, **params: Unpack[TranscriptionCreateKwargs]
    ) -> TranscriptionResult | AsyncStream[TranscriptionStreamEvent]: ...
    async def create(
        self, *, stream: bool | None = None, **params: Unpack[TranscriptionCreateKwargs]
    ) -> TranscriptionResult | AsyncStream[TranscriptionStreamEvent]:
        """Transcribe ``file`` (see :meth:`Transcriptions.create`)."""
        streaming, options = _options(stream, params)
        return await self._call(
            _result_type(params),
            options,
            stream=streaming,
            stream_cls=AsyncStream[TranscriptionStreamEvent],
        )
