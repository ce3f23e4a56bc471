"""``client.videos``: create, follow, remix, list, delete videos and download their media.

``poll`` retrieves a video until it is ``completed`` or ``failed``, waiting
``poll_interval_ms`` between reads (by default what the service's
``openai-poll-after-ms`` header says, else one second) through the client's
sleep hook, so tests can make the waits instant.
"""

from __future__ import annotations

from typing import Any, Literal

from typing_extensions import Unpack

from .._options import FinalRequestOptions
from .._pagination import AsyncConversationCursorPage, AsyncPaginator, SyncConversationCursorPage
from .._resource import AsyncAPIResource, SyncAPIResource, make_options
from .._response import APIResponse, BinaryResponseContent
from .._types import RequestOptions, split_request_options
from ..types.video import Video
from ..types.video_create_params import VideoCreateParams
from ..types.video_delete_response import VideoDeleteResponse
from ..types.video_list_params import VideoListParams
from ..types.video_remix_params import VideoRemixParams
from ._multipart import multipart_options
from ._paths import path_param

__all__ = ["AsyncVideos", "Videos"]

Variant = Literal["video", "thumbnail", "spritesheet"]
_DONE = frozenset({"completed", "failed"})
_DEFAULT_POLL_MS = 1000


class VideoCreateKwargs(VideoCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``videos.create``."""


class VideoListKwargs(VideoListParams, RequestOptions, total=False):
    """The keyword arguments of ``videos.list``."""


class VideoRemixKwargs(VideoRemixParams, RequestOptions, total=False):
    """The keyword arguments of ``videos.remix``."""


def _path(video_id: str, tail: str = "") -> str:
    return f"/videos/{path_param('video_id', video_id)}{tail}"


def _create_options(params: VideoCreateKwargs) -> FinalRequestOptions:
    return multipart_options("/videos", params, ("input_reference",))


def _list_options(params: VideoListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    return make_options("get", "/videos", query=query, **request_options)


def _remix_options(video_id: str, params: VideoRemixKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options("post", _path(video_id, "/remix"), body=body, **request_options)


def _content_options(
    video_id: str, variant: Variant | None, options: RequestOptions
) -> FinalRequestOptions:
    query = {} if variant is None else {"variant": variant}
    headers = {"Accept": "application/binary"}
    return make_options("get", _path(video_id, "/content"), query=query, headers=headers, **options)


def _poll_options(video_id: str, poll_interval_ms: int | None) -> FinalRequestOptions:
    headers = (
        {}
        if poll_interval_ms is None
        else {"X-Stainless-Custom-Poll-Interval": str(poll_interval_ms)}
    )
    return make_options("get", _path(video_id), headers=headers)


def _wait_seconds(response: APIResponse[Any], poll_interval_ms: int | None) -> float:
    if poll_interval_ms is not None:
        return poll_interval_ms / 1000
    try:
        return int(response.headers.get("openai-poll-after-ms", _DEFAULT_POLL_MS)) / 1000
    except ValueError:
        return _DEFAULT_POLL_MS / 1000


class Videos(SyncAPIResource):
    def create(self, **params: Unpack[VideoCreateKwargs]) -> Video:
        """Start rendering a video (``input_reference``: an image as a path, bytes, file or tuple)."""
        return self._call(Video, _create_options(params))

    def retrieve(self, video_id: str, **options: Unpack[RequestOptions]) -> Video:
        return self._call(Video, make_options("get", _path(video_id), **options))

    def list(self, **params: Unpack[VideoListKwargs]) -> SyncConversationCursorPage[Video]:
        """Your videos, newest first; iterating the page fetches the following pages."""
        return self._call(SyncConversationCursorPage[Video], _list_options(params))

    def delete(self, video_id: str, **options: Unpack[RequestOptions]) -> VideoDeleteResponse:
        return self._call(VideoDeleteResponse, make_options("delete", _path(video_id), **options))

    def remix(self, video_id: str, **params: Unpack[VideoRemixKwargs]) -> Video:
        """A new video from a completed one and a new prompt."""
        return self._call(Video, _remix_options(video_id, params))

    def download_content(
        self, video_id: str, *, variant: Variant | None = None, **options: Unpack[RequestOptions]
    ) -> BinaryResponseContent:
        """The MP4 (``variant="video"``), a WebP ``thumbnail`` or a JPEG ``spritesheet``."""
        return self._call(BinaryResponseContent, _content_options(video_id, variant, options))

    def poll(self, video_id: str, *, poll_interval_ms: int | None = None) -> Video:
        """Retrieve the video until it is ``completed`` or ``failed``."""
        raw: Any = self._in_mode("raw")
        while True:
            response: APIResponse[Video] = raw._call(
                Video, _poll_options(video_id, poll_interval_ms)
            )
            video = response.parsed
            if video.status in _DONE:
                return video
            type(self._client)._sleep(_wait_seconds(response, poll_interval_ms))

    def create_and_poll(
        self, *, poll_interval_ms: int | None = None, **params: Unpack[VideoCreateKwargs]
    ) -> Video:
        """:meth:`create`, then :meth:`poll` until the video is done."""
        video = self._in_mode("parsed").create(**params)
        return self.poll(video.id, poll_interval_ms=poll_interval_ms)


class AsyncVideos(AsyncAPIResource):
    async def create(self, **params: Unpack[VideoCreateKwargs]) -> Video:
        """Start rendering a video (``input_reference``: an image as a path, bytes, file or tuple)."""
        return await self._call(Video, _create_options(params))

    async def retrieve(self, video_id: str, **options: Unpack[RequestOptions]) -> Video:
        return await self._call(Video, make_options("get", _path(video_id), **options))

    def list(
        self, **params: Unpack[VideoListKwargs]
    ) -> AsyncPaginator[Video, AsyncConversationCursorPage[Video]]:
        """Your videos: ``await`` for the first page, or ``async for`` every video."""
        result: Any = self._list(AsyncConversationCursorPage[Video], _list_options(params))
        return result  # type: ignore[no-any-return]

    async def delete(self, video_id: str, **options: Unpack[RequestOptions]) -> VideoDeleteResponse:
        return await self._call(
            VideoDeleteResponse, make_options("delete", _path(video_id), **options)
        )

    async def remix(self, video_id: str, **params: Unpack[VideoRemixKwargs]) -> Video:
        """A new video from a completed one and a new prompt."""
        return await self._call(Video, _remix_options(video_id, params))

    async def download_content(
        self, video_id: str, *, variant: Variant | None = None, **options: Unpack[RequestOptions]
    ) -> BinaryResponseContent:
        """The MP4 (``variant="video"``), a WebP ``thumbnail`` or a JPEG ``spritesheet``."""
        return await self._call(BinaryResponseContent, _content_options(video_id, variant, options))

    async def poll(self, video_id: str, *, poll_interval_ms: int | None = None) -> Video:
        """Retrieve the video until it is ``completed`` or ``failed``."""
        raw: Any = self._in_mode("raw")
        while True:
            response: APIResponse[Video] = await raw._call(
                Video, _poll_options(video_id, poll_interval_ms)
            )
            video = response.parsed
            if video.status in _DONE:
                return video
            await type(self._client)._sleep(_wait_seconds(response, poll_interval_ms))

    async def create_and_poll(
        self, *, poll_interval_ms: int | None = None, **params: Unpack[VideoCreateKwargs]
    ) -> Video:
        """:meth:`create`, then :meth:`poll` until the video is done."""
        video = await self._in_mode("parsed").create(**params)
        return await self.poll(video.id, poll_interval_ms=poll_interval_ms)
