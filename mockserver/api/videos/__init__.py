"""Videos: renders on the simulated clock, real MP4s, thumbnails and spritesheets, remixes."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, ObjectKind, Operation
from openai_kit.mockserver.api.videos.handlers import (
    videos_content,
    videos_create,
    videos_delete,
    videos_list,
    videos_remix,
    videos_retrieve,
)
from openai_kit.mockserver.api.videos.store import VideosStore

__all__ = ["AREA"]

_VIDEO = ObjectKind("videos", "/videos/{video_id}")

AREA = Area(
    "videos",
    (
        # the video is drawn by a model, and the request comes as multipart or JSON
        Operation("videos.create", "POST", "/videos", videos_create, model=True),
        _VIDEO.list(videos_list),
        _VIDEO.retrieve(videos_retrieve),
        _VIDEO.delete(videos_delete),
        Operation("videos.remix", "POST", _VIDEO.path + "/remix", videos_remix, model=True),
        _VIDEO.operation("download_content", "GET", "content", videos_content),
    ),
    stores=(VideosStore,),
)
