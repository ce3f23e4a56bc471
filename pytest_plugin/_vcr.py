"""The one place openai-kit touches vcrpy (untyped), behind typed names.

What is used, and why it is sound to use: vcrpy's cassette format version,
and its YAML loader (libyaml when present, safe: it refuses the
code-executing ``!!python/object`` tags, yet reads the benign tags older
vcrpy versions wrote, such as ``!!python/unicode`` and ``BytesIO`` bodies).
(Files openai-kit wrote are read by ``_fastload`` first, which hands
anything it is unsure of to this loader.) Writing uses openai-kit's own dumper (see ``_serialize``), because vcrpy's
dumper folds multi-line bodies into quoted scalars that diff poorly; the
files it writes are plain vcrpy ``version: 1`` cassettes that vcrpy reads.
"""

from __future__ import annotations

from typing import Final

from vcr.serialize import CASSETTE_FORMAT_VERSION
from vcr.serializers import yamlserializer

__all__ = ["FORMAT_VERSION", "parse_yaml"]

FORMAT_VERSION: Final[int] = int(CASSETTE_FORMAT_VERSION)


def parse_yaml(text: str | bytes) -> object:
    """The data of a cassette file, read by vcrpy's safe YAML loader."""
    data: object = yamlserializer.deserialize(text)
    return data
