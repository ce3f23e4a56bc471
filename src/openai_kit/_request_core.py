"""The request engine's core: options, request building and the retry decisions; no I/O.

:meth:`BaseClient._steps` is a generator that holds every decision of a
call - auth refresh, building the request, retry or not, how long to wait,
which error to raise - and *yields* the I/O it needs (send, read, close,
sleep, call a credential provider) as ``(step, argument)`` pairs. The sync
and async shells in :mod:`._base_client` only perform those steps, blocking
or awaiting, so the two cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, cast

import httpx

from ._exceptions import APIConnectionError, APIStatusError, APITimeoutError, make_status_error
from ._options import FinalRequestOptions, merge_headers
from ._retry import retry_delay, should_retry
from ._types import NotGiven, Omit
from ._version import __version__

if TYPE_CHECKING:
    pass

__all__ = [
    "AUTH",
    "CLOSE",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "READ",
    "SEND",
    "SLEEP",
    "BaseClient",
    "ResponseMode",
    "Step",
    "encode_json",
]

DEFAULT_TIMEOUT = httpx.Timeout(timeout=600.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)
_HTTPX_DEFAULT_TIMEOUT = httpx.Timeout(5.0)

ResponseMode = Literal["parsed", "raw", "streaming"]

_T = TypeVar("_T")
_HttpxT = TypeVar("_HttpxT", httpx.Client, httpx.AsyncClient)

#: The I/O steps the core asks its shell to perform: ``(step, argument)``.
SEND, READ, CLOSE, SLEEP, AUTH = range(5)
Step = tuple[int, Any]


class _HttpClientSlot:
    """The httpx client, made on first use and shared by a client and its copies."""

    __slots__ = ("_client", "_factory")

    def __init__(self, client: Any, factory: Callable[[], Any]) -> None:
        self._client = client
        self._factory = factory

    def get(self) -> Any:
        if self._client is None:
            self._client = self._factory()
        return self._client

    @property
    def created(self) -> bool:
        return self._client is not None


class BaseClient:
    """Options, request building and the retry core; no I/O."""

    _is_async: ClassVar[bool] = False
    _httpx_type: ClassVar[type[Any]] = httpx.Client

    max_retries: int
    timeout: float | httpx.Timeout | None
    _strict_response_validation: bool
    _custom_headers: dict[str, str | Omit]
    _custom_query: dict[str, object]

    def __init__(
        self,
        *,
        base_url: str | httpx.URL,
        timeout: float | httpx.Timeout | NotGiven | None,
        max_retries: int,
        custom_headers: Mapping[str, str | Omit] | None,
        custom_query: Mapping[str, object] | None,
        http_client: httpx.Client | httpx.AsyncClient | None,
        strict_response_validation: bool,
        http_slot: _HttpClientSlot | None = None,
    ) -> None:
        if max_retries is None:
            raise TypeError(
                "max_retries cannot be None. If you want to disable retries, pass `0`; "
                "for unlimited retries use `math.inf`; or for the default, leave it out."
            )
        if http_client is not None and not isinstance(http_client, self._httpx_type):
            raise TypeError(
                f"Invalid `http_client` argument; expected an instance of "
                f"`httpx.{self._httpx_type.__name__}` but got {type(http_client)}"
            )
        if isinstance(timeout, NotGiven):
            if http_client is not None and http_client.timeout != _HTTPX_DEFAULT_TIMEOUT:
                timeout = http_client.timeout
            else:
                timeout = DEFAULT_TIMEOUT
        self.base_url = base_url
        self.timeout = cast("float | httpx.Timeout | None", timeout)
        self.max_retries = max_retries
        self._custom_headers = dict(custom_headers or {})
        self._custom_query = dict(custom_query or {})
        self._strict_response_validation = strict_response_validation
        self._http_slot = http_slot or _HttpClientSlot(http_client, self._make_http_client)

    # -- configuration -----------------------------------------------------------

    @property
    def base_url(self) -> httpx.URL:
        return self._base_url

    @base_url.setter
    def base_url(self, url: str | httpx.URL) -> None:
        text = str(url)
        if not text.endswith("/"):
            text += "/"
        self._base_url = httpx.URL(text)
        self._base_url_text = text

    def _make_http_client(self) -> Any:
        return self._httpx_type(timeout=self.timeout, limits=DEFAULT_LIMITS, follow_redirects=True)

    @property
    def _client(self) -> Any:
        return self._http_slot.get()

    @property
    def user_agent(self) -> str:
        return f"{type(self).__name__}/Python openai-kit/{__version__}"

    @property
    def auth_headers(self) -> dict[str, str]:
        return {}

    @property
    def default_headers(self) -> dict[str, str | Omit]:
        return {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": self.user_agent,
            **self.auth_headers,
            **self._custom_headers,
        }

    @property
    def default_query(self) -> dict[str, object]:
        return dict(self._custom_query)

    # -- hooks the concrete clients fill in ---------------------------------------

    def _auth_provider(self) -> Callable[[], Any] | None:
        """A credential callable to call before each attempt, or None."""
        return None

    def _accept_credential(self, value: object) -> None:
        """Store what ``_auth_provider()`` returned."""

    def _rewrite_url(self, options: FinalRequestOptions) -> str:
        """The URL path for ``options`` (Azure inserts its deployment here)."""
        return options.url

    def _final_query(self, options: FinalRequestOptions) -> dict[str, object]:
        return {**self._custom_query, **options.params}

    # -- building requests ---------------------------------------------------------

    def _resolve_timeout(self, options: FinalRequestOptions) -> httpx.Timeout:
        timeout = self.timeout if isinstance(options.timeout, NotGiven) else options.timeout
        return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)

    def _build_request(self, options: FinalRequestOptions, retries_taken: int) -> httpx.Request:
        headers = merge_headers(self.default_headers, options.headers)
        if "x-retry-count" not in {name.lower() for name in options.headers}:
            headers["x-retry-count"] = str(retries_taken)
        method = options.method.upper()
        kwargs: dict[str, Any] = {}
        if options.files is not None or options.data is not None:
            _drop_header(headers, "content-type")
            kwargs["files"] = options.files
            kwargs["data"] = options.data
        elif options.content is not None:
            kwargs["content"] = options.content
        elif options.json_data is not None or options.extra_json:
            body = options.json_data
            if options.extra_json:
                body = {**cast("Mapping[str, object]", body or {}), **options.extra_json}
            kwargs["content"] = encode_json(body)
        elif method == "GET":
            _drop_header(headers, "content-type")
        path = self._rewrite_url(options)
        url = path if "://" in path else self._base_url_text + path.lstrip("/")
        params = self._final_query(options)
        return cast(
            httpx.Request,
            self._client.build_request(
                method,
                url,
                headers=headers,
                params={k: v for k, v in params.items() if not isinstance(v, NotGiven | Omit)}
                or None,
                timeout=self._resolve_timeout(options),
                **kwargs,
            ),
        )

    # -- the retry core --------------------------------------------------------------

    def _steps(
        self, options: FinalRequestOptions, *, read_body: bool
    ) -> Generator[Step, Any, tuple[httpx.Response, int]]:
        """Everything one call decides; yields the I/O it needs done.

        Returns the successful response and the number of retries taken, or
        raises the error the caller sees.
        """
        max_retries = (
            self.max_retries if isinstance(options.max_retries, NotGiven) else options.max_retries
        )
        retries_taken = 0
        while True:
            provider = self._auth_provider()
            if provider is not None:
                self._accept_credential((yield (AUTH, provider)))
            request = self._build_request(options, retries_taken)
            outcome = yield (SEND, request)
            if not isinstance(outcome, BaseException):
                response: httpx.Response = outcome
                failed = response.status_code >= 400
                if failed and retries_taken < max_retries and should_retry(response):
                    yield (CLOSE, response)
                    yield (SLEEP, retry_delay(retries_taken, response.headers))
                    retries_taken += 1
                    continue
                if failed or read_body:
                    outcome = yield (READ, response)
                if outcome is None or outcome is response:
                    if failed:
                        raise self._make_status_error_from_response(response)
                    return response, retries_taken
            # no response, or its body broke off: a connection problem
            if retries_taken < max_retries:
                yield (SLEEP, retry_delay(retries_taken))
                retries_taken += 1
                continue
            if isinstance(outcome, httpx.TimeoutException):
                raise APITimeoutError(request) from outcome
            raise APIConnectionError(request=request) from outcome

    def _make_status_error_from_response(self, response: httpx.Response) -> APIStatusError:
        status = response.status_code
        if response.is_closed and not response.is_stream_consumed:
            return make_status_error(f"Error code: {status}", body=None, response=response)
        text = response.text.strip()
        body: object = text
        try:
            body = json.loads(text)
            message = f"Error code: {status} - {body}"
        except ValueError:
            message = text or f"Error code: {status}"
        return make_status_error(message, body=body, response=response)

    def _result(
        self,
        response: httpx.Response,
        retries_taken: int,
        *,
        cast_to: type[Any],
        options: FinalRequestOptions,
        stream: bool,
        stream_cls: type[Any] | None,
        mode: ResponseMode,
    ) -> Any:
        from ._response import (
            APIResponse,
            AsyncStreamedAPIResponse,
            StreamedAPIResponse,
            parse_response,
        )

        if mode == "parsed":
            return parse_response(
                self,
                response,
                cast_to=cast_to,
                options=options,
                stream=stream,
                stream_cls=stream_cls,
            )
        kind: type[Any] = APIResponse
        if mode == "streaming":
            kind = AsyncStreamedAPIResponse if self._is_async else StreamedAPIResponse
        return kind(
            client=self,
            http_response=response,
            cast_to=cast_to,
            options=options,
            stream=stream,
            stream_cls=stream_cls,
            retries_taken=retries_taken,
        )

    # -- copies ----------------------------------------------------------------------

    @staticmethod
    def _merge_pair(
        current: Mapping[str, _T],
        merge: Mapping[str, _T] | None,
        replace: Mapping[str, _T] | None,
        what: str,
    ) -> dict[str, _T]:
        if merge is not None and replace is not None:
            raise ValueError(
                f"The `default_{what}` and `set_default_{what}` arguments are mutually exclusive"
            )
        if replace is not None:
            return dict(replace)
        if merge is not None:
            return {**current, **merge}
        return dict(current)


def _jsonable(value: object) -> Any:
    """``json.dumps``'s fallback: response models placed in a request (``input=response.output``)."""
    dump = getattr(value, "model_dump", None)
    if dump is None:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    exclude = getattr(type(value), "__api_exclude__", None)
    return dump(mode="json", by_alias=True, exclude_unset=True, exclude=exclude, warnings=False)


def encode_json(body: object) -> bytes:
    """The request body as compact UTF-8 JSON, as httpx would send ``json=``.

    Plain bodies encode with no extra work; models inside them (a previous
    response's output items, say) are dumped with their API names.
    """
    return json.dumps(
        body, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_jsonable
    ).encode()


def _drop_header(headers: dict[str, str], name: str) -> None:
    for key in [k for k in headers if k.lower() == name]:
        del headers[key]
