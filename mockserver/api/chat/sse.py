"""Chat stream chunks as ``data:`` events, fast.

:func:`~openai_kit.mockserver._sse.encode_event` is the encoding of every
``data:`` event (compact JSON, non-ASCII escaped). A stream's content chunks differ from one another
only in a few values (the token, its logprobs, its filter results, the
``obfuscation`` padding), so :class:`ChunkTemplate` encodes one chunk whose
varying values are markers, once, and then builds each event by putting the
JSON of the actual values between the fixed parts: the same bytes
:func:`encode_event` gives for the whole chunk, for a fraction of the work.
"""

from __future__ import annotations

from collections.abc import Mapping
from json.encoder import encode_basestring_ascii
from typing import Any

from openai_kit.mockserver._sse import encode_event, event_json

__all__ = ["ChunkTemplate", "encode_event", "event_json", "hole"]


def hole(number: int) -> str:
    """The marker of hole ``number`` (a string no generated value contains)."""
    return f"\x00hole{number}\x00"


class ChunkTemplate:
    """An encoded chunk with holes, filled per event.

    ``sample`` is a chunk whose varying values are the strings ``hole(0)``,
    ``hole(1)``... in the order they appear in its encoding. :meth:`fill`
    takes the JSON text of the values for the holes and gives the event's
    bytes: exactly :func:`encode_event` of the chunk with those values.
    """

    __slots__ = ("_parts",)

    def __init__(self, sample: Mapping[str, Any], holes: int) -> None:
        text = "data: " + event_json(sample) + "\n\n"
        parts: list[str] = []
        for number in range(holes):
            marker = encode_basestring_ascii(hole(number))
            head, found, text = text.partition(marker)
            if not found or marker in text:
                raise ValueError(f"hole {number} is not in the sample exactly once")
            parts.append(head)
        parts.append(text)
        self._parts = tuple(parts)

    @property
    def holes(self) -> int:
        return len(self._parts) - 1

    def fill(self, *values: str) -> bytes:
        """The event with ``values`` (JSON texts, one per hole, in order) in the holes."""
        parts = self._parts
        if len(values) != len(parts) - 1:
            raise ValueError(f"{len(parts) - 1} values expected, got {len(values)}")
        pieces = [parts[0]]
        for value, part in zip(values, parts[1:], strict=True):
            pieces.append(value)
            pieces.append(part)
        return "".join(pieces).encode()

    def fill2(self, first: str, second: str) -> bytes:
        """:meth:`fill` for a template of two holes, the common stream chunk."""
        start, middle, end = self._parts
        return (start + first + middle + second + end).encode()
