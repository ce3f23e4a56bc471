"""Timeouts: defaults, the accepted forms, per-call and copy overrides, http_client lending,
and transport failures (every httpx timeout kind, connection errors, any other exception).

The timeout is checked where it matters: in ``request.extensions["timeout"]``, which is what
the httpx transport enforces. Sync and async clients both run every test.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openai_kit import (
    NOT_GIVEN,
    APIConnectionError,
    APITimeoutError,
    AsyncOpenAI,
    InternalServerError,
    OpenAI,
)
from tests.support.sleeps import (
    BASE_URL,
    Flavour,
    Script,
    SleepRecorder,
    Step,
    backoff_range,
    make_azure_client,
    make_client,
    record_sleeps,
    settle,
)

MODEL = "gpt-4o-mini"

DEFAULT_PHASES = {"connect": 5.0, "read": 600.0, "write": 600.0, "pool": 600.0}


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> Flavour:
    value: Flavour = request.param
    return value


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> SleepRecorder:
    return record_sleeps(monkeypatch)


def phases(timeout: float | None) -> dict[str, float | None]:
    return dict.fromkeys(("connect", "read", "write", "pool"), timeout)


def sent_timeout(request: httpx.Request) -> dict[str, float | None]:
    value: dict[str, float | None] = request.extensions["timeout"]
    return value


async def retrieve(client: OpenAI | AsyncOpenAI, **options: Any) -> object:
    return await settle(client.models.retrieve(MODEL, **options))


def lending_client(
    flavour: Flavour, script: Script, http_timeout: httpx.Timeout | None, **options: Any
) -> OpenAI | AsyncOpenAI:
    """A client handed an http_client; ``http_timeout`` None leaves httpx's own default."""
    transport = httpx.MockTransport(script)
    extra: dict[str, Any] = {} if http_timeout is None else {"timeout": http_timeout}
    if flavour == "sync":
        sync_http = httpx.Client(transport=transport, **extra)
        return OpenAI(api_key="sk-test", base_url=BASE_URL, http_client=sync_http, **options)
    async_http = httpx.AsyncClient(transport=transport, **extra)
    return AsyncOpenAI(api_key="sk-test", base_url=BASE_URL, http_client=async_http, **options)


# -- configured timeouts -----------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("given", ["omitted", "NOT_GIVEN"])
async def test_default_timeout_is_600_seconds_with_5_second_connect(
    flavour: Flavour, given: str
) -> None:
    script = Script(200)
    options: dict[str, Any] = {} if given == "omitted" else {"timeout": NOT_GIVEN}
    client = make_client(flavour, script, **options)
    assert client.timeout == httpx.Timeout(600, connect=5.0)
    await retrieve(client)
    assert sent_timeout(script.requests[0]) == DEFAULT_PHASES


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (12.5, phases(12.5)),
        (3, phases(3.0)),
        (
            httpx.Timeout(3.0, read=30.0),
            {"connect": 3.0, "read": 30.0, "write": 3.0, "pool": 3.0},
        ),
        (
            httpx.Timeout(connect=1.0, read=2.0, write=3.0, pool=4.0),
            {"connect": 1.0, "read": 2.0, "write": 3.0, "pool": 4.0},
        ),
        (None, phases(None)),
    ],
    ids=["float", "int", "httpx-timeout", "httpx-four-phases", "none-disables"],
)
async def test_client_timeout_reaches_the_transport(
    flavour: Flavour, timeout: float | httpx.Timeout | None, expected: dict[str, float | None]
) -> None:
    script = Script(200)
    client = make_client(flavour, script, timeout=timeout)
    assert client.timeout == timeout
    await retrieve(client)
    assert sent_timeout(script.requests[0]) == expected


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (2.0, phases(2.0)),
        (
            httpx.Timeout(1.0, connect=0.5),
            {"connect": 0.5, "read": 1.0, "write": 1.0, "pool": 1.0},
        ),
        (None, phases(None)),
    ],
    ids=["float", "httpx-timeout", "none"],
)
async def test_per_call_timeout_applies_to_that_call_only(
    flavour: Flavour, timeout: float | httpx.Timeout | None, expected: dict[str, float | None]
) -> None:
    script = Script(200)
    client = make_client(flavour, script)
    await retrieve(client, timeout=timeout)
    await retrieve(client)
    assert sent_timeout(script.requests[0]) == expected
    assert sent_timeout(script.requests[1]) == DEFAULT_PHASES


@pytest.mark.asyncio
async def test_per_call_timeout_overrides_the_client_timeout(flavour: Flavour) -> None:
    script = Script(200)
    client = make_client(flavour, script, timeout=30.0)
    await retrieve(client, timeout=4.0)
    await retrieve(client)
    assert sent_timeout(script.requests[0]) == phases(4.0)
    assert sent_timeout(script.requests[1]) == phases(30.0)


@pytest.mark.asyncio
async def test_per_call_timeout_is_kept_on_every_retry(
    flavour: Flavour, sleeps: SleepRecorder
) -> None:
    script = Script(500, 503, 200)
    client = make_client(flavour, script)
    await retrieve(client, timeout=4.0)
    assert [sent_timeout(request) for request in script.requests] == [phases(4.0)] * 3


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (7.0, phases(7.0)),
        (httpx.Timeout(9.0, connect=2.0), {"connect": 2.0, "read": 9.0, "write": 9.0, "pool": 9.0}),
        (None, phases(None)),
    ],
    ids=["float", "httpx-timeout", "none"],
)
async def test_with_options_timeout_applies_to_the_copy_only(
    flavour: Flavour, timeout: float | httpx.Timeout | None, expected: dict[str, float | None]
) -> None:
    script = Script(200)
    client = make_client(flavour, script)
    copy = client.with_options(timeout=timeout)
    assert copy.timeout == timeout
    await retrieve(copy)
    await retrieve(client)
    assert sent_timeout(script.requests[0]) == expected
    assert sent_timeout(script.requests[1]) == DEFAULT_PHASES
    assert client.timeout == httpx.Timeout(600, connect=5.0)


@pytest.mark.asyncio
async def test_azure_client_has_the_same_default_timeout(flavour: Flavour) -> None:
    script = Script(200)
    client = make_azure_client(flavour, script)
    assert client.timeout == httpx.Timeout(600, connect=5.0)
    await settle(client.models.retrieve(MODEL))
    assert sent_timeout(script.requests[0]) == DEFAULT_PHASES


# -- an http_client lends its timeout ------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("http_timeout", "expected"),
    [
        (httpx.Timeout(20.0), phases(20.0)),
        (
            httpx.Timeout(15.0, connect=1.5),
            {"connect": 1.5, "read": 15.0, "write": 15.0, "pool": 15.0},
        ),
    ],
    ids=["uniform", "with-connect"],
)
async def test_custom_http_client_lends_its_timeout(
    flavour: Flavour, http_timeout: httpx.Timeout, expected: dict[str, float | None]
) -> None:
    script = Script(200)
    client = lending_client(flavour, script, http_timeout)
    assert client.timeout == http_timeout
    await retrieve(client)
    assert sent_timeout(script.requests[0]) == expected


@pytest.mark.asyncio
async def test_http_client_with_httpx_default_timeout_keeps_the_sdk_default(
    flavour: Flavour,
) -> None:
    script = Script(200)
    client = lending_client(flavour, script, None)
    assert client.timeout == httpx.Timeout(600, connect=5.0)
    await retrieve(client)
    assert sent_timeout(script.requests[0]) == DEFAULT_PHASES


@pytest.mark.asyncio
async def test_explicit_timeout_wins_over_the_http_client_timeout(flavour: Flavour) -> None:
    script = Script(200)
    client = lending_client(flavour, script, httpx.Timeout(20.0), timeout=3.0)
    assert client.timeout == 3.0
    await retrieve(client)
    assert sent_timeout(script.requests[0]) == phases(3.0)


# -- transport failures --------------------------------------------------------------------

TIMEOUT_KINDS: list[type[httpx.TimeoutException]] = [
    httpx.ReadTimeout,
    httpx.ConnectTimeout,
    httpx.WriteTimeout,
    httpx.PoolTimeout,
]
CONNECTION_FAILURES: list[type[httpx.TransportError]] = [
    httpx.ConnectError,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
    httpx.LocalProtocolError,
    httpx.ProxyError,
]
OTHER_FAILURES: list[type[Exception]] = [RuntimeError, OSError, ConnectionResetError, ValueError]


def assert_backoff(waits: list[float]) -> None:
    for retries_taken, wait in enumerate(waits):
        low, high = backoff_range(retries_taken)
        assert low <= wait <= high, f"wait #{retries_taken} = {wait}, expected {low}..{high}"


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", TIMEOUT_KINDS, ids=lambda kind: kind.__name__)
async def test_every_httpx_timeout_is_retried_then_raises_api_timeout_error(
    flavour: Flavour, sleeps: SleepRecorder, kind: type[httpx.TimeoutException]
) -> None:
    script = Script(kind)
    client = make_client(flavour, script)
    with pytest.raises(APITimeoutError) as caught:
        await retrieve(client)
    error = caught.value
    assert isinstance(error, APIConnectionError)
    assert script.attempts == 3
    assert len(sleeps.waits) == 2
    assert_backoff(sleeps.waits)
    assert isinstance(error.request, httpx.Request)
    assert error.request.url == script.requests[-1].url
    assert error.body is None
    assert error.message
    assert str(error) == error.message


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", TIMEOUT_KINDS, ids=lambda kind: kind.__name__)
async def test_timeout_without_retries_raises_at_once(
    flavour: Flavour, sleeps: SleepRecorder, kind: type[httpx.TimeoutException]
) -> None:
    script = Script(kind)
    client = make_client(flavour, script, max_retries=0)
    with pytest.raises(APITimeoutError):
        await retrieve(client)
    assert script.attempts == 1
    assert sleeps.waits == []


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", CONNECTION_FAILURES, ids=lambda kind: kind.__name__)
async def test_connection_errors_are_retried_then_raise_api_connection_error(
    flavour: Flavour, sleeps: SleepRecorder, kind: type[httpx.TransportError]
) -> None:
    script = Script(kind)
    client = make_client(flavour, script)
    with pytest.raises(APIConnectionError) as caught:
        await retrieve(client)
    assert not isinstance(caught.value, APITimeoutError)
    assert caught.value.body is None
    assert caught.value.message
    assert isinstance(caught.value.request, httpx.Request)
    assert script.attempts == 3
    assert_backoff(sleeps.waits)


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", OTHER_FAILURES, ids=lambda kind: kind.__name__)
async def test_any_transport_exception_is_retried_then_raises_api_connection_error(
    flavour: Flavour, sleeps: SleepRecorder, kind: type[Exception]
) -> None:
    script = Script(kind)
    client = make_client(flavour, script)
    with pytest.raises(APIConnectionError) as caught:
        await retrieve(client)
    assert not isinstance(caught.value, APITimeoutError)
    assert script.attempts == 3
    assert len(sleeps.waits) == 2
    assert_backoff(sleeps.waits)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout, httpx.ConnectError, RuntimeError],
    ids=["ReadTimeout", "ConnectError", "RuntimeError"],
)
async def test_transport_failure_then_success_returns_the_success(
    flavour: Flavour, sleeps: SleepRecorder, failure: type[Exception]
) -> None:
    script = Script(failure, 200)
    client = make_client(flavour, script)
    model = await settle(client.models.retrieve(MODEL))
    assert model.id == MODEL
    assert script.attempts == 2
    assert len(sleeps.waits) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("steps", "error_class"),
    [
        ((httpx.ConnectError, 503, httpx.ReadTimeout), APITimeoutError),
        ((httpx.ReadTimeout, 503, httpx.ConnectError), APIConnectionError),
        ((httpx.ReadTimeout, httpx.ConnectError, 500), InternalServerError),
    ],
    ids=["ends-timeout", "ends-connect-error", "ends-500"],
)
async def test_mixed_failures_end_with_the_error_of_the_last_attempt(
    flavour: Flavour,
    sleeps: SleepRecorder,
    steps: tuple[Step, ...],
    error_class: type[Exception],
) -> None:
    script = Script(*steps)
    client = make_client(flavour, script)
    with pytest.raises(error_class) as caught:
        await retrieve(client)
    assert type(caught.value) is error_class
    assert script.attempts == 3
    assert_backoff(sleeps.waits)
