"""The module-level client: ``openai_kit.api_key = "sk-..."`` then ``openai_kit.chat.completions.create(...)``.

The settings are attributes of the ``openai_kit`` package (``api_key``,
``organization``, ``project``, ``webhook_secret``, ``base_url``, ``timeout``,
``max_retries``, ``default_headers``, ``default_query``, ``http_client``,
``api_type``, ``api_version``, ``azure_endpoint``, ``azure_ad_token``,
``azure_ad_token_provider``). The first use of a resource
(``openai_kit.chat``, ``openai_kit.files`` ...) builds one client from them:
an Azure client when ``api_type`` says ``"azure"``, or, with ``api_type``
unset, when only Azure credentials are around; an :class:`OpenAIError`
names the ambiguity when both kinds are. The client keeps reading the
package's settings on every request, so ``openai_kit.api_key = "new"``
after the first call takes effect, as in the official package.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Mapping
from types import ModuleType
from typing import Any

import httpx

from ._client import OpenAI
from ._exceptions import OpenAIError
from .lib.azure import AzureOpenAI

__all__ = ["ModuleResource", "load_client", "reset_client"]

_AMBIGUOUS = (
    "Ambiguous use of module client; please set `openai_kit.api_type` or the `OPENAI_API_TYPE` "
    "environment variable to `openai` or `azure`"
)


def _package() -> ModuleType:
    return sys.modules[__package__ or "openai_kit"]


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


def _with_slash(url: str | httpx.URL) -> str:
    text = str(url)
    return text if text.endswith("/") else text + "/"


class _Setting:
    """A client attribute kept on the package: reads and writes go to ``openai_kit.<name>``."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, client: object, owner: type | None = None) -> Any:
        if client is None:
            return self
        return getattr(_package(), self.name)

    def __set__(self, client: object, value: Any) -> None:
        setattr(_package(), self.name, value)


class _Mapping(_Setting):
    """``default_headers`` / ``default_query``: None on the package reads as an empty dict."""

    def __get__(self, client: object, owner: type | None = None) -> Any:
        if client is None:
            return self
        value = getattr(_package(), self.name)
        return {} if value is None else dict(value)


class _ModuleClient(OpenAI):
    """An :class:`OpenAI` whose options are the package's settings."""

    api_key = _Setting("api_key")
    organization = _Setting("organization")
    project = _Setting("project")
    webhook_secret = _Setting("webhook_secret")
    timeout = _Setting("timeout")
    max_retries = _Setting("max_retries")
    _custom_headers = _Mapping("default_headers")
    _custom_query = _Mapping("default_query")

    @property
    def base_url(self) -> httpx.URL:
        return httpx.URL(self._base_url_text)

    @base_url.setter
    def base_url(self, url: str | httpx.URL) -> None:
        self.__dict__["_own_base_url"] = _with_slash(url)

    @property
    def _base_url_text(self) -> str:
        url = _package().base_url
        return _with_slash(url) if url is not None else str(self.__dict__["_own_base_url"])

    @_base_url_text.setter
    def _base_url_text(self, text: str) -> None:
        self.__dict__["_own_base_url"] = _with_slash(text)

    @property
    def _client(self) -> Any:
        given = _package().http_client
        return given if given is not None else self._http_slot.get()

    def _copy_class(self) -> type[Any]:
        # a copy is a client of its own: building it must not rewrite the package's settings
        return OpenAI


class _AzureModuleClient(_ModuleClient, AzureOpenAI):
    """An :class:`AzureOpenAI` whose shared options are the package's settings."""

    def _copy_class(self) -> type[Any]:
        return AzureOpenAI


_lock = threading.Lock()
_client: OpenAI | None = None


def _choose_api_type(package: ModuleType) -> str:
    """``api_type`` as set, else inferred from the credentials around."""
    if package.api_type is not None:
        return str(package.api_type)
    has_openai = _env("OPENAI_API_KEY") is not None
    has_azure = package.azure_endpoint is not None or _env("AZURE_OPENAI_API_KEY") is not None
    has_azure_ad = (
        package.azure_ad_token is not None
        or package.azure_ad_token_provider is not None
        or _env("AZURE_OPENAI_AD_TOKEN") is not None
    )
    if has_openai and (has_azure or has_azure_ad):
        raise OpenAIError(_AMBIGUOUS)
    if has_azure_ad and _env("AZURE_OPENAI_API_KEY") is not None:
        raise OpenAIError(_AMBIGUOUS)
    return "azure" if has_azure or has_azure_ad else "openai"


def _build(package: ModuleType) -> OpenAI:
    for name, variable in (
        ("azure_endpoint", "AZURE_OPENAI_ENDPOINT"),
        ("azure_ad_token", "AZURE_OPENAI_AD_TOKEN"),
        ("api_version", "OPENAI_API_VERSION"),
    ):
        if getattr(package, name) is None:
            setattr(package, name, _env(variable))
    api_type = _choose_api_type(package)
    if api_type not in ("openai", "azure"):
        raise OpenAIError(f"Unknown api_type {api_type!r}: expected 'openai' or 'azure'")
    setattr(package, "api_type", api_type)  # noqa: B010  (a ModuleType: mypy would not know the name)
    shared: dict[str, Any] = {
        "organization": package.organization,
        "base_url": package.base_url,
        "timeout": package.timeout,
        "max_retries": package.max_retries,
        "default_headers": _mapping(package.default_headers),
        "default_query": _mapping(package.default_query),
        "http_client": package.http_client,
    }
    if api_type == "azure":
        return _AzureModuleClient(
            api_version=package.api_version,
            azure_endpoint=None if package.base_url is not None else package.azure_endpoint,
            api_key=package.api_key,
            azure_ad_token=package.azure_ad_token,
            azure_ad_token_provider=package.azure_ad_token_provider,
            **shared,
        )
    return _ModuleClient(
        api_key=package.api_key,
        project=package.project,
        webhook_secret=package.webhook_secret,
        **shared,
    )


def _mapping(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if value is None else dict(value)


def load_client() -> OpenAI:
    """The module-level client, built from the package's settings on first use."""
    global _client
    with _lock:
        if _client is None:
            _client = _build(_package())
        return _client


def reset_client() -> None:
    """Forget the module-level client: the next use builds a new one from the settings."""
    global _client
    with _lock:
        _client = None


class ModuleResource:
    """``openai_kit.<resource>``: the module-level client's resource, looked up on each use."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def _target(self) -> Any:
        return getattr(load_client(), self._name)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._target(), attr)

    def __dir__(self) -> list[str]:
        return dir(self._target())

    def __repr__(self) -> str:
        return f"<openai_kit.{self._name}: the module-level client's {self._name} resource>"
