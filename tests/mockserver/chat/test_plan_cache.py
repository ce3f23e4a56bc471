"""The memo of chat plans: same answers as generating each time, bounded, per-request values fresh."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.api.chat.content import render_chat_body, render_chat_events
from openai_kit.mockserver.api.chat.plan import plan_chat
from openai_kit.mockserver.api.chat.plan_cache import PlanCache, chat_plans
from openai_kit.mockserver.api.chat.validate import validate_chat_request
from openai_kit.mockserver.generation.context import GenContext
from tests.mockserver.conftest import AUTH, BASE

CTX = GenContext(seed=3, created=1_700_000_000)
AZURE = GenContext(seed=3, created=1_700_000_000, azure=True)


def _body(text: str = "Name a river.", **extra: Any) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}], **extra}


def test_a_hit_gives_the_plan_generation_gives() -> None:
    cache = PlanCache(maxsize=8)
    body = _body(n=2, logprobs=True, top_logprobs=2, stop=["e"])
    first = cache.plan(CTX, body)
    again = cache.plan(CTX, dict(body))
    assert again is first
    assert (cache.hits, cache.misses) == (1, 1)
    fresh = plan_chat(CTX, body)
    later = GenContext(seed=3, created=1_800_000_000)
    assert render_chat_body(again, later) == render_chat_body(fresh, later)
    assert render_chat_events(again, CTX, body) == render_chat_events(fresh, CTX, body)


def test_seed_route_and_key_order_are_part_of_the_key() -> None:
    cache = PlanCache(maxsize=8)
    body = _body()
    plans = [
        cache.plan(CTX, body),
        cache.plan(GenContext(seed=4, created=0), body),
        cache.plan(AZURE, body),
        cache.plan(CTX, dict(reversed(list(body.items())))),
    ]
    assert cache.misses == 4 and len(cache) == 4
    assert plans[0].id != plans[1].id
    assert plans[3].id == plans[0].id  # same content, another entry


def test_least_recently_used_plans_are_evicted() -> None:
    cache = PlanCache(maxsize=3)
    for i in range(3):
        cache.plan(CTX, _body(f"question {i}"))
    cache.plan(CTX, _body("question 0"))  # now the most recent
    cache.plan(CTX, _body("question 3"))  # evicts question 1
    assert len(cache) == 3
    cache.plan(CTX, _body("question 0"))
    assert cache.hits == 2
    cache.plan(CTX, _body("question 1"))
    assert cache.misses == 5


def test_large_bodies_are_planned_but_not_kept() -> None:
    cache = PlanCache(maxsize=8, max_key_chars=200)
    body = _body("x" * 300)
    assert cache.plan(CTX, body).id == plan_chat(CTX, body).id
    assert len(cache) == 0


def test_validation_runs_on_every_miss_and_errors_are_not_kept() -> None:
    cache = PlanCache(maxsize=8, validate=validate_chat_request)
    bad = _body(temperature=5)
    for _ in range(2):
        with pytest.raises(MockAPIError) as caught:
            cache.plan(CTX, bad)
        assert caught.value.status == 400
    assert len(cache) == 0 and cache.misses == 2
    with pytest.raises(ValueError, match="maxsize"):
        PlanCache(maxsize=0)


def test_threads_share_one_cache() -> None:
    cache = PlanCache(maxsize=16)
    ids: list[str] = []

    def work() -> None:
        ids.extend(cache.plan(CTX, _body(f"q{i % 20}")).id for i in range(40))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = {plan_chat(CTX, _body(f"q{i}")).id for i in range(20)}
    assert set(ids) == expected and len(cache) == 16


def test_the_route_keeps_per_request_values_and_scripts() -> None:
    now = [1_700_000_000.0]
    mock = MockServer(seed=11, clock=lambda: now[0])
    body = _body("A memo test, route level.")
    with httpx.Client(transport=mock.transport(), base_url=BASE) as http:
        first = http.post("/v1/chat/completions", json=body, headers=AUTH)
        hits = chat_plans.hits
        now[0] += 5
        second = http.post("/v1/chat/completions", json=body, headers=AUTH)
        assert chat_plans.hits == hits + 1
        mock.script("chat.completions.create", content="scripted")
        third = http.post("/v1/chat/completions", json=body, headers=AUTH)
        bad = http.post("/v1/chat/completions", json={**body, "n": 0}, headers=AUTH)
        bad_again = http.post("/v1/chat/completions", json={**body, "n": 0}, headers=AUTH)
    one, two = first.json(), second.json()
    assert two["created"] == one["created"] + 5
    assert {**two, "created": 0} == {**one, "created": 0}
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    assert third.json()["choices"][0]["message"]["content"] == "scripted"
    assert bad.status_code == bad_again.status_code == 400
    assert bad.content == bad_again.content
    assert len(mock.requests) == 5
