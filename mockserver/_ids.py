"""Deterministic identifiers: the same seed and counter give the same id.

Real ids look random; these are hashes of ``(seed, kind, number)`` so a run
with the same seed and the same calls produces the same ids in any process.
"""

from __future__ import annotations

import hashlib

__all__ = ["alnum_id", "hex_id", "uuid_id"]

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
# byte value -> its character (the value modulo the alphabet's length), for bytes.translate
_TO_ALNUM = bytes(ord(_ALPHABET[b % len(_ALPHABET)]) for b in range(256))


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
