"""``AzureOpenAI`` and ``AsyncAzureOpenAI``: the OpenAI clients with Azure's routing and auth.

Routing: deployment endpoints (chat, completions, embeddings, audio,
images) go to ``/openai/deployments/{deployment}/...`` - the client's
``azure_deployment`` or else the request's ``model`` - and every other
endpoint to ``/openai/...``. Every request carries ``api-version``.

Auth: exactly one of an API key (``api-key`` header; may be a callable), a
Microsoft Entra ID token (``Authorization: Bearer``), or a token provider
called before each attempt. More than one raises
:class:`~openai_kit.MutuallyExclusiveAuthError`.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from .._client import ApiKey, AsyncOpenAI, OpenAI
from .._exceptions import MutuallyExclusiveAuthError, OpenAIError
from .._options import FinalRequestOptions
from .._types import NOT_GIVEN, NotGiven

if TYPE_CHECKING:
    from typing import Self

__all__ = ["AsyncAzureOpenAI", "AzureADTokenProvider", "AzureOpenAI", "MutuallyExclusiveAuthError"]

AzureADTokenProvider = Callable[[], str] | Callable[[], Awaitable[str]]

#: Endpoints Azure serves per deployment.
DEPLOYMENT_PATHS = frozenset(
    {
        "/completions",
        "/chat/completions",
        "/embeddings",
        "/audio/transcriptions",
        "/audio/translations",
        "/audio/speech",
        "/images/generations",
        "/images/edits",
    }
)

_HttpxT = TypeVar("_HttpxT", httpx.Client, httpx.AsyncClient)


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


class _AzureConfig(Generic[_HttpxT]):
    """Constructor, routing, auth and copy rules shared by the two Azure clients."""

    api_key: str
    _api_key_provider: Callable[[], Any] | None
    _api_version: str
    _azure_ad_token: str | None
    _azure_ad_token_provider: AzureADTokenProvider | None
    _azure_deployment: str | None
    _given_base_url: str | httpx.URL | None
    _openai_root: str | None

    def __init__(
        self,
        *,
        api_version: str | None = None,
        azure_endpoint: str | None = None,
        azure_deployment: str | None = None,
        api_key: ApiKey | None = None,
        azure_ad_token: str | None = None,
        azure_ad_token_provider: AzureADTokenProvider | None = None,
        organization: str | None = None,
        project: str | None = None,
        webhook_secret: str | None = None,
        websocket_base_url: str | httpx.URL | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: _HttpxT | None = None,
        _strict_response_validation: bool = False,
    ) -> None:
        """Make an Azure OpenAI client.

        Left-out arguments come from ``AZURE_OPENAI_API_KEY``,
        ``AZURE_OPENAI_AD_TOKEN``, ``AZURE_OPENAI_ENDPOINT`` and
        ``OPENAI_API_VERSION`` (plus ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID``
        and ``OPENAI_WEBHOOK_SECRET``). ``OPENAI_API_KEY`` and
        ``OPENAI_BASE_URL`` are never used.
        """
        given = [x for x in (api_key, azure_ad_token, azure_ad_token_provider) if x is not None]
        if len(given) > 1:
            raise MutuallyExclusiveAuthError()
        if not given:
            azure_ad_token = _env("AZURE_OPENAI_AD_TOKEN")
            if azure_ad_token is None:
                api_key = _env("AZURE_OPENAI_API_KEY")
        if api_key is None and azure_ad_token is None and azure_ad_token_provider is None:
            raise OpenAIError(
                "Missing credentials. Please pass one of `api_key`, `azure_ad_token`, or "
                "`azure_ad_token_provider`, or set the `AZURE_OPENAI_API_KEY` or "
                "`AZURE_OPENAI_AD_TOKEN` environment variable."
            )
        if api_version is None:
            api_version = _env("OPENAI_API_VERSION")
        if api_version is None:
            raise ValueError(
                "Must provide either the `api_version` argument or the `OPENAI_API_VERSION` "
                "environment variable"
            )
        if base_url is not None and azure_endpoint is not None:
            raise ValueError("base_url and azure_endpoint are mutually exclusive")
        self._given_base_url = base_url
        self._openai_root = None
        if base_url is None:
            if azure_endpoint is None:
                azure_endpoint = _env("AZURE_OPENAI_ENDPOINT")
            if azure_endpoint is None:
                raise ValueError(
                    "Must provide one of the `base_url` or `azure_endpoint` arguments, or the "
                    "`AZURE_OPENAI_ENDPOINT` environment variable"
                )
            self._openai_root = azure_endpoint.rstrip("/") + "/openai/"
            base_url = self._openai_root
            if azure_deployment is not None:
                base_url = f"{self._openai_root}deployments/{azure_deployment}"
        self._api_version = api_version
        self._azure_deployment = azure_deployment
        self._azure_ad_token = azure_ad_token
        self._azure_ad_token_provider = azure_ad_token_provider
        super().__init__(  # type: ignore[call-arg]
            api_key=api_key if api_key is not None else "",
            organization=organization,
            project=project,
            webhook_secret=webhook_secret,
            base_url=base_url,
            websocket_base_url=websocket_base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            _strict_response_validation=_strict_response_validation,
        )

    @property
    def api_version(self) -> str:
        return self._api_version

    # -- routing ---------------------------------------------------------------------

    def _rewrite_url(self, options: FinalRequestOptions) -> str:
        path = options.url
        base_path: str = self.base_url.path  # type: ignore[attr-defined]
        if path in DEPLOYMENT_PATHS:
            if "/deployments/" in base_path:
                return path
            body = options.json_data if options.json_data is not None else options.data
            model = body.get("model") if isinstance(body, Mapping) else None
            if model is None:
                return path
            return f"/deployments/{model}{path}"
        if self._openai_root is not None and self._azure_deployment is not None:
            return self._openai_root + path.lstrip("/")
        return path

    def _final_query(self, options: FinalRequestOptions) -> dict[str, object]:
        custom: dict[str, object] = self._custom_query  # type: ignore[attr-defined]
        return {**custom, "api-version": self._api_version, **options.params}

    # -- auth ------------------------------------------------------------------------

    def _auth_provider(self) -> Callable[[], Any] | None:
        return self._azure_ad_token_provider or self._api_key_provider

    def _accept_credential(self, value: object) -> None:
        if not isinstance(value, str) or not value:
            what = "azure_ad_token_provider" if self._azure_ad_token_provider else "api_key"
            raise ValueError(
                f"Expected the `{what}` callable to return a non-empty string but it returned "
                f"{type(value).__name__ if not isinstance(value, str) else 'an empty string'}"
            )
        if self._azure_ad_token_provider is not None:
            self._azure_ad_token = value
        else:
            self.api_key = value

    @property
    def auth_headers(self) -> dict[str, str]:
        if self._azure_ad_token_provider is not None or self._azure_ad_token is not None:
            return (
                {"Authorization": f"Bearer {self._azure_ad_token}"} if self._azure_ad_token else {}
            )
        return {"api-key": self.api_key} if self.api_key else {}

    # -- copies ----------------------------------------------------------------------

    def copy(
        self,
        *,
        api_key: ApiKey | None = None,
        organization: str | None = None,
        project: str | None = None,
        webhook_secret: str | None = None,
        websocket_base_url: str | httpx.URL | None = None,
        api_version: str | None = None,
        azure_ad_token: str | None = None,
        azure_ad_token_provider: AzureADTokenProvider | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        http_client: _HttpxT | None = None,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        _extra_kwargs: Mapping[str, Any] | None = None,
    ) -> Self:
        """A new client like this one, routed and authenticated the same way, with the given changes.

        Passing one credential replaces the current credential.
        """
        auth: dict[str, Any] = {
            "api_key": None,
            "azure_ad_token": None,
            "azure_ad_token_provider": None,
        }
        if api_key is not None or azure_ad_token is not None or azure_ad_token_provider is not None:
            auth.update(
                api_key=api_key,
                azure_ad_token=azure_ad_token,
                azure_ad_token_provider=azure_ad_token_provider,
            )
        elif self._azure_ad_token_provider is not None:
            auth["azure_ad_token_provider"] = self._azure_ad_token_provider
        elif self._azure_ad_token is not None:
            auth["azure_ad_token"] = self._azure_ad_token
        else:
            auth["api_key"] = self._api_key_provider or self.api_key
        route: dict[str, Any] = {"base_url": None, "azure_endpoint": None, "azure_deployment": None}
        if base_url is not None or self._given_base_url is not None:
            route["base_url"] = base_url or self._given_base_url
        else:
            assert self._openai_root is not None
            route["azure_endpoint"] = self._openai_root[: -len("/openai/")]
            route["azure_deployment"] = self._azure_deployment
        clone: Self = super().copy(  # type: ignore[misc]
            organization=organization,
            project=project,
            webhook_secret=webhook_secret,
            websocket_base_url=websocket_base_url,
            timeout=timeout,
            http_client=http_client,
            max_retries=max_retries,
            default_headers=default_headers,
            set_default_headers=set_default_headers,
            default_query=default_query,
            set_default_query=set_default_query,
            _extra_kwargs={
                "api_version": api_version or self._api_version,
                **auth,
                **route,
                **(_extra_kwargs or {}),
            },
        )
        return clone

    with_options = copy


class AzureOpenAI(_AzureConfig[httpx.Client], OpenAI):
    """The OpenAI client for Azure OpenAI deployments."""


class AsyncAzureOpenAI(_AzureConfig[httpx.AsyncClient], AsyncOpenAI):
    """The OpenAI client for Azure OpenAI deployments, for asyncio."""
