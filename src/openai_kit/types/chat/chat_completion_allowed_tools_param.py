"""A subset of the tools the model may use, as sent in a request."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ChatCompletionAllowedToolsParam"]


class ChatCompletionAllowedToolsParam(TypedDict, total=False):
    """Restrict the model to these tools, optionally requiring one of them."""

    mode: Required[Literal["auto", "required"]]
    tools: Required[Iterable[dict[str, object]]]
