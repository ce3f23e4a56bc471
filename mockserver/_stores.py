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

A store declares its tables instead of making them: ``_files =
kept("files", StoredFile.to_json)`` on the class gives every instance a
:class:`Table` at ``self._files``, which :meth:`Store.clear` empties and
:meth:`Store.snapshot` shows under ``"files"`` (:func:`kept_at` for objects
shown as they are at the clock's time; a table declared without a name is
kept and emptied but not shown).

Stores are bounded: every table holds at most the server's ``store_limit``
objects (10,000 by default) and forgets the oldest first when a new one
arrives, the way the real service expires what it stores.
"""

from __future__ import annotations

import threading
from abc import ABC
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, ClassVar, Final, Generic, NamedTuple, Protocol, Self, TypeVar, overload

from openai_kit.mockserver._clock import Clock
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import hex_id

__all__ = [
    "DEFAULT_STORE_LIMIT",
    "Digits",
    "Kept",
    "Listener",
    "Minted",
    "NotFound",
    "Pending",
    "State",
    "Store",
    "Table",
    "copied",
    "kept",
    "kept_at",
    "not_found",
]

S = TypeVar("S", bound="Store")
K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

#: Events a lifecycle step noted, ``(event type, data)``, announced once the lock is released.
Pending = list[tuple[str, dict[str, Any]]]

#: Objects a store table keeps by default before it forgets the oldest.
DEFAULT_STORE_LIMIT: Final = 10_000

#: How an id's digits are made from ``(seed, kind, number, length)``: ``hex_id`` or ``alnum_id``.
Digits = Callable[[int, str, int, int], str]


class Minted(NamedTuple):
    """A new id and the number it was made from (:meth:`Store.mint`)."""

    id: str
    number: int


#: A JSON object as a snapshot shows it.
Shown = dict[str, Any]


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


class NotFound(Protocol):
    """An area's 404 for an unknown ``key`` (kept inside the objects with ids ``within``)."""

    def __call__(self, key: str, *within: str) -> MockAPIError: ...


def not_found(message: str, *, param: str | None = None, code: str | None = None) -> NotFound:
    """The 404 of an unknown id: ``message`` with ``{}`` where the id goes, then where the
    ids of the objects it was looked for in go (a file in a container)."""

    def error(key: str, *within: str) -> MockAPIError:
        return MockAPIError(404, message.format(key, *within), param=param, code=code)

    return error


def copied(item: dict[str, Any]) -> Shown:
    """A stored JSON object shown as it is (a copy)."""
    return dict(item)


class Kept(Generic[V]):
    """A table a :class:`Store` subclass declares (made with :func:`kept` or :func:`kept_at`).

    Each store gets its own bounded :class:`Table` under the attribute's name;
    ``name`` is the snapshot's key for it (None: not shown).
    """

    def __init__(
        self,
        name: str | None,
        show: Callable[[V], Shown] | None = None,
        show_at: Callable[[V, float], Shown] | None = None,
    ) -> None:
        if (name is None) != (show is None and show_at is None) or (show and show_at):
            raise ValueError("a table shown in snapshots has a name and one show function")
        self.name = name
        self.show = show
        self.show_at = show_at
        self.attribute = ""

    def __set_name__(self, owner: type[Store], attribute: str) -> None:
        self.attribute = attribute

    @overload
    def __get__(self, store: None, owner: type[Store]) -> Kept[V]: ...

    @overload
    def __get__(self, store: Store, owner: type[Store]) -> Table[str, V]: ...

    def __get__(self, store: Store | None, owner: type[Store]) -> Kept[V] | Table[str, V]:
        # Store.__init__ puts the table in the instance's __dict__, which is read first.
        if store is None:
            return self
        raise AttributeError(f"{owner.__name__}.{self.attribute} is made by Store.__init__")

    def shown(self, table: Mapping[str, V], now: float) -> list[Shown]:
        """Every object of ``table`` as the snapshot shows it, oldest first."""
        if self.show is not None:
            return [self.show(item) for item in table.values()]
        assert self.show_at is not None
        return [self.show_at(item, now) for item in table.values()]


def kept(name: str | None = None, show: Callable[[V], Shown] | None = None) -> Kept[V]:
    """A table of the store, shown under ``name`` with ``show(item)`` (``kept()``: not shown)."""
    return Kept(name, show)


def kept_at(name: str, show: Callable[[V, float], Shown]) -> Kept[V]:
    """A table whose objects are shown as they are at the clock's time: ``show(item, now)``."""
    return Kept(name, show_at=show)


class HasState(Protocol):
    """What holds a server's stores (its core)."""

    @property
    def state(self) -> State: ...


class Store(ABC):
    """One area's state. Subclasses set ``area`` and declare their tables.

    ``_files = kept("files", StoredFile.to_json)`` on the class: every store
    has its own :class:`Table` at ``self._files`` (the server's ``store_limit``
    objects at most, oldest forgotten first); :meth:`clear` empties every
    declared table and :meth:`snapshot` shows each under its name. A store
    that holds more overrides them and calls ``super()``; one whose objects
    move on with the clock sets ``ticks_before_snapshot`` to show them moved.

    ``state`` gives a store its neighbours (a response store reaches the
    conversations it feeds); ``clock`` and ``seed`` are the server's. ``lock``
    guards the store's own data (re-entrant); a store that calls another
    store's methods does so without holding any lock of the other's.
    """

    area: ClassVar[str]
    #: Whether :meth:`snapshot` first moves the store on to the clock's time (:meth:`tick`).
    ticks_before_snapshot: ClassVar[bool] = False
    #: The tables the class and its bases declare (gathered when the class is made).
    declared: ClassVar[tuple[Kept[Any], ...]] = ()
    #: Those of them snapshots show.
    _shown: ClassVar[tuple[Kept[Any], ...]] = ()
    #: Whether one of them is shown as it is at the clock's time.
    _shown_at_time: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = tuple(value for value in vars(cls).values() if isinstance(value, Kept))
        cls.declared = (*cls.declared, *own)
        cls._shown = tuple(declared for declared in cls.declared if declared.name is not None)
        cls._shown_at_time = any(declared.show_at is not None for declared in cls._shown)

    def __init__(self, state: State) -> None:
        self.state = state
        self.seed = state.seed
        self.clock = state.clock
        self.lock = threading.RLock()
        self._numbers: dict[str, int] = {}
        attributes = vars(self)
        for declared in self.declared:
            attributes[declared.attribute] = self.table()

    @classmethod
    def of(cls, server: HasState) -> Self:
        """This kind of store of a server (its core): ``FilesStore.of(core)``."""
        return server.state.get(cls)

    def now(self) -> float:
        return self.clock.now()

    def next_number(self, kind: str = "") -> int:
        """1, 2, 3 ... per ``kind``: what deterministic ids are made from (restarts on reset)."""
        with self.lock:
            number = self._numbers.get(kind, 0) + 1
            self._numbers[kind] = number
            return number

    def mint(
        self,
        prefix: str,
        kind: str,
        length: int,
        *,
        digits: Digits = hex_id,
        counter: str | None = None,
    ) -> Minted:
        """The next ``kind`` id, ``prefix`` and ``length`` :func:`hex_id` (or ``digits``), and
        its number (counted under ``counter``, by default ``kind``), which records keep to sort."""
        number = self.next_number(kind if counter is None else counter)
        return Minted(prefix + digits(self.seed, kind, number, length), number)

    def table(self) -> Table[Any, Any]:
        """A new dict for this store's objects, bounded by the server's ``store_limit``."""
        return Table(self.state.store_limit)

    def find(self, objects: Mapping[str, T], key: str, missing: NotFound, *within: str) -> T:
        """``objects[key]`` read under the lock, or the area's 404 ``missing(key, *within)``
        (``within``: the ids of the objects that keep ``objects``)."""
        with self.lock:
            found = objects.get(key)
        if found is None:
            raise missing(key, *within)
        return found

    def copy_of(
        self, objects: Mapping[str, Mapping[str, Any]], key: str, missing: NotFound
    ) -> dict[str, Any]:
        """A copy of the JSON object ``objects[key]`` (taken under the lock), or its 404."""
        with self.lock:
            return dict(self.find(objects, key, missing))

    def delete_from(self, objects: dict[str, T], key: str, missing: NotFound) -> T:
        """Take ``objects[key]`` out under the lock (the area's 404 when there is none)."""
        with self.lock:
            found = objects.pop(key, None)
        if found is None:
            raise missing(key)
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

    def clear(self) -> None:
        """Forget everything (the server's reset, which holds the lock): every declared
        table is emptied."""
        attributes = vars(self)
        for declared in self.declared:
            attributes[declared.attribute].clear()

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        """The store's objects as the API shows them, by kind (``{"files": [...]}``):
        every declared table with a name, oldest first."""
        if self.ticks_before_snapshot:
            self.tick(self.now())
        now = self.now() if self._shown_at_time else 0.0
        attributes = vars(self)
        with self.lock:
            return {
                str(declared.name): declared.shown(attributes[declared.attribute], now)
                for declared in self._shown
            }

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
