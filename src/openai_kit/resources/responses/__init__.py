"""``client.responses``: the Responses API, its input items and input token counts."""

from .input_items import AsyncInputItems, InputItems
from .input_tokens import AsyncInputTokens, InputTokens
from .responses import AsyncResponses, Responses

__all__ = [
    "AsyncInputItems",
    "AsyncInputTokens",
    "AsyncResponses",
    "InputItems",
    "InputTokens",
    "Responses",
]
