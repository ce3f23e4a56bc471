"""The store protocol: how the server holds, resets and shows every area's state.

Each area keeps its state in :class:`Store` subclasses of its own
(``api/<area>/store.py``). The server builds one of each through its
:class:`State` without knowing what they hold: ``reset`` empties them all,
``snapshot`` shows them all (the admin API and dashboards read it), and a
handler reaches a store by its class (``core.state.get(FilesStore)``), which
keeps the result typed. Stores read time from the server's clock only.

Lifecycles (jobs, runs, background work) are computed from the clock; a store
whose objects change state at given times moves them on in :meth:`Store.tick`,
which the server calls whenever its clock is advanced and, when live, every
fraction of a second. What happens (``batch.completed``, ...) is announced with
:meth:`State.emit` to the listeners (webhook delivery, the journal of events).

Stores are bounded: a store keeps its objects in :meth:`Store.table`s, which
hold at most the server's ``store_limit`` objects each (10,000 by default) and
forget the oldest first when a new one arrives, the way the real service
expires what it stores.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, ClassVar, Final, TypeVar

from openai_kit.mockserver._clock import Clock

__all__ = ["DEFAULT_STORE_LIMIT", "Listener", "Pending", "State", "Store", "Table"]

S = TypeVar("S", bound="Store")
K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

#: Events a lifecycle step noted, ``(event type, data)``, announced once the lock is released.
Pending = list[tuple[str, dict[str, Any]]]

#: Objects a store table keeps by default before it forgets the oldest.
DEFAULT_STORE_LIMIT: Final = 10_000


class Table(dict[K, V]):
    """A dict of a store's objects holding at most ``limit`` (None: no limit), oldest first.

    Adding a new key beyond the limit forgets the oldest keys (in insertion order).
    """

    def __init__(self, limit: int | None) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: K, value: V) -> None:
        fresh = key not in self
        super().__setitem__(key, value)
        if fresh and self.limit is not None:
            while len(self) > self.limit:
                del self[next(iter(self))]


class Store(ABC):
    """One area's state. Subclasses set ``area`` and implement ``clear`` and ``snapshot``.

    Keep objects in dicts made by :meth:`table` (``self._batches = self.table()``):
    they hold the server's ``store_limit`` objects at most, oldest forgotten first.

    ``state`` gives a store its neighbours (a response store reaches the
    conversations it feeds); ``clock`` and ``seed`` are the server's. ``lock``
    guards the store's own data (re-entrant); a store that calls another
    store's methods does so without holding any lock of the other's.
    """

    area: ClassVar[str]

    def __init__(self, state: State) -> None:
        self.state = state
        self.seed = state.seed
        self.clock = state.clock
        self.lock = threading.RLock()
        self._numbers: dict[str, int] = {}

    def now(self) -> float:
        return self.clock.now()

    def next_number(self, kind: str = "") -> int:
        """1, 2, 3 ... per ``kind``: what deterministic ids are made from (restarts on reset)."""
        with self.lock:
            number = self._numbers.get(kind, 0) + 1
            self._numbers[kind] = number
            return number

    def table(self) -> Table[Any, Any]:
        """A new dict for this store's objects, bounded by the server's ``store_limit``."""
        return Table(self.state.store_limit)

    def find(self, objects: Mapping[str, T], key: str, not_found: Callable[[str], Exception]) -> T:
        """``objects[key]`` read under the lock, or the area's 404 ``not_found(key)``."""
        with self.lock:
            found = objects.get(key)
        if found is None:
            raise not_found(key)
        return found

    def advance_each(
        self, now: float, objects: Iterable[T], advance: Callable[[T, float, Pending], object]
    ) -> None:
        """Move each of ``objects`` on to ``now`` with ``advance`` under the lock, then
        announce the events it noted (outside the lock: listeners may call other stores)."""
        pending: Pending = []
        with self.lock:
            for item in objects:
                advance(item, now, pending)
        for event_type, data in pending:
            self.state.emit(event_type, data)

    @abstractmethod
    def clear(self) -> None:
        """Forget everything (the server's reset)."""

    @abstractmethod
    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        """The store's objects as the API shows them, by kind (``{"files": [...]}``)."""

    def tick(self, now: float) -> None:
        """Move every object whose lifecycle is due by ``now`` on (and emit its events).

        Stores whose state is read straight off the clock need do nothing."""
        return

    def reset(self) -> None:
        with self.lock:
            self.clear()
            self._numbers.clear()


#: A listener of the server's events: ``(event type, data object)``.
Listener = Callable[[str, Mapping[str, Any]], None]


class State:
    """Every area's stores of one server, built from their classes."""

    def __init__(
        self,
        seed: int,
        clock: Clock,
        kinds: Iterable[type[Store]],
        *,
        store_limit: int | None = DEFAULT_STORE_LIMIT,
    ) -> None:
        if store_limit is not None and (isinstance(store_limit, bool) or store_limit < 1):
            raise ValueError("store_limit must be None or a positive integer")
        self.seed = seed
        self.clock = clock
        self.store_limit = store_limit
        self._stores: dict[type[Store], Store] = {}
        self.listeners: list[Listener] = []
        for kind in kinds:
            if kind in self._stores:
                raise ValueError(f"{kind.__name__} is declared by two areas")
            self._stores[kind] = kind(self)

    def get(self, kind: type[S]) -> S:
        store = self._stores[kind]
        assert isinstance(store, kind)
        return store

    def __iter__(self) -> Iterator[Store]:
        return iter(self._stores.values())

    def reset(self) -> None:
        for store in self:
            store.reset()

    def tick(self) -> None:
        """Every store's :meth:`Store.tick` at the clock's current time."""
        now = self.clock.now()
        for store in self:
            store.tick(now)

    def emit(self, event_type: str, data: Mapping[str, Any]) -> None:
        """Announce that ``event_type`` happened to ``data`` (a batch, a job, a run...)."""
        for listener in list(self.listeners):
            listener(event_type, data)

    def snapshot(self) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """Every store's :meth:`Store.snapshot`, by area."""
        out: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for store in self:
            out.setdefault(store.area, {}).update(store.snapshot())
        return out

    def add_fine_tuned_model(self, base: str, suffix: str | None = None) -> str:
        """Create a fine-tuned model of catalogue model ``base``; returns its ``ft:`` id."""
        from openai_kit.mockserver.api.models.store import ModelsStore

        return self.get(ModelsStore).add_fine_tuned_model(base, suffix)
