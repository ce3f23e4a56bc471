"""``client.audio.translations``: English text of an audio file in any language."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._resource import AsyncAPIResource, SyncAPIResource
from ..._types import RequestOptions
from ...types.audio.translation import Translation
from ...types.audio.translation_create_params import TranslationCreateParams
from ...types.audio.translation_verbose import TranslationVerbose
from .._multipart import multipart_options

__all__ = ["AsyncTranslations", "TranslationResult", "Translations"]

TranslationResult = Translation | TranslationVerbose | str
_RESULTS: dict[str, Any] = {"json": Translation, "verbose_json": TranslationVerbose}


class TranslationCreateKwargs(TranslationCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``audio.translations.create``."""


def _options(params: TranslationCreateKwargs) -> tuple[Any, FinalRequestOptions]:
    cast_to = _RESULTS.get(params.get("response_format") or "json", str)
    return cast_to, multipart_options("/audio/translations", params, ("file",))


class Translations(SyncAPIResource):
    def create(self, **params: Unpack[TranslationCreateKwargs]) -> TranslationResult:
        """Translate ``file`` into English; ``text``, ``srt`` and ``vtt`` come back as ``str``."""
        cast_to, options = _options(params)
        return self._call(cast_to, options)  # type: ignore[no-any-return]


class AsyncTranslations(AsyncAPIResource):
    async def create(self, **params: Unpack[TranslationCreateKwargs]) -> TranslationResult:
        """Translate ``file`` into English (see :meth:`Translations.create`)."""
        cast_to, options = _options(params)
        return await self._call(cast_to, options)
