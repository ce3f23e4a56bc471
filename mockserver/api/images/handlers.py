"""Handlers of the images operations: generations, edits, variations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import Call, JSONReply, Reply, StreamReply
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._multipart import FormFile
from openai_kit.mockserver.api._forms import deployment_model, typed_form
from openai_kit.mockserver.api.images.content import Job, response_body, stream_events
from openai_kit.mockserver.api.images.rules import MODELS, image_model, read_request
from openai_kit.mockserver.media.hosted import HostedMedia, hosted_url
from openai_kit.mockserver.media.picture import MEDIA_TYPES, decode_picture

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["images_create_variation", "images_edit", "images_generate"]

_ALL_MODELS: Final = tuple(MODELS)
_INTS: Final = ("n", "output_compression", "partial_images")
_MAX_DALL_E_BYTES: Final = 4 * 1024 * 1024
_MAX_GPT_BYTES: Final = 50 * 1024 * 1024
_MAX_GPT_IMAGES: Final = 16
_GPT_TYPES: Final = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


def _reply(core: ServerCore, call: Call, job: Job, kind: str) -> Reply:
    created = int(core.clock.now())
    if job.request.stream:
        return StreamReply(stream_events(job, created, kind))
    hosted = core.state.get(HostedMedia)
    host = call.headers.get("host", "127.0.0.1")

    def host_url(data: bytes) -> str:
        return hosted_url(host, hosted.put(data, MEDIA_TYPES["png"], "png"))

    return JSONReply(response_body(job, created, host_url))


def _dimensions(size: str | None, fallback: tuple[int, int]) -> tuple[int, int]:
    if size is None or size == "auto":
        return fallback
    width, _, height = size.partition("x")
    return int(width), int(height)


def images_generate(core: ServerCore, call: Call) -> Reply:
    body = call.json
    model = image_model(body, _ALL_MODELS)
    request = read_request(body, model)
    width, height = _dimensions(request.size, (1024, 1024))
    return _reply(
        core, call, Job(request, core.seed, call.operation, width, height), "image_generation"
    )


def _bad_image(message: str, param: str = "image") -> MockAPIError:
    return MockAPIError(400, message, param=param, code="invalid_image")


def _uploads(value: Any) -> list[FormFile]:
    files = value if isinstance(value, list) else [value]
    if not files or not all(isinstance(f, FormFile) for f in files):
        P.missing("image")
    return files


def _check_dall_e(upload: FormFile, param: str) -> tuple[int, int]:
    picture = decode_picture(upload.data)
    if picture is None or picture.format != "PNG" or len(upload.data) >= _MAX_DALL_E_BYTES:
        raise _bad_image("Uploaded image must be a PNG and less than 4 MB.", param)
    if picture.width != picture.height:
        raise _bad_image("Uploaded image must be square.", param)
    return picture.size


def _check_gpt(upload: FormFile, param: str) -> tuple[int, int]:
    picture = decode_picture(upload.data)
    if picture is None or picture.format not in _GPT_TYPES:
        kind = upload.content_type or "application/octet-stream"
        raise _bad_image(
            f"Invalid file '{param}': unsupported mimetype ('{kind}'). Supported file formats "
            "are 'image/jpeg', 'image/png', and 'image/webp'.",
            param,
        )
    if len(upload.data) >= _MAX_GPT_BYTES:
        raise _bad_image(f"Invalid file '{param}': the file is larger than 50 MB.", param)
    return picture.size


def _check_mask(mask: Any, size: tuple[int, int]) -> bytes:
    if mask is None:
        return b""
    if not isinstance(mask, FormFile):
        P.missing("mask")
    picture = decode_picture(mask.data)
    if picture is None or picture.format != "PNG":
        raise _bad_image("Invalid mask image: the mask must be a PNG file.", "mask")
    if picture.size != size:
        raise _bad_image(
            "Invalid mask image: the mask must have the same dimensions as the image.", "mask"
        )
    if "A" not in picture.getbands() and "transparency" not in picture.info:
        raise _bad_image("Invalid mask image: the mask must have an alpha channel.", "mask")
    return mask.data


def _form(core: ServerCore, call: Call, lists: tuple[str, ...] = ()) -> dict[str, Any]:
    body = typed_form(call, ints=_INTS, flags=("stream",), lists=lists)
    deployment_model(core, call, body)
    return body


def images_edit(core: ServerCore, call: Call) -> Reply:
    body = _form(core, call, ("image",))
    model = image_model(body, _ALL_MODELS)
    request = read_request(body, model)
    uploads = _uploads(body.get("image"))
    limit = _MAX_GPT_IMAGES if model.gpt else 1
    if len(uploads) > limit:
        raise _bad_image(f"Too many images: at most {limit} may be edited together.")
    check = _check_gpt if model.gpt else _check_dall_e
    sizes = [check(upload, "image") for upload in uploads]
    mask = _check_mask(body.get("mask"), sizes[0])
    width, height = _dimensions(request.size, sizes[0])
    inputs = (*(u.data for u in uploads), mask)
    job = Job(request, core.seed, call.operation, width, height, inputs)
    return _reply(core, call, job, "image_edit")


def images_create_variation(core: ServerCore, call: Call) -> Reply:
    body = _form(core, call)
    model = image_model(body, ("dall-e-2",))
    request = read_request(body, model, prompt_required=False)
    upload = body.get("image")
    if not isinstance(upload, FormFile):
        P.missing("image")
    size = _check_dall_e(upload, "image")
    width, height = _dimensions(request.size, size if request.size else (1024, 1024))
    job = Job(request, core.seed, call.operation, width, height, (upload.data,))
    return _reply(core, call, job, "image_generation")
