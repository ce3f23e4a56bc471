"""The pictures of an image request and the JSON (or events) that carry them."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from openai_kit.mockserver.api.images.rules import Request
from openai_kit.mockserver.generation.rng import derive_seed
from openai_kit.mockserver.media import picture

__all__ = ["Job", "render", "response_body", "stream_events", "usage"]

_REPORTED_SIZES: Final = ("1024x1024", "1024x1536", "1536x1024")
# output tokens of a 1024x1024 image per quality (larger sizes scale with their area)
_OUTPUT_TOKENS: Final = {"low": 272, "medium": 1056, "high": 4160}
_IMAGE_INPUT_TOKENS: Final = 194


@dataclass(frozen=True)
class Job:
    """What to draw: the checked request, its seed material and the output size."""

    request: Request
    seed: int
    operation: str
    width: int
    height: int
    inputs: tuple[bytes, ...] = ()

    @property
    def size(self) -> str:
        return f"{self.width}x{self.height}"

    def picture_seed(self, index: int) -> int:
        digest = hashlib.blake2b(b"".join(self.inputs), digest_size=8).hexdigest()
        r = self.request
        return derive_seed(
            self.seed, self.operation, r.model.name, r.prompt, self.size, digest, index
        )


def _transparent(job: Job) -> bool:
    return job.request.background == "transparent" and job.request.output_format != "jpeg"


def render(job: Job, index: int, coarse: int = 0) -> bytes:
    """Image ``index`` of the job, encoded (``coarse``: a partial draft)."""
    r = job.request
    fmt = r.output_format if r.model.gpt else "png"
    # a low-quality picture is drawn with coarser tiles than a medium or high one
    detail = coarse + (1 if r.quality == "low" else 0)
    drawn = picture.draw(
        job.picture_seed(index), job.width, job.height, transparent=_transparent(job), coarse=detail
    )
    return picture.encode(drawn, fmt, r.compression)


def _quality(job: Job) -> str:
    quality = job.request.quality
    return "medium" if quality in ("auto", "standard", "hd") else quality


def usage(job: Job) -> dict[str, Any]:
    r = job.request
    text = max(1, len(r.prompt) // 4)
    image = _IMAGE_INPUT_TOKENS * len(job.inputs)
    area = job.width * job.height / (1024 * 1024)
    output = int(_OUTPUT_TOKENS[_quality(job)] * area) * r.n
    return {
        "total_tokens": text + image + output,
        "input_tokens": text + image,
        "output_tokens": output,
        "input_tokens_details": {"text_tokens": text, "image_tokens": image},
    }


def _gpt_fields(job: Job) -> dict[str, Any]:
    r = job.request
    fields: dict[str, Any] = {
        "background": "transparent" if _transparent(job) else "opaque",
        "output_format": r.output_format,
        "quality": _quality(job),
    }
    if job.size in _REPORTED_SIZES:
        fields["size"] = job.size
    return fields


def response_body(job: Job, created: int, host_url: Any) -> dict[str, Any]:
    """The ``ImagesResponse``: b64_json images for GPT image models, URLs (or b64) for dall-e.

    ``host_url(data)`` hosts an image and returns its URL.
    """
    r = job.request
    data: list[dict[str, Any]] = []
    for index in range(r.n):
        encoded = render(job, index)
        item: dict[str, Any] = (
            {"url": host_url(encoded)}
            if r.response_format == "url"
            else {"b64_json": base64.b64encode(encoded).decode()}
        )
        if r.model.name == "dall-e-3":
            item["revised_prompt"] = r.prompt
        data.append(item)
    body: dict[str, Any] = {"created": created, "data": data}
    if r.model.gpt:
        body.update(_gpt_fields(job))
        body["usage"] = usage(job)
    return body


def stream_events(job: Job, created: int, kind: str) -> Iterator[dict[str, Any]]:
    """``<kind>.partial_image`` drafts then ``<kind>.completed`` with usage, per image."""
    fields = {**_gpt_fields(job), "size": job.size if job.size in _REPORTED_SIZES else "auto"}
    for index in range(job.request.n):
        for partial in range(job.request.partial_images):
            draft = render(job, index, coarse=job.request.partial_images - partial)
            yield {
                "type": f"{kind}.partial_image",
                "b64_json": base64.b64encode(draft).decode(),
                "created_at": created,
                **fields,
                "partial_image_index": partial,
            }
        yield {
            "type": f"{kind}.completed",
            "b64_json": base64.b64encode(render(job, index)).decode(),
            "created_at": created,
            **fields,
            "usage": usage(job),
        }
