"""Videos: a render that moves on with the simulated clock, and the media it produces.

A video is ``queued`` for a moment, ``in_progress`` with a rising
``progress``, then ``completed`` (or ``failed`` with an ``error`` when the
prompt is one the moderation classifier flags). :meth:`VideosStore.tick`
announces ``video.completed`` / ``video.failed`` once each; the MP4, thumbnail
and spritesheet are encoded on first download and kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Final

from openai_kit.mockserver._paging import list_object, page_of
from openai_kit.mockserver._stores import Store, kept_at, not_found
from openai_kit.mockserver.generation.moderation import triggered_categories
from openai_kit.mockserver.generation.rng import derive_seed

__all__ = ["StoredVideo", "VideoRequest", "VideosStore"]

QUEUED_SECONDS: Final = 2
RENDER_SECONDS_PER_SECOND: Final = 5
EXPIRY_SECONDS: Final = 24 * 3600
_BLOCKED: Final = {
    "code": "moderation_blocked",
    "message": "Your request was blocked by our moderation system.",
}


@dataclass(frozen=True)
class VideoRequest:
    """What a render was asked for (a remix: its source's, with a new prompt)."""

    model: str
    prompt: str
    size: str
    seconds: int
    remixed_from: str | None = None

    def seed_parts(self) -> tuple[str, str, str, int, str]:
        """What the render's frames are drawn from: the same request, the same film."""
        return self.model, self.prompt, self.size, self.seconds, self.remixed_from or ""


@dataclass
class StoredVideo:
    id: str
    request: VideoRequest
    created_at: int
    sequence: int
    seed: int
    blocked: bool = False
    announced: bool = False
    media: dict[str, bytes] = field(default_factory=dict)

    @property
    def done_at(self) -> int:
        pro = 2 if "pro" in self.request.model else 1
        render = self.request.seconds * RENDER_SECONDS_PER_SECOND * pro
        return self.created_at + QUEUED_SECONDS + render

    def status(self, now: float) -> tuple[str, int]:
        """The status and progress at ``now``."""
        if now >= self.done_at:
            return ("failed" if self.blocked else "completed"), 100
        started = self.created_at + QUEUED_SECONDS
        if now < started:
            return "queued", 0
        return "in_progress", int(100 * (now - started) / (self.done_at - started))

    def to_json(self, now: float) -> dict[str, Any]:
        status, progress = self.status(now)
        finished = status in ("completed", "failed")
        request = self.request
        return {
            "id": self.id,
            "object": "video",
            "model": request.model,
            "status": status,
            "progress": progress,
            "created_at": self.created_at,
            "completed_at": self.done_at if finished else None,
            "expires_at": self.done_at + EXPIRY_SECONDS if status == "completed" else None,
            "prompt": request.prompt,
            "size": request.size,
            "seconds": str(request.seconds),
            "remixed_from_video_id": request.remixed_from,
            "error": dict(_BLOCKED) if status == "failed" else None,
        }


_missing = not_found("Video with id '{}' not found.", param="video_id", code="video_not_found")


class VideosStore(Store):
    """The videos of one server and their media (thread-safe)."""

    area: ClassVar[str] = "videos"
    _videos = kept_at("videos", StoredVideo.to_json)

    def create(self, request: VideoRequest) -> dict[str, Any]:
        now = self.now()
        with self.lock:
            ident, number = self.mint("video_", "video", 32)
            video = StoredVideo(
                id=ident,
                request=request,
                created_at=int(now),
                sequence=number,
                seed=derive_seed(self.seed, "video", *request.seed_parts()),
                blocked=bool(triggered_categories(request.prompt)),
            )
            self._videos[video.id] = video
        return video.to_json(now)

    def get(self, video_id: str) -> StoredVideo:
        return self.find(self._videos, video_id, _missing)

    def retrieve(self, video_id: str) -> dict[str, Any]:
        return self.get(video_id).to_json(self.now())

    def delete(self, video_id: str) -> dict[str, Any]:
        self.delete_from(self._videos, video_id, _missing)
        return {"object": "video.deleted", "deleted": True, "id": video_id}

    def list(self, *, after: str | None, limit: int, order: str) -> dict[str, Any]:
        now = self.now()
        with self.lock:
            videos = sorted(self._videos.values(), key=lambda v: (v.created_at, v.sequence))
        chunk, more = page_of(videos, key=lambda v: v.id, after=after, limit=limit, order=order)
        return list_object([v.to_json(now) for v in chunk], more)

    def tick(self, now: float) -> None:
        with self.lock:
            due = [v for v in self._videos.values() if not v.announced and now >= v.done_at]
            for video in due:
                video.announced = True
        for video in due:
            body = video.to_json(now)
            self.state.emit(f"video.{body['status']}", body)
