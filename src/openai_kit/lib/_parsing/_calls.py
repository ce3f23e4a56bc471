"""How the parse helpers turn a call's body into their parsed type, in every response mode.

In the normal mode a resource calls the API and post-processes the result
itself (so an error from the user's model surfaces as it is). In the raw and
streaming views the post-processing rides on the request options, so
``.parse()`` / ``.parsed`` of the raw response give the parsed type too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from ..._models import validate_json
from ..._options import FinalRequestOptions

__all__ = ["with_post_parser"]

_T = TypeVar("_T")


def with_post_parser(
    options: FinalRequestOptions, cast_to: type[_T], post: Callable[[_T], Any]
) -> FinalRequestOptions:
    """``options`` whose body parser validates ``cast_to`` and then applies ``post``."""

    def parser(content: bytes, strict: bool) -> Any:
        return post(validate_json(cast_to, content, strict=strict))

    return replace(options, parser=parser)
