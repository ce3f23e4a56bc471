"""Cassette record modes: a validated str-Enum (standard library only).

Kept apart from the cassette engine so the plugin can read and validate
``--openai-record-mode`` at configure time without importing httpx, YAML or
vcrpy. ``openai_kit.pytest_plugin._cassette`` re-exports :class:`RecordMode`.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["RecordMode"]

_DOCS = {
    "none": "replay only; a request the cassette lacks fails the test, nothing is written",
    "once": "record everything when the file does not exist yet, then replay only (like none)",
    "new_episodes": "replay what the cassette holds, record what it lacks and append it",
    "all": "replay nothing; send every request for real and rewrite the file",
}


class RecordMode(str, Enum):  # noqa: UP042 - StrEnum would change str() of members
    """When a cassette replays and when it records (the same names as vcrpy's)."""

    NONE = "none"
    ONCE = "once"
    NEW_EPISODES = "new_episodes"
    ALL = "all"

    @property
    def doc(self) -> str:
        """One line saying what the mode does (for ``--help`` and error messages)."""
        return _DOCS[self.value]

    @classmethod
    def parse(cls, value: RecordMode | str) -> RecordMode:
        """The mode named by ``value`` (case and surrounding blanks ignored).

        Raises ``ValueError`` naming the valid modes for anything else.
        """
        if isinstance(value, RecordMode):
            return value
        text = str(value).strip().lower().replace("-", "_")
        for mode in cls:
            if mode.value == text:
                return mode
        valid = ", ".join(repr(mode.value) for mode in cls)
        raise ValueError(f"{value!r} is not a cassette record mode; valid modes are {valid}")

    @property
    def replays(self) -> bool:
        """Whether recorded interactions answer requests in this mode."""
        return self is not RecordMode.ALL

    def records(self, *, file_exists: bool) -> bool:
        """Whether a request the cassette cannot answer is sent for real and recorded."""
        if self is RecordMode.NONE:
            return False
        if self is RecordMode.ONCE:
            return not file_exists
        return True
