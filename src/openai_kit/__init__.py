"""openai-kit: an OpenAI API client that ships its own test double.

``from openai_kit import OpenAI`` gives the same client API as the official
``openai`` package. Importing this package costs next to nothing (the pytest
plugin lives under it and loads into every test run): each public name is
imported on first use, the client engine with its first client, resources
and response types with their first call.
"""

from __future__ import annotations

import importlib
import os as _os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, cast

from ._version import __title__, __version__

if TYPE_CHECKING:
    import httpx

    from ._client import (
        AsyncOpenAI as AsyncOpenAI,
    )
    from ._client import (
        OpenAI as OpenAI,
    )
    from ._exceptions import (
        APIConnectionError as APIConnectionError,
    )
    from ._exceptions import (
        APIError as APIError,
    )
    from ._exceptions import (
        APIResponseValidationError as APIResponseValidationError,
    )
    from ._exceptions import (
        APIStatusError as APIStatusError,
    )
    from ._exceptions import (
        APITimeoutError as APITimeoutError,
    )
    from ._exceptions import (
        AuthenticationError as AuthenticationError,
    )
    from ._exceptions import (
        BadRequestError as BadRequestError,
    )
    from ._exceptions import (
        ConflictError as ConflictError,
    )
    from ._exceptions import (
        ContentFilterFinishReasonError as ContentFilterFinishReasonError,
    )
    from ._exceptions import (
        InternalServerError as InternalServerError,
    )
    from ._exceptions import (
        InvalidWebhookSignatureError as InvalidWebhookSignatureError,
    )
    from ._exceptions import (
        LengthFinishReasonError as LengthFinishReasonError,
    )
    from ._exceptions import (
        MutuallyExclusiveAuthError as MutuallyExclusiveAuthError,
    )
    from ._exceptions import (
        NotFoundError as NotFoundError,
    )
    from ._exceptions import (
        OpenAIError as OpenAIError,
    )
    from ._exceptions import (
        PermissionDeniedError as PermissionDeniedError,
    )
    from ._exceptions import (
        RateLimitError as RateLimitError,
    )
    from ._exceptions import (
        UnprocessableEntityError as UnprocessableEntityError,
    )
    from ._types import (
        NOT_GIVEN as NOT_GIVEN,
    )
    from ._types import (
        NotGiven as NotGiven,
    )
    from ._types import (
        Omit as Omit,
    )
    from ._types import (
        Timeout as Timeout,
    )
    from ._types import (
        not_given as not_given,
    )
    from ._types import (
        omit as omit,
    )
    from .lib._parsing._tools import (
        pydantic_function_tool as pydantic_function_tool,
    )
    from .lib.azure import (
        AsyncAzureOpenAI as AsyncAzureOpenAI,
    )
    from .lib.azure import AzureADTokenProvider
    from .lib.azure import (
        AzureOpenAI as AzureOpenAI,
    )

_EXPORTS: dict[str, str] = {
    "APIConnectionError": "._exceptions",
    "APIError": "._exceptions",
    "APIResponseValidationError": "._exceptions",
    "APIStatusError": "._exceptions",
    "APITimeoutError": "._exceptions",
    "AsyncAzureOpenAI": ".lib.azure",
    "AsyncOpenAI": "._client",
    "AuthenticationError": "._exceptions",
    "AzureOpenAI": ".lib.azure",
    "BadRequestError": "._exceptions",
    "ConflictError": "._exceptions",
    "ContentFilterFinishReasonError": "._exceptions",
    "InternalServerError": "._exceptions",
    "InvalidWebhookSignatureError": "._exceptions",
    "LengthFinishReasonError": "._exceptions",
    "MutuallyExclusiveAuthError": "._exceptions",
    "NOT_GIVEN": "._types",
    "NotFoundError": "._exceptions",
    "NotGiven": "._types",
    "Omit": "._types",
    "OpenAI": "._client",
    "OpenAIError": "._exceptions",
    "PermissionDeniedError": "._exceptions",
    "RateLimitError": "._exceptions",
    "Timeout": "._types",
    "UnprocessableEntityError": "._exceptions",
    "not_given": "._types",
    "omit": "._types",
    "pydantic_function_tool": ".lib._parsing._tools",
}

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
    "InvalidWebhookSignatureError",
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

_LAZY_SUBMODULES = frozenset({"types", "resources", "pagination", "lib"})

# ------ settings of the module-level client (``_module_client``) ------
# ``openai_kit.api_key = "sk-..."`` then ``openai_kit.chat.completions.create(...)``;
# ``timeout`` reads as the clients' default until set (it would import httpx here).

api_key: str | None = None
organization: str | None = None
project: str | None = None
webhook_secret: str | None = None
base_url: str | httpx.URL | None = None
max_retries: int = 2
default_headers: Mapping[str, str] | None = None
default_query: Mapping[str, object] | None = None
http_client: httpx.Client | None = None
api_type: Literal["openai", "azure"] | None = cast(
    'Literal["openai", "azure"] | None', _os.environ.get("OPENAI_API_TYPE")
)
api_version: str | None = _os.environ.get("OPENAI_API_VERSION")
azure_endpoint: str | None = _os.environ.get("AZURE_OPENAI_ENDPOINT")
azure_ad_token: str | None = _os.environ.get("AZURE_OPENAI_AD_TOKEN")
azure_ad_token_provider: AzureADTokenProvider | None = None
if TYPE_CHECKING:
    timeout: float | Timeout | None

    from ._module_client import ModuleResource

    audio: ModuleResource
    batches: ModuleResource
    chat: ModuleResource
    completions: ModuleResource
    containers: ModuleResource
    conversations: ModuleResource
    embeddings: ModuleResource
    evals: ModuleResource
    files: ModuleResource
    fine_tuning: ModuleResource
    images: ModuleResource
    models: ModuleResource
    moderations: ModuleResource
    realtime: ModuleResource
    responses: ModuleResource
    uploads: ModuleResource
    vector_stores: ModuleResource
    videos: ModuleResource
    webhooks: ModuleResource

#: The names above (and ``timeout``): what the pytest plugin puts back after each test.
_MODULE_SETTINGS = (
    "api_key",
    "organization",
    "project",
    "webhook_secret",
    "base_url",
    "timeout",
    "max_retries",
    "default_headers",
    "default_query",
    "http_client",
    "api_type",
    "api_version",
    "azure_endpoint",
    "azure_ad_token",
    "azure_ad_token_provider",
)

_MODULE_RESOURCES = frozenset(
    {
        "audio",
        "batches",
        "chat",
        "completions",
        "containers",
        "conversations",
        "embeddings",
        "evals",
        "files",
        "fine_tuning",
        "images",
        "models",
        "moderations",
        "realtime",
        "responses",
        "uploads",
        "vector_stores",
        "videos",
        "webhooks",
    }
)


def _module_attribute(name: str) -> Any:
    if name == "timeout":
        from ._base_client import DEFAULT_TIMEOUT

        return DEFAULT_TIMEOUT
    from ._module_client import ModuleResource

    return ModuleResource(name)


def __getattr__(name: str) -> Any:
    if name == "timeout" or name in _MODULE_RESOURCES:
        value = _module_attribute(name)
        setattr(sys.modules[__name__], name, value)
        return value
    if name in ("_load_client", "_reset_client"):  # the official package's names for them
        from . import _module_client

        return getattr(_module_client, name.lstrip("_"))
    module = _EXPORTS.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module, __name__), name)
        if isinstance(value, type) and value.__module__.startswith(__name__ + "."):
            # show the public path in reprs and tracebacks: openai_kit.OpenAI
            try:
                value.__module__ = __name__
            except (TypeError, AttributeError):
                pass
        setattr(sys.modules[__name__], name, value)
        return value
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_MODULE_RESOURCES, "timeout"})
