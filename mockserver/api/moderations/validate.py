"""``POST /v1/moderations`` request validation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from openai_kit.mockserver._params import (
    check_enum,
    check_object,
    check_string,
    check_unknown_keys,
    empty_array,
    invalid_type,
    member,
    missing,
)
from openai_kit.mockserver.generation.catalog import CustomModels, resolve_model

__all__ = ["MODERATION_PARAMETERS", "validate_moderation_request"]

MODERATION_PARAMETERS: Final = frozenset({"input", "model"})
_INPUT_TYPES: Final = "one of a string, array of strings, or array of objects"


def _check_part(path: str, part: Any) -> None:
    check_object(path, part)
    if "type" not in part:
        missing(f"{path}.type")
    check_enum(f"{path}.type", part["type"], ("image_url", "text"))
    if part["type"] == "text":
        member(f"{path}", part, "text", check_string)
    else:
        if "image_url" not in part:
            missing(f"{path}.image_url")
        image = check_object(f"{path}.image_url", part["image_url"])
        member(f"{path}.image_url", image, "url", check_string)


def validate_moderation_request(
    body: Mapping[str, Any], *, azure: bool = False, custom: CustomModels | None = None
) -> None:
    """Raise the real API's 400 for the first problem in a moderation request."""
    if body.get("input") is None:
        missing("input")
    check_unknown_keys(body, MODERATION_PARAMETERS)
    value = body["input"]
    if not isinstance(value, (str, list)):
        invalid_type("input", _INPUT_TYPES, value)
    if isinstance(value, list):
        if not value:
            empty_array("input")
        if not all(isinstance(v, str) for v in value):
            for index, part in enumerate(value):
                _check_part(f"input[{index}]", part)
    model = body.get("model")
    if model is not None:
        check_string("model", model)
        resolve_model(model, "moderation", azure=azure, custom=custom)
