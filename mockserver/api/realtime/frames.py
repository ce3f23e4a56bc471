"""Server events as the text frames that carry them.

Frames are compact JSON (no spaces, text as UTF-8), as the service writes
them. An event is a dict, encoded once when it is sent (:func:`encode`), or
already that text: the many delta events of one content part differ only in
their id and their delta, so :class:`DeltaFrames` writes them around a
template made once per part instead of building and encoding a dict each (the
same text either way).
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeAlias

from pydantic_core import PydanticSerializationError, to_json

__all__ = ["DeltaFrames", "Event", "encode"]

#: A server event: its fields, or the JSON text it is sent as.
Event: TypeAlias = dict[str, Any] | str

# strings are written as ``to_json`` writes them (checked for every code point)
_quote: Final = json.encoder.encode_basestring


def encode(event: Any) -> str:
    """The frame of ``event``: compact JSON, text as UTF-8 (a lone surrogate a client sent
    comes back as its escape)."""
    try:
        return to_json(event).decode()
    except PydanticSerializationError:
        return json.dumps(event, separators=(",", ":"))


_MARK: Final = "\x00"  # stands for the id and the delta in a template (never in a field)


class DeltaFrames:
    """The frames of one part's ``event_type`` deltas (pieces of ``text``): ``{"type",
    "event_id", **where, "delta"}`` as :func:`encode` writes it, a fresh id from
    ``event_id`` each."""

    __slots__ = ("_event_id", "_head", "_middle", "_quote", "_tail")

    def __init__(
        self, event_type: str, where: Mapping[str, Any], event_id: Callable[[], str], text: str
    ) -> None:
        template = encode({"type": event_type, "event_id": _MARK, **where, "delta": _MARK})
        head, middle, tail = template.split(_quote(_MARK))
        self._head, self._middle, self._tail = head, middle, tail
        self._event_id = event_id
        self._quote = _quote if _utf8(text) else json.encoder.encode_basestring_ascii

    def frame(self, delta: str) -> str:
        """The next delta event's text."""
        quote = self._quote
        return self._head + quote(self._event_id()) + self._middle + quote(delta) + self._tail


def _utf8(text: str) -> bool:
    """Whether ``text`` can be sent as it is (no lone surrogate)."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True
