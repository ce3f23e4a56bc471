"""Media the mock hosts at URLs of its own (``GET /_mock/media/{name}``): dall-e image URLs.

The real API answers ``response_format="url"`` with a short-lived download
link; the mock keeps the bytes and serves them under its own root, without
authentication (as a signed link needs none). The newest ones are kept.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, ClassVar

from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._stores import State, Store

__all__ = ["HostedMedia", "hosted_url"]

_KEEP = 512


class HostedMedia(Store):
    area: ClassVar[str] = "media"

    def __init__(self, state: State) -> None:
        super().__init__(state)
        self._items: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self._counter = 0

    def clear(self) -> None:
        self._items.clear()
        self._counter = 0

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        with self.lock:
            return {
                "hosted": [
                    {"name": name, "media_type": kind, "bytes": len(data)}
                    for name, (data, kind) in self._items.items()
                ]
            }

    def put(self, data: bytes, media_type: str, extension: str) -> str:
        """Keep ``data``; returns its name (the path's last segment)."""
        with self.lock:
            self._counter += 1
            name = f"img-{alnum_id(self.seed, 'hosted', self._counter, 24)}.{extension}"
            self._items[name] = (data, media_type)
            while len(self._items) > _KEEP:
                self._items.popitem(last=False)
        return name

    def get(self, name: str) -> tuple[bytes, str] | None:
        with self.lock:
            return self._items.get(name)


def hosted_url(host: str, name: str) -> str:
    """The absolute URL of a hosted item, on the host the request came to."""
    return f"http://{host}/_mock/media/{name}"
