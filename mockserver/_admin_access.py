"""Who may use the control plane (``/_mock/*``) of a server reached over the network.

In-process clients (the mock's transports) are the test itself and always
may. A request that came over a socket may when:

- it carries the server's admin token (``Authorization: Bearer <token>`` or
  ``x-mock-admin-token: <token>``), when one is configured; without the
  token it is refused (401) whatever its origin; or
- no token is configured, and its ``Host`` names a loopback address
  (``127.0.0.1``, ``::1``, ``localhost``) or one of the allowed hosts, and its
  ``Origin``, when it has one, is a loopback origin or an allowed one.

So a web page open in the developer's browser cannot drive or read the
mock: the browser sends the page's ``Origin`` (refused, 403), and a DNS name
rebound to 127.0.0.1 arrives with its own ``Host`` (refused, 403).
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable, Collection
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import Scope

from openai_kit.mockserver._auth import bearer_credential

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "NETWORK_EXTENSION",
    "TOKEN_HEADER",
    "AdminAccess",
    "AdminEndpoint",
    "RouteFactory",
    "is_loopback",
]

AdminEndpoint = Callable[[Request], Awaitable[Response]]
#: Builds an admin route behind the door: ``(core, path, endpoint, methods)`` (the admin
#: API's own ``_route``, handed to the areas that add admin endpoints).
RouteFactory = Callable[["ServerCore", str, AdminEndpoint, list[str]], BaseRoute]

#: Set in a request scope's ``extensions`` by the live server: the request came over a socket.
NETWORK_EXTENSION: Final = "openai_kit.network"
#: The header that may carry the admin token (``Authorization: Bearer`` works too).
TOKEN_HEADER: Final = "x-mock-admin-token"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address, no port) is this machine's loopback."""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _host_of(value: str) -> str:
    """The host of a ``Host`` header (``name:port``, ``[v6]:port``)."""
    value = value.strip()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class AdminAccess:
    """The admin API's door: ``token`` (None: none needed) and extra ``allowed_hosts``.

    ``allowed_hosts`` are host names (``mock.internal``) or origins
    (``http://dashboard.internal:3000``) trusted besides loopback ones.
    """

    def __init__(self, token: str | None = None, allowed_hosts: Collection[str] = ()) -> None:
        if token is not None and (not isinstance(token, str) or not token.strip()):
            raise ValueError("admin_token must be None or a non-empty string")
        self.token = token
        hosts: set[str] = set()
        origins: set[str] = set()
        for item in allowed_hosts:
            if not isinstance(item, str) or not item:
                raise ValueError("allowed admin hosts are non-empty strings")
            if "://" in item:
                origins.add(item.rstrip("/").lower())
            else:
                hosts.add(item.lower())
        self.hosts = frozenset(hosts)
        self.origins = frozenset(origins)

    def _host_ok(self, host: str) -> bool:
        return is_loopback(host) or host.lower() in self.hosts

    def _origin_ok(self, origin: str) -> bool:
        origin = origin.strip().rstrip("/").lower()
        if origin in self.origins:
            return True
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        return self._host_ok(parts.hostname)

    def accepts_token(self, given: str | None) -> bool:
        """Whether ``given`` is the admin token (compared in constant time)."""
        if self.token is None or not given:
            return False
        return hmac.compare_digest(given.encode(), self.token.encode())

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """None when the request may go on, else the status and the reason."""
        if not scope.get("extensions", {}).get(NETWORK_EXTENSION):
            return None
        headers = Headers(scope=scope)
        if self.token is not None:
            given = headers.get(TOKEN_HEADER) or bearer_credential(headers.get("authorization"))
            if self.accepts_token(given):
                return None
            return 401, (
                "The mock's admin API needs its admin token: send it as "
                f"'Authorization: Bearer <token>' or '{TOKEN_HEADER}: <token>'."
            )
        host = _host_of(headers.get("host", ""))
        if not self._host_ok(host):
            return 403, (
                f"The mock's admin API answers loopback hosts only, not {host[:100]!r}; "
                "allow the host or set an admin token."
            )
        origin = headers.get("origin")
        if origin is not None and not self._origin_ok(origin):
            return 403, (
                f"The mock's admin API refuses requests from the origin {origin[:100]!r}; "
                "allow the origin or set an admin token."
            )
        return None
