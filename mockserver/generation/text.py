"""Lorem-style prose built from the cached word lists."""

from __future__ import annotations

import random

from openai_kit.mockserver.generation.rng import pick, randint
from openai_kit.mockserver.generation.vocab import vocab

__all__ = ["reply_text", "sentence", "words"]


def words(rng: random.Random, count: int) -> list[str]:
    """``count`` lorem words."""
    return pick(rng, vocab().words, count)


def sentence(rng: random.Random, low: int = 5, high: int = 14) -> str:
    """A capitalised sentence of ``low``..``high`` words ending in a full stop."""
    picked = pick(rng, vocab().words, randint(rng, low, high))
    first = picked[0]
    picked[0] = first[:1].upper() + first[1:]
    return " ".join(picked) + "."


def reply_text(rng: random.Random, low: int = 1, high: int = 4) -> str:
    """An assistant-style answer: ``low``..``high`` sentences."""
    return " ".join([sentence(rng) for _ in range(randint(rng, low, high))])
