"""``client.images``: generate, edit and vary images; ``stream=True`` sends partial images."""

from __future__ import annotations

from typing import Any, Literal, overload

from typing_extensions import Unpack

from .._options import FinalRequestOptions
from .._resource import AsyncAPIResource, SyncAPIResource, make_options
from .._streaming import AsyncStream, Stream
from .._types import RequestOptions, split_request_options
from ..types.image_create_variation_params import ImageCreateVariationParams
from ..types.image_edit_params import ImageEditParamsBase
from ..types.image_edit_stream_event import ImageEditStreamEvent
from ..types.image_gen_stream_event import ImageGenStreamEvent
from ..types.image_generate_params import ImageGenerateParamsBase
from ..types.images_response import ImagesResponse
from ._multipart import multipart_options, stream_flag

__all__ = ["AsyncImages", "Images"]


class ImageGenerateKwargs(ImageGenerateParamsBase, RequestOptions, total=False):
    """The keyword arguments of ``images.generate`` (except ``stream``)."""


class ImageEditKwargs(ImageEditParamsBase, RequestOptions, total=False):
    """The keyword arguments of ``images.edit`` (except ``stream``)."""


class ImageVariationKwargs(ImageCreateVariationParams, RequestOptions, total=False):
    """The keyword arguments of ``images.create_variation``."""


def _generate_options(
    stream: bool | None, params: ImageGenerateKwargs
) -> tuple[bool, FinalRequestOptions]:
    body, request_options = split_request_options(params)
    streaming = stream_flag(body, stream)
    return streaming, make_options("post", "/images/generations", body=body, **request_options)


def _edit_options(stream: bool | None, params: ImageEditKwargs) -> tuple[bool, FinalRequestOptions]:
    body: dict[str, Any] = dict(params)
    streaming = stream_flag(body, stream)
    return streaming, multipart_options("/images/edits", body, ("image", "mask"))


def _variation_options(params: ImageVariationKwargs) -> FinalRequestOptions:
    return multipart_options("/images/variations", params, ("image",))


class Images(SyncAPIResource):
    @overload
    def generate(
        self, *, stream: Literal[False] | None = None, **params: Unpack[ImageGenerateKwargs]
    ) -> ImagesResponse: ...
    @overload
    def generate(
        self, *, stream: Literal[True], **params: Unpack[ImageGenerateKwargs]
    ) -> Stream[ImageGenStreamEvent]: ...
    @overload
    def generate(
        self, *, stream: bool, **params: Unpack[ImageGenerateKwargs]
    ) -> ImagesResponse | Stream[ImageGenStreamEvent]: ...
    def generate(
        self, *, stream: bool | None = None, **params: Unpack[ImageGenerateKwargs]
    ) -> ImagesResponse | Stream[ImageGenStreamEvent]:
        """Images from a prompt; ``stream=True`` (GPT image models) yields partial images."""
        streaming, options = _generate_options(stream, params)
        return self._call(
            ImagesResponse, options, stream=streaming, stream_cls=Stream[ImageGenStreamEvent]
        )

    @overload
    def edit(
        self, *, stream: Literal[False] | None = None, **params: Unpack[ImageEditKwargs]
    ) -> ImagesResponse: ...
    @overload
    def edit(
        self, *, stream: Literal[True], **params: Unpack[ImageEditKwargs]
    ) -> Stream[ImageEditStreamEvent]: ...
    @overload
    def edit(
        self, *, stream: bool, **params: Unpack[ImageEditKwargs]
    ) -> ImagesResponse | Stream[ImageEditStreamEvent]: ...
    def edit(
        self, *, stream: bool | None = None, **params: Unpack[ImageEditKwargs]
    ) -> ImagesResponse | Stream[ImageEditStreamEvent]:
        """Edit one or more images (paths, bytes, file objects or tuples), with an optional mask."""
        streaming, options = _edit_options(stream, params)
        return self._call(
            ImagesResponse, options, stream=streaming, stream_cls=Stream[ImageEditStreamEvent]
        )

    def create_variation(self, **params: Unpack[ImageVariationKwargs]) -> ImagesResponse:
        """Variations of a square PNG (dall-e-2)."""
        return self._call(ImagesResponse, _variation_options(params))


class AsyncImages(AsyncAPIResource):
    @overload
    async def generate(
        self, *, stream: Literal[False] | None = None, **params: Unpack[ImageGenerateKwargs]
    ) -> ImagesResponse: ...
    @overload
    async def generate(
        self, *, stream: Literal[True], **params: Unpack[ImageGenerateKwargs]
    ) -> AsyncStream[ImageGenStreamEvent]: ...
    @overload
    async def generate(
        self, *, stream: bool, **params: Unpack[ImageGenerateKwargs]
    ) -> ImagesResponse | AsyncStream[ImageGenStreamEvent]: ...
    async def generate(
        self, *, stream: bool | None = None, **params: Unpack[ImageGenerateKwargs]
    ) -> ImagesResponse | AsyncStream[ImageGenStreamEvent]:
        """Images from a prompt; ``stream=True`` (GPT image models) yields partial images."""
        streaming, options = _generate_options(stream, params)
        return await self._call(
            ImagesResponse, options, stream=streaming, stream_cls=AsyncStream[ImageGenStreamEvent]
        )

    @overload
    async def edit(
        self, *, stream: Literal[False] | None = None, **params: Unpack[ImageEditKwargs]
    ) -> ImagesResponse: ...
    @overload
    async def edit(
        self, *, stream: Literal[True], **params: Unpack[ImageEditKwargs]
    ) -> AsyncStream[ImageEditStreamEvent]: ...
    @overload
    async def edit(
        self, *, stream: bool, **params: Unpack[ImageEditKwargs]
    ) -> ImagesResponse | AsyncStream[ImageEditStreamEvent]: ...
    async def edit(
        self, *, stream: bool | None = None, **params: Unpack[ImageEditKwargs]
    ) -> ImagesResponse | AsyncStream[ImageEditStreamEvent]:
        """Edit one or more images (paths, bytes, file objects or tuples), with an optional mask."""
        streaming, options = _edit_options(stream, params)
        return await self._call(
            ImagesResponse, options, stream=streaming, stream_cls=AsyncStream[ImageEditStreamEvent]
        )

    async def create_variation(self, **params: Unpack[ImageVariationKwargs]) -> ImagesResponse:
        """Variations of a square PNG (dall-e-2)."""
        return await self._call(ImagesResponse, _variation_options(params))
