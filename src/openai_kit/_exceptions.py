"""Errors raised by openai-kit.

    OpenAIError
    ├── MutuallyExclusiveAuthError      more than one Azure credential given
    ├── LengthFinishReasonError         a parse helper met finish_reason "length"
    ├── ContentFilterFinishReasonError  a parse helper met finish_reason "content_filter"
    └── APIError                        anything that went wrong talking to the API
        ├── APIConnectionError          no response: DNS, refused, reset, ...
        │   └── APITimeoutError         a connect, read, write or pool timeout
        ├── APIResponseValidationError  a response that does not fit its type (strict mode)
        └── APIStatusError              a 4xx or 5xx response
            ├── BadRequestError             400
            ├── AuthenticationError         401
            ├── PermissionDeniedError       403
            ├── NotFoundError               404
            ├── ConflictError               409
            ├── UnprocessableEntityError    422
            ├── RateLimitError              429
            └── InternalServerError         >= 500

:func:`make_status_error` is the one place a status code becomes a class.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

import httpx

if TYPE_CHECKING:
    from .types.chat.chat_completion import ChatCompletion

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ContentFilterFinishReasonError",
    "InternalServerError",
    "InvalidWebhookSignatureError",
    "LengthFinishReasonError",
    "MutuallyExclusiveAuthError",
    "NotFoundError",
    "OpenAIError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "make_status_error",
]


class OpenAIError(Exception):
    """The base of every error openai-kit raises."""


class MutuallyExclusiveAuthError(OpenAIError):
    """An Azure client was given more than one of api_key, azure_ad_token, azure_ad_token_provider."""

    def __init__(self) -> None:
        super().__init__(
            "The `api_key`, `azure_ad_token`, and `azure_ad_token_provider` arguments are "
            "mutually exclusive; only one can be passed at a time"
        )


class LengthFinishReasonError(OpenAIError):
    """The model stopped at the token limit, so its output cannot be parsed.

    ``completion`` is what arrived (while streaming, the snapshot so far).
    """

    completion: ChatCompletion

    def __init__(self, *, completion: ChatCompletion) -> None:
        message = "Could not parse the response content: the length limit was reached"
        if completion.usage:
            message += f" - {completion.usage}"
        super().__init__(message)
        self.completion = completion


class ContentFilterFinishReasonError(OpenAIError):
    """The content filter stopped the model, so its output cannot be parsed."""

    def __init__(self) -> None:
        super().__init__(
            "Could not parse the response content: the request was rejected by the content filter"
        )


class InvalidWebhookSignatureError(ValueError):
    """A webhook's signature does not match its payload, or its timestamp is out of tolerance."""


class APIError(OpenAIError):
    """A request failed. ``body`` is the decoded error (or None), ``code``/``param``/``type`` come from it."""

    message: str
    request: httpx.Request
    body: object | None
    code: str | None
    param: str | None
    type: str | None

    def __init__(self, message: str, request: httpx.Request, *, body: object | None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body
        if isinstance(body, Mapping):
            self.code = _str_or_none(body.get("code"))
            self.param = _str_or_none(body.get("param"))
            self.type = _str_or_none(body.get("type"))
        else:
            self.code = self.param = self.type = None

    def __str__(self) -> str:
        return self.message


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


class APIResponseValidationError(APIError):
    """The response did not match the expected type and strict validation is on."""

    response: httpx.Response
    status_code: int

    def __init__(
        self, response: httpx.Response, body: object | None, *, message: str | None = None
    ) -> None:
        super().__init__(
            message or "Data returned by API invalid for expected schema.",
            response.request,
            body=body,
        )
        self.response = response
        self.status_code = response.status_code


class APIStatusError(APIError):
    """The API answered with a 4xx or 5xx status."""

    response: httpx.Response
    status_code: int
    request_id: str | None

    def __init__(self, message: str, *, response: httpx.Response, body: object | None) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")


class APIConnectionError(APIError):
    """No response arrived: the connection failed or broke."""

    def __init__(self, *, message: str = "Connection error.", request: httpx.Request) -> None:
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool)."""

    def __init__(self, request: httpx.Request) -> None:
        super().__init__(message="Request timed out.", request=request)


class BadRequestError(APIStatusError):
    status_code: Literal[400]


class AuthenticationError(APIStatusError):
    status_code: Literal[401]


class PermissionDeniedError(APIStatusError):
    status_code: Literal[403]


class NotFoundError(APIStatusError):
    status_code: Literal[404]


class ConflictError(APIStatusError):
    status_code: Literal[409]


class UnprocessableEntityError(APIStatusError):
    status_code: Literal[422]


class RateLimitError(APIStatusError):
    status_code: Literal[429]


class InternalServerError(APIStatusError):
    pass


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(message: str, *, body: object, response: httpx.Response) -> APIStatusError:
    """The status error for ``response``; ``body`` is the inner ``error`` object when there is one."""
    inner = body.get("error", body) if isinstance(body, Mapping) else body
    cls = _BY_STATUS.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    return cls(message, response=response, body=inner)
