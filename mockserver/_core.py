"""The state one mock server holds, shared by its app, clients and admin API."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from openai_kit.mockserver._admin_access import AdminAccess
from openai_kit.mockserver._clock import Clock
from openai_kit.mockserver._faults_book import FaultBook
from openai_kit.mockserver._journal import DEFAULT_BODY_LIMIT, DEFAULT_JOURNAL_BYTES, RequestJournal
from openai_kit.mockserver._operation import Area
from openai_kit.mockserver._scripts import ScriptBook
from openai_kit.mockserver._stores import DEFAULT_STORE_LIMIT, State
from openai_kit.mockserver.api import AREAS
from openai_kit.mockserver.api.models.store import ModelsStore
from openai_kit.mockserver.generation.catalog import CustomModels, find_model
from openai_kit.mockserver.generation.context import GenContext

__all__ = ["DEFAULT_API_KEY", "DEFAULT_MAX_BODY_BYTES", "Limits", "ServerCore"]

DEFAULT_API_KEY = "sk-mock-0000000000000000"
#: The largest request body accepted by default (100 MiB; JSON bodies of the real API are far
#: smaller, its file uploads go up to 512 MB: raise the limit to upload files that large).
DEFAULT_MAX_BODY_BYTES: Final = 100 << 20


def _bound(name: str, value: int | None) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ValueError(f"{name} must be None or a positive integer")
    return value


@dataclass(frozen=True)
class Limits:
    """What one server holds at most (None: no limit); see the README's "Limits and security".

    ``max_body_bytes``: a request body (413 beyond); ``journal_size`` and
    ``journal_bytes``: the journal's entries and bytes (oldest go first);
    ``journal_body_bytes``: a body the journal keeps whole; ``store_limit``:
    objects per store table (oldest go first).
    """

    max_body_bytes: int | None = DEFAULT_MAX_BODY_BYTES
    journal_size: int | None = 10_000
    journal_bytes: int | None = DEFAULT_JOURNAL_BYTES
    journal_body_bytes: int = DEFAULT_BODY_LIMIT
    store_limit: int | None = DEFAULT_STORE_LIMIT

    def __post_init__(self) -> None:
        _bound("max_body_bytes", self.max_body_bytes)
        _bound("journal_size", self.journal_size)
        _bound("journal_bytes", self.journal_bytes)
        _bound("store_limit", self.store_limit)
        if _bound("journal_body_bytes", self.journal_body_bytes) is None:
            raise ValueError("journal_body_bytes must be a positive integer")


def _checked_keys(api_keys: Collection[str] | None) -> tuple[str, ...] | None:
    keys = None if api_keys is None else tuple(api_keys)
    if keys is not None and (not keys or not all(isinstance(k, str) and k for k in keys)):
        raise ValueError("api_keys must be None or non-empty strings")
    return keys


def _check_deployments(deployments: Mapping[str, str] | None, custom: CustomModels) -> None:
    if deployments is None:
        return
    unknown = sorted(
        m for m in deployments.values() if find_model(m, azure=True, custom=custom) is None
    )
    if unknown:
        raise ValueError(f"deployments name models the mock does not know: {unknown}")


def _script_book(areas: Sequence[Area]) -> ScriptBook:
    """Scripts may target every operation and WebSocket event the areas declare."""
    operations = [op for area in areas for op in area.operations]
    sockets = [name for area in areas for ws in area.websockets for name in ws.scripts]
    return ScriptBook(
        [op.name for op in operations] + sockets,
        [op.name for op in operations if op.content_scripts] + sockets,
    )


class ServerCore:
    """Settings, clock, every area's state, journal, scripts, faults and the call counter of
    one server (``areas``: what it serves, every area by default).

    ``clock`` is the server's time: a :class:`Clock` (shared as is) or a time
    source a new :class:`Clock` follows. Everything reads it: ``created``
    stamps, background responses, the rate limits' buckets (``faults.clock``
    is this very clock), so one ``clock.advance`` moves them all.
    """

    def __init__(
        self,
        seed: int,
        api_keys: Collection[str] | None = None,
        latency: float = 0.0,
        *,
        areas: Sequence[Area] = AREAS,
        deployments: Mapping[str, str] | None = None,
        clock: Callable[[], float] | Clock = time.time,
        azure_region: str = "East US",
        journal_size: int | None = 10_000,
        limits: Limits | None = None,
        admin: AdminAccess | None = None,
        models: Mapping[str, str] | None = None,
    ) -> None:
        if latency < 0:
            raise ValueError("latency must be >= 0")
        keys = _checked_keys(api_keys)
        #: the models this server serves besides the catalogue (name -> base)
        self.custom_models = custom = CustomModels(models)
        _check_deployments(deployments, custom)
        self.seed = seed
        self.api_keys = keys
        self.latency = latency
        self.deployments = None if deployments is None else dict(deployments)
        self.clock = clock if isinstance(clock, Clock) else Clock(clock)
        self.azure_region = azure_region
        self.areas = tuple(areas)
        operations = [op for area in self.areas for op in area.operations]
        self.operations = {op.name: op for op in operations}
        if limits is None:
            limits = Limits(journal_size=journal_size)
        self.limits = limits
        self.max_body_bytes = limits.max_body_bytes
        self.admin = admin if admin is not None else AdminAccess()
        self.state = State(
            seed,
            self.clock,
            [kind for area in self.areas for kind in area.stores],
            store_limit=limits.store_limit,
        )
        for store in self.state:
            if isinstance(store, ModelsStore):
                store.custom = custom
        self.journal = RequestJournal(
            limits.journal_size,
            max_bytes=limits.journal_bytes,
            body_limit=limits.journal_body_bytes,
        )
        self.scripts = _script_book(self.areas)
        self.faults = FaultBook(seed, self.operations, self.clock)
        self._calls = 0
        self._lock = threading.Lock()

    @property
    def client_api_key(self) -> str:
        """The key the mock's own clients send."""
        return self.api_keys[0] if self.api_keys else DEFAULT_API_KEY

    def accepts_key(self, key: str) -> bool:
        return bool(key) and (self.api_keys is None or key in self.api_keys)

    def next_index(self) -> int:
        """A fresh call number (0, 1, 2, ...) for ids and headers."""
        with self._lock:
            index = self._calls
            self._calls += 1
            return index

    def deployment_model(self, deployment: str) -> str | None:
        """The model behind an Azure deployment name, None when there is no such deployment.

        Without a ``deployments`` mapping every catalogue model (Azure
        spellings such as ``gpt-35-turbo`` included) and every fine-tuned
        model of the models store is deployed under its own name.
        """
        if self.deployments is not None:
            return self.deployments.get(deployment)
        if self.state.get(ModelsStore).find_model(deployment) is not None:
            return deployment
        if deployment.startswith("ft:"):
            return None
        found = find_model(deployment, azure=True, custom=self.custom_models)
        return deployment if found is not None else None

    def gen_context(self, *, azure: bool) -> GenContext:
        return GenContext(
            seed=self.seed, created=int(self.clock.now()), azure=azure, custom=self.custom_models
        )

    def reset(self) -> None:
        """Forget every area's state, the journal, scripts, faults (but ``keep_on_reset``
        ones); restart the call counter.

        The clock keeps its time.
        """
        self.state.reset()
        self.journal.clear()
        self.scripts.clear()
        self.faults.reset()
        with self._lock:
            self._calls = 0
