"""The one exception a mock handler raises to answer with an API error.

Handlers and validators raise :class:`MockAPIError`; the app turns it into
the body the addressed service would send (OpenAI's ``{"error": {...}}`` or
Azure's variant) with the right status and headers. Raising is the only way
a handler reports bad input, so nothing slips out as a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["MockAPIError"]


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

    def __repr__(self) -> str:
        return f"MockAPIError({self.status}, {self.message!r}, code={self.code!r})"
