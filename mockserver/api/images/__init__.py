"""Images: generations, edits (one or more images, optional mask) and dall-e-2 variations.

Real PNG, JPEG and WebP pictures, deterministic from the prompt, the inputs
and the seed; dall-e URLs are hosted by the mock itself (``/_mock/media/``).
"""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver._sse import NAMED
from openai_kit.mockserver.api.images.handlers import (
    images_create_variation,
    images_edit,
    images_generate,
)
from openai_kit.mockserver.media.hosted import HostedMedia

__all__ = ["AREA"]

AREA = Area(
    "images",
    (
        Operation(
            "images.generate",
            "POST",
            "/images/generations",
            images_generate,
            body="json",
            deployment=True,
            model=True,
            stream=NAMED,
        ),
        Operation(
            "images.edit",
            "POST",
            "/images/edits",
            images_edit,
            body="multipart",
            deployment=True,
            model=True,
            stream=NAMED,
        ),
        Operation(
            "images.create_variation",
            "POST",
            "/images/variations",
            images_create_variation,
            body="multipart",
            azure=False,
        ),
    ),
    stores=(HostedMedia,),
)
