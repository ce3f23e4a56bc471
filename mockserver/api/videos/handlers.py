"""Handlers of the videos operations: create, list, retrieve, delete, remix, content."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import BytesReply, Call, JSONReply, Reply
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._multipart import FormFile
from openai_kit.mockserver.api._forms import required_text, typed_form
from openai_kit.mockserver.api.videos.store import StoredVideo, VideoRequest, VideosStore
from openai_kit.mockserver.media import film
from openai_kit.mockserver.media.picture import decode_picture

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "videos_content",
    "videos_create",
    "videos_delete",
    "videos_list",
    "videos_remix",
    "videos_retrieve",
]

_MODELS: Final = (
    "sora-2", "sora-2-pro", "sora-2-2025-10-06", "sora-2-pro-2025-10-06", "sora-2-2025-12-08",
)  # fmt: skip
_SIZES: Final = ("720x1280", "1280x720")
_PRO_SIZES: Final = (*_SIZES, "1024x1792", "1792x1024")
_SECONDS: Final = ("4", "8", "12")
_MAX_PROMPT: Final = 32000
_VARIANTS: Final = {"video": "video/mp4", "thumbnail": "image/webp", "spritesheet": "image/jpeg"}


def _body(call: Call) -> dict[str, Any]:
    """The JSON or multipart body (the API takes both), recorded in the journal as sent."""
    if call.headers.get("content-type", "").lower().startswith("multipart/"):
        from openai_kit.mockserver._multipart import parse_form

        call.form = parse_form(call.headers["content-type"], call.body)
        call.entry.form = {
            k: v.filename if isinstance(v, FormFile) else v for k, v in call.form.items()
        }
        return typed_form(call)
    try:
        body = json.loads(call.body or b"{}")
    except ValueError:
        raise MockAPIError(400, "We could not parse the JSON body of your request.") from None
    if not isinstance(body, dict):
        raise MockAPIError(400, "We could not parse the JSON body of your request.")
    call.entry.json = body
    return body


def _check_reference(reference: Any, size: str) -> None:
    if reference is None or not isinstance(reference, FormFile):
        return
    picture = decode_picture(reference.data)
    if picture is None:
        P.invalid_request("Invalid input_reference: not an image.", "input_reference")
    if f"{picture.width}x{picture.height}" != size:
        P.invalid_request(
            f"Inpaint image must match the requested width and height ({size}).",
            "input_reference",
            "invalid_value",
        )


def videos_create(core: ServerCore, call: Call) -> Reply:
    body = _body(call)
    P.check_unknown_parameters(body, ("model", "prompt", "input_reference", "seconds", "size"))
    prompt = required_text(body, "prompt", _MAX_PROMPT)
    model = body.get("model") or "sora-2"
    P.check_string("model", model)
    if model not in _MODELS:
        P.invalid_value("model", model, _MODELS)
    size = body.get("size") or "720x1280"
    P.check_enum("size", size, _PRO_SIZES if "pro" in model else _SIZES)
    seconds = str(body.get("seconds") or "4")
    P.check_enum("seconds", seconds, _SECONDS)
    _check_reference(body.get("input_reference"), size)
    created = VideosStore.of(core).create(VideoRequest(model, prompt, size, int(seconds)))
    return JSONReply(created)


def videos_remix(core: ServerCore, call: Call) -> Reply:
    body = _body(call)
    P.check_unknown_parameters(body, ("prompt",))
    prompt = required_text(body, "prompt", _MAX_PROMPT)
    store = VideosStore.of(core)
    source = store.get(call.path_params["video_id"])
    _check_ready(core, source)
    created = store.create(replace(source.request, prompt=prompt, remixed_from=source.id))
    return JSONReply(created)


def videos_list(core: ServerCore, call: Call) -> Reply:
    params = P.list_params(call.query)
    return JSONReply(
        VideosStore.of(core).list(after=params.after, limit=params.limit, order=params.order)
    )


def videos_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(VideosStore.of(core).retrieve(call.path_params["video_id"]))


def videos_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(VideosStore.of(core).delete(call.path_params["video_id"]))


def _check_ready(core: ServerCore, video: StoredVideo) -> None:
    if video.status(core.clock.now())[0] != "completed":
        P.invalid_request(
            f"Video {video.id} is not ready yet, use GET /v1/videos/{video.id} to check status.",
            "video_id",
            "video_not_ready",
        )


def _media(video: StoredVideo, variant: str) -> bytes:
    data = video.media.get(variant)
    if data is None:
        width, height = (int(n) for n in video.request.size.split("x"))
        if variant == "video":
            data = film.film(video.seed, width, height, video.request.seconds)
        elif variant == "thumbnail":
            data = film.thumbnail(video.seed, width, height)
        else:
            data = film.spritesheet(video.seed, width, height, video.request.seconds)
        video.media[variant] = data
    return data


def videos_content(core: ServerCore, call: Call) -> Reply:
    video = VideosStore.of(core).get(call.path_params["video_id"])
    variant = call.query.get("variant") or "video"
    P.check_enum("variant", variant, tuple(_VARIANTS))
    _check_ready(core, video)
    return BytesReply(_media(video, variant), _VARIANTS[variant])
