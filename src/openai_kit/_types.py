"""Sentinels and shared type aliases.

``NOT_GIVEN`` / ``not_given`` mean "the caller said nothing": the argument
is left out of the request. ``omit`` says the same for places where a
default would otherwise be sent. Both are falsy and distinct from ``None``,
which for many parameters is a value the API understands.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from os import PathLike
from typing import IO, TYPE_CHECKING, Any, Literal, TypeAlias, TypedDict, TypeVar, Union, final

import httpx

__all__ = [
    "NOT_GIVEN",
    "Body",
    "FileContent",
    "FileTypes",
    "Headers",
    "NoneType",
    "NotGiven",
    "NotGivenOr",
    "Omit",
    "Query",
    "RequestOptions",
    "Timeout",
    "not_given",
    "omit",
]

_T = TypeVar("_T")

NoneType: type[None] = type(None)


@final
class NotGiven:
    """The type of ``NOT_GIVEN``: an argument the caller did not pass.

    ``NOT_GIVEN`` is falsy, so ``timeout or default`` reads naturally, and it
    is distinct from ``None`` (``timeout=None`` means "no timeout").
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()
not_given = NOT_GIVEN


@final
class Omit:
    """The type of ``omit``: leave this out of the request even where a default applies.

    ``extra_headers={"User-Agent": omit}`` removes a header the client would send.
    """

    _instance: Omit | None = None

    def __new__(cls) -> Omit:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "omit"

    def __reduce__(self) -> str:
        return "omit"


omit = Omit()

NotGivenOr: TypeAlias = Union[_T, NotGiven]

Timeout = httpx.Timeout

Headers: TypeAlias = Mapping[str, Union[str, Omit]]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = object

if TYPE_CHECKING:
    FileContent: TypeAlias = Union[IO[bytes], bytes, PathLike[str]]
else:
    FileContent = Union[IO[bytes], bytes, PathLike]

FileTypes: TypeAlias = Union[
    FileContent,
    tuple[str | None, FileContent],
    tuple[str | None, FileContent, str | None],
    tuple[str | None, FileContent, str | None, Mapping[str, str]],
]

ApiKeyProvider: TypeAlias = Callable[[], str]


class RequestOptions(TypedDict, total=False):
    """Per-call options every resource method accepts."""

    extra_headers: Headers | None
    extra_query: Query | None
    extra_body: Body | None
    timeout: float | httpx.Timeout | None | NotGiven


def is_given(value: _T | NotGiven | Omit) -> bool:
    return not isinstance(value, NotGiven | Omit)


def strip_not_given(obj: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``obj`` without NOT_GIVEN / omit values."""
    return {k: v for k, v in obj.items() if not isinstance(v, NotGiven | Omit)}
