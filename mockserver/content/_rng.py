"""Deterministic randomness: seeds derived from canonical JSON, ids, fingerprints.

Nothing here uses ``hash()`` (salted per process); every seed comes from a
BLAKE2b digest of canonical JSON, so the same inputs give the same numbers in
every process and on every machine.
"""

from __future__ import annotations

import hashlib
import json
import random
import string
from collections.abc import Mapping
from typing import Any, Final

__all__ = [
    "ALNUM",
    "canonical_json",
    "derive_seed",
    "random_alnum",
    "request_seed",
    "rng_for",
    "sub_rng",
]

ALNUM: Final = string.ascii_letters + string.digits
_GOLDEN: Final = 0x9E3779B97F4A7C15
_MASK64: Final = (1 << 64) - 1


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: one text per value, whatever the key order."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def derive_seed(*parts: Any) -> int:
    """A 64-bit seed from any JSON-serialisable parts."""
    digest = hashlib.blake2b(canonical_json(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def request_seed(seed: int, operation: str, body: Mapping[str, Any], ignore: frozenset[str]) -> int:
    """The seed of one request: the server seed, the operation and the body minus ``ignore``.

    Keys in ``ignore`` (``stream``, ``max_tokens``...) change how an answer is
    delivered or cut, not what it is, so a streamed and a buffered request, or
    a truncated and a full one, share their content.
    """
    kept = {key: value for key, value in body.items() if key not in ignore}
    return derive_seed(seed, operation, kept)


def sub_rng(base: int, index: int) -> random.Random:
    """An independent generator for item ``index`` of a request (choice, input...)."""
    return random.Random((base + (index + 1) * _GOLDEN) & _MASK64)


def rng_for(*parts: Any) -> random.Random:
    """A generator seeded from ``parts``."""
    return random.Random(derive_seed(*parts))


def random_alnum(rng: random.Random, length: int) -> str:
    """``length`` letters and digits, as the real API's ids use."""
    return "".join(rng.choices(ALNUM, k=length))
