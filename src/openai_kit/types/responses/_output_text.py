"""The ``output_text`` convenience of a response (hand-written; the rest of the package is generated)."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["ResponseOutputTextMixin", "collect_output_text"]


def collect_output_text(output: Iterable[object]) -> str:
    """Join the text of every ``output_text`` part of every ``message`` item, in order."""
    texts: list[str] = []
    for item in output:
        if getattr(item, "type", None) != "message":
            continue
        for part in getattr(item, "content", None) or ():
            if getattr(part, "type", None) == "output_text":
                text = getattr(part, "text", None)
                if isinstance(text, str):
                    texts.append(text)
    return "".join(texts)


class ResponseOutputTextMixin:
    """Gives a response model the ``output_text`` property."""

    @property
    def output_text(self) -> str:
        """All the text the model wrote in its messages, joined; refusals and tool calls left out."""
        output = getattr(self, "output", None)
        return collect_output_text(output) if output else ""
