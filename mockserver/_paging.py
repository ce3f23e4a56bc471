"""Cursor pagination, the one way every list endpoint pages its store.

A store keeps its objects oldest first; :func:`page` orders them, skips past
``after`` (or stops before ``before``) and cuts ``limit``, answering the list
object the API sends (``first_id``, ``last_id``, ``has_more``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

__all__ = ["list_object", "page", "page_of"]

T = TypeVar("T")


def page_of(
    items: Sequence[T],
    *,
    key: Callable[[T], str],
    after: str | None = None,
    before: str | None = None,
    limit: int,
    order: str,
) -> tuple[list[T], bool]:
    """The slice of ``items`` (kept oldest first) one page shows, and whether more follow."""
    ordered = list(items) if order == "asc" else list(reversed(items))
    if after is not None:
        ids = [key(item) for item in ordered]
        ordered = ordered[ids.index(after) + 1 :] if after in ids else []
    if before is not None:
        ids = [key(item) for item in ordered]
        if before in ids:
            ordered = ordered[: ids.index(before)]
            return ordered[-limit:], len(ordered) > limit
    return ordered[:limit], len(ordered) > limit


def list_object(data: list[dict[str, Any]], has_more: bool = False) -> dict[str, Any]:
    """The list object the API sends for ``data`` (one page of JSON objects with ``id``)."""
    return {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": has_more,
    }


def page(
    items: Sequence[Mapping[str, Any]],
    *,
    after: str | None = None,
    before: str | None = None,
    limit: int,
    order: str,
    render: Callable[[Mapping[str, Any]], dict[str, Any]] = dict,
) -> dict[str, Any]:
    """A cursor page of JSON objects (kept oldest first) as the list endpoints send it."""
    chunk, more = page_of(
        items,
        key=lambda item: str(item.get("id")),
        after=after,
        before=before,
        limit=limit,
        order=order,
    )
    return list_object([render(item) for item in chunk], more)
