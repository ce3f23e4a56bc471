"""Body of ``containers.create``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal, Required

from typing_extensions import TypedDict

__all__ = ["ContainerCreateParams", "ExpiresAfter", "NetworkPolicy"]


class ExpiresAfter(TypedDict, total=False):
    """When an idle container expires: ``minutes`` after it was last active."""

    anchor: Required[Literal["last_active_at"]]
    minutes: Required[int]


class NetworkPolicy(TypedDict, total=False):
    """Outbound network access: ``disabled``, or an ``allowlist`` of domains."""

    type: Required[Literal["disabled", "allowlist"]]
    allowed_domains: Sequence[str]


class ContainerCreateParams(TypedDict, total=False):
    """A new container: its name, expiry, memory, network policy and files copied in."""

    name: Required[str]
    expires_after: ExpiresAfter
    file_ids: Sequence[str]
    memory_limit: Literal["1g", "4g", "16g", "64g"]
    network_policy: NetworkPolicy
    skills: Iterable[dict[str, Any]]
