"""What each image model accepts: sizes, qualities, formats, limits (the real API's rules)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._errors import MockAPIError

__all__ = ["ImageModel", "Request", "image_model", "read_request"]

_GPT_SIZES: Final = ("1024x1024", "1024x1536", "1536x1024", "auto")
_GPT_QUALITIES: Final = ("low", "medium", "high", "auto")
_GPT_ONLY: Final = ("background", "output_format", "output_compression", "moderation", "stream")


@dataclass(frozen=True)
class ImageModel:
    name: str
    gpt: bool
    sizes: tuple[str, ...]
    qualities: tuple[str, ...]
    max_prompt: int
    max_n: int


_DALL_E_2 = ImageModel(
    "dall-e-2", False, ("256x256", "512x512", "1024x1024"), ("standard",), 1000, 10
)
_DALL_E_3 = ImageModel(
    "dall-e-3", False, ("1024x1024", "1792x1024", "1024x1792"), ("standard", "hd"), 4000, 1
)
_GPT_NAMES: Final = (
    "gpt-image-1",
    "gpt-image-1-mini",
    "gpt-image-1.5",
    "gpt-image-2",
    "gpt-image-2-2026-04-21",
)
MODELS: Final[Mapping[str, ImageModel]] = {
    "dall-e-2": _DALL_E_2,
    "dall-e-3": _DALL_E_3,
    **{name: ImageModel(name, True, _GPT_SIZES, _GPT_QUALITIES, 32000, 10) for name in _GPT_NAMES},
}


def image_model(body: Mapping[str, Any], allowed: tuple[str, ...]) -> ImageModel:
    """The model a request names (``dall-e-2`` when none), refused when this endpoint lacks it."""
    name = body.get("model")
    if name is None:
        name = "dall-e-2"
    P.check_string("model", name)
    model = MODELS.get(name)
    if model is None or model.name not in allowed:
        P.invalid_value("model", name, allowed)
    return model


@dataclass(frozen=True)
class Request:
    """One image request, checked: what to draw and how to send it."""

    model: ImageModel
    prompt: str
    n: int
    size: str | None
    quality: str
    output_format: str
    compression: int
    background: str
    response_format: str
    partial_images: int
    stream: bool


def _gpt_only(body: Mapping[str, Any], model: ImageModel) -> None:
    if model.gpt:
        if body.get("response_format") is not None:
            P.invalid_request(
                "Unknown parameter: 'response_format'.", "response_format", "unknown_parameter"
            )
        return
    for name in (*_GPT_ONLY, "partial_images"):
        if body.get(name) not in (None, False):
            P.invalid_request(f"Unknown parameter: '{name}'.", name, "unknown_parameter")


def _prompt(body: Mapping[str, Any], model: ImageModel, required: bool) -> str:
    prompt = body.get("prompt")
    if prompt is None and not required:
        return ""
    if not prompt:
        P.missing("prompt")
    P.check_string("prompt", prompt)
    if len(prompt) > model.max_prompt:
        P.too_long_string("prompt", model.max_prompt, len(prompt))
    return str(prompt)


def read_request(
    body: Mapping[str, Any], model: ImageModel, *, prompt_required: bool = True
) -> Request:
    """The checked request (the real API's 400s for what the model does not take)."""
    prompt = _prompt(body, model, prompt_required)
    _gpt_only(body, model)
    n = body.get("n")
    n = 1 if n is None else n
    P.check_integer("n", n, 1, model.max_n)
    size = body.get("size")
    if size is not None:
        P.check_enum("size", size, model.sizes)
    quality = body.get("quality") or ("auto" if model.gpt else "standard")
    P.check_enum("quality", quality, (*model.qualities, "auto"))
    output_format = body.get("output_format") or "png"
    P.check_enum("output_format", output_format, ("png", "jpeg", "webp"))
    compression = body.get("output_compression")
    compression = 100 if compression is None else compression
    P.check_integer("output_compression", compression, 0, 100)
    background = body.get("background") or "auto"
    P.check_enum("background", background, ("transparent", "opaque", "auto"))
    if background == "transparent" and output_format == "jpeg":
        raise MockAPIError(
            400,
            "Transparent background is not supported for jpeg output format. "
            "Use png or webp instead.",
            param="background",
            code="invalid_value",
        )
    response_format = body.get("response_format") or ("b64_json" if model.gpt else "url")
    P.check_enum("response_format", response_format, ("url", "b64_json"))
    partial = body.get("partial_images")
    partial = 0 if partial is None else partial
    P.check_integer("partial_images", partial, 0, 3)
    return Request(
        model,
        prompt,
        int(n),
        size,
        str(quality),
        str(output_format),
        int(compression),
        str(background),
        str(response_format),
        int(partial),
        body.get("stream") is True,
    )
