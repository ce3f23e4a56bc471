"""``OpenAI`` and ``AsyncOpenAI``.

Both share one configuration class (:class:`_OpenAIConfig`: constructor,
environment, auth headers, ``copy``); they differ only in the engine they
sit on and the resource classes they hand out. Resources are imported on
first access, so constructing a client loads none of them.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from ._base_client import AsyncAPIClient, SyncAPIClient
from ._client_resources import AsyncResources, SyncResources
from ._exceptions import OpenAIError
from ._resource import ClientModeView
from ._types import NOT_GIVEN, NotGiven, Omit

if TYPE_CHECKING:
    from typing import Self


__all__ = ["AsyncOpenAI", "OpenAI"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"

_HttpxT = TypeVar("_HttpxT", httpx.Client, httpx.AsyncClient)

ApiKey = str | Callable[[], str] | Callable[[], Awaitable[str]]


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


class _OpenAIConfig(Generic[_HttpxT]):
    """Constructor, environment, auth and copy rules shared by OpenAI and AsyncOpenAI."""

    api_key: str
    organization: str | None
    project: str | None
    webhook_secret: str | None
    websocket_base_url: str | httpx.URL | None
    _api_key_provider: Callable[[], Any] | None
    _http_slot: Any

    def __init__(
        self,
        *,
        api_key: ApiKey | None = None,
        organization: str | None = None,
        project: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | httpx.URL | None = None,
        websocket_base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: _HttpxT | None = None,
        _strict_response_validation: bool = False,
    ) -> None:
        """Make a client.

        Every argument left out comes from the environment where one exists:
        ``OPENAI_API_KEY``, ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID``,
        ``OPENAI_WEBHOOK_SECRET``, ``OPENAI_BASE_URL``. ``api_key`` may be a
        callable, called before every attempt so each carries a fresh key.
        """
        if api_key is None:
            api_key = _env("OPENAI_API_KEY")
        if api_key is None:
            raise OpenAIError(
                "The api_key client option must be set either by passing api_key to the client "
                "or by setting the OPENAI_API_KEY environment variable"
            )
        self._set_api_key(api_key)
        self.organization = organization if organization is not None else _env("OPENAI_ORG_ID")
        self.project = project if project is not None else _env("OPENAI_PROJECT_ID")
        self.webhook_secret = (
            webhook_secret if webhook_secret is not None else _env("OPENAI_WEBHOOK_SECRET")
        )
        self.websocket_base_url = websocket_base_url
        if base_url is None:
            base_url = _env("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        super().__init__(  # type: ignore[call-arg]
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            custom_headers=default_headers,
            custom_query=default_query,
            http_client=http_client,
            strict_response_validation=_strict_response_validation,
        )

    def _set_api_key(self, api_key: ApiKey) -> None:
        if callable(api_key):
            self.api_key = ""
            self._api_key_provider = api_key
        else:
            self.api_key = api_key
            self._api_key_provider = None

    # -- auth (hooks of the engine) ------------------------------------------------

    def _auth_provider(self) -> Callable[[], Any] | None:
        return self._api_key_provider

    def _accept_credential(self, value: object) -> None:
        if inspect.isawaitable(value):
            close = getattr(value, "close", None)
            if close is not None:
                close()
            raise TypeError(
                "The api_key callable returned an awaitable; a sync client needs a callable that "
                "returns the key as a str (use AsyncOpenAI for an async callable)"
            )
        if not isinstance(value, str):
            raise TypeError(f"The api_key callable must return a str, not {type(value).__name__}")
        self.api_key = value

    @property
    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    @property
    def default_headers(self) -> dict[str, str | Omit]:
        headers: dict[str, str | Omit] = {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": self.user_agent,  # type: ignore[attr-defined]
            **self.auth_headers,
        }
        if self.organization is not None:
            headers["OpenAI-Organization"] = self.organization
        if self.project is not None:
            headers["OpenAI-Project"] = self.project
        headers.update(self._custom_headers)  # type: ignore[attr-defined]
        return headers

    # -- copies ----------------------------------------------------------------------

    def _copy_kwargs(
        self,
        *,
        api_key: ApiKey | None,
        organization: str | None,
        project: str | None,
        webhook_secret: str | None,
        websocket_base_url: str | httpx.URL | None,
        base_url: str | httpx.URL | None,
        timeout: float | httpx.Timeout | NotGiven | None,
        http_client: _HttpxT | None,
        max_retries: int | NotGiven,
        default_headers: Mapping[str, str] | None,
        set_default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        set_default_query: Mapping[str, object] | None,
    ) -> dict[str, Any]:
        engine: Any = self
        return {
            "api_key": api_key or self._api_key_provider or self.api_key,
            "organization": organization or self.organization,
            "project": project or self.project,
            "webhook_secret": webhook_secret or self.webhook_secret,
            "websocket_base_url": websocket_base_url or self.websocket_base_url,
            "base_url": base_url or engine.base_url,
            "timeout": engine.timeout if isinstance(timeout, NotGiven) else timeout,
            "max_retries": engine.max_retries if isinstance(max_retries, NotGiven) else max_retries,
            "default_headers": engine._merge_pair(
                engine._custom_headers, default_headers, set_default_headers, "headers"
            ),
            "default_query": engine._merge_pair(
                engine._custom_query, default_query, set_default_query, "query"
            ),
            "http_client": http_client,
            "_strict_response_validation": engine._strict_response_validation,
        }

    def copy(
        self,
        *,
        api_key: ApiKey | None = None,
        organization: str | None = None,
        project: str | None = None,
        webhook_secret: str | None = None,
        websocket_base_url: str | httpx.URL | None = None,
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
        """A new client like this one, with the given options changed.

        ``default_headers``/``default_query`` merge into the current ones;
        ``set_default_headers``/``set_default_query`` replace them. The copy
        shares this client's connection pool unless ``http_client`` is given.
        """
        kwargs = self._copy_kwargs(
            api_key=api_key,
            organization=organization,
            project=project,
            webhook_secret=webhook_secret,
            websocket_base_url=websocket_base_url,
            base_url=base_url,
            timeout=timeout,
            http_client=http_client,
            max_retries=max_retries,
            default_headers=default_headers,
            set_default_headers=set_default_headers,
            default_query=default_query,
            set_default_query=set_default_query,
        )
        kwargs.update(_extra_kwargs or {})
        clone: Self = self._copy_class()(**kwargs)
        if http_client is None:
            clone._http_slot = self._http_slot
        return clone

    def _copy_class(self) -> type[Any]:
        """The class copies are made of: this one (the module-level client says otherwise)."""
        return type(self)

    #: Like ``copy``; reads well inline: ``client.with_options(timeout=5).models.list()``.
    with_options = copy

    @property
    def with_raw_response(self) -> Any:
        """Every resource, returning raw responses (``.parsed``, ``.headers``, ...)."""
        return ClientModeView(self, "raw")

    @property
    def with_streaming_response(self) -> Any:
        """Every resource, returning responses whose body is read only as you ask."""
        return ClientModeView(self, "streaming")


class OpenAI(_OpenAIConfig[httpx.Client], SyncResources, SyncAPIClient):
    """The OpenAI API client."""


class AsyncOpenAI(_OpenAIConfig[httpx.AsyncClient], AsyncResources, AsyncAPIClient):
    """The OpenAI API client for asyncio (``api_key`` may be a sync or an async callable)."""

    def _accept_credential(self, value: object) -> None:
        # the async engine has already awaited an async provider's result
        if not isinstance(value, str):
            raise TypeError(f"The api_key callable must return a str, not {type(value).__name__}")
        self.api_key = value
