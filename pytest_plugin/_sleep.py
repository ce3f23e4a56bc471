"""Retry waits on the mock's simulated clock instead of the wall clock.

While the fixtures are active, the waits between attempts (exponential
back-off, ``Retry-After``) of openai-kit's clients and of the official
``openai`` package's clients (2.x and 3.x) go to :meth:`MockServer.sleep`:
the wait is noted in ``openai_mock.waits`` and the mock's clock moves forward
by it (rate limits refill, background responses progress), and no time
passes. With real sleeping on (``--openai-real-sleep``, the
``openai_real_sleep`` ini, ``@pytest.mark.openai_real_sleep``) the waits are
noted and really slept.

The seams: openai-kit's ``SyncAPIClient._sleep`` / ``AsyncAPIClient._sleep``,
and the ``time`` and ``anyio`` names of ``openai._base_client`` and
``openai._resource``, through which the official clients call ``time.sleep``
and ``anyio.sleep`` between attempts and between the polls of their poll
helpers (``runs.create_and_poll`` ...); those names are replaced by stand-ins
whose ``sleep`` is ours and which hand every other attribute to the real module.

Imported lazily by the plugin's fixtures.
"""

from __future__ import annotations

import importlib
import sys
import time
from types import ModuleType
from typing import TYPE_CHECKING, Any

import anyio
import pytest

from openai_kit._base_client import AsyncAPIClient, SyncAPIClient

if TYPE_CHECKING:
    from openai_kit.mockserver import MockServer

__all__ = ["SimulatedSleep"]

_OFFICIAL = ("openai._base_client", "openai._resource")


class _StandIn:
    """A module's stand-in: ``sleep`` replaced, every other attribute the real module's."""

    def __init__(self, real: ModuleType, sleep: Any) -> None:
        self._real = real
        self.sleep = sleep

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class SimulatedSleep:
    """The waits of one test's clients, sent to ``mock`` (or slept, when ``real``)."""

    def __init__(self, mock: MockServer, *, real: bool) -> None:
        self._mock = mock
        self._real = real
        self._monkeypatch: pytest.MonkeyPatch | None = None
        self._official_attached = False

    def sleep(self, seconds: float) -> None:
        if self._real:
            self._mock.waits.append(seconds)
            time.sleep(seconds)
        else:
            self._mock.sleep(seconds)

    async def async_sleep(self, seconds: float) -> None:
        if self._real:
            self._mock.waits.append(seconds)
            await anyio.sleep(seconds)
        else:
            self._mock.sleep(seconds)
            await anyio.sleep(0)  # still a point where other tasks run, as a real wait is

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Take over the waits until ``monkeypatch`` is undone."""
        self._monkeypatch = monkeypatch
        monkeypatch.setattr(SyncAPIClient, "_sleep", staticmethod(self.sleep))
        monkeypatch.setattr(AsyncAPIClient, "_sleep", staticmethod(self.async_sleep))
        self.attach_official()

    def attach_official(self) -> None:
        """Take over the official clients' waits too, once ``openai`` is imported.

        ``openai._resource`` (the poll helpers' waits) is loaded by the package on
        first use of a resource; it is small and loaded here as soon as ``openai`` is.
        """
        if self._official_attached or self._monkeypatch is None:
            return
        if sys.modules.get(_OFFICIAL[0]) is None:
            return
        self._official_attached = True
        for name in _OFFICIAL:
            module = importlib.import_module(name)
            self._monkeypatch.setattr(module, "time", _StandIn(time, self.sleep))
            self._monkeypatch.setattr(module, "anyio", _StandIn(anyio, self.async_sleep))
