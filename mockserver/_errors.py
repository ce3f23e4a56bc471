"""The one exception a mock handler raises to answer with an API error.

Handlers and validators raise :class:`MockAPIError`; the app turns it into
the body the addressed service would send (OpenAI's ``{"error": {...}}`` or
Azure's variant) with the right status and headers. Raising is the only way
a handler reports bad input, so nothing slips out as a 500.

Azure OpenAI passes the model's own errors through in OpenAI's shape, but
its gateway (authentication, api-version, deployments, unknown paths)
answers ``{"error": {"code": ..., "message": ...}}``; those are
:class:`AzureGatewayError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "DEPLOYMENT_NOT_FOUND",
    "AzureGatewayError",
    "MockAPIError",
    "deployment_not_found",
    "standard_error",
]

DEPLOYMENT_NOT_FOUND = (
    "The API deployment for this resource does not exist. If you created the deployment within the "
    "last 5 minutes, please wait a moment and try again."
)


class MockAPIError(Exception):
    """An API error response: status, OpenAI error fields, extra headers."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})

    def openai_body(self) -> dict[str, Any]:
        """``{"error": {message, type, param, code}}`` as api.openai.com sends it."""
        error: dict[str, Any] = {
            "message": self.message,
            "type": self.type,
            "param": self.param,
            "code": self.code,
        }
        error.update(self.extra)
        return {"error": error}

    def azure_body(self) -> dict[str, Any]:
        """The body on an Azure route: the model's errors pass through unchanged."""
        return self.openai_body()

    def body_for(self, *, azure: bool) -> dict[str, Any]:
        """The body for the addressed service."""
        return self.azure_body() if azure else self.openai_body()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.status}, {self.message!r}, code={self.code!r})"


class AzureGatewayError(MockAPIError):
    """An error from Azure's gateway rather than from the model.

    ``code`` is Azure's code string (``"401"``, ``"404"``,
    ``"DeploymentNotFound"``); on an Azure route the body is
    ``{"error": {"code": code, "message": message}}``.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            status,
            message,
            type="invalid_request_error",
            code=str(status) if code is None else code,
            headers=headers,
        )

    def azure_body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}


# The body the real API sends for a bare status, when nothing more is known.
_STANDARD: dict[int, tuple[str, str, str | None]] = {
    400: ("Invalid request.", "invalid_request_error", None),
    401: ("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
    403: ("You are not allowed to make this request.", "invalid_request_error", None),
    404: ("The requested resource was not found.", "invalid_request_error", None),
    409: (
        "The request conflicts with the current state of the resource.",
        "invalid_request_error",
        None,
    ),
    422: ("The request could not be processed.", "invalid_request_error", None),
    429: (
        "Rate limit reached for requests. Please try again later.",
        "requests",
        "rate_limit_exceeded",
    ),
    500: (
        "The server had an error while processing your request. Sorry about that!",
        "server_error",
        None,
    ),
    502: ("Bad gateway.", "server_error", None),
    503: ("The server is overloaded or not ready yet.", "server_error", None),
}


def standard_error(status: int, message: str | None = None) -> MockAPIError:
    """A :class:`MockAPIError` for ``status`` with the body the real API would send."""
    default_message, type_, code = _STANDARD.get(
        status,
        (f"HTTP {status}", "server_error" if status >= 500 else "invalid_request_error", None),
    )
    return MockAPIError(status, message or default_message, type=type_, code=code)


def deployment_not_found() -> AzureGatewayError:
    """Azure's 404 for a deployment name it does not know."""
    return AzureGatewayError(404, DEPLOYMENT_NOT_FOUND, code="DeploymentNotFound")
