"""``faults.rate_limit``: token buckets, their headers, their 429s, and the clock that refills them."""

from __future__ import annotations

import httpx
import pytest

from openai_kit.mockserver import Clock, MockServer, faults
from openai_kit.mockserver._ratelimit import request_tokens
from tests.mockserver.conftest import API_VERSION

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}
OPENAI = "/v1/chat/completions"
AZURE = f"/openai/deployments/gpt-4o-mini/chat/completions?api-version={API_VERSION}"


def limits(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k.startswith(("x-ratelimit", "retry"))}


def post(
    http: httpx.Client, path: str = OPENAI, key: str = "sk-a", **body: object
) -> httpx.Response:
    headers = {"api-key": key} if path.startswith("/openai") else {"Authorization": f"Bearer {key}"}
    return http.post(path, json={**CHAT, **body}, headers=headers)


def test_requests_bucket_counts_down_refuses_and_refills(
    mock: MockServer, http: httpx.Client
) -> None:
    rule = mock.faults.add(faults.rate_limit(rpm=2), operation="chat.completions.create")
    first, second, third = post(http), post(http), post(http)
    assert (first.status_code, second.status_code, third.status_code) == (200, 200, 429)
    assert limits(first) | {"x-ratelimit-limit-tokens": "-"} == {
        "x-ratelimit-limit-requests": "2",
        "x-ratelimit-remaining-requests": "1",
        "x-ratelimit-reset-requests": "30s",
        "x-ratelimit-limit-tokens": "-",
        "x-ratelimit-remaining-tokens": first.headers["x-ratelimit-remaining-tokens"],
        "x-ratelimit-reset-tokens": first.headers["x-ratelimit-reset-tokens"],
    }
    assert second.headers["x-ratelimit-remaining-requests"] == "0"
    assert second.headers["x-ratelimit-reset-requests"] == "1m0s"
    assert third.headers["retry-after"] == "30"
    assert "retry-after-ms" not in third.headers
    error = third.json()["error"]
    assert (error["type"], error["code"]) == ("requests", "rate_limit_exceeded")
    assert (
        "on requests per min (RPM): Limit 2, Used 2, Requested 1. Please try again in 30s."
        in (error["message"])
    )
    assert (rule.calls, rule.uses, rule.limited) == (3, 2, 1)
    mock.faults.clock.advance(29)
    assert post(http).status_code == 429
    mock.faults.clock.advance(1)
    refilled = post(http)
    assert refilled.status_code == 200
    assert refilled.headers["x-ratelimit-remaining-requests"] == "0"


def test_azure_429_carries_retry_after_ms(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.rate_limit(rpm=1))
    assert post(http, AZURE).status_code == 200
    limited = post(http, AZURE)
    assert limited.status_code == 429
    assert (limited.headers["retry-after"], limited.headers["retry-after-ms"]) == ("60", "60000")
    error = limited.json()["error"]
    assert error["code"] == "429"
    assert "exceeded call rate limit" in error["message"]
    assert "Please retry after 60 seconds" in error["message"]


def test_tokens_bucket(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.rate_limit(tpm=600))
    body = {**CHAT, "max_tokens": 100, "n": 2}
    cost = request_tokens(body)
    assert cost > 200
    first = post(http, max_tokens=100, n=2)
    assert first.headers["x-ratelimit-limit-tokens"] == "600"
    assert first.headers["x-ratelimit-remaining-tokens"] == str(600 - cost)
    post(http, max_tokens=100, n=2)
    limited = post(http, max_tokens=100, n=2)
    assert limited.status_code == 429
    error = limited.json()["error"]
    assert error["type"] == "tokens"
    assert (
        f"on tokens per min (TPM): Limit 600, Used {2 * cost}, Requested {cost}."
        in (error["message"])
    )
    wait = (cost - (600 - 2 * cost)) / 10
    assert int(limited.headers["retry-after"]) == -(-wait // 1)
    mock.faults.clock.advance(float(limited.headers["retry-after"]))
    assert post(http, max_tokens=100, n=2).status_code == 200


def test_azure_token_limit_and_exact_waits(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.rate_limit(tpm=250))
    statuses = []
    for _ in range(4):
        response = post(http, AZURE, max_completion_tokens=100)
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert "exceeded token rate limit" in response.json()["error"]["message"]
            mock.faults.clock.advance(int(response.headers["retry-after-ms"]) / 1000)
    assert statuses == [200, 200, 429, 200]


def test_a_request_larger_than_the_bucket(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.rate_limit(tpm=50))
    response = post(http, max_tokens=100)
    assert response.status_code == 429
    assert "retry-after" not in response.headers
    message = response.json()["error"]["message"]
    assert message.startswith("Request too large for gpt-4o-mini in organization org-")
    assert "Limit 50, Requested " in message


def test_buckets_per_key(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.rate_limit(rpm=1))
    assert post(http, key="sk-a").status_code == 200
    assert post(http, key="sk-a").status_code == 429
    assert post(http, key="sk-b").status_code == 200
    assert post(http, AZURE, key="sk-c").status_code == 200


def test_buckets_per_deployment(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.rate_limit(rpm=1, per="deployment"))
    assert post(http, key="sk-a").status_code == 200
    assert post(http, key="sk-b").status_code == 429  # same model, other key
    assert post(http, model="gpt-4o").status_code == 200
    other = f"/openai/deployments/gpt-4o/chat/completions?api-version={API_VERSION}"
    assert post(http, AZURE).status_code == 200  # Azure's deployment, not OpenAI's model
    assert post(http, AZURE, key="sk-z").status_code == 429
    assert post(http, other).status_code == 200


def test_limited_requests_do_not_reach_other_faults(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.rate_limit(rpm=1))
    status = mock.faults.add(faults.status(503), after=1)
    assert post(http).status_code == 200
    assert post(http).status_code == 429
    assert status.hits == 0
    entry = mock.requests.last
    assert entry.fault == {  # type: ignore[attr-defined]
        "kind": "rate_limit",
        "rpm": 1,
        "tpm": None,
        "per": "key",
        "rule": "fault_1",
        "source": "rule",
        "limited": "requests",
    }


def test_rate_limit_headers_sit_on_other_faults_too(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.rate_limit(rpm=5))
    mock.faults.add(faults.status(500), times=1)
    failed = post(http)
    assert failed.status_code == 500
    assert failed.headers["x-ratelimit-remaining-requests"] == "4"
    assert post(http).headers["x-ratelimit-remaining-requests"] == "3"


def test_two_limits_charge_together_or_not_at_all(mock: MockServer, http: httpx.Client) -> None:
    roomy = mock.faults.add(faults.rate_limit(rpm=10))
    tight = mock.faults.add(faults.rate_limit(rpm=1, per="deployment"))
    assert post(http).headers["x-ratelimit-limit-requests"] == "10"
    assert post(http).status_code == 429
    assert (roomy.uses, tight.uses) == (1, 1)


def test_the_servers_clock_moves_the_buckets_too() -> None:
    now = [1000.0]
    mock = MockServer(clock=lambda: now[0])
    mock.faults.add(faults.rate_limit(rpm=1))
    with httpx.Client(transport=mock.transport(), base_url="http://t") as client:
        assert post(client).status_code == 200
        assert post(client).status_code == 429
        now[0] += 60
        assert post(client).status_code == 200


def test_reset_refills_the_buckets(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.rate_limit(rpm=1), keep_on_reset=True)
    assert post(http).status_code == 200
    assert post(http).status_code == 429
    mock.reset()
    assert post(http).status_code == 200


def test_clock() -> None:
    reading = [10.0]
    clock = Clock(lambda: reading[0])
    assert (clock.now(), clock.frozen, clock.offset) == (10.0, False, 0.0)
    assert clock.advance(5) == 15.0
    reading[0] = 11.0
    assert clock.now() == 16.0
    clock.freeze()
    reading[0] = 100.0
    assert clock.now() == 16.0
    assert clock.frozen
    clock.advance(4)
    assert clock.to_json() == {"now": 20.0, "offset": 9.0, "frozen": True}
    clock.resume()
    assert clock.now() == 20.0
    reading[0] = 101.0
    assert clock.now() == 21.0
    clock.reset()
    assert (clock.now(), clock.frozen) == (101.0, False)


@pytest.mark.parametrize(
    ("seconds", "exc"), [(-1, ValueError), (float("inf"), ValueError), ("1", TypeError)]
)
def test_the_clock_only_moves_forward(seconds: object, exc: type[Exception]) -> None:
    with pytest.raises(exc):
        Clock().advance(seconds)  # type: ignore[arg-type]


def test_request_tokens() -> None:
    assert request_tokens(None) == 1
    assert request_tokens({}) == 1
    prompt = request_tokens(CHAT)
    assert request_tokens({**CHAT, "max_tokens": 10}) == prompt + 10
    assert request_tokens({**CHAT, "max_completion_tokens": 10, "n": 3}) == prompt + 30
    assert request_tokens({"input": "one two three four"}) >= 4
