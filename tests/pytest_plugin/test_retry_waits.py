"""Retry waits advance the mock's clock instead of sleeping, and are noted in openai_mock.waits."""

from __future__ import annotations

import pytest

from tests.pytest_plugin.conftest import Inner, RunInner

# Each test: two 429s asking for 2 s then 4 s, then a success; the client
# retries twice. Real sleeping would take 6 s; the assertions allow 3 s (a loaded
# machine spends a second on the official package's first call alone).
WAITS = """
import time

import openai
import pytest

import openai_kit
from openai_kit.mockserver import faults

MSG = [{"role": "user", "content": "hi"}]
TWICE = pytest.mark.openai_fault(
    [faults.status(429, retry_after=2), faults.status(429, retry_after=4)],
    operation="chat.completions.create",
)


def check(mock, started, clock_before):
    assert mock.waits == [2.0, 4.0]
    assert [r.status for r in mock.requests] == [429, 429, 200]
    assert time.monotonic() - started < 3.0
    assert mock.clock.offset >= 6.0  # the waits moved the simulated clock


@TWICE
def test_openai_kit_client(openai_client, openai_mock):
    started, before = time.monotonic(), openai_mock.clock.now()
    openai_client.chat.completions.create(model="gpt-4o-mini", messages=MSG)
    check(openai_mock, started, before)


@TWICE
@pytest.mark.asyncio
async def test_async_openai_kit_client(async_openai_client, openai_mock):
    started, before = time.monotonic(), openai_mock.clock.now()
    await async_openai_client.chat.completions.create(model="gpt-4o-mini", messages=MSG)
    check(openai_mock, started, before)


@TWICE
def test_official_client(official_openai_client, openai_mock):
    started, before = time.monotonic(), openai_mock.clock.now()
    official_openai_client.chat.completions.create(model="gpt-4o-mini", messages=MSG)
    check(openai_mock, started, before)


@TWICE
@pytest.mark.asyncio
async def test_async_official_client(async_official_openai_client, openai_mock):
    started, before = time.monotonic(), openai_mock.clock.now()
    await async_official_openai_client.chat.completions.create(model="gpt-4o-mini", messages=MSG)
    check(openai_mock, started, before)


@TWICE
def test_official_client_the_app_builds(openai_mock):
    started, before = time.monotonic(), openai_mock.clock.now()
    openai.OpenAI().chat.completions.create(model="gpt-4o-mini", messages=MSG)
    check(openai_mock, started, before)


@TWICE
def test_module_level_clients(openai_mock):
    started, before = time.monotonic(), openai_mock.clock.now()
    openai_kit.chat.completions.create(model="gpt-4o-mini", messages=MSG)
    check(openai_mock, started, before)


@pytest.mark.openai_fault(faults.status(500), operation="chat.completions.create", times=1)
def test_back_off_without_retry_after(openai_mock):
    openai_kit.OpenAI().chat.completions.create(model="gpt-4o-mini", messages=MSG)
    openai.OpenAI().chat.completions.create(model="gpt-4o-mini", messages=MSG)
    # back-off with jitter: a first wait of 0.5 s less up to a quarter, on the clock
    assert len(openai_mock.waits) == 1
    assert 0.375 <= openai_mock.waits[0] <= 0.5
    assert openai_mock.clock.offset == openai_mock.waits[0]
"""


def test_waits_advance_the_clock_for_every_client(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makepyfile(WAITS)
    run().assert_outcomes(passed=7)


REAL = """
import time

import openai_kit
import pytest
from openai_kit.mockserver import faults

MSG = [{"role": "user", "content": "hi"}]


@pytest.mark.openai_fault(faults.status(429, retry_after=0.3), times=1)
def test_sleeps(openai_client, openai_mock):
    started = time.monotonic()
    openai_client.models.list()
    assert openai_mock.waits == [0.3]
    assert time.monotonic() - started >= 0.3
    assert openai_mock.clock.offset == 0  # the clock was not pushed on


@pytest.mark.openai_real_sleep
@pytest.mark.openai_fault(faults.status(429, retry_after=0.3), times=1)
def test_marked(openai_client, openai_mock):
    started = time.monotonic()
    openai_client.models.list()
    assert openai_mock.waits == [0.3]
    assert time.monotonic() - started >= 0.3
"""


@pytest.mark.parametrize(
    ("args", "ini", "outcomes", "header"),
    [
        (("--openai-real-sleep",), "", {"passed": 2}, "retry waits: real sleep"),
        ((), "openai_real_sleep = true", {"passed": 2}, "retry waits: real sleep"),
        ((), "", {"passed": 1, "failed": 1}, "retry waits: simulated clock"),
    ],
)
def test_real_sleep_by_option_ini_or_marker(
    pytester: pytest.Pytester,
    inner: Inner,
    args: tuple[str, ...],
    ini: str,
    outcomes: dict[str, int],
    header: str,
) -> None:
    pytester.makepyfile(REAL)
    result = inner(ini=ini)(*args)
    result.assert_outcomes(**outcomes)
    result.stdout.fnmatch_lines([f"openai-kit: *{header}*"])
    if "failed" in outcomes:  # without the option only the marked test slept
        result.stdout.fnmatch_lines(["FAILED *::test_sleeps - *"])


POLLS = """
import time

import openai  # imported with the test module, as applications do: its waits are taken over
import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_official_poll_helper(official_openai_client, openai_mock):
    client = official_openai_client
    openai_mock.clock.freeze()  # only the waits move it: a slow machine changes no count
    started = time.monotonic()
    helper = client.beta.assistants.create(model="gpt-4o")
    run = client.beta.threads.create_and_run_poll(assistant_id=helper.id, poll_interval_ms=500)
    assert run.status == "completed"
    assert openai_mock.waits == [0.5, 0.5, 0.5, 0.5]
    assert time.monotonic() - started < 1.0


def test_openai_kit_poll_helper(openai_client, openai_mock):
    openai_mock.clock.freeze()
    helper = openai_client.beta.assistants.create(model="gpt-4o")
    run = openai_client.beta.threads.create_and_run_poll(assistant_id=helper.id)
    assert run.status == "completed"
    assert openai_mock.waits == [1.0, 1.0]
"""


def test_poll_helpers_wait_on_the_mock_clock(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makepyfile(POLLS)
    run().assert_outcomes(passed=2)
