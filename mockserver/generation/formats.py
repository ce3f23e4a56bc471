"""Plausible strings and numbers for JSON Schema values: ``format``\\ s and property-name hints.

A property named ``email``, ``city`` or ``date`` gets a matching value; a
``format`` such as ``date-time``, ``uuid`` or ``ipv4`` a valid one.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Mapping
from typing import Final

from openai_kit.mockserver.generation.text import sentence
from openai_kit.mockserver.generation.vocab import vocab

__all__ = ["FORMATS", "hinted_string", "number_hint"]


def number_hint(hint: str, default: tuple[float, float]) -> tuple[float, float]:
    key = hint.lower()
    if key == "age" or key.endswith("_age"):
        return 18.0, 90.0
    if "year" in key:
        return 1990.0, 2025.0
    if key in ("lat", "latitude"):
        return -90.0, 90.0
    if key in ("lon", "lng", "longitude"):
        return -180.0, 180.0
    if any(w in key for w in ("count", "quantity", "number", "num")):
        return 1.0, 20.0
    if any(w in key for w in ("rating", "stars")):
        return 1.0, 5.0
    if any(w in key for w in ("temperature", "temp")):
        return -10.0, 35.0
    return default


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2015, 2025):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _time(rng: random.Random) -> str:
    return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"


def _email(rng: random.Random) -> str:
    v = vocab()
    first = rng.choice(v.first_names).lower()
    last = rng.choice(v.last_names).lower()
    return f"{first}.{last}@example.{rng.choice(('com', 'org', 'net'))}"


def _uri(rng: random.Random) -> str:
    return f"https://www.example.com/{rng.choice(vocab().words)}/{rng.randint(1, 999)}"


def _ipv6(rng: random.Random) -> str:
    return ":".join(f"{rng.getrandbits(16):x}" for _ in range(8))


FORMATS: Final[Mapping[str, Callable[[random.Random], str]]] = {
    "date-time": lambda rng: f"{_date(rng)}T{_time(rng)}",
    "date": _date,
    "time": _time,
    "duration": lambda rng: f"P{rng.randint(1, 30)}DT{rng.randint(0, 23)}H",
    "email": _email,
    "idn-email": _email,
    "uri": _uri,
    "url": _uri,
    "iri": _uri,
    "uri-reference": lambda rng: f"/{rng.choice(vocab().words)}/{rng.randint(1, 99)}",
    "uuid": lambda rng: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
    "hostname": lambda rng: f"{rng.choice(vocab().words)}.example.com",
    "idn-hostname": lambda rng: f"{rng.choice(vocab().words)}.example.com",
    "ipv4": lambda rng: ".".join(str(rng.randint(1, 254)) for _ in range(4)),
    "ipv6": _ipv6,
}


def hinted_string(rng: random.Random, hint: str) -> str:
    key = hint.lower()
    v = vocab()
    if "email" in key:
        return _email(rng)
    if key in ("url", "uri", "website", "link", "homepage") or key.endswith("_url"):
        return _uri(rng)
    if key in ("first_name", "firstname", "given_name"):
        return rng.choice(v.first_names)
    if key in ("last_name", "lastname", "surname", "family_name"):
        return rng.choice(v.last_names)
    if key in ("name", "full_name", "fullname", "author", "person", "username", "user"):
        return f"{rng.choice(v.first_names)} {rng.choice(v.last_names)}"
    if "city" in key or key == "location":
        return rng.choice(v.cities)
    if "country" in key:
        return rng.choice(v.countries)
    if key in ("state", "province", "region"):
        return rng.choice(v.states)
    if "address" in key or "street" in key:
        return rng.choice(v.streets)
    if "company" in key or "organization" in key or "employer" in key:
        return rng.choice(v.companies)
    if key in ("job", "occupation", "role", "position", "job_title"):
        return rng.choice(v.jobs)
    if "color" in key or "colour" in key:
        return rng.choice(v.colors)
    if "currency" in key:
        return rng.choice(v.currencies)
    if "phone" in key:
        return f"+1-{rng.randint(200, 999)}-555-{rng.randint(0, 9999):04d}"
    if "date" in key or key.endswith("_at") or key in ("when", "day"):
        return _date(rng)
    if key == "time":
        return _time(rng)
    if key == "id" or key.endswith("_id") or key == "uuid":
        return f"{rng.choice(v.words)}_{rng.randint(1000, 99999)}"
    if any(
        w in key
        for w in (
            "description",
            "summary",
            "text",
            "content",
            "reason",
            "explanation",
            "answer",
            "message",
            "comment",
            "notes",
        )
    ):
        return sentence(rng)
    if "title" in key or "subject" in key or "headline" in key:
        return sentence(rng, 2, 6)[:-1]
    return " ".join(rng.choices(v.words, k=rng.randint(1, 3)))
