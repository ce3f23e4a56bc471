"""Word lists built once, so per-request text costs only ``random`` calls.

The lists are openai-kit's own (``words``); cities, streets and companies
are composed from them once, lazily, with a ``random.Random`` seeded with a
constant, and requests pick from them with their own ``random.Random``.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from dataclasses import dataclass

from openai_kit.mockserver.generation import words as W

__all__ = ["Vocab", "vocab"]


@dataclass(frozen=True, slots=True)
class Vocab:
    words: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    cities: tuple[str, ...]
    states: tuple[str, ...]
    countries: tuple[str, ...]
    streets: tuple[str, ...]
    companies: tuple[str, ...]
    jobs: tuple[str, ...]
    colors: tuple[str, ...]
    currencies: tuple[str, ...]


def _composed(rng: random.Random, count: int, make: Callable[[], str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(make() for _ in range(count)))


@functools.cache
def vocab() -> Vocab:
    """The shared word lists (built on first use, a millisecond or two, then cached)."""
    rng = random.Random(20240806)
    last, first = W.LAST_NAMES, W.FIRST_NAMES

    def city() -> str:
        name = rng.choice(first + last)
        if rng.random() < 0.4:
            return f"{rng.choice(W.CITY_PREFIXES)} {name}"
        return name + rng.choice(W.CITY_SUFFIXES)

    def street() -> str:
        return f"{rng.randint(1, 99999)} {rng.choice(last)} {rng.choice(W.STREET_SUFFIXES)}"

    def company() -> str:
        shape = rng.randrange(3)
        if shape == 0:
            return f"{rng.choice(last)} {rng.choice(W.COMPANY_SUFFIXES)}"
        if shape == 1:
            return f"{rng.choice(last)}-{rng.choice(last)}"
        return f"{rng.choice(W.ADJECTIVES)} {rng.choice(last)} {rng.choice(W.COMPANY_SUFFIXES)}"

    return Vocab(
        words=W.WORDS,
        first_names=first,
        last_names=last,
        cities=_composed(rng, 120, city),
        states=W.STATES,
        countries=W.COUNTRIES,
        streets=_composed(rng, 120, street),
        companies=_composed(rng, 120, company),
        jobs=W.JOBS,
        colors=W.COLORS,
        currencies=W.CURRENCIES,
    )
