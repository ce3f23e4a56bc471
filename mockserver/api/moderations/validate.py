"""``POST /v1/moderations`` request validation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver.generation.catalog import CustomModels, resolve_model

__all__ = ["MODERATION_PARAMETERS", "validate_moderation_request"]

MODERATION_PARAMETERS: Final = frozenset({"input", "model"})
_INPUT_TYPES: Final = "one of a string, array of strings, or array of objects"


def _check_part(path: str, part: Any) -> None:
    P.check_object(path, part)
    if "type" not in part:
        P.missing(f"{path}.type")
    P.check_enum(f"{path}.type", part["type"], ("image_url", "text"))
    if part["type"] == "text":
        P.member(f"{path}", part, "text", P.check_string)
    else:
        if "image_url" not in part:
            P.missing(f"{path}.image_url")
        image = P.check_object(f"{path}.image_url", part["image_url"])
        P.member(f"{path}.image_url", image, "url", P.check_string)


def validate_moderation_request(
    body: Mapping[str, Any], *, azure: bool = False, custom: CustomModels | None = None
) -> None:
    """Raise the real API's 400 for the first problem in a moderation request."""
    if body.get("input") is None:
        P.missing("input")
    P.check_unknown_keys(body, MODERATION_PARAMETERS)
    value = body["input"]
    if not isinstance(value, (str, list)):
        P.invalid_type("input", _INPUT_TYPES, value)
    if isinstance(value, list):
        if not value:
            P.empty_array("input")
        if not all(isinstance(v, str) for v in value):
            for index, part in enumerate(value):
                _check_part(f"input[{index}]", part)
    model = body.get("model")
    if model is not None:
        P.check_string("model", model)
        resolve_model(model, "moderation", azure=azure, custom=custom)
