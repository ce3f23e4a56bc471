"""Moderations: shape, flags from trigger words, determinism, multimodal input."""

from __future__ import annotations

from openai.types import ModerationCreateResponse

from openai_kit.mockserver.api.moderations.content import moderation
from openai_kit.mockserver.generation.context import GenContext

CTX = GenContext(seed=0, created=1_700_000_000, azure=False)


def test_moderation_shape_and_flags() -> None:
    body = moderation(CTX, {"input": ["I want to kill them.", "What a lovely day."]})
    ModerationCreateResponse.model_validate(body)
    assert body["id"].startswith("modr-")
    assert body["model"] == "omni-moderation-latest"
    bad, good = body["results"]
    assert bad["flagged"] is True
    assert bad["categories"]["violence"] is True
    assert bad["categories"]["harassment/threatening"] is True
    assert bad["category_scores"]["violence"] > 0.5
    assert good["flagged"] is False
    assert not any(good["categories"].values())
    assert all(0 <= s < 0.001 for s in good["category_scores"].values())
    assert (
        set(bad["categories"])
        == set(bad["category_scores"])
        == set(bad["category_applied_input_types"])
    )
    assert {"illicit", "illicit/violent", "self-harm/intent"} <= set(bad["categories"])
    assert bad["category_applied_input_types"]["violence"] == ["text"]


def test_moderation_is_deterministic() -> None:
    request = {"input": "hello there", "model": "text-moderation-latest"}
    first = moderation(CTX, request)
    assert first == moderation(CTX, request)
    assert first["model"] == "text-moderation-007"
    assert moderation(GenContext(2, 0, False), request)["results"] != first["results"]


def test_multimodal_moderation_is_one_result() -> None:
    body = moderation(
        CTX,
        {
            "model": "omni-moderation-latest",
            "input": [
                {"type": "text", "text": "a picture"},
                {"type": "image_url", "image_url": {"url": "https://x/y.png"}},
            ],
        },
    )
    (result,) = body["results"]
    assert result["category_applied_input_types"]["violence"] == ["text", "image"]
    assert result["category_applied_input_types"]["hate"] == ["text"]
