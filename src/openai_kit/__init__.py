"""openai-kit: an OpenAI API client that ships its own test double.

``from openai_kit import OpenAI`` gives the same client API as the official
``openai`` package. Importing this package loads httpx and the client
engine only; resources and response types load when first used.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._client import AsyncOpenAI, OpenAI
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ContentFilterFinishReasonError,
    InternalServerError,
    LengthFinishReasonError,
    MutuallyExclusiveAuthError,
    NotFoundError,
    OpenAIError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._types import NOT_GIVEN, NotGiven, Omit, Timeout, not_given, omit
from ._version import __title__, __version__
from .lib._parsing._tools import pydantic_function_tool
from .lib.azure import AsyncAzureOpenAI, AzureOpenAI

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAzureOpenAI",
    "AsyncOpenAI",
    "AuthenticationError",
    "AzureOpenAI",
    "BadRequestError",
    "ConflictError",
    "ContentFilterFinishReasonError",
    "InternalServerError",
    "LengthFinishReasonError",
    "MutuallyExclusiveAuthError",
    "NotFoundError",
    "NotGiven",
    "Omit",
    "OpenAI",
    "OpenAIError",
    "PermissionDeniedError",
    "RateLimitError",
    "Timeout",
    "UnprocessableEntityError",
    "__title__",
    "__version__",
    "not_given",
    "omit",
    "pydantic_function_tool",
]

# Show the public path in reprs and tracebacks: openai_kit.OpenAI, not openai_kit._client.OpenAI.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__.startswith("openai_kit."):
        try:
            _obj.__module__ = "openai_kit"
        except (TypeError, AttributeError):
            pass
del _name, _obj

_LAZY_SUBMODULES = frozenset({"types", "resources", "pagination"})


def __getattr__(name: str) -> Any:
    # openai_kit.types and friends load on first touch, not at import.
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
