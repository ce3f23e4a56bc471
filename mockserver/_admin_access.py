"""Who may use the admin API and the dashboard of a live server.

On a loopback address without a token they are open, like the rest of the
mock. With a token (``--admin-token``, or the one the CLI makes up when the
server is bound to another interface) every ``/_mock/`` path wants it, in
the ``x-mock-admin-token`` header or, for the dashboard page a browser
opens, the ``token`` query parameter. The API paths keep their own auth.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Mapping
from typing import Final

__all__ = [
    "ADMIN_TOKEN_HEADER",
    "admin_token_ok",
    "is_loopback",
    "new_admin_token",
]

ADMIN_TOKEN_HEADER: Final = "x-mock-admin-token"


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server to this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_admin_token() -> str:
    return secrets.token_urlsafe(18)


def admin_token_ok(token: str | None, headers: Mapping[str, str], query: Mapping[str, str]) -> bool:
    """Whether a ``/_mock/`` request may pass: no token set, or it carries the token."""
    if token is None:
        return True
    given = headers.get(ADMIN_TOKEN_HEADER) or query.get("token") or ""
    return hmac.compare_digest(given.encode(), token.encode())
