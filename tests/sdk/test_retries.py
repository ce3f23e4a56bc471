"""Retries: which statuses retry, how many attempts, back-off and Retry-After, retry headers.

Every test runs with the sync and the async client against an httpx.MockTransport
script; waits are recorded through the SDK's sleep hook, never slept.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import pytest

from openai_kit import (
    APIStatusError,
    AsyncOpenAI,
    BadRequestError,
    ConflictError,
    InternalServerError,
    OpenAI,
    RateLimitError,
    _base_client,
)
from tests.support.sleeps import (
    Flavour,
    Reply,
    Script,
    SleepRecorder,
    backoff_range,
    make_azure_client,
    make_client,
    record_sleeps,
    settle,
)

MODEL = "gpt-4o-mini"

CHAT_BODY: Mapping[str, object] = {
    "id": "chatcmpl-retry",
    "object": "chat.completion",
    "created": 1_700_000_000,
    "model": MODEL,
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "hello"},
            "finish_reason": "stop",
            "logprobs": None,
        }
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}

RETRYABLE: list[tuple[int, type[APIStatusError]]] = [
    (408, APIStatusError),
    (409, ConflictError),
    (429, RateLimitError),
    (500, InternalServerError),
    (502, InternalServerError),
    (503, InternalServerError),
    (504, InternalServerError),
]
NOT_RETRYABLE = [400, 401, 402, 403, 404, 418, 422]


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> Flavour:
    value: Flavour = request.param
    return value


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> SleepRecorder:
    return record_sleeps(monkeypatch)


async def retrieve(client: OpenAI | AsyncOpenAI) -> object:
    return await settle(client.models.retrieve(MODEL))


def assert_backoff(waits: list[float]) -> None:
    for retries_taken, wait in enumerate(waits):
        low, high = backoff_range(retries_taken)
        assert low <= wait <= high, f"wait #{retries_taken} = {wait}, expected {low}..{high}"


# -- which statuses retry ------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("status", "error_class"), RETRYABLE, ids=[str(status) for status, _ in RETRYABLE]
)
async def test_retryable_status_is_retried_until_attempts_run_out(
    flavour: Flavour, sleeps: SleepRecorder, status: int, error_class: type[APIStatusError]
) -> None:
    script = Script(status)
    client = make_client(flavour, script)
    with pytest.raises(error_class) as caught:
        await retrieve(client)
    assert caught.value.status_code == status
    assert script.attempts == 3
    assert len(sleeps.waits) == 2
    # each flavour waits through its own hook
    assert (sleeps.sync_waits if flavour == "sync" else sleeps.async_waits) == sleeps.waits


@pytest.mark.asyncio
@pytest.mark.parametrize("status", NOT_RETRYABLE, ids=str)
async def test_other_client_errors_are_not_retried(
    flavour: Flavour, sleeps: SleepRecorder, status: int
) -> None:
    script = Script(status)
    client = make_client(flavour, script)
    with pytest.raises(APIStatusError) as caught:
        await retrieve(client)
    assert caught.value.status_code == status
    assert script.attempts == 1
    assert sleeps.waits == []


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "failures",
    [[429], [500], [503, 502], [408, 409], [504, 429]],
    ids=["429", "500", "503-502", "408-409", "504-429"],
)
async def test_transient_failures_then_success_returns_the_success(
    flavour: Flavour, sleeps: SleepRecorder, failures: list[int]
) -> None:
    script = Script(*failures, 200)
    client = make_client(flavour, script)
    model = await settle(client.models.retrieve(MODEL))
    assert model.id == MODEL
    assert script.attempts == len(failures) + 1
    assert len(sleeps.waits) == len(failures)


@pytest.mark.asyncio
async def test_retried_post_resends_the_same_body_to_the_same_url(
    flavour: Flavour, sleeps: SleepRecorder
) -> None:
    script = Script(500, 429, Reply(200, body=CHAT_BODY))
    client = make_client(flavour, script)
    completion = await settle(
        client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "hi"}], temperature=0.5
        )
    )
    assert completion.choices[0].message.content == "hello"
    assert script.attempts == 3
    first = script.requests[0]
    assert first.method == "POST"
    assert first.url.path == "/v1/chat/completions"
    for request in script.requests[1:]:
        assert request.method == first.method
        assert request.url == first.url
        assert request.content == first.content
        assert request.headers.get("content-type") == first.headers.get("content-type")
    assert script.json_bodies()[0] == {
        "model": MODEL,
        "messages": [{"role": "user", "content": "hi"}],
        "temperature": 0.5,
    }


# -- attempt counts -----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_max_retries_defaults_to_two(flavour: Flavour, sleeps: SleepRecorder) -> None:
    client = make_client(flavour, Script(200))
    assert client.max_retries == 2


@pytest.mark.asyncio
@pytest.mark.parametrize("max_retries", [0, 1, 2, 5], ids=lambda n: f"max_retries={n}")
async def test_max_retries_n_gives_n_plus_one_attempts(
    flavour: Flavour, sleeps: SleepRecorder, max_retries: int
) -> None:
    script = Script(500)
    client = make_client(flavour, script, max_retries=max_retries)
    with pytest.raises(InternalServerError):
        await retrieve(client)
    assert script.attempts == max_retries + 1
    assert len(sleeps.waits) == max_retries


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("base", "override"), [(2, 4), (5, 0), (0, 1)], ids=["2-to-4", "5-to-0", "0-to-1"]
)
async def test_with_options_max_retries_applies_to_the_copy_only(
    flavour: Flavour, sleeps: SleepRecorder, base: int, override: int
) -> None:
    script = Script(503)
    client = make_client(flavour, script, max_retries=base)
    copy = client.with_options(max_retries=override)
    assert copy.max_retries == override
    with pytest.raises(InternalServerError):
        await retrieve(copy)
    assert script.attempts == override + 1
    with pytest.raises(InternalServerError):
        await retrieve(client)
    assert script.attempts == override + 1 + base + 1
    assert client.max_retries == base


# -- back-off without a server hint --------------------------------------------------------


@pytest.mark.asyncio
async def test_backoff_grows_exponentially_with_jitter_and_caps_at_eight_seconds(
    flavour: Flavour, sleeps: SleepRecorder
) -> None:
    script = Script(500)
    client = make_client(flavour, script, max_retries=6)
    with pytest.raises(InternalServerError):
        await retrieve(client)
    assert len(sleeps.waits) == 6
    assert_backoff(sleeps.waits)
    assert 0.375 <= sleeps.waits[0] <= 0.5
    assert 0.75 <= sleeps.waits[1] <= 1.0
    assert 6.0 <= sleeps.waits[5] <= 8.0


# -- x-should-retry ------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [400, 404, 422], ids=str)
async def test_x_should_retry_true_forces_a_retry(
    flavour: Flavour, sleeps: SleepRecorder, status: int
) -> None:
    script = Script(Reply(status, headers={"x-should-retry": "true"}))
    client = make_client(flavour, script)
    with pytest.raises(APIStatusError) as caught:
        await retrieve(client)
    assert caught.value.status_code == status
    assert script.attempts == 3
    assert_backoff(sleeps.waits)


@pytest.mark.asyncio
async def test_x_should_retry_true_then_success(flavour: Flavour, sleeps: SleepRecorder) -> None:
    script = Script(Reply(400, headers={"x-should-retry": "true"}), 200)
    client = make_client(flavour, script)
    model = await settle(client.models.retrieve(MODEL))
    assert model.id == MODEL
    assert script.attempts == 2


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [408, 409, 429, 500, 503], ids=str)
async def test_x_should_retry_false_stops_a_retry(
    flavour: Flavour, sleeps: SleepRecorder, status: int
) -> None:
    script = Script(Reply(status, headers={"x-should-retry": "false"}))
    client = make_client(flavour, script)
    with pytest.raises(APIStatusError) as caught:
        await retrieve(client)
    assert caught.value.status_code == status
    assert script.attempts == 1
    assert sleeps.waits == []


# -- headers on each attempt ---------------------------------------------------------------


@pytest.mark.seed_only
@pytest.mark.asyncio
async def test_x_retry_count_counts_attempts_and_no_stainless_headers(
    flavour: Flavour, sleeps: SleepRecorder
) -> None:
    script = Script(500, 429, 200)
    client = make_client(flavour, script)
    await retrieve(client)
    assert script.header("x-retry-count") == ["0", "1", "2"]
    for request in script.requests:
        assert not [name for name in request.headers if name.lower().startswith("x-stainless")]


@pytest.mark.asyncio
async def test_callable_api_key_is_called_before_every_attempt(
    flavour: Flavour, sleeps: SleepRecorder
) -> None:
    issued: list[str] = []

    def next_key() -> str:
        issued.append(f"sk-rotated-{len(issued) + 1}")
        return issued[-1]

    async def next_key_async() -> str:
        return next_key()

    script = Script(500, 503, 200)
    client = make_client(flavour, script, api_key=next_key if flavour == "sync" else next_key_async)
    assert issued == []
    await retrieve(client)
    assert issued == ["sk-rotated-1", "sk-rotated-2", "sk-rotated-3"]
    assert script.header("authorization") == [f"Bearer {key}" for key in issued]
    assert client.api_key == "sk-rotated-3"


@pytest.mark.seed_only
@pytest.mark.asyncio
async def test_async_client_calls_a_sync_key_provider_before_every_attempt(
    sleeps: SleepRecorder,
) -> None:
    calls: list[int] = []

    def provider() -> str:
        calls.append(1)
        return f"sk-sync-{len(calls)}"

    script = Script(429, 200)
    client = make_client("async", script, api_key=provider)
    await retrieve(client)
    assert script.header("authorization") == ["Bearer sk-sync-1", "Bearer sk-sync-2"]


@pytest.mark.asyncio
async def test_azure_retries_keep_api_version_deployment_and_key(
    flavour: Flavour, sleeps: SleepRecorder
) -> None:
    script = Script(429, 500, Reply(200, body=CHAT_BODY))
    client = make_azure_client(flavour, script, azure_deployment="my-deployment")
    completion = await settle(
        client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "hi"}])
    )
    assert completion.id == "chatcmpl-retry"
    assert script.attempts == 3
    for request in script.requests:
        assert request.url.path == "/openai/deployments/my-deployment/chat/completions"
        assert request.url.params.get("api-version") == "2024-10-21"
        assert request.headers.get("api-key") == "azure-test-key"
    assert len({request.content for request in script.requests}) == 1


@pytest.mark.seed_only
@pytest.mark.asyncio
async def test_azure_callable_api_key_is_called_before_every_attempt(
    flavour: Flavour, sleeps: SleepRecorder
) -> None:
    issued: list[str] = []

    def next_key() -> str:
        issued.append(f"azure-key-{len(issued) + 1}")
        return issued[-1]

    script = Script(503, 200)
    client = make_azure_client(flavour, script, api_key=next_key)
    await settle(client.models.retrieve(MODEL))
    assert issued == ["azure-key-1", "azure-key-2"]
    assert script.header("api-key") == issued
    assert [r.url.params.get("api-version") for r in script.requests] == ["2024-10-21"] * 2


@pytest.mark.asyncio
async def test_retries_taken_is_reported_on_the_raw_response(
    flavour: Flavour, sleeps: SleepRecorder
) -> None:
    script = Script(500, 502, 200)
    client = make_client(flavour, script)
    raw = await settle(client.models.with_raw_response.retrieve(MODEL))
    assert raw.retries_taken == 2
    assert raw.request_id == "req_3"


# -- the final error ------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("statuses", "error_class"),
    [
        ([429, 500, 503], InternalServerError),
        ([500, 503, 429], RateLimitError),
        ([503, 500, 400], BadRequestError),
    ],
    ids=["ends-503", "ends-429", "ends-400"],
)
async def test_after_the_last_retry_the_final_response_decides_the_error(
    flavour: Flavour,
    sleeps: SleepRecorder,
    statuses: list[int],
    error_class: type[APIStatusError],
) -> None:
    script = Script(*statuses)
    client = make_client(flavour, script)
    with pytest.raises(APIStatusError) as caught:
        await retrieve(client)
    assert type(caught.value) is error_class
    assert caught.value.status_code == statuses[-1]
    assert caught.value.request_id == "req_3"
    assert caught.value.response.status_code == statuses[-1]
    assert script.attempts == 3


# -- Retry-After ----------------------------------------------------------------------------


def http_date(seconds_from_now: float) -> str:
    moment = datetime.now(UTC) + timedelta(seconds=seconds_from_now)
    return email.utils.format_datetime(moment, usegmt=True)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "400"}, 0.4),
        ({"retry-after-ms": "1250"}, 1.25),
        ({"retry-after": "1"}, 1.0),
        ({"retry-after": "2.5"}, 2.5),
        ({"retry-after-ms": "250", "retry-after": "7"}, 0.25),
        ({"retry-after": "60"}, 60.0),
        ({"retry-after-ms": "60000"}, 60.0),
    ],
    ids=["ms-400", "ms-1250", "s-1", "s-float", "ms-wins", "s-60-limit", "ms-60-limit"],
)
@pytest.mark.parametrize("status", [429, 503], ids=str)
async def test_retry_after_headers_set_the_wait(
    flavour: Flavour,
    sleeps: SleepRecorder,
    status: int,
    headers: dict[str, str],
    expected: float,
) -> None:
    script = Script(Reply(status, headers=headers), Reply(status, headers=headers), 200)
    client = make_client(flavour, script)
    await retrieve(client)
    assert sleeps.waits == [pytest.approx(expected), pytest.approx(expected)]


@pytest.mark.asyncio
async def test_retry_after_http_date_is_honoured(flavour: Flavour, sleeps: SleepRecorder) -> None:
    script = Script(Reply(429, headers={"retry-after": http_date(30)}), 200)
    client = make_client(flavour, script)
    await retrieve(client)
    assert len(sleeps.waits) == 1
    # the date has whole-second precision and some time passes before it is read
    assert 27.5 <= sleeps.waits[0] <= 30.5


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after": "0"},
        {"retry-after": "-4"},
        {"retry-after": "soon"},
        {"retry-after-ms": "not-a-number"},
        {"retry-after-ms": "0"},
        {"retry-after": "Mon, 01 Jan 2001 00:00:00 GMT"},
    ],
    ids=["zero", "negative", "garbage", "ms-garbage", "ms-zero", "date-in-past"],
)
async def test_unusable_retry_after_falls_back_to_backoff(
    flavour: Flavour, sleeps: SleepRecorder, headers: dict[str, str]
) -> None:
    script = Script(Reply(429, headers=headers), Reply(429, headers=headers), 200)
    client = make_client(flavour, script)
    await retrieve(client)
    assert script.attempts == 3
    assert len(sleeps.waits) == 2
    assert_backoff(sleeps.waits)


@pytest.mark.asyncio
async def test_absurd_retry_after_never_stalls_the_caller(
    flavour: Flavour, sleeps: SleepRecorder
) -> None:
    script = Script(Reply(429, headers={"retry-after": "600"}))
    client = make_client(flavour, script)
    with pytest.raises(RateLimitError):
        await retrieve(client)
    assert all(wait <= 8.0 for wait in sleeps.waits)
    assert script.attempts == len(sleeps.waits) + 1


@pytest.mark.seed_only
@pytest.mark.asyncio
@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after": "61"},
        {"retry-after": "90"},
        {"retry-after": "600"},
        {"retry-after-ms": "60001"},
        {"retry-after-ms": "90000"},
        {"retry-after-ms": "90000", "retry-after": "1"},
    ],
    ids=["s-61", "s-90", "s-600", "ms-60001", "ms-90000", "ms-over-limit-wins"],
)
async def test_retry_after_above_sixty_seconds_backs_off_normally(
    flavour: Flavour, sleeps: SleepRecorder, headers: dict[str, str]
) -> None:
    script = Script(Reply(429, headers=headers), Reply(429, headers=headers), 200)
    client = make_client(flavour, script)
    model = await settle(client.models.retrieve(MODEL))
    assert model.id == MODEL
    assert script.attempts == 3
    assert_backoff(sleeps.waits)


@pytest.mark.seed_only
@pytest.mark.asyncio
async def test_retry_after_date_beyond_sixty_seconds_backs_off_normally(
    flavour: Flavour, sleeps: SleepRecorder
) -> None:
    script = Script(Reply(503, headers={"retry-after": http_date(300)}), 200)
    client = make_client(flavour, script)
    await retrieve(client)
    assert script.attempts == 2
    assert_backoff(sleeps.waits)


# -- the documented sleep hook --------------------------------------------------------------


@pytest.mark.asyncio
async def test_sleep_hook_accepts_a_plain_recorder_function(
    flavour: Flavour, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[float] = []

    def sync_recorder(seconds: float) -> None:
        seen.append(seconds)

    async def async_recorder(seconds: float) -> None:
        seen.append(seconds)

    monkeypatch.setattr(_base_client.SyncAPIClient, "_sleep", sync_recorder)
    monkeypatch.setattr(_base_client.AsyncAPIClient, "_sleep", async_recorder)
    script = Script(Reply(429, headers={"retry-after-ms": "10"}), 200)
    await retrieve(make_client(flavour, script))
    assert seen == [pytest.approx(0.01)]
