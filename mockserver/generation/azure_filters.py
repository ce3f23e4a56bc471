"""Azure OpenAI's content-filter annotations, derived from the same trigger words as moderation."""

from __future__ import annotations

from typing import Any, Final

from openai_kit.mockserver.generation.moderation import triggered_categories

__all__ = [
    "choice_filter_results",
    "chunk_filter_results",
    "prompt_filter_results",
    "stream_prelude",
]

# Azure category <- moderation categories that raise it.
_AZURE_CATEGORIES: Final = (
    ("hate", ("hate", "harassment")),
    ("self_harm", ("self-harm",)),
    ("sexual", ("sexual",)),
    ("violence", ("violence",)),
)
_JAILBREAK_PHRASES: Final = (
    "ignore previous instructions",
    "ignore all previous instructions",
    "ignore your instructions",
    "developer mode",
)


def _severities(text: str) -> dict[str, dict[str, Any]]:
    fired = triggered_categories(text)
    return {
        name: {"filtered": False, "severity": "low" if fired.intersection(sources) else "safe"}
        for name, sources in _AZURE_CATEGORIES
    }


def prompt_filter_results(prompt: str) -> list[dict[str, Any]]:
    """``prompt_filter_results`` for a request whose prompt text is ``prompt``."""
    results = _severities(prompt)
    lowered = prompt.lower()
    detected = any(phrase in lowered for phrase in _JAILBREAK_PHRASES)
    results["jailbreak"] = {"filtered": False, "detected": detected}
    return [{"prompt_index": 0, "content_filter_results": dict(sorted(results.items()))}]


def choice_filter_results(content: str | None) -> dict[str, Any]:
    """A non-streamed choice's ``content_filter_results`` (empty when there is no text)."""
    if content is None:
        return {}
    results = _severities(content)
    results["protected_material_code"] = {"filtered": False, "detected": False}
    results["protected_material_text"] = {"filtered": False, "detected": False}
    return dict(sorted(results.items()))


def chunk_filter_results(text: str) -> dict[str, Any]:
    """A streamed content delta's ``content_filter_results``."""
    return _severities(text)


def stream_prelude(prompt: str) -> dict[str, Any]:
    """The filter-only chunk Azure sends before the first real chunk of a stream."""
    return {
        "choices": [],
        "created": 0,
        "id": "",
        "model": "",
        "object": "",
        "prompt_filter_results": prompt_filter_results(prompt),
    }
