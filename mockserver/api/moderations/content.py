"""The answer of ``POST /moderations``: one classifier result per input."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from openai_kit.mockserver.generation.catalog import resolve_model
from openai_kit.mockserver.generation.context import GenContext
from openai_kit.mockserver.generation.moderation import moderation_result
from openai_kit.mockserver.generation.rng import derive_seed, random_alnum

__all__ = ["moderation"]


def _inputs(value: Any) -> list[tuple[str, bool, bool]]:
    """(text, has_text, has_image) per result the input asks for."""
    if isinstance(value, str):
        return [(value, True, False)]
    if value and all(isinstance(item, str) for item in value):
        return [(item, True, False) for item in value]
    texts = [p["text"] for p in value if p.get("type") == "text"]
    has_image = any(p.get("type") == "image_url" for p in value)
    return [(" ".join(texts), bool(texts), has_image)]


def moderation(ctx: GenContext, body: Mapping[str, Any]) -> dict[str, Any]:
    """A ``CreateModerationResponse`` for a validated request."""
    requested = body.get("model") or "omni-moderation-latest"
    info = resolve_model(requested, "moderation", azure=ctx.azure, custom=ctx.custom)
    model = info.response_model
    results = []
    for text, has_text, has_image in _inputs(body["input"]):
        image = has_image and info.id.startswith("omni")
        results.append(
            moderation_result(ctx.seed, info.id, text, has_text=has_text, has_image=image)
        )
    id_rng = random.Random(derive_seed(ctx.seed, "moderation-id", body))
    return {"id": "modr-" + random_alnum(id_rng, 29), "model": model, "results": results}
