"""``POST /v1/embeddings``: deterministic unit vectors, one per input text.

A vector depends on (server seed, model, input text, dimensions) only, never
on the rest of the request, so a text embeds the same alone and in any batch.

Speed without numpy: each dimension count has one fixed unit vector (float32,
Gaussian components, normalised once). The vector of a text is that basis
rotated by a text-derived offset, with text-derived sign flips applied to the
float32 sign bits through one big-integer XOR. Rotation and sign flips keep
the length exactly, so every vector is unit length with no per-component
arithmetic in Python; a 1536-dimension vector costs about 20 microseconds.
Short vectors (``dimensions`` up to 256), where shared magnitudes would show,
are drawn component by component instead, which is cheap at that size.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import math
import random
import sys
from array import array
from collections.abc import Mapping
from typing import Any, Final

from openai_kit.mockserver.generation.catalog import model_of, resolve_model
from openai_kit.mockserver.generation.context import GenContext
from openai_kit.mockserver.generation.rng import canonical_json, derive_seed
from openai_kit.mockserver.generation.tokens import count_tokens

__all__ = ["embed_text", "embedding_bytes", "embeddings"]

_BIG_ENDIAN: Final = sys.byteorder == "big"
_DIRECT_MAX_DIMS: Final = 256


@functools.cache
def _basis(dims: int) -> tuple[bytes, int]:
    """The unit vector of ``dims`` components as little-endian float32, and its sign-bit mask."""
    rng = random.Random(derive_seed("embedding-basis", dims))
    values = [rng.gauss(0.0, 1.0) for _ in range(dims)]
    norm = math.hypot(*values)
    vector = array("f", [v / norm for v in values])
    if _BIG_ENDIAN:
        vector.byteswap()
    sign_bits = int.from_bytes(b"\x00\x00\x00\x80" * dims, "little")
    return vector.tobytes(), sign_bits


def _direct(noise: bytes) -> bytes:
    ints = array("h", noise)
    if _BIG_ENDIAN:
        ints.byteswap()
    scale = 1.0 / (math.hypot(*ints) or 1.0)
    vector = array("f", [v * scale for v in ints])
    if _BIG_ENDIAN:
        vector.byteswap()
    return vector.tobytes()


@functools.lru_cache(maxsize=4096)
def _vector_bytes(seed: int, model: str, key: str, dims: int) -> bytes:
    width = dims * 4
    noise = hashlib.shake_256(canonical_json([seed, model, key, dims]).encode()).digest(width + 4)
    if dims <= _DIRECT_MAX_DIMS:
        return _direct(noise[: dims * 2])
    basis, sign_bits = _basis(dims)
    offset = 4 * (int.from_bytes(noise[width:], "little") % dims)
    rotated = basis[offset:] + basis[:offset]
    flips = int.from_bytes(noise[:width], "little") & sign_bits
    return (int.from_bytes(rotated, "little") ^ flips).to_bytes(width, "little")


def _key(text: str | list[int]) -> str:
    return text if isinstance(text, str) else "tokens:" + ",".join(map(str, text))


def embedding_bytes(seed: int, model: str, text: str | list[int], dims: int) -> bytes:
    """One input's unit vector as little-endian float32 bytes (what ``base64`` encodes)."""
    return _vector_bytes(seed, model, _key(text), dims)


def embed_text(seed: int, model: str, text: str | list[int], dims: int) -> list[float]:
    """One input's unit vector as floats (float32 values)."""
    vector = array("f", embedding_bytes(seed, model, text, dims))
    if _BIG_ENDIAN:
        vector.byteswap()
    return vector.tolist()


def _inputs(value: Any) -> list[str | list[int]]:
    if isinstance(value, str):
        return [value]
    if value and all(isinstance(v, int) for v in value):
        return [list(value)]
    return list(value)


def embeddings(ctx: GenContext, body: Mapping[str, Any]) -> dict[str, Any]:
    """A ``CreateEmbeddingResponse`` for a validated request."""
    info = resolve_model(model_of(body), "embedding", azure=ctx.azure, custom=ctx.custom)
    dims = int(body.get("dimensions") or info.embedding_dims or 1536)
    as_base64 = body.get("encoding_format") == "base64"
    data: list[dict[str, Any]] = []
    tokens = 0
    for index, item in enumerate(_inputs(body["input"])):
        tokens += count_tokens(item) if isinstance(item, str) else len(item)
        embedding: Any
        if as_base64:
            raw = embedding_bytes(ctx.seed, info.id, item, dims)
            embedding = base64.b64encode(raw).decode("ascii")
        else:
            embedding = embed_text(ctx.seed, info.id, item, dims)
        data.append({"object": "embedding", "index": index, "embedding": embedding})
    return {
        "object": "list",
        "data": data,
        "model": info.response_model,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }
