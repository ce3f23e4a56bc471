"""Module-level clients (``openai_kit.chat...``, ``openai.chat...``) under ``openai_mock``."""

from __future__ import annotations

import sys

import pytest

import openai_kit
from tests.pytest_plugin.conftest import RunInner

MODULE_TESTS = """
import pytest
import openai_kit

openai = pytest.importorskip("openai")  # code under test imports it when its module loads

MESSAGES = [{"role": "user", "content": "hello"}]
seen = []

@pytest.mark.parametrize("n", range(2))
def test_each_test_reaches_its_own_mock(openai_mock, n):
    reply = openai_kit.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert reply.object == "chat.completion"
    assert [entry.style for entry in openai_mock.requests] == ["openai"]
    assert all(mock is not openai_mock for mock in seen)
    seen.append(openai_mock)

def test_a_test_may_change_the_settings(openai_mock):
    openai_kit.max_retries = 9
    openai_kit.default_headers = {"x-suite": "legacy"}
    openai_kit.models.list()
    assert openai_mock.requests.last.headers["x-suite"] == "legacy"

def test_and_the_next_one_starts_from_the_old_settings(openai_mock):
    assert openai_kit.max_retries == 2
    assert openai_kit.default_headers is None
    openai_kit.models.list()
    assert "x-suite" not in openai_mock.requests.last.headers

def test_azure_when_the_test_says_so(openai_mock):
    openai_kit.api_type = "azure"
    openai_kit.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert openai_mock.requests.last.style == "azure"
    assert openai_mock.requests.last.deployment == "gpt-4o-mini"

def test_the_official_module_level_client_too(openai_mock):
    reply = openai.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    assert reply.object == "chat.completion"
    assert len(openai_mock.requests) == 1
"""


def _module_state() -> tuple[object, ...]:
    official = sys.modules.get("openai")
    return (
        vars(openai_kit).get("api_type"),
        vars(openai_kit).get("api_key"),
        vars(openai_kit).get("max_retries"),
        None if official is None else (official.api_key, official.api_type),
    )


def test_module_level_clients_reach_each_tests_mock_and_leave_nothing_behind(
    pytester: pytest.Pytester, run: RunInner
) -> None:
    pytester.makepyfile(MODULE_TESTS)
    before = _module_state()
    run().assert_outcomes(passed=6)
    assert _module_state() == before
    client_module = sys.modules.get("openai_kit._module_client")
    assert client_module is None or client_module._client is None
