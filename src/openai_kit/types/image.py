"""One image of an images response."""

from __future__ import annotations

from openai_kit._models import BaseModel

__all__ = ["Image"]


class Image(BaseModel):
    """A generated or edited image: base64 data (GPT image models) or a URL (dall-e)."""

    b64_json: str | None = None
    revised_prompt: str | None = None
    url: str | None = None
