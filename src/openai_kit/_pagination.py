"""Pages of list results, and iteration across them.

A page is the parsed first response; iterating it yields every item, fetching
the following pages only as iteration reaches them. ``SyncPage`` is a single
page (``models.list``); ``SyncCursorPage`` follows ``has_more`` with
``after=<last id>``, keeping the other query parameters;
``SyncConversationCursorPage`` follows ``has_more`` with ``after=<last_id>``
as the body names it (conversation items). The async pages do
the same with ``async for``; ``AsyncPaginator`` is what an async ``list()``
returns: ``await`` it for the first page, or ``async for`` over all items.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from pydantic import PrivateAttr

from ._models import BaseModel
from ._options import FinalRequestOptions

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, BaseClient, SyncAPIClient

__all__ = [
    "AsyncConversationCursorPage",
    "AsyncCursorPage",
    "AsyncPage",
    "AsyncPaginator",
    "SyncConversationCursorPage",
    "SyncCursorPage",
    "SyncPage",
]

_T = TypeVar("_T")
_PageT = TypeVar("_PageT", bound="_BasePage[Any]")


class _BasePage(BaseModel, Generic[_T]):
    data: list[_T]

    _client: Any = PrivateAttr(default=None)
    _options: Any = PrivateAttr(default=None)
    _page_type: Any = PrivateAttr(default=None)

    def _set_page_context(
        self, client: BaseClient, options: FinalRequestOptions, page_type: Any
    ) -> None:
        self._client = client
        self._options = options
        self._page_type = page_type

    def _next_page_params(self) -> dict[str, object] | None:
        return None

    def has_next_page(self) -> bool:
        """Whether the API said there is more after this page."""
        return bool(self.data) and self._next_page_params() is not None

    def _next_options(self) -> FinalRequestOptions:
        params = self._next_page_params()
        if params is None or not self.data:
            raise RuntimeError("No next page expected; check `.has_next_page()` first.")
        return cast(FinalRequestOptions, self._options).with_params(params)


def _after_last_id(page: _BasePage[Any], has_more: bool | None) -> dict[str, object] | None:
    """Cursor paging: ask for the items after the last one's id while the API says there are more."""
    if has_more is False or not page.data:
        return None
    item_id = getattr(page.data[-1], "id", None)
    return None if item_id is None else {"after": item_id}


def _after_body_last_id(has_more: bool | None, last_id: str | None) -> dict[str, object] | None:
    """Cursor paging on the ``last_id`` the body names, while the API says there are more."""
    if has_more is False or not last_id:
        return None
    return {"after": last_id}


class _SyncPaging(_BasePage[_T]):
    def get_next_page(self) -> Any:
        """Fetch the page after this one."""
        client = cast("SyncAPIClient", self._client)
        return client.request(self._page_type, self._next_options())

    def iter_pages(self) -> Iterator[Any]:
        """This page, then each following page as it is fetched."""
        page: Any = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[_T]:  # type: ignore[override]
        for page in self.iter_pages():
            yield from page.data


class _AsyncPaging(_BasePage[_T]):
    async def get_next_page(self) -> Any:
        """Fetch the page after this one."""
        client = cast("AsyncAPIClient", self._client)
        return await client.request(self._page_type, self._next_options())

    async def iter_pages(self) -> AsyncIterator[Any]:
        """This page, then each following page as it is fetched."""
        page: Any = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class SyncPage(_SyncPaging[_T]):
    """A list that comes in one page (``{"object": "list", "data": [...]}``)."""

    object: str = "list"


class SyncCursorPage(_SyncPaging[_T]):
    """A page of a cursor-paginated list; the next page starts after the last item's id."""

    has_more: bool | None = None

    def _next_page_params(self) -> dict[str, object] | None:
        return _after_last_id(self, self.has_more)


class SyncConversationCursorPage(_SyncPaging[_T]):
    """A page of conversation items; the next page starts after the body's ``last_id``."""

    has_more: bool | None = None
    last_id: str | None = None

    def _next_page_params(self) -> dict[str, object] | None:
        return _after_body_last_id(self.has_more, self.last_id)


class AsyncPage(_AsyncPaging[_T]):
    """A list that comes in one page (async)."""

    object: str = "list"


class AsyncCursorPage(_AsyncPaging[_T]):
    """A page of a cursor-paginated list (async)."""

    has_more: bool | None = None

    def _next_page_params(self) -> dict[str, object] | None:
        return _after_last_id(self, self.has_more)


class AsyncConversationCursorPage(_AsyncPaging[_T]):
    """A page of conversation items (async)."""

    has_more: bool | None = None
    last_id: str | None = None

    def _next_page_params(self) -> dict[str, object] | None:
        return _after_body_last_id(self.has_more, self.last_id)


class AsyncPaginator(Generic[_T, _PageT]):
    """An async list call: ``await`` it for the first page, ``async for`` it for every item."""

    def __init__(
        self, client: AsyncAPIClient, options: FinalRequestOptions, page_type: type[_PageT]
    ) -> None:
        self._client = client
        self._options = options
        self._page_type = page_type

    async def _first_page(self) -> _PageT:
        return cast(_PageT, await self._client.request(self._page_type, self._options))

    def __await__(self) -> Generator[Any, None, _PageT]:
        return self._first_page().__await__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        page: Any = await self._first_page()
        async for item in page:
            yield item
