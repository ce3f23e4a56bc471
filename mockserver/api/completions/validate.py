"""``POST /v1/completions`` (legacy) request validation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from openai_kit.mockserver import _params as P

__all__ = ["COMPLETION_PARAMETERS", "validate_completion_request"]

COMPLETION_PARAMETERS: Final = frozenset(
    {
        "model", "prompt", "best_of", "echo", "frequency_penalty", "logit_bias", "logprobs",
        "max_tokens", "n", "presence_penalty", "seed", "stop", "stream", "stream_options",
        "suffix", "temperature", "top_p", "user",
    }
)  # fmt: skip


def _check_stop(value: Any) -> None:
    if isinstance(value, str):
        return
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        P.invalid_type("stop", "one of a string or array of strings", value)
    if len(value) > 4:
        P.too_long_array("stop", 4, len(value))


def validate_completion_request(
    body: Mapping[str, Any], *, azure: bool = False, require_model_field: bool = True
) -> None:
    """Raise the real API's 400 for the first problem in a legacy completions request."""
    P.require_model(body, required=require_model_field)
    if "prompt" not in body:
        P.missing("prompt")
    P.check_unknown_keys(body, COMPLETION_PARAMETERS)
    if body["prompt"] is not None:
        P.check_text_or_tokens("prompt", body["prompt"])
    checks: tuple[tuple[str, Any], ...] = (
        ("n", lambda v: P.check_integer("n", v, 1, 128)),
        ("best_of", lambda v: P.check_integer("best_of", v, 0, 20)),
        ("max_tokens", lambda v: P.check_integer("max_tokens", v, 0)),
        ("logprobs", lambda v: P.check_integer("logprobs", v, 0, 5)),
        ("stop", _check_stop),
        ("temperature", lambda v: P.check_number("temperature", v, 0, 2)),
        ("top_p", lambda v: P.check_number("top_p", v, 0, 1)),
        ("frequency_penalty", lambda v: P.check_number("frequency_penalty", v, -2, 2)),
        ("presence_penalty", lambda v: P.check_number("presence_penalty", v, -2, 2)),
        ("echo", lambda v: P.check_boolean("echo", v)),
        ("stream", lambda v: P.check_boolean("stream", v)),
        ("stream_options", lambda v: P.check_object("stream_options", v)),
        ("seed", lambda v: P.check_integer("seed", v)),
        ("suffix", lambda v: P.check_string("suffix", v)),
        ("user", lambda v: P.check_string("user", v)),
        ("logit_bias", lambda v: P.check_object("logit_bias", v)),
    )
    for name, check in checks:
        if body.get(name) is not None:
            check(body[name])
    if body.get("stream_options") is not None and not body.get("stream"):
        P.invalid_request(
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
            "stream_options",
        )
    best_of = body.get("best_of")
    n = body.get("n") or 1
    if best_of is not None and best_of < n:
        P.invalid_request(
            "Invalid value for 'best_of': best_of must be greater than or equal to n.",
            "best_of",
        )
    if best_of is not None and best_of > 1 and body.get("stream"):
        P.invalid_request("Cannot stream results with best_of > 1.", "best_of")
