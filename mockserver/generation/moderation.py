"""The moderation classifier: deterministic category scores with trigger words that flag.

The moderations area answers with it; Azure's content filters grade text with it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, Final

from openai_kit.mockserver.generation.rng import rng_for

__all__ = [
    "CATEGORIES",
    "IMAGE_CATEGORIES",
    "moderation_result",
    "triggered_categories",
]

CATEGORIES: Final = (
    "harassment",
    "harassment/threatening",
    "sexual",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm/intent",
    "self-harm/instructions",
    "self-harm",
    "sexual/minors",
    "violence",
    "violence/graphic",
)
IMAGE_CATEGORIES: Final = frozenset(
    {
        "self-harm",
        "self-harm/intent",
        "self-harm/instructions",
        "sexual",
        "violence",
        "violence/graphic",
    }
)

# Phrases (lower case) that make a category fire; parents fire with their children.
_TRIGGERS: Final[Mapping[str, tuple[str, ...]]] = {
    "violence": (
        "kill",
        "murder",
        "attack",
        "shoot",
        "stab",
        "bomb",
        "weapon",
        "beat up",
        "assault",
    ),
    "violence/graphic": ("gore", "dismember", "mutilat", "disembowel"),
    "harassment": ("idiot", "stupid", "moron", "loser", "worthless", "shut up"),
    "harassment/threatening": ("kill you", "kill them", "hurt you", "find you", "watch your back"),
    "hate": ("inferior race", "subhuman", "vermin", "hate all"),
    "hate/threatening": ("exterminate them", "wipe them out"),
    "self-harm": ("suicide", "self-harm", "self harm", "cut myself", "hurt myself"),
    "self-harm/intent": ("kill myself", "end my life", "want to die"),
    "self-harm/instructions": ("how to kill myself", "ways to hurt myself"),
    "sexual": ("porn", "nsfw", "explicit sex", "nude"),
    "sexual/minors": (),
    "illicit": ("steal", "shoplift", "buy drugs", "meth", "counterfeit", "hack into", "launder"),
    "illicit/violent": ("make a bomb", "build a bomb", "pipe bomb", "untraceable gun"),
}
_PARENTS: Final[Mapping[str, tuple[str, ...]]] = {
    "violence/graphic": ("violence",),
    "harassment/threatening": ("harassment", "violence"),
    "hate/threatening": ("hate", "violence"),
    "self-harm/intent": ("self-harm",),
    "self-harm/instructions": ("self-harm",),
    "sexual/minors": ("sexual",),
    "illicit/violent": ("illicit", "violence"),
}


def triggered_categories(text: str) -> set[str]:
    """The categories ``text`` sets off (with their parent categories)."""
    lowered = text.lower()
    fired = {cat for cat, phrases in _TRIGGERS.items() if any(p in lowered for p in phrases)}
    for cat in list(fired):
        fired.update(_PARENTS.get(cat, ()))
    return fired


def _score(rng: random.Random, fired: bool) -> float:
    if fired:
        return rng.uniform(0.55, 0.995)
    return 10 ** rng.uniform(-7.0, -3.5)


def moderation_result(
    seed: int, model: str, text: str, *, has_text: bool = True, has_image: bool = False
) -> dict[str, Any]:
    """One result (``flagged``, ``categories``, scores, applied input types) for ``text``."""
    rng = rng_for(seed, "moderation", model, text, has_image)
    fired = triggered_categories(text)
    categories: dict[str, bool] = {}
    scores: dict[str, float] = {}
    applied: dict[str, list[str]] = {}
    for cat in CATEGORIES:
        categories[cat] = cat in fired
        scores[cat] = _score(rng, cat in fired)
        types = ["text"] if has_text else []
        if has_image and cat in IMAGE_CATEGORIES:
            types.append("image")
        applied[cat] = types
    return {
        "flagged": bool(fired),
        "categories": categories,
        "category_scores": scores,
        "category_applied_input_types": applied,
    }
