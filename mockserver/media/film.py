"""Short MP4 films (H.264), their WebP thumbnail and JPEG spritesheet.

The film is a few frames a second of the seed's picture shifting colour,
so it is cheap to encode and every decoder opens it at the requested size
and length.
"""

from __future__ import annotations

import io
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from openai_kit.mockserver.media.picture import draw

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["FPS", "film", "spritesheet", "thumbnail"]

FPS: Final = 4
_SPRITES: Final = 8


def _frame(seed: int, width: int, height: int, index: int) -> Image.Image:
    picture = draw(seed, width, height).convert("RGB")
    shift = (index * 23) % 256
    return picture.point(lambda v: (v + shift) % 256)


def film(seed: int, width: int, height: int, seconds: int) -> bytes:
    """An H.264 MP4 of ``seconds`` seconds at ``width`` x ``height``."""
    import av

    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=FPS, options={"preset": "ultrafast"})
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.time_base = Fraction(1, FPS)
        for index in range(seconds * FPS):
            frame = av.VideoFrame.from_image(_frame(seed, width, height, index))  # type: ignore[no-untyped-call]
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return out.getvalue()


def thumbnail(seed: int, width: int, height: int) -> bytes:
    """The first frame as WebP."""
    out = io.BytesIO()
    _frame(seed, width, height, 0).save(out, "WEBP", quality=80, method=0)
    return out.getvalue()


def spritesheet(seed: int, width: int, height: int, seconds: int) -> bytes:
    """Frames across the film, small, side by side in one JPEG."""
    from PIL import Image as PILImage

    tile_w, tile_h = max(1, width // 8), max(1, height // 8)
    sheet = PILImage.new("RGB", (tile_w * _SPRITES, tile_h))
    step = max(1, seconds * FPS // _SPRITES)
    for slot in range(_SPRITES):
        tile = _frame(seed, tile_w, tile_h, slot * step)
        sheet.paste(tile, (slot * tile_w, 0))
    out = io.BytesIO()
    sheet.save(out, "JPEG", quality=80)
    return out.getvalue()
