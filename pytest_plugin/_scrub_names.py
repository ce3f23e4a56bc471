"""Which header and query-parameter names carry credentials (configurable).

A name is secret when it is on the deny list, or says what a credential is
(it contains ``key``, ``token``, ``secret``, ``auth``, ``password``,
``passwd``, ``signature``, ``credential``, ``cookie`` or ``session``) and is
not on the allow list. The allow list holds names that say so but carry data:
the rate-limit counters (``x-ratelimit-limit-tokens``...), ``idempotency-key``
and the token counts some gateways add. Query parameters follow the same
rule, plus the short names credentials travel under (``key``, ``sig``,
``code``); Azure's ``subscription-key`` is caught by its name.

Projects change the lists with the ini options ``openai_scrub_secret_headers``
and ``openai_scrub_allowed_headers`` (one name or ``prefix*`` per line); the
plugin applies them with :func:`configure` at start-up in every process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Final
from urllib.parse import unquote

__all__ = [
    "ALLOWED_HEADERS",
    "DENIED_HEADERS",
    "SECRET_QUERY_PARAMS",
    "NamePolicy",
    "configure",
    "is_secret_header",
    "is_secret_param",
    "policy",
]

_SECRET_WORDS: Final = re.compile(
    r"key|token|secret|auth|password|passwd|signature|credential|cookie|session", re.IGNORECASE
)

#: Headers scrubbed whatever their names say (ids that tie a recording to an account).
DENIED_HEADERS: Final = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "api-key",
        "x-api-key",
        "ocp-apim-subscription-key",
        "openai-organization",
        "openai-project",
        "cookie",
        "set-cookie",
    }
)
#: Headers whose names sound secret but carry data (``*`` ends a prefix).
ALLOWED_HEADERS: Final = frozenset(
    {"x-ratelimit-*", "idempotency-key", "openai-processing-ms", "keep-alive"}
)
#: Query parameters scrubbed besides those whose names sound secret.
SECRET_QUERY_PARAMS: Final = frozenset(
    {"api-key", "api_key", "apikey", "key", "access_token", "token", "sig", "code"}
)


def _matches(name: str, patterns: frozenset[str]) -> bool:
    if name in patterns:
        return True
    return any(p.endswith("*") and name.startswith(p[:-1]) for p in patterns)


@dataclass(frozen=True)
class NamePolicy:
    """The deny and allow lists (lowercase names, ``prefix*`` patterns)."""

    denied: frozenset[str] = DENIED_HEADERS
    allowed: frozenset[str] = ALLOWED_HEADERS

    def secret_header(self, name: str) -> bool:
        key = name.strip().lower()
        if _matches(key, self.denied):
            return True
        return bool(_SECRET_WORDS.search(key)) and not _matches(key, self.allowed)

    def secret_param(self, name: str) -> bool:
        key = unquote(name).strip().lower()
        if key in SECRET_QUERY_PARAMS or _matches(key, self.denied):
            return True
        return bool(_SECRET_WORDS.search(key)) and not _matches(key, self.allowed)


_policy = NamePolicy()


def policy() -> NamePolicy:
    return _policy


def configure(denied: Iterable[str] = (), allowed: Iterable[str] = ()) -> NamePolicy:
    """Add names to the deny and allow lists (the defaults stay); returns the new policy.

    A name on both lists is scrubbed.
    """
    global _policy
    clean = {n.strip().lower() for n in denied if n.strip()}
    free = {n.strip().lower() for n in allowed if n.strip()}
    _policy = replace(
        NamePolicy(), denied=DENIED_HEADERS | clean, allowed=(ALLOWED_HEADERS | free) - clean
    )
    return _policy


def is_secret_header(name: str) -> bool:
    return _policy.secret_header(name)


def is_secret_param(name: str) -> bool:
    return _policy.secret_param(name)
