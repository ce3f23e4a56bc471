"""Abstract pictures derived from a seed, encoded as PNG, JPEG or WebP.

A picture is a small grid of seeded colours scaled up smoothly to the
requested size: cheap to draw, cheap to compress, and different for every
seed. Partial images (streaming) are the same picture with a coarser grid.
"""

from __future__ import annotations

import io
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["MEDIA_TYPES", "decode_picture", "draw", "encode"]

MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
_GRID = 8


def draw(
    seed: int, width: int, height: int, *, transparent: bool = False, coarse: int = 0
) -> Image.Image:
    """The picture of ``seed`` at ``width`` x ``height``; ``coarse`` > 0 draws a coarser draft.

    A palette image of ``grid`` x ``grid`` seeded tiles (built row by row as
    bytes, no per-pixel work); ``transparent`` makes about a third of the tiles clear.
    """
    from PIL import Image

    rng = random.Random(seed)
    grid = max(2, _GRID >> coarse)
    tiles = grid * grid
    colours = [rng.getrandbits(24).to_bytes(3, "big") for _ in range(tiles)]
    columns = bytes(x * grid // width for x in range(width))
    rows = []
    for row in range(grid):
        line = columns.translate(bytes((row * grid + c) % 256 for c in range(256)))
        span = (row + 1) * height // grid - row * height // grid
        rows.append(line * span)
    picture = Image.frombytes("P", (width, height), b"".join(rows))
    if transparent:
        alphas = [b"\x00" if rng.random() < 0.35 else b"\xff" for _ in range(tiles)]
        picture.putpalette(b"".join(c + a for c, a in zip(colours, alphas, strict=True)), "RGBA")
    else:
        picture.putpalette(b"".join(colours))
    return picture


def encode(picture: Image.Image, output_format: str, compression: int = 100) -> bytes:
    """``picture`` as ``png``, ``jpeg`` or ``webp`` bytes (``compression``: 0-100 quality)."""
    out = io.BytesIO()
    if output_format == "png":
        picture.save(out, "PNG", compress_level=1)
    elif output_format == "jpeg":
        picture.convert("RGB").save(out, "JPEG", quality=max(1, min(95, compression)))
    else:
        mode = "RGBA" if picture.palette is not None and picture.palette.mode == "RGBA" else "RGB"
        picture.convert(mode).save(out, "WEBP", quality=max(1, compression), method=0)
    return out.getvalue()


def decode_picture(data: bytes) -> Image.Image | None:
    """An uploaded picture, or None when the bytes are no image Pillow reads."""
    from PIL import Image, UnidentifiedImageError

    try:
        picture = Image.open(io.BytesIO(data))
        picture.load()
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    return picture
