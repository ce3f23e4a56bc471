"""The state one mock server holds, shared by its app, clients and admin API."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Mapping, Sequence

from openai_kit.mockserver._clock import Clock
from openai_kit.mockserver._faults_book import FaultBook
from openai_kit.mockserver._journal import RequestJournal
from openai_kit.mockserver._operation import Area
from openai_kit.mockserver._scripts import ScriptBook
from openai_kit.mockserver._stores import State
from openai_kit.mockserver.api import AREAS
from openai_kit.mockserver.api.models.store import ModelsStore
from openai_kit.mockserver.generation.catalog import find_model
from openai_kit.mockserver.generation.context import GenContext

__all__ = ["DEFAULT_API_KEY", "ServerCore"]

DEFAULT_API_KEY = "sk-mock-0000000000000000"


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
        *,
        seed: int,
        areas: Sequence[Area] = AREAS,
        api_keys: Collection[str] | None = None,
        latency: float = 0.0,
        deployments: Mapping[str, str] | None = None,
        clock: Callable[[], float] | Clock = time.time,
        azure_region: str = "East US",
        journal_size: int | None = 10_000,
    ) -> None:
        if latency < 0:
            raise ValueError("latency must be >= 0")
        keys = None if api_keys is None else tuple(api_keys)
        if keys is not None and (not keys or not all(isinstance(k, str) and k for k in keys)):
            raise ValueError("api_keys must be None or non-empty strings")
        if deployments is not None:
            unknown = sorted(m for m in deployments.values() if find_model(m, azure=True) is None)
            if unknown:
                raise ValueError(f"deployments name models the mock does not know: {unknown}")
        self.seed = seed
        self.api_keys = keys
        self.latency = latency
        self.deployments = None if deployments is None else dict(deployments)
        self.clock = clock if isinstance(clock, Clock) else Clock(clock)
        self.azure_region = azure_region
        self.areas = tuple(areas)
        operations = [op for area in self.areas for op in area.operations]
        self.operations = {op.name: op for op in operations}
        self.state = State(seed, self.clock, [kind for area in self.areas for kind in area.stores])
        self.journal = RequestJournal(journal_size)
        socket_scripts = [
            name for area in self.areas for ws in area.websockets for name in ws.scripts
        ]
        self.scripts = ScriptBook(
            [*self.operations, *socket_scripts],
            [op.name for op in operations if op.content_scripts] + socket_scripts,
        )
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
        return deployment if find_model(deployment, azure=True) is not None else None

    def gen_context(self, *, azure: bool) -> GenContext:
        return GenContext(seed=self.seed, created=int(self.clock.now()), azure=azure)

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
