"""The store protocol: a store declares its tables; clearing, showing and 404s come with them."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from openai_kit.mockserver._clock import Clock
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import alnum_id, hex_id
from openai_kit.mockserver._stores import Kept, State, Store, copied, kept, kept_at, not_found

missing = not_found("No thing found with id '{}'.", param="thing_id", code="thing_not_found")
missing_inside = not_found("No part '{}' in thing '{}'.")


class Lamp:
    def __init__(self, on_until: float) -> None:
        self.on_until = on_until

    def to_json(self, now: float) -> dict[str, Any]:
        return {"on": now < self.on_until}


class ThingsStore(Store):
    area: ClassVar[str] = "things"
    _things = kept("things", copied)
    _lamps = kept_at("lamps", Lamp.to_json)
    _notes: Kept[str] = kept()

    def __init__(self, state: State) -> None:
        super().__init__(state)
        self.ticked: list[float] = []

    def tick(self, now: float) -> None:
        self.ticked.append(now)


class TickingStore(ThingsStore):
    area: ClassVar[str] = "ticking"
    ticks_before_snapshot = True
    _extra = kept("extra", copied)


def state(*kinds: type[Store], limit: int | None = 10) -> State:
    clock = Clock(lambda: 1000.0)
    return State(7, clock, kinds, store_limit=limit)


def test_declared_tables_are_shown_by_name_in_order_and_hidden_ones_are_not() -> None:
    store = state(ThingsStore).get(ThingsStore)
    store._things["t1"] = {"id": "t1"}
    store._lamps["l1"] = Lamp(on_until=1005.0)
    store._lamps["l2"] = Lamp(on_until=999.0)
    store._notes["n1"] = "kept, never shown"
    assert store.snapshot() == {"things": [{"id": "t1"}], "lamps": [{"on": True}, {"on": False}]}
    assert list(store.snapshot()) == ["things", "lamps"]
    shown = store.snapshot()["things"][0]
    shown["id"] = "changed"
    assert store._things["t1"] == {"id": "t1"}  # the snapshot shows a copy
    store.clock.advance(10)
    assert store.snapshot()["lamps"] == [{"on": False}, {"on": False}]
    assert store.ticked == []  # this store does not tick to show


def test_each_store_gets_its_own_tables_and_clear_empties_them_all() -> None:
    first, second = state(ThingsStore).get(ThingsStore), state(ThingsStore).get(ThingsStore)
    first._things["t1"] = {"id": "t1"}
    first._notes["n1"] = "x"
    assert not second._things
    assert first.next_number() == 1
    first.reset()
    assert not first._things and not first._notes
    assert first.next_number() == 1


def test_mint_counts_per_counter_and_hashes_by_kind() -> None:
    store = state(ThingsStore).get(ThingsStore)
    assert store.mint("th_", "thing", 32) == ("th_" + hex_id(7, "thing", 1, 32), 1)
    assert store.mint("th_", "thing", 12).number == 2
    other = store.mint("x-", "other", 10, digits=alnum_id, counter="thing")
    assert other == ("x-" + alnum_id(7, "other", 3, 10), 3)  # the counter it names, its own hash
    assert store.mint("o_", "other", 8).number == 1  # by default the kind is the counter
    store.reset()
    assert store.mint("th_", "thing", 32).id == "th_" + hex_id(7, "thing", 1, 32)


def test_a_subclass_adds_tables_and_can_tick_before_showing() -> None:
    assert [d.attribute for d in TickingStore.declared] == ["_things", "_lamps", "_notes", "_extra"]
    store = state(TickingStore).get(TickingStore)
    store._extra["e"] = {"id": "e"}
    assert store.snapshot() == {"things": [], "lamps": [], "extra": [{"id": "e"}]}
    assert store.ticked == [1000.0]


def test_declared_tables_are_bounded_by_the_store_limit() -> None:
    store = state(ThingsStore, limit=2).get(ThingsStore)
    for number in range(4):
        store._things[str(number)] = {"id": str(number)}
    assert list(store._things) == ["2", "3"]
    unbounded = state(ThingsStore, limit=None).get(ThingsStore)
    assert unbounded._things.limit is None


def test_find_copy_and_delete_answer_the_areas_404() -> None:
    store = state(ThingsStore).get(ThingsStore)
    store._things["t1"] = {"id": "t1", "n": 1}
    copy = store.copy_of(store._things, "t1", missing)
    copy["n"] = 2
    assert store.find(store._things, "t1", missing) == {"id": "t1", "n": 1}
    with pytest.raises(MockAPIError) as raised:
        store.find(store._things, "nope", missing)
    error = raised.value
    assert (error.status, error.message) == (404, "No thing found with id 'nope'.")
    assert (error.param, error.code) == ("thing_id", "thing_not_found")
    with pytest.raises(MockAPIError, match=r"^No part 'p9' in thing 't1'\.$"):
        store.find({}, "p9", missing_inside, "t1")
    assert store.delete_from(store._things, "t1", missing) == {"id": "t1", "n": 1}
    with pytest.raises(MockAPIError, match="'t1'"):
        store.delete_from(store._things, "t1", missing)


def test_a_table_shown_needs_a_show_function_and_a_hidden_one_none() -> None:
    with pytest.raises(ValueError, match="a name and one show function"):
        Kept("things", None)
    with pytest.raises(ValueError, match="a name and one show function"):
        Kept(None, show_at=lambda item, now: {})
    with pytest.raises(ValueError, match="a name and one show function"):
        Kept("things", copied, lambda item, now: {})
    assert isinstance(ThingsStore._things, Kept)
