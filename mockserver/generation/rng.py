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
from collections.abc import Callable, Mapping, Sequence
from math import floor
from typing import Any, Final, TypeVar

__all__ = [
    "ALNUM",
    "GrowingSeed",
    "canonical_json",
    "derive_seed",
    "pick",
    "randint",
    "random_alnum",
    "request_seed",
    "rng_for",
    "sub_rng",
]

T = TypeVar("T")

ALNUM: Final = string.ascii_letters + string.digits
_GOLDEN: Final = 0x9E3779B97F4A7C15
_MASK64: Final = (1 << 64) - 1


# ``json.dumps`` with these options builds an encoder per call, and so does
# ``JSONEncoder.encode``; the C encoder underneath, made once, writes the same
# text (it keeps no state between calls; values made from JSON hold no cycles,
# so none is looked for).
_CANONICAL: Final = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _canonical_encoder() -> Callable[[Any], str]:
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return _CANONICAL.encode
    encode = make(
        None, _CANONICAL.default, json.encoder.encode_basestring, None, ":", ",", True, False, True
    )
    return lambda value: "".join(encode(value, 0))


_encode_canonical: Final = _canonical_encoder()


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: one text per value, whatever the key order."""
    return _encode_canonical(value)


def _plain_json(part: Any) -> str | None:
    """The canonical JSON of an int or of a string JSON writes as is; None for anything else."""
    kind = type(part)
    if kind is int:
        return str(part)
    plain = kind is str and part.isascii() and part.isprintable()
    if plain and '"' not in part and "\\" not in part:
        return f'"{part}"'
    return None


def derive_seed(*parts: Any) -> int:
    """A 64-bit seed from any JSON-serialisable parts."""
    # Seeds from a number and labels (the common case) skip the JSON encoder:
    # their canonical JSON is written directly, the same text.
    pieces: list[str] = []
    for part in parts:
        piece = _plain_json(part)
        if piece is None:
            text = canonical_json(parts)
            break
        pieces.append(piece)
    else:
        text = "[" + ",".join(pieces) + "]"
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


class GrowingSeed:
    """``derive_seed(*parts, texts)`` for a list of ``texts`` that mostly grows from one call
    to the next (a conversation's words): the digest of what was hashed is kept, so a
    call hashes only the texts added since (the same seed, whatever the texts)."""

    def __init__(self, *parts: Any) -> None:
        self._head = canonical_json(parts)[:-1]  # the parts' JSON array, left open
        self._hashed: list[str] = []
        self._digest = self._start()

    def _start(self) -> Any:
        self._hashed = []
        digest = hashlib.blake2b(digest_size=8)
        digest.update((self._head + ("," if self._head != "[" else "") + "[").encode())
        return digest

    def __call__(self, texts: list[str]) -> int:
        hashed = self._hashed
        if texts[: len(hashed)] != hashed:
            self._digest = self._start()
            hashed = self._hashed
        digest = self._digest
        for text in texts[len(hashed) :]:
            digest.update((("," if hashed else "") + canonical_json(text)).encode())
            hashed.append(text)
        final = digest.copy()
        final.update(b"]]")
        return int.from_bytes(final.digest(), "little")


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


# ``randint`` and ``pick`` make the very draws of ``Random.randint`` and
# ``Random.choices`` (same calls on the generator, same results, Python 3.11
# to 3.13), without the argument checks and layers of calls around them that
# cost more than the draws themselves on the per-chunk and per-word paths.


def randint(rng: random.Random, low: int, high: int) -> int:
    """``rng.randint(low, high)``."""
    width = high - low + 1
    bits = width.bit_length()
    getrandbits = rng.getrandbits
    drawn = getrandbits(bits)
    while drawn >= width:
        drawn = getrandbits(bits)
    return low + drawn


def pick(rng: random.Random, population: Sequence[T], count: int) -> list[T]:
    """``rng.choices(population, k=count)``."""
    draw = rng.random
    size = len(population) + 0.0
    return [population[floor(draw() * size)] for _ in range(count)]


def random_alnum(rng: random.Random, length: int) -> str:
    """``length`` letters and digits, as the real API's ids use."""
    draw = rng.random
    return "".join([ALNUM[floor(draw() * 62.0)] for _ in range(length)])
