"""The fuzz suite: hostile requests to every served operation and the admin API.

Seeded and bounded (``tests/mockserver/fuzzing.py`` makes the cases): about
3,000 requests in process, and a share of them over the live server with both
HTTP stacks (h11, httptools). No answer may be a 5xx that no fault injected,
every 4xx carries a JSON error body, and the server keeps answering after.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.api import AREAS
from tests.mockserver.fuzzing import KEY, Case, admin_cases, cases, routes

SEED = 11
PER_ROUTE = 32
NOW = 1_700_000_000


def check(case: Case, response: httpx.Response) -> None:
    where = f"{case.method} {case.url} {case.body[:200]!r}"
    assert response.status_code < 500, f"{response.status_code} for {where}: {response.text[:300]}"
    if response.status_code >= 400 and case.method != "HEAD":
        assert response.headers["content-type"].startswith("application/json"), where
        error = response.json()["error"]
        assert isinstance(error["message"], str) and error["message"], where


def send(http: httpx.Client, batch: Iterable[Case]) -> int:
    sent = 0
    for case in batch:
        with http.stream(case.method, case.url, headers=case.headers, content=case.body) as answer:
            answer.read()
            check(case, answer)
        sent += 1
    return sent


def slow(mock: MockServer) -> bool:
    """Whether an installed rule may hold an answer back (latency, hang, slow stream...)."""
    quick = {"status", "rate_limit", "one_of", "malformed", "stream_cut", "stream_error"}
    for rule in mock.faults.rules:
        items = [rule.fault] if rule.sequence is None else list(rule.sequence)
        if any(item is not None and item.kind not in quick for item in items):
            return True
    return False


def assert_still_serving(http: httpx.Client) -> None:
    assert http.get("/_mock/requests", params={"limit": "5"}).status_code == 200
    models = http.get("/v1/models", headers={"authorization": f"Bearer {KEY}"})
    assert models.status_code == 200


@pytest.mark.parametrize("area", [area.name for area in AREAS if area.operations])
def test_every_operation_survives_hostile_input(area: str) -> None:
    mock = MockServer(seed=SEED, clock=lambda: NOW)
    names = {op.name for a in AREAS if a.name == area for op in a.operations}
    mine = [route for route in routes() if route[2].name in names]
    assert mine, area
    with httpx.Client(transport=mock.transport(), base_url="http://mock.test") as http:
        sent = sum(send(http, cases(*route, PER_ROUTE, SEED)) for route in mine)
        assert sent == PER_ROUTE * len(mine)
        assert not mock.faults.hits
        assert_still_serving(http)


def test_the_admin_api_survives_hostile_input() -> None:
    mock = MockServer(seed=SEED, clock=lambda: NOW)
    with httpx.Client(transport=mock.transport(), base_url="http://mock.test") as http:
        for case in admin_cases(600, SEED):
            answer = http.request(case.method, case.url, headers=case.headers, content=case.body)
            check(case, answer)
            # whatever was installed serves: a 5xx only where a fault says so
            if not slow(mock):
                api = http.post(
                    "/v1/embeddings",
                    json={"model": "text-embedding-3-small", "input": "x"},
                    headers={"authorization": f"Bearer {KEY}"},
                )
                if api.status_code >= 500:
                    assert mock.requests.last.fault is not None, case
        http.delete("/_mock/faults")
        http.delete("/_mock/scripts")
        assert http.post("/_mock/reset").status_code == 200
        assert_still_serving(http)


@pytest.mark.parametrize("stack", ["h11", "httptools"])
def test_both_http_stacks_survive_hostile_input(stack: str) -> None:
    mock = MockServer(seed=SEED, clock=lambda: NOW)
    chosen = routes()[::6]
    with mock.live(http=stack) as url, httpx.Client(base_url=url, timeout=10) as http:
        sent = sum(send(http, cases(*route, 8, SEED + 1)) for route in chosen)
        assert sent == 8 * len(chosen)
        assert_still_serving(http)
