"""Videos: renders on the simulated clock, real MP4s, thumbnails and spritesheets, remixes."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation, object_operations
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

AREA = Area(
    "videos",
    (
        Operation("videos.create", "POST", "/videos", videos_create, model=True),
        *object_operations(
            "videos",
            "/videos/{video_id}",
            list=videos_list,
            retrieve=videos_retrieve,
            delete=videos_delete,
        ),
        Operation("videos.remix", "POST", "/videos/{video_id}/remix", videos_remix, model=True),
        Operation("videos.download_content", "GET", "/videos/{video_id}/content", videos_content),
    ),
    stores=(VideosStore,),
)
