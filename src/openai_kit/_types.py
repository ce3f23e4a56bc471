"""Sentinels and shared type aliases.

``NOT_GIVEN`` / ``not_given`` mean "the caller said nothing": the argument
is left out of the request. ``omit`` says the same for places where a
default would otherwise be sent. Both are falsy and distinct from ``None``,
which for many parameters is a value the API understands.
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from typing import IO, Any, Literal, TypeAlias, TypeVar, final

import httpx
from typing_extensions import TypedDict

__all__ = [
    "NOT_GIVEN",
    "REQUEST_OPTION_KEYS",
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
    "is_given",
    "not_given",
    "omit",
    "split_request_options",
    "strip_not_given",
]

_T = TypeVar("_T")

NoneType: type[None] = type(None)


class _Sentinel:
    """A falsy singleton that pickles back to itself."""

    _instance: Any = None
    _name: str

    def __new__(cls) -> Any:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return self._name

    def __reduce__(self) -> str:
        return self._name


@final
class NotGiven(_Sentinel):
    """The type of ``NOT_GIVEN``: an argument the caller did not pass.

    ``NOT_GIVEN`` is falsy, so ``timeout or default`` reads naturally, and it
    is distinct from ``None`` (``timeout=None`` means "no timeout").
    """

    _name = "NOT_GIVEN"


NOT_GIVEN = NotGiven()
not_given = NOT_GIVEN


@final
class Omit(_Sentinel):
    """The type of ``omit``: leave this out of the request even where a default applies.

    ``extra_headers={"User-Agent": omit}`` removes a header the client would send.
    """

    _name = "omit"


omit = Omit()

NotGivenOr: TypeAlias = _T | NotGiven

Timeout = httpx.Timeout

Headers: TypeAlias = Mapping[str, str | Omit]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = object

FileContent: TypeAlias = IO[bytes] | bytes | PathLike[str]

FileTypes: TypeAlias = (
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)


class RequestOptions(TypedDict, total=False):
    """Per-call options every resource method accepts."""

    extra_headers: Headers | None
    extra_query: Query | None
    extra_body: Body | None
    timeout: float | httpx.Timeout | NotGiven | None


REQUEST_OPTION_KEYS = ("extra_headers", "extra_query", "extra_body", "timeout")


def split_request_options(params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Separate a call's API parameters from its per-call request options."""
    body = dict(params)
    options = {key: body.pop(key) for key in REQUEST_OPTION_KEYS if key in body}
    return body, options


def is_given(value: object) -> bool:
    """False for ``NOT_GIVEN`` and ``omit``, True for anything else (None included)."""
    return not isinstance(value, NotGiven | Omit)


def strip_not_given(obj: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``obj`` without NOT_GIVEN / omit values."""
    return {k: v for k, v in obj.items() if not isinstance(v, NotGiven | Omit)}
