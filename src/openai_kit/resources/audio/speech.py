"""``client.audio.speech``: text to audio (bytes, or ``speech.audio.*`` events as SSE)."""

from __future__ import annotations

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._response import BinaryResponseContent
from ..._types import RequestOptions, split_request_options
from ...types.audio.speech_create_params import SpeechCreateParams

__all__ = ["AsyncSpeech", "Speech"]


class SpeechCreateKwargs(SpeechCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``audio.speech.create``."""


def _options(params: SpeechCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    headers = {"Accept": "application/octet-stream"}
    return make_options("post", "/audio/speech", body=body, headers=headers, **request_options)


class Speech(SyncAPIResource):
    def create(self, **params: Unpack[SpeechCreateKwargs]) -> BinaryResponseContent:
        """The spoken ``input``: ``.content``, ``.iter_bytes()``, ``.write_to_file(path)``...

        With ``with_streaming_response`` the audio is read as it arrives
        (``stream_to_file``); ``stream_format="sse"`` sends the audio as
        ``speech.audio.delta`` events in the body instead.
        """
        return self._call(BinaryResponseContent, _options(params))


class AsyncSpeech(AsyncAPIResource):
    async def create(self, **params: Unpack[SpeechCreateKwargs]) -> BinaryResponseContent:
        """The spoken ``input`` (see :meth:`Speech.create`)."""
        return await self._call(BinaryResponseContent, _options(params))
