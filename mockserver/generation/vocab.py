"""Word lists drawn from Faker once, so per-request text costs only ``random`` calls.

Building a Faker instance and reseeding it per request is slow; instead the
lists below are generated once (lazily, from a Faker seeded with a constant)
and requests pick from them with their own ``random.Random``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

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


@functools.cache
def vocab() -> Vocab:
    """The shared word lists (built on first use, about 50 ms, then cached).

    A bare ``faker.Generator`` with the five providers used, not ``Faker()``,
    which loads every provider (~300 ms, paid by the first test of a run).
    """
    from faker import Generator
    from faker.providers.address.en_US import Provider as AddressProvider
    from faker.providers.color import Provider as ColorProvider
    from faker.providers.company.en_US import Provider as CompanyProvider
    from faker.providers.currency import Provider as CurrencyProvider
    from faker.providers.job.en_US import Provider as JobProvider
    from faker.providers.lorem.en_US import Provider as LoremProvider
    from faker.providers.person.en_US import Provider as PersonProvider

    fake: Any = Generator()  # provider methods are attached at run time
    for provider in (PersonProvider, AddressProvider, CompanyProvider, JobProvider, LoremProvider):
        fake.add_provider(provider)
    fake.seed_instance(20240806)
    first = tuple(
        dict.fromkeys([*PersonProvider.first_names_female, *PersonProvider.first_names_male])
    )
    return Vocab(
        words=tuple(LoremProvider.word_list),
        first_names=first,
        last_names=tuple(dict.fromkeys(PersonProvider.last_names)),
        cities=tuple(dict.fromkeys(fake.city() for _ in range(120))),
        states=tuple(dict.fromkeys(fake.state() for _ in range(80))),
        countries=tuple(dict.fromkeys(fake.country() for _ in range(150))),
        streets=tuple(dict.fromkeys(fake.street_address() for _ in range(120))),
        companies=tuple(dict.fromkeys(fake.company() for _ in range(120))),
        jobs=tuple(dict.fromkeys(fake.job() for _ in range(80))),
        colors=tuple(ColorProvider.all_colors),
        currencies=tuple(code for code, _name in CurrencyProvider.currencies),
    )
