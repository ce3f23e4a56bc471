"""Deterministic identifiers: the same seed and counter give the same id.

Real ids look random; these are hashes of ``(seed, kind, number)`` so a run
with the same seed and the same calls produces the same ids in any process.
Where ids are made by the thousand in one sequence (a Realtime session's
events), :func:`alnum_ids` cuts them from one extendable-output hash of
``(seed, kind, n)`` per 32 ids: the same ids for the same seed and sequence,
at a fraction of the cost each.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator

__all__ = ["alnum_id", "alnum_ids", "hex_id", "uuid_id"]

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
# byte value -> its character (the value modulo the alphabet's length), for bytes.translate
_TO_ALNUM = bytes(ord(_ALPHABET[b % len(_ALPHABET)]) for b in range(256))
_IDS_PER_DRAW = 32  # ids of a series hashed and translated at once


def _digest(seed: int, kind: str, number: int) -> bytes:
    return hashlib.blake2b(f"{seed}:{kind}:{number}".encode(), digest_size=32).digest()


def hex_id(seed: int, kind: str, number: int, length: int = 32) -> str:
    """``length`` lowercase hex digits (at most 64)."""
    return _digest(seed, kind, number).hex()[:length]


def uuid_id(seed: int, kind: str, number: int) -> str:
    """A version-4-shaped UUID string."""
    h = hex_id(seed, kind, number)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def alnum_id(seed: int, kind: str, number: int, length: int = 24) -> str:
    """``length`` letters and digits, like the tails of OpenAI object ids (at most 32)."""
    return _digest(seed, kind, number)[:length].translate(_TO_ALNUM).decode("ascii")


def alnum_ids(seed: int, kind: str, length: int = 24, prefix: str = "") -> Callable[[], str]:
    """Successive ids for the sequence ``(seed, kind)``: ``prefix`` and ``length`` letters and
    digits; each call gives the next one, the same series for the same seed and kind."""
    return _id_series(seed, kind, length, prefix).__next__


def _id_series(seed: int, kind: str, length: int, prefix: str) -> Iterator[str]:
    size = length * _IDS_PER_DRAW
    for draw in itertools.count():
        stream = hashlib.shake_256(f"{seed}:{kind}:{draw}".encode()).digest(size)
        chars = stream.translate(_TO_ALNUM).decode("ascii")
        for start in range(0, size, length):
            yield prefix + chars[start : start + length]
